/**
 * The window in a real Chromium: the vite-built renderer, served with its CSP, talking to the test
 * bridge. Every test also checks that no CSP violation, page error or native dialog happened.
 */
import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AboutInfo, HistoryItem, StatusSnapshot } from '../../app/common/models';
import type { Settings } from '../../app/common/settings';
import { DEFAULT_SETTINGS } from '../../app/core/settings/settings-defaults';
import { STUB_ABOUT } from '../support/about-info';
import { connectedStatus, connectedStatusAt, eventItem, items } from './fixtures';
import { openWindow, startHarness } from './harness';
import type { Harness, PageProbe } from './harness';
import { statusSnapshot } from '../support/status';
import { calls, expectClean } from './page-checks';

const ROW = '#history-list .row';
const SETTINGS_WITH_SITES: Settings = {
  ...DEFAULT_SETTINGS,
  connection: { ...DEFAULT_SETTINGS.connection, sites: [{ id: 'site-hq', name: 'Headquarters' }, { id: 'site-lab', name: 'Research lab' }] },
};

interface Setup {
  readonly seed: readonly HistoryItem[];
  readonly status: StatusSnapshot | null;
  readonly settings: Settings | null;
  readonly about: AboutInfo | null;
}

let harness: Harness;
const opened: PageProbe[] = [];

beforeAll(async () => {
  harness = await startHarness();
});

afterAll(async () => {
  await harness?.close();
});

async function open(
  seed: readonly HistoryItem[],
  options: { status?: StatusSnapshot; settings?: Settings; about?: AboutInfo; colorScheme?: 'light' | 'dark' } = {},
): Promise<PageProbe> {
  const probe = await openWindow<Setup>(
    harness,
    (arg) => {
      window.__clayTest.seed(arg.seed);
      if (arg.status !== null) window.__clayTest.setStatus(arg.status);
      if (arg.settings !== null) window.__clayTest.useSettings(arg.settings);
      if (arg.about !== null) window.__clayTest.setAbout(arg.about);
    },
    { seed, status: options.status ?? null, settings: options.settings ?? null, about: options.about ?? null },
    { colorScheme: options.colorScheme ?? 'light' },
  );
  opened.push(probe);
  if (seed.length > 0) await probe.page.locator(ROW).first().waitFor();
  return probe;
}

async function lastQuery(page: Page): Promise<Record<string, unknown>> {
  const queries = await calls(page, 'history.query');
  return (queries.at(-1)?.args[0] ?? {}) as Record<string, unknown>;
}

/** Every test ends here: nothing was blocked by the CSP, nothing threw, no native dialog opened. */
describe('history list', () => {
  it('lists newest first, tells incidents from entries and marks unread', async () => {
    const probe = await open(items(6));
    const { page } = probe;
    await expect.poll(() => page.locator(ROW).count()).toBe(6);
    const first = page.locator(ROW).nth(0);
    expect(await first.getAttribute('aria-posinset')).toBe('1');
    expect(await first.locator('.row-place').textContent()).toContain('Door 0');
    expect(await first.locator('.row-kind').textContent()).toBe('Incident');
    expect(await first.getAttribute('class')).toContain('is-unread');
    expect(await first.getAttribute('aria-label')).toMatch(/^Unread incident, Door left open/);
    const second = page.locator(ROW).nth(1);
    expect(await second.locator('.row-kind').textContent()).toBe('Entry');
    expect(await second.getAttribute('class')).toContain('is-read');
    expect(await page.locator('.counts').textContent()).toBe('6 events · 3 unread');
    await expectClean(probe);
  });

  it('keeps only the visible rows in the DOM and pages from main as the user scrolls', async () => {
    const probe = await open(items(5000));
    const { page } = probe;
    const inDom = await page.locator(ROW).count();
    expect(inDom).toBeGreaterThan(5);
    expect(inDom).toBeLessThan(60);
    const firstQueries = await calls(page, 'history.query');
    expect(firstQueries.every((c) => (c.args[0] as { limit: number }).limit <= 200)).toBe(true);
    await page.locator('#history-list').evaluate((list) => (list.scrollTop = list.scrollHeight));
    await page.locator(`${ROW}[aria-posinset="5000"]`).waitFor();
    expect(await page.locator(`${ROW}[aria-posinset="5000"] .row-place`).textContent()).toContain('Door 4999');
    const offsets = (await calls(page, 'history.query')).map((c) => (c.args[0] as { offset: number }).offset);
    expect(offsets).toContain(4800);
    expect(await page.locator(ROW).count()).toBeLessThan(60);
    await expectClean(probe);
  });

  it('shows offline gaps in words', async () => {
    const gap: HistoryItem = { kind: 'gap', gap: { key: 'gap:1', stream: 'entry', site: 'site-hq', from: '2026-11-27T11:57:10.000Z', to: '2026-11-27T11:58:50.000Z' } };
    const probe = await open([...items(4), gap]);
    const row = probe.page.locator(`${ROW}.is-gap`);
    await row.waitFor();
    expect(await row.locator('.row-summary').textContent()).toMatch(/^Offline (27 Nov )?11:57–11:58 — events in this span were not received · site-hq$/);
    expect(await row.locator('.row-kind').textContent()).toBe('Gap');
    await expectClean(probe);
  });
});

describe('filters and search', () => {
  it('sends stream, site and category filters to main and shows what comes back', async () => {
    const probe = await open(items(40), { settings: SETTINGS_WITH_SITES });
    const { page } = probe;
    await page.getByLabel('Stream').selectOption('incident');
    await expect.poll(async () => (await lastQuery(page))['streams']).toEqual(['incident']);
    await expect.poll(() => page.locator('.counts').textContent()).toBe('20 events · 20 unread');
    const kinds = await page.locator(`${ROW} .row-kind`).allTextContents();
    expect(new Set(kinds)).toEqual(new Set(['Incident']));

    await page.getByLabel('Category').selectOption('door_left_open');
    await expect.poll(async () => (await lastQuery(page))['categories']).toEqual(['door_left_open']);

    await page.getByLabel('Site', { exact: true }).selectOption({ label: 'Research lab' });
    await expect.poll(async () => (await lastQuery(page))['sites']).toEqual(['site-lab']);
    await expect.poll(() => page.locator('.counts').textContent()).toBe('0 events · 20 unread');
    expect(await page.locator(ROW).count()).toBe(0);

    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => page.locator('.counts').textContent()).toBe('40 events · 20 unread');
    const cleared = await lastQuery(page);
    expect(cleared['streams'] ?? cleared['sites'] ?? cleared['categories']).toBeUndefined();
    await expectClean(probe);
  });

  it('debounces the free-text search into one query and rejects a backwards date range', async () => {
    const probe = await open(items(40));
    const { page } = probe;
    const before = (await calls(page, 'history.query')).length;
    await page.getByLabel('Search').pressSequentially('door 13');
    await expect.poll(() => page.locator('.counts').textContent()).toBe('1 event · 20 unread');
    const texts = (await calls(page, 'history.query')).slice(before).map((c) => (c.args[0] as { text?: string }).text);
    expect(texts).toEqual(['door 13']);
    expect(await page.locator(`${ROW} .row-place`).allTextContents()).toEqual(['Door 13 · HQ reference']);

    const queriesBefore = (await calls(page, 'history.query')).length;
    await page.getByRole('search').getByLabel('From', { exact: true }).fill('2026-11-28');
    await page.getByRole('search').getByLabel('To', { exact: true }).fill('2026-11-27');
    await expect.poll(() => page.locator('.field-error', { hasText: 'The end date is before the start date.' }).count()).toBe(1);
    const afterRange = (await calls(page, 'history.query')).slice(queriesBefore).map((c) => c.args[0] as { from?: string; to?: string });
    expect(afterRange.some((q) => q.from !== undefined && q.to !== undefined)).toBe(false);
    expect(await page.getByRole('search').getByLabel('To', { exact: true }).getAttribute('aria-invalid')).toBe('true');

    await page.getByRole('search').getByLabel('To', { exact: true }).fill('2026-11-30');
    await expect.poll(async () => (await lastQuery(page))['to']).toBe('2026-11-30T23:59:59.999Z');
    expect((await lastQuery(page))['from']).toBe('2026-11-28T00:00:00.000Z');
    await expectClean(probe);
  });
});

describe('details and actions', () => {
  it('shows every field and the raw payload pretty-printed', async () => {
    const raw = JSON.stringify({ id: 'e2', event_category: 'door_left_open', nested: { a: [1, 2] } });
    const probe = await open([eventItem(0), eventItem(1), eventItem(2, { raw, detail: 'no_access', accessBy: 'pin_code' })]);
    const { page } = probe;
    await page.locator(ROW).nth(2).click();
    const details = page.locator('.details');
    expect(await details.locator('h2').textContent()).toBe('Incident: Door left open');
    const fields = await details.locator('dl.fields:not(.fields-technical) > dt').allTextContents();
    expect(fields).toEqual([
      'Stream', 'State', 'Acknowledgement', 'How it arrived', 'Category', 'Detail', 'Time', 'Local time at the site', 'Site', 'Site reference', 'Lock',
      'Person', 'Access by', 'Credential', 'Leaving', 'IQ', 'Received',
    ]);
    const values = await details.locator('dd').allTextContents();
    expect(values).toContain('Door 2');
    expect(values).toContain('No access');
    expect(values).toContain('Pin code');
    // Ids and codes as sent are there, folded under Technical details.
    const technical = details.locator('details.technical');
    expect(await technical.evaluate((node) => (node as HTMLDetailsElement).open)).toBe(false);
    const techValues = await technical.locator('dd').allTextContents();
    expect(techValues).toContain('incident:e2');
    expect(techValues).toContain('no_access');
    expect(techValues).toContain('pin_code');
    expect(await details.locator('pre.raw').textContent()).toBe(JSON.stringify(JSON.parse(raw), null, 2));
    await expectClean(probe);
  });

  it('marks one read, marks all read, exports through main and clears only after confirmation', async () => {
    const probe = await open(items(6));
    const { page } = probe;
    await page.locator(ROW).nth(0).click();
    await page.getByRole('button', { name: 'Mark read' }).click();
    await expect.poll(async () => (await calls(page, 'history.markRead')).map((c) => c.args[0])).toEqual([['incident:e0']]);
    await expect.poll(() => page.locator(ROW).nth(0).getAttribute('class')).toContain('is-read');
    await expect.poll(() => page.locator('.counts').textContent()).toBe('6 events · 2 unread');
    expect(await page.getByRole('button', { name: 'Mark read' }).isDisabled()).toBe(true);

    await page.getByRole('button', { name: 'Mark all read' }).click();
    await expect.poll(() => page.locator('.counts').textContent()).toBe('6 events · 0 unread');
    expect(await page.locator(`${ROW}.is-unread`).count()).toBe(0);

    await page.getByLabel('Stream').selectOption('entry');
    await expect.poll(() => page.locator('.counts').textContent()).toBe('3 events · 0 unread');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    await page.getByRole('button', { name: 'Export JSON' }).click();
    await expect.poll(async () => (await calls(page, 'history.export')).length).toBe(2);
    const exports = (await calls(page, 'history.export')).map((c) => c.args[0]);
    expect(exports).toEqual([
      { format: 'csv', filter: { streams: ['entry'] } },
      { format: 'json', filter: { streams: ['entry'] } },
    ]);
    await expect.poll(() => page.locator('.message').textContent()).toBe('Saved 3 events to /home/user/clay-history.json.');

    await page.getByRole('button', { name: 'Clear history…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Clear the history?' });
    await dialog.waitFor();
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'hidden' });
    expect(await calls(page, 'history.clear')).toEqual([]);
    await page.getByRole('button', { name: 'Clear history…' }).click();
    await dialog.getByRole('button', { name: 'Delete all events' }).click();
    await expect.poll(async () => (await calls(page, 'history.clear')).length).toBe(1);
    await expect.poll(() => page.locator(ROW).count()).toBe(0);
    await expect.poll(() => page.locator('.message').textContent()).toBe('Deleted 6 items.');
    await expectClean(probe);
  });

  it('opens the event a notification asks for, even one not loaded yet', async () => {
    const probe = await open(items(300));
    const { page } = probe;
    await page.evaluate(() => window.__clayTest.emit('clay:navigation:did-request-event', 'incident:e250'));
    await expect.poll(() => page.locator('.details dd', { hasText: 'incident:e250' }).count()).toBe(1);
    expect((await calls(page, 'history.get')).map((c) => c.args[0])).toEqual(['incident:e250']);
    await page.evaluate(() => window.__clayTest.emit('clay:navigation:did-request-event', 'incident:gone'));
    await expect.poll(() => page.locator('.message').textContent()).toBe('That event is no longer in the history.');
    await page.evaluate(() => window.__clayTest.emit('clay:navigation:did-request-view', 'settings'));
    await expect.poll(() => page.getByRole('tab', { name: 'Settings' }).getAttribute('aria-selected')).toBe('true');
    expect(await page.locator('#panel-history').isHidden()).toBe(true);
    await expectClean(probe);
  });
});

describe('acknowledging', () => {
  const ackDialog = (page: Page) => page.getByRole('dialog', { name: /^Acknowledge/ });

  it('acknowledges one incident with a note, shows who and when, and never offers it for an entry', async () => {
    const probe = await open(items(6));
    const { page } = probe;
    await page.locator(ROW).nth(1).click();
    expect(await page.getByRole('button', { name: 'Acknowledge…' }).isHidden()).toBe(true);
    await page.locator(ROW).nth(0).click();
    expect(await page.locator('.details dt:text-is("Acknowledgement") + dd').textContent()).toBe('Needs acknowledgement');
    await page.getByRole('button', { name: 'Acknowledge…' }).click();
    const dialog = ackDialog(page);
    await dialog.waitFor();
    // The note has the focus, so Enter only starts a new line; Escape cancels.
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('TEXTAREA');
    await page.keyboard.press('Enter');
    expect(await dialog.isVisible()).toBe(true);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await calls(page, 'history.acknowledge')).toEqual([]);

    await page.getByRole('button', { name: 'Acknowledge…' }).click();
    await dialog.getByLabel('Note (optional)').fill('  Guard sent, <b>door</b> closed  ');
    await dialog.getByRole('button', { name: 'Acknowledge', exact: true }).click();
    await expect.poll(async () => (await calls(page, 'history.acknowledge')).map((c) => c.args[0])).toEqual([
      { keys: ['incident:e0'], note: 'Guard sent, <b>door</b> closed' },
    ]);
    await expect.poll(() => page.locator('.details dt:text-is("Acknowledgement") + dd').textContent()).toMatch(/^Acknowledged by desk-operator on 28 Nov 2026 \d\d:30:00: Guard sent, <b>door<\/b> closed$/);
    expect(await page.locator('.details b').count()).toBe(0);
    await expect.poll(() => page.locator(ROW).nth(0).locator('.row-kind').textContent()).toBe('Incident ✓');
    expect(await page.locator(ROW).nth(0).getAttribute('aria-label')).toMatch(/^Unread incident \(acknowledged\), /);
    expect(await page.getByRole('button', { name: 'Acknowledge…' }).isDisabled()).toBe(true);
    expect(await page.locator('.message').textContent()).toBe('Acknowledged.');
    await expectClean(probe);
  });

  it('filters "needs acknowledgement" and "acknowledged", and acknowledges all shown with one note', async () => {
    const probe = await open(items(10), { settings: SETTINGS_WITH_SITES });
    const { page } = probe;
    await page.getByLabel('Acknowledgement').selectOption('needed');
    await expect.poll(() => lastQuery(page)).toMatchObject({ acknowledgement: 'needed' });
    await expect.poll(() => page.locator(ROW).count()).toBe(5);
    await page.getByLabel('Site').selectOption('site-hq');
    await page.getByRole('button', { name: 'Acknowledge all shown…' }).click();
    const dialog = ackDialog(page);
    await dialog.waitFor();
    expect(await dialog.locator('h2').textContent()).toBe('Acknowledge 5 incidents?');
    await dialog.getByLabel('Note (optional)').fill('Fire drill, all doors checked');
    await dialog.getByRole('button', { name: 'Acknowledge 5 incidents' }).click();
    await expect.poll(async () => (await calls(page, 'history.acknowledge')).map((c) => c.args[0])).toEqual([
      { filter: { sites: ['site-hq'], acknowledgement: 'needed' }, note: 'Fire drill, all doors checked' },
    ]);
    await expect.poll(() => page.locator('.message').textContent()).toBe('Acknowledged 5 incidents.');
    await expect.poll(() => page.locator(ROW).count()).toBe(0);

    await page.getByLabel('Acknowledgement').selectOption('done');
    await expect.poll(() => page.locator(ROW).count()).toBe(5);
    expect(await page.locator(`${ROW} .row-kind`).allTextContents()).toEqual(Array(5).fill('Incident ✓'));
    await page.getByRole('button', { name: 'Acknowledge all shown…' }).click();
    await expect.poll(() => page.locator('.message').textContent()).toBe('Nothing in this list needs acknowledgement.');
    expect(await ackDialog(page).isHidden()).toBe(true);
    await expectClean(probe);
  });

  it('writes the acknowledge dialog and an acknowledged incident in light and dark to test-output/screenshots', async () => {
    const dir = path.resolve('test-output/screenshots');
    mkdirSync(dir, { recursive: true });
    const acknowledged: HistoryItem = { ...eventItem(2, { category: 'intrusion' }), ack: { by: 'anna.k', at: '2026-11-27T12:04:00.000Z', note: 'Guard sent to door 2, all clear' } } as HistoryItem;
    const seed = [eventItem(0, { category: 'intrusion' }), eventItem(1), acknowledged, ...items(20).slice(3)];
    for (const colorScheme of ['light', 'dark'] as const) {
      const probe = await open(seed, { status: connectedStatus, settings: SETTINGS_WITH_SITES, colorScheme });
      const { page } = probe;
      await page.locator(ROW).nth(2).click();
      await page.screenshot({ path: path.join(dir, `history-acknowledged-${colorScheme}.png`) });
      await page.locator(ROW).nth(0).click();
      await page.getByRole('button', { name: 'Acknowledge…' }).click();
      await ackDialog(page).getByLabel('Note (optional)').fill('Guard on the way');
      await page.screenshot({ path: path.join(dir, `history-acknowledge-dialog-${colorScheme}.png`) });
      await page.keyboard.press('Escape');
      await page.getByLabel('Acknowledgement').selectOption('needed');
      await expect.poll(() => page.locator(ROW).count()).toBe(9);
      await page.screenshot({ path: path.join(dir, `history-needs-acknowledgement-${colorScheme}.png`) });
      await expectClean(probe);
    }
    for (const name of ['history-acknowledged', 'history-acknowledge-dialog', 'history-needs-acknowledgement']) {
      for (const scheme of ['light', 'dark']) expect(statSync(path.join(dir, `${name}-${scheme}.png`)).size).toBeGreaterThan(10_000);
    }
  });
});

describe('alarm for urgent incidents', () => {
  const audioState = (page: Page) =>
    page.locator('audio.alarm-audio').evaluate((audio: HTMLAudioElement) => ({ paused: audio.paused, volume: audio.volume, src: audio.currentSrc, error: audio.error?.code ?? null }));

  it('plays the bundled sound at the rung volume, from the app itself, and keeps quiet when silent', async () => {
    const probe = await open(items(3));
    const { page } = probe;
    expect(await audioState(page)).toMatchObject({ paused: true });
    await page.evaluate(() => window.__clayTest.emit('clay:alarm:did-ring', { sound: 'silent', volume: 0.5, repeat: 0, bringToFront: false, flashTaskbar: false, bounceDock: false, open: 1 }));
    expect(await audioState(page)).toMatchObject({ paused: true });
    await page.evaluate(() => window.__clayTest.emit('clay:alarm:did-ring', { sound: 'alarm', volume: 0.4, repeat: 0, bringToFront: false, flashTaskbar: false, bounceDock: false, open: 1 }));
    await expect.poll(() => audioState(page)).toMatchObject({ paused: false, volume: 0.4, error: null });
    expect(new URL((await audioState(page)).src).pathname).toBe('/sounds/alarm.wav');
    const duration = await page.locator('audio.alarm-audio').evaluate((audio: HTMLAudioElement) => audio.duration);
    expect(duration).toBeGreaterThan(0.5);
    expect(duration).toBeLessThan(3);
    expect(await page.locator('.alarm-problem').isHidden()).toBe(true);
    await expectClean(probe);
  });

  it('has its settings with inline validation, saved with the notification settings; light and dark screenshots', async () => {
    const dir = path.resolve('test-output/screenshots');
    mkdirSync(dir, { recursive: true });
    for (const colorScheme of ['light', 'dark'] as const) {
      const probe = await open([], { colorScheme });
      const { page } = probe;
      await page.getByRole('tab', { name: 'Settings' }).click();
      const volume = page.getByLabel('Volume (0 to 100)');
      await volume.fill('150');
      await volume.blur();
      await expect.poll(() => page.locator('.field-error', { hasText: 'Alarm volume must be a whole number from 0 to 100.' }).count()).toBe(1);
      await page.getByLabel('Repeat every (seconds)').fill('2');
      await page.getByLabel('Repeat every (seconds)').blur();
      await expect.poll(() => page.locator('.field-error', { hasText: 'Seconds between repeats must be a whole number from 5 to 3,600.' }).count()).toBe(1);
      await page.getByRole('group', { name: 'Alarm for urgent incidents' }).scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(dir, `settings-alarm-${colorScheme}.png`) });
      await volume.fill('60');
      await page.getByLabel('Repeat every (seconds)').fill('15');
      await page.getByLabel('Stop after this many repeats').fill('4');
      await page.getByLabel('Sound the alarm').uncheck();
      await page.getByLabel('Show the window when an urgent incident arrives').check();
      const count = page.getByLabel('Incidents from one door');
      await count.fill('1');
      await count.blur();
      await expect.poll(() => page.locator('.field-error', { hasText: 'Incidents from one door before it is escalated must be a whole number from 2 to 100.' }).count()).toBe(1);
      await count.fill('3');
      await page.getByLabel('Within minutes').fill('15');
      await page.getByRole('button', { name: 'Save settings' }).click();
      await expect.poll(() => page.evaluate(() => window.__clayTest.settings().notifications.repeatOffender)).toEqual({ enabled: true, count: 3, minutes: 15 });
      await expect.poll(() => page.evaluate(() => window.__clayTest.settings().notifications.escalation)).toEqual({
        sound: 'silent',
        volume: 60,
        repeatSeconds: 15,
        maxRepeats: 4,
        bringToFront: true,
        flashTaskbar: true,
        bounceDock: true,
      });
      await expectClean(probe);
    }
    for (const scheme of ['light', 'dark']) expect(statSync(path.join(dir, `settings-alarm-${scheme}.png`)).size).toBeGreaterThan(10_000);
  });
});

describe('live updates', () => {
  const newer = (n: number): HistoryItem => eventItem(1000 + n, { time: new Date(Date.UTC(2026, 10, 27, 13, n)).toISOString(), id: `new${n}` });

  it('keeps the row being read in place and offers an "N new" pill when scrolled down', async () => {
    const probe = await open(items(300));
    const { page } = probe;
    const list = page.locator('#history-list');
    await list.evaluate((el) => (el.scrollTop = 36 * 50));
    await page.locator(`${ROW}[aria-posinset="51"]`).waitFor();
    const topKeyBefore = await page.locator(`${ROW}[aria-posinset="51"] .row-place`).textContent();
    await page.evaluate((added) => window.__clayTest.add(added), [newer(1), newer(2), newer(3)]);
    const pill = page.locator('.pill');
    await expect.poll(() => pill.textContent()).toBe('3 new ↑');
    expect(await list.evaluate((el) => el.scrollTop)).toBe(36 * 53);
    expect(await page.locator(`${ROW}[aria-posinset="54"] .row-place`).textContent()).toBe(topKeyBefore);

    await pill.click();
    await expect.poll(() => list.evaluate((el) => el.scrollTop)).toBe(0);
    expect(await pill.isHidden()).toBe(true);
    expect(await page.locator(`${ROW}[aria-posinset="1"] .row-place`).textContent()).toContain('Door 1003');

    await page.evaluate((added) => window.__clayTest.add(added), [newer(4)]);
    await expect.poll(() => page.locator(`${ROW}[aria-posinset="1"] .row-place`).textContent()).toContain('Door 1004');
    expect(await pill.isHidden()).toBe(true);
    expect(await list.evaluate((el) => el.scrollTop)).toBe(0);
    await expectClean(probe);
  });
});

describe('connection status', () => {
  it('says each subscription state in words, offers Reconnect now and shows blocked notifications', async () => {
    const probe = await open(items(2), { status: connectedStatusAt(Date.now()), settings: SETTINGS_WITH_SITES });
    const { page } = probe;
    const lines = page.locator('.status-line');
    await expect.poll(() => lines.count()).toBe(2);
    expect(await lines.nth(0).textContent()).toMatch(/^Incidents · Headquarters: connected since (27 Nov )?11:00.* · last event (27 Nov )?11:59/);
    expect(await lines.nth(1).locator('.status-error').textContent()).toBe(' · last error: the connection dropped (network)');
    expect(await lines.nth(1).textContent()).toMatch(/^Entries · Headquarters: reconnecting \(attempt 3\), next try at .+ \((in \d+ s|now)\) · last error: the connection dropped \(network\)/);
    expect(await page.locator('.status-summary').textContent()).toBe('Connected (1 of 2) · Entries reconnecting');
    await page.getByRole('button', { name: 'Reconnect now' }).click();
    await expect.poll(async () => (await calls(page, 'connection.reconnectNow')).length).toBe(1);
    expect(await page.locator('.banner').isHidden()).toBe(true);

    await page.evaluate((status) => window.__clayTest.setStatus({ ...status, notifications: 'denied' }), connectedStatus);
    await expect.poll(() => page.locator('.banner').isVisible()).toBe(true);
    expect(await page.locator('.banner').textContent()).toContain('Notifications are blocked by your system');
    await expectClean(probe);
  });

  it('says why the app is not connecting, offers Settings instead of Reconnect now, and clears once fixed', async () => {
    const problem = 'No client id is set. Enter the client id and secret in Settings.';
    const notSetUp: StatusSnapshot = { ...connectedStatus, aggregate: 'stopped', subscriptions: [], setupProblem: problem };
    const probe = await open(items(2), { status: notSetUp });
    const { page } = probe;
    const message = page.locator('.status-problem-text');
    await expect.poll(() => message.textContent()).toBe(problem);
    expect(await message.isVisible()).toBe(true);
    expect(await page.locator('.status-summary').textContent()).toBe('Not connecting');
    expect(await page.getByRole('button', { name: 'Reconnect now' }).isHidden()).toBe(true);
    expect(await page.getByRole('tab', { name: 'History' }).getAttribute('aria-selected')).toBe('true');

    await page.getByRole('button', { name: 'Open Settings' }).click();
    await expect.poll(() => page.getByRole('tab', { name: 'Settings' }).getAttribute('aria-selected')).toBe('true');
    expect(await page.locator('#panel-settings').isVisible()).toBe(true);
    expect(await message.isVisible()).toBe(true);

    await page.evaluate((status) => window.__clayTest.setStatus(status), connectedStatus);
    await expect.poll(() => page.locator('.status-problem').isHidden()).toBe(true);
    expect(await page.locator('.status-summary').textContent()).toBe('Connected (1 of 2) · Entries reconnecting');
    expect(await page.getByRole('button', { name: 'Reconnect now' }).isVisible()).toBe(true);
    expect(await page.locator('.status-line').count()).toBe(2);
    await expectClean(probe);
  });
});

describe('settings', () => {
  async function openSettings(): Promise<PageProbe> {
    const probe = await open([]);
    await probe.page.getByRole('tab', { name: 'Settings' }).click();
    await probe.page.getByLabel('Core API address (optional)').waitFor();
    return probe;
  }

  it('validates inline in plain language and saves only what main accepts', async () => {
    const probe = await openSettings();
    const { page } = probe;
    const error = (text: string) => page.locator('.field-error', { hasText: text });
    const baseUrl = page.getByLabel('Core API address (optional)');
    await baseUrl.fill('ftp://example');
    await baseUrl.blur();
    await expect.poll(() => error('Core API address: enter a full http:// or https:// address.').count()).toBe(1);
    expect(await baseUrl.getAttribute('aria-invalid')).toBe('true');

    await page.getByRole('button', { name: 'Add site' }).click();
    await page.getByLabel('Site 1 ID').fill('a b');
    await page.getByLabel('Site 1 ID').blur();
    await expect.poll(() => error('Site 1 ID must not contain spaces or control characters.').count()).toBe(1);
    await page.getByLabel('Site 1 ID').fill('site-1');
    await page.getByRole('button', { name: 'Add site' }).click();
    await page.getByLabel('Site 2 ID').fill('SITE-1');
    await page.getByLabel('Site 2 ID').blur();
    await expect.poll(() => error('Site 2 ID: the same site is already listed as site 1.').count()).toBe(1);

    await page.getByLabel('Events kept in history').fill('5');
    await page.getByLabel('Events kept in history').blur();
    await expect.poll(() => error('Events kept in history must be a whole number from 100 to 1,000,000.').count()).toBe(1);

    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => page.locator('.form-message').textContent()).toMatch(/^Not saved: 3 things need fixing\./);
    expect(await calls(page, 'settings.update')).toEqual([]);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-invalid'))).toBe('true');

    await baseUrl.fill('http://127.0.0.1:5000/');
    await page.getByLabel('Site 2 ID').fill('site-2');
    await page.getByLabel('Site 2 name').fill('Warehouse');
    await page.getByLabel('Events kept in history').fill('20000');
    await page.evaluate(() => window.__clayTest.failNextSettingsUpdate('Sites: at most 500 sites can be watched.'));
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => page.locator('.form-message').textContent()).toBe('Not saved: Sites: at most 500 sites can be watched.');
    expect(await page.getByLabel('Site 2 name').inputValue()).toBe('Warehouse');

    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => page.locator('.form-message').textContent()).toBe('Saved.');
    const patch = (await calls(page, 'settings.update')).at(-1)?.args[0] as { connection: { baseUrl: string; sites: unknown }; history: { maxEvents: number }; auth?: unknown };
    expect(patch.connection.sites).toEqual([{ id: 'site-1', name: '' }, { id: 'site-2', name: 'Warehouse' }]);
    expect(patch.history.maxEvents).toBe(20000);
    expect(patch.auth).toBeUndefined();
    // Main normalises (trailing slash dropped) and the form shows main's version.
    expect(await page.getByLabel('Core API address (optional)').inputValue()).toBe('http://127.0.0.1:5000');
    expect(await page.evaluate(() => window.__clayTest.settings().history.maxEvents)).toBe(20000);
    await expectClean(probe);
  });

  it('keeps secrets write-only and shows each connection-test step', async () => {
    const probe = await openSettings();
    const { page } = probe;
    const secret = 'eyJhbGciOiJub25lIn0.eyJleHAiOjE3OTU4NzE1MDB9.sig-VERY-SECRET';
    await page.getByRole('radio', { name: 'Access token (pasted)' }).check();
    await page.getByLabel('Access token', { exact: true }).waitFor();
    const field = page.getByLabel('Access token', { exact: true });
    await page.getByRole('button', { name: 'Save secret' }).click();
    await expect.poll(() => page.locator('.field-error', { hasText: 'Paste the access token first.' }).count()).toBe(1);
    await field.fill(`${secret}\n`);
    await page.getByRole('button', { name: 'Save secret' }).click();
    await expect.poll(() => page.locator('.secret-status').textContent()).toBe('Saved. Stored in the system keychain; token valid until 28 Nov 2026 14:05:00.');
    expect(await field.inputValue()).toBe('');
    expect((await calls(page, 'secrets.set')).map((c) => c.args[0])).toEqual([{ kind: 'token', length: secret.length }]);
    const everything = await page.evaluate(() => document.documentElement.outerHTML + [...document.querySelectorAll('input')].map((i) => i.value).join('\n'));
    expect(everything).not.toContain('VERY-SECRET');

    await page.evaluate(() =>
      window.__clayTest.setTestReport({
        ok: false,
        steps: [
          { step: 'settings', ok: true, message: 'Settings are complete.' },
          { step: 'secret', ok: true, message: 'A token is stored in the keychain.' },
          { step: 'token', ok: false, message: 'The token has expired: paste a new one.' },
        ],
      }),
    );
    await page.getByRole('button', { name: 'Test connection' }).click();
    const steps = page.locator('.test-steps li');
    await expect.poll(() => steps.count()).toBe(4);
    expect(await steps.allTextContents()).toEqual([
      '✓ Settings: Settings are complete.',
      '✓ Secret: A token is stored in the keychain.',
      '✗ Token: The token has expired: paste a new one.',
      'The connection does not work yet: see the failed step.',
    ]);
    await page.getByRole('button', { name: 'Copy diagnostics' }).click();
    await expect.poll(async () => (await calls(page, 'diagnostics.copy')).length).toBe(1);
    await page.getByRole('button', { name: 'Pause for 1 hour' }).click();
    await expect.poll(async () => (await calls(page, 'notifications.pause')).map((c) => c.args[0])).toEqual([{ for: 'one-hour' }]);
    await expectClean(probe);
  });
});

describe('hostile event text', () => {
  it('renders markup, scripts, RTL overrides, emoji and a 1 MB string as inert text', async () => {
    const img = '<img src=x onerror="window.__pwned=1;alert(1)">';
    const script = '<script>window.__pwned=2;alert(2)</script>';
    const rtl = '\u202Egnp.exe\u202C 🔥🚪 مدخل';
    const huge = `${img}${'A'.repeat(1024 * 1024)}${script}`;
    const hostile = [
      eventItem(0, { category: img, detail: script, lock: { id: script, name: rtl }, siteName: img, accessor: rtl, raw: huge }),
      eventItem(1, { category: null, raw: `${script}${img}` }),
      eventItem(2, { lock: { id: 'l', name: img } }),
    ];
    const probe = await open(hostile);
    const { page } = probe;
    const shape = () =>
      page.evaluate(() => ({
        imgs: document.querySelectorAll('img').length,
        scripts: document.querySelectorAll('script').length,
        rowChildren: [...document.querySelectorAll('#history-list .row')].map((r) => r.querySelectorAll('*').length),
        rawChildren: document.querySelector('.raw')?.children.length ?? 0,
        pwned: Reflect.get(window, '__pwned') as unknown,
      }));
    const before = await shape();
    // Six cells per row: the selection box, the unread dot, kind, time, summary and place.
    expect(before).toEqual({ imgs: 0, scripts: 1, rowChildren: [6, 6, 6], rawChildren: 0, pwned: undefined });
    expect(await page.locator(ROW).nth(0).locator('.row-summary').textContent()).toContain('img src=x onerror=');
    expect(await page.locator(ROW).nth(0).locator('.row-place').textContent()).toBe(`${rtl} · ${img}`);
    expect(await page.locator(ROW).nth(1).locator('.row-summary').textContent()).toBe(`Unrecognised message: ${script}${img}`);

    await page.locator(ROW).nth(0).click();
    await page.locator('.details pre.raw').waitFor({ state: 'attached' });
    const rawMatches = await page.evaluate(async () => {
      const stored = await window.clay.history.get('incident:e0');
      const raw = stored.ok && stored.value?.kind === 'event' ? stored.value.event.raw : null;
      return { same: document.querySelector('.raw')?.textContent === raw, length: raw?.length };
    });
    expect(rawMatches).toEqual({ same: true, length: huge.length });
    const details = Object.fromEntries(
      await page.evaluate(() => [...document.querySelectorAll('.details dt')].map((dt) => [dt.textContent ?? '', dt.nextElementSibling?.textContent ?? ''])),
    ) as Record<string, string>;
    expect(details['Lock']).toBe(rtl);
    expect(details['Accessor id']).toBe(rtl);
    expect(details['Lock id']).toBe(script);
    expect(details['Site reference']).toBe(img);
    expect(details['Category as sent']).toBe(img);
    expect(details['Detail as sent']).toBe(script);
    const after = await shape();
    expect({ ...after, rowChildren: after.rowChildren.length }).toEqual({ imgs: 0, scripts: 1, rowChildren: 3, rawChildren: 0, pwned: undefined });
    await expectClean(probe);
  });
});

describe('keyboard only', () => {
  it('reaches the list with Tab, moves with arrows, opens details with Enter and switches views with arrow keys', async () => {
    const probe = await open(items(10));
    const { page } = probe;
    let focused = '';
    for (let i = 0; i < 40 && focused !== 'history-list'; i += 1) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate(() => document.activeElement?.id ?? '');
    }
    expect(focused).toBe('history-list');
    expect(await page.locator('#history-list').evaluate((el) => getComputedStyle(el).outlineStyle)).not.toBe('none');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => page.locator('#history-list').getAttribute('aria-activedescendant')).toBe('history-row-2');
    expect(await page.locator('#history-row-2').getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Incident: Door left open');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Acknowledge…');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Mark read');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await calls(page, 'history.markRead')).map((c) => c.args[0])).toEqual([['incident:e2']]);
    // Once main's answer is in, the now disabled button hands the focus back to the details heading.
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Incident: Door left open');
    await page.keyboard.press('Escape');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('history-list');
    await page.keyboard.press('End');
    await expect.poll(() => page.locator('#history-list').getAttribute('aria-activedescendant')).toBe('history-row-9');

    for (let i = 0; i < 40 && focused !== 'tab-history'; i += 1) {
      await page.keyboard.press('Shift+Tab');
      focused = await page.evaluate(() => document.activeElement?.id ?? '');
    }
    expect(focused).toBe('tab-history');
    expect(await page.locator('#tab-history').evaluate((el) => getComputedStyle(el).outlineStyle)).toBe('solid');
    await page.keyboard.press('ArrowRight');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('tab-handover');
    expect(await page.locator('#panel-handover').isVisible()).toBe(true);
    await page.keyboard.press('ArrowRight');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('tab-settings');
    expect(await page.locator('#panel-settings').isVisible()).toBe(true);
    // The section list comes first: Enter jumps to a section, Tab then goes into its fields.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Connection');
    expect(await page.evaluate(() => (document.activeElement ? getComputedStyle(document.activeElement).outlineStyle : ''))).toBe('solid');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Connection');
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H2');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.value)).toBe('production');
    await expectClean(probe);
  });
});

describe('about, updates and the crash note', () => {
  it('shows versions, data folders, update state, the licence and every notice, and restarts to update on request', async () => {
    const probe = await open([], { status: connectedStatus });
    const { page } = probe;
    await page.getByRole('tab', { name: 'About' }).click();
    const about = page.locator('#panel-about');
    await about.getByText('Clay Tray is up to date.').waitFor();
    for (const text of ['Electron', '45.5.0', 'Chrome', 'Node', '/home/desk/.config/Clay Tray/crash-reports', 'released under the MIT licence', `these ${STUB_ABOUT.notices.length} open-source packages`]) {
      expect(await about.getByText(text, { exact: false }).count()).toBeGreaterThan(0);
    }
    expect(await about.locator('.notice-item summary').allTextContents()).toEqual(STUB_ABOUT.notices.map((n) => `${n.name} ${n.version} — ${n.license}`));
    await about.getByText('ws 8.23.0 — MIT').click();
    await about.getByText('Einar Otto Stangvik', { exact: false }).waitFor();
    expect(await about.getByRole('button', { name: 'Restart to update' }).count()).toBe(0);

    await page.evaluate(() => window.__clayTest.setUpdate({ phase: 'ready', message: 'Clay Tray 1.2.0 is ready. It installs when you quit, or choose Restart to update.', version: '1.2.0', checkedAt: '2026-11-30T09:00:00.000Z' }));
    await about.getByRole('button', { name: 'Restart to update' }).click();
    await expect.poll(async () => (await calls(page, 'updates.restart')).length).toBe(1);
    await expectClean(probe);
  });

  it('tells main while Settings has unsaved changes, and when they are saved or discarded', async () => {
    const probe = await open([]);
    const { page } = probe;
    await page.getByRole('tab', { name: 'Settings' }).click();
    const channel = page.getByLabel('Update channel');
    await channel.selectOption('beta');
    await expect.poll(async () => (await calls(page, 'updates.setEditing')).map((c) => c.args[0])).toEqual([true]);
    await page.getByRole('button', { name: 'Discard changes' }).click();
    await expect.poll(async () => (await calls(page, 'updates.setEditing')).map((c) => c.args[0])).toEqual([true, false]);
    await page.getByLabel('Download and install updates automatically').uncheck();
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => page.evaluate(() => window.__clayTest.settings().updates.enabled)).toBe(false);
    await expect.poll(async () => (await calls(page, 'updates.setEditing')).map((c) => c.args[0])).toEqual([true, false, true, false]);
    await expectClean(probe);
  });

  it('says plainly that the app closed unexpectedly and has reconnected', async () => {
    const crashedAt = new Date(Date.now() - 60_000).toISOString();
    const probe = await open([], { status: connectedStatus, about: { ...STUB_ABOUT, crashedAt } });
    const { page } = probe;
    const at = await page.evaluate((iso) => new Date(iso).toTimeString().slice(0, 5), crashedAt);
    const note = page.locator('.crash-note');
    await note.waitFor();
    // "on 1 Dec" joins the time only when the crash was not today (this test may run across midnight).
    await expect.poll(() => note.locator('span').textContent()).toMatch(new RegExp(`^Clay Tray closed unexpectedly at ${at}( on \\d+ \\w+)?; it restarted and is reconnecting\\.$`));
    await page.evaluate((s) => window.__clayTest.setStatus(s), { ...connectedStatus, aggregate: 'connected' as const });
    await expect.poll(() => note.locator('span').textContent()).toMatch(new RegExp(`^Clay Tray closed unexpectedly at ${at}( on \\d+ \\w+)?; it restarted and reconnected\\.$`));
    await note.getByRole('button', { name: 'Dismiss' }).click();
    expect(await note.isVisible()).toBe(false);
    await expectClean(probe);
  });
});

describe('a secret held back after the servers changed', () => {
  it('says why the app is waiting and asks main to confirm, in light and dark', async () => {
    const dir = path.resolve('test-output/screenshots');
    mkdirSync(dir, { recursive: true });
    const savedFor = 'https://identity.example.test and https://hub.example.test';
    const nowFor = 'http://127.0.0.1:6000';
    const held = statusSnapshot({
      aggregate: 'stopped',
      setupProblem: `Your client secret was saved for ${savedFor}. Enter it again to use it with ${nowFor}, or choose "Use it with the new server" in Settings and confirm. Until then it is not sent anywhere.`,
      secret: { location: 'keychain', tokenValidUntil: null, serverChange: { savedFor, nowFor } },
    });
    const settings: Settings = { ...DEFAULT_SETTINGS, connection: { ...DEFAULT_SETTINGS.connection, baseUrl: nowFor } };
    for (const colorScheme of ['light', 'dark'] as const) {
      const probe = await open([], { status: held, settings, colorScheme });
      const { page } = probe;
      await page.getByRole('tab', { name: 'Settings' }).click();
      const notice = page.locator('.server-change');
      await notice.waitFor();
      expect(await notice.locator('p').textContent()).toBe(
        `Not connecting: your client secret was saved for ${savedFor}. Enter it again to use it with ${nowFor}, or confirm that it may be sent there. Until then it is not sent anywhere.`,
      );
      await notice.scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(dir, `settings-secret-held-${colorScheme}.png`) });
      expect(statSync(path.join(dir, `settings-secret-held-${colorScheme}.png`)).size).toBeGreaterThan(10_000);
      await page.getByRole('button', { name: 'Use it with the new server…' }).click();
      await expect.poll(async () => (await calls(page, 'secrets.allowNewServer')).length).toBe(1);
      await expect.poll(() => notice.isHidden()).toBe(true);
      await expectClean(probe);
    }
  });
});

describe('export progress', () => {
  it('says in words how far a running export is, in light and dark', async () => {
    const dir = path.resolve('test-output/screenshots');
    mkdirSync(dir, { recursive: true });
    for (const colorScheme of ['light', 'dark'] as const) {
      const probe = await open(items(12), { status: connectedStatus, colorScheme });
      const { page } = probe;
      await page.evaluate(() => window.__clayTest.holdExports(true));
      await page.getByRole('button', { name: 'Export CSV' }).click();
      await expect.poll(() => page.locator('.message').textContent()).toBe('Choose where to save the CSV file…');
      await page.evaluate(() => window.__clayTest.emit('clay:history:export-progress', { format: 'csv', written: 120_000, total: 300_000 }));
      await expect.poll(() => page.locator('.message').textContent()).toBe('Exporting CSV: 120,000 of 300,000 events written…');
      await page.screenshot({ path: path.join(dir, `history-export-progress-${colorScheme}.png`) });
      await page.evaluate(() => window.__clayTest.holdExports(false));
      await expect.poll(() => page.locator('.message').textContent()).toBe('Saved 12 events to /home/user/clay-history.csv.');
      expect(statSync(path.join(dir, `history-export-progress-${colorScheme}.png`)).size).toBeGreaterThan(10_000);
      await expectClean(probe);
    }
  });
});

describe('problems at start-up', () => {
  const notices = [
    'Some of your settings could not be used and were reset to their defaults; all your other settings were kept. Days kept in history must be a whole number from 1 to 3,650. The file as it was is kept as settings.bad-2026-12-01T23-50-00-000Z.json.',
    'Your event history could not be opened: it was written by a newer version of Clay Tray. A copy of the history file was kept as /home/desk/.config/clay-tray/history/history.unreadable-2026-12-01T23-50-00-000Z.jsonl. Until this is fixed, events are kept only until Clay Tray quits.',
  ];

  it('lists what went wrong, in words, in the status area the Settings view shows too; light and dark screenshots', async () => {
    const dir = path.resolve('test-output/screenshots');
    mkdirSync(dir, { recursive: true });
    for (const colorScheme of ['light', 'dark'] as const) {
      const probe = await open(items(3), { status: { ...connectedStatus, startupNotices: notices }, settings: SETTINGS_WITH_SITES, colorScheme });
      const { page } = probe;
      const list = page.getByRole('list', { name: 'Problems at start-up' });
      await expect.poll(() => list.locator('li').allTextContents()).toEqual(notices);
      await page.getByRole('tab', { name: 'Settings' }).click();
      await page.getByLabel('Core API address (optional)').waitFor();
      expect(await list.isVisible()).toBe(true);
      await page.screenshot({ path: path.join(dir, `settings-startup-notices-${colorScheme}.png`) });
      expect(statSync(path.join(dir, `settings-startup-notices-${colorScheme}.png`)).size).toBeGreaterThan(10_000);
      await page.evaluate((status) => window.__clayTest.setStatus(status), connectedStatus);
      await expect.poll(() => list.isHidden()).toBe(true);
      await expectClean(probe);
    }
  });
});

describe('screenshots', () => {
  it('writes both views in light and dark to test-output/screenshots', async () => {
    const dir = path.resolve('test-output/screenshots');
    mkdirSync(dir, { recursive: true });
    const gap: HistoryItem = { kind: 'gap', gap: { key: 'gap:1', stream: 'entry', site: 'site-hq', from: '2026-11-27T11:52:10.000Z', to: '2026-11-27T11:53:50.000Z' } };
    const seed = [...items(5), gap, eventItem(8, { category: 'lock_rejected', detail: 'no_access', stream: 'entry' }), ...items(30).slice(9)];
    const backgrounds: string[] = [];
    for (const colorScheme of ['light', 'dark'] as const) {
      const probe = await open(seed, { status: connectedStatus, settings: SETTINGS_WITH_SITES, colorScheme });
      const { page } = probe;
      await page.locator(ROW).nth(2).click();
      backgrounds.push(await page.evaluate(() => getComputedStyle(document.body).backgroundColor));
      await page.screenshot({ path: path.join(dir, `history-${colorScheme}.png`) });
      await page.getByRole('tab', { name: 'Settings' }).click();
      await page.getByLabel('Core API address (optional)').waitFor();
      await page.screenshot({ path: path.join(dir, `settings-${colorScheme}.png`) });
      await page.getByRole('table', { name: /Incidents/ }).scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(dir, `settings-notifications-${colorScheme}.png`) });
      await page.getByLabel('Update channel').scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(dir, `settings-updates-${colorScheme}.png`) });
      await expectClean(probe);
    }
    expect(backgrounds[0]).not.toBe(backgrounds[1]);
    for (const colorScheme of ['light', 'dark'] as const) {
      const about: AboutInfo = {
        ...STUB_ABOUT,
        crashedAt: new Date(Date.now() - 5 * 60_000).toISOString(),
        update: { phase: 'ready', message: 'Clay Tray 1.2.0 is ready. It installs when you quit, or choose Restart to update.', version: '1.2.0', checkedAt: '2026-11-30T09:00:00.000Z' },
      };
      const probe = await open([], { status: connectedStatus, about, colorScheme });
      const { page } = probe;
      await page.getByRole('tab', { name: 'About' }).click();
      await page.getByRole('button', { name: 'Restart to update' }).waitFor();
      await page.getByText('electron-updater 6.8.10 — MIT').click();
      await page.screenshot({ path: path.join(dir, `about-${colorScheme}.png`) });
      await expectClean(probe);
    }
    for (const name of ['history-light', 'history-dark', 'settings-light', 'settings-dark', 'settings-notifications-light', 'settings-notifications-dark', 'settings-updates-light', 'settings-updates-dark', 'about-light', 'about-dark']) {
      expect(statSync(path.join(dir, `${name}.png`)).size).toBeGreaterThan(10_000);
    }
  });
});

