/**
 * The shift handover view and the multi-select acknowledge in the history list, in a real Chromium
 * against the test bridge (whose handover is main's own computation, app/core/history/handover.ts).
 */
import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HistoryItem, StatusSnapshot } from '../../app/common/models';
import type { Settings } from '../../app/common/settings';
import { DEFAULT_SETTINGS } from '../../app/core/settings/settings-defaults';
import { connectedStatus, eventItem, items, numberedEvent } from './fixtures';
import { openWindow, startHarness, type Harness, type PageProbe } from './harness';
import { calls, expectClean } from './page-checks';

const ROW = '#history-list .row';
const HOSTILE = '<img src=x onerror="alert(1)">Gate';
const SCREENSHOTS = path.resolve('test-output/screenshots');
let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
  mkdirSync(SCREENSHOTS, { recursive: true });
});

afterAll(async () => {
  await harness?.close();
});

const at = (h: number, m: number): string => new Date(Date.UTC(2026, 10, 27, h, m, 0)).toISOString();

function gap(key: string, from: string, to: string, recovery?: Extract<HistoryItem, { kind: 'gap' }>['gap']['recovery']): HistoryItem {
  return { kind: 'gap', gap: { key, stream: 'incident', site: 'site-hq', from, to, ...(recovery ? { recovery } : {}) } };
}

const SEED: readonly HistoryItem[] = [
  eventItem(1, { stream: 'incident', category: 'intrusion_alarm', time: at(11, 50), lock: { id: 'lock-1', name: HOSTILE } }),
  eventItem(2, { stream: 'incident', category: 'door_left_open', time: at(11, 40), lock: { id: 'lock-2', name: 'Server room' } }),
  { kind: 'event', event: numberedEvent(3, { stream: 'incident', category: 'tamper_alarm', time: at(11, 30), lock: { id: 'lock-2', name: 'Server room' } }), read: true, ack: { by: 'night-desk', at: at(11, 35), note: 'checked' } },
  eventItem(4, { stream: 'incident', category: 'door_left_open', time: at(10, 0), site: 'site-lab', siteName: 'Lab reference', lock: { id: 'lock-9', name: 'Lab door' } }),
  eventItem(5, { stream: 'entry', category: 'lock_opened', time: at(9, 0), lock: { id: 'lock-2', name: 'Server room' } }),
  eventItem(6, { stream: 'incident', category: 'door_left_open', time: at(5, 0) }), // before the shift
  gap('gap:done', at(9, 10), at(9, 20), { state: 'done', recovered: 4, reason: null }),
  gap('gap:failed', at(10, 30), at(10, 45), { state: 'failed', recovered: 0, reason: 'the Core REST API refused the sign-in' }),
];

const SETTINGS: Settings = {
  ...DEFAULT_SETTINGS,
  connection: { ...DEFAULT_SETTINGS.connection, sites: [{ id: 'site-hq', name: 'Headquarters' }] },
  general: { ...DEFAULT_SETTINGS.general, shiftStarts: ['07:00', '19:00'] },
};

async function open(seed: readonly HistoryItem[], colorScheme: 'light' | 'dark' = 'light'): Promise<PageProbe> {
  const probe = await openWindow<{ seed: readonly HistoryItem[]; settings: Settings; status: StatusSnapshot }>(
    harness,
    (arg) => {
      window.__clayTest.seed(arg.seed);
      window.__clayTest.setStatus(arg.status);
      window.__clayTest.useSettings(arg.settings);
    },
    { seed, settings: SETTINGS, status: connectedStatus },
    { colorScheme },
  );
  return probe;
}

/** Opens the handover tab with the keyboard and shows the span from 07:00 on 27 Nov to noon. */
async function openHandover(page: Page): Promise<void> {
  await page.evaluate(() => window.__clayTest.setHandoverNow('2026-11-27T12:00:00.000Z'));
  await page.locator('#tab-history').focus();
  await page.keyboard.press('ArrowRight');
  await page.locator('#panel-handover').waitFor({ state: 'visible' });
  const since = page.getByLabel('Since');
  await since.fill('2026-11-27T07:00');
  await since.dispatchEvent('change');
  await page.locator('.handover-summary').filter({ hasText: 'From 27 Nov 2026 07:00:00' }).waitFor();
}

describe('shift handover', () => {
  it('starts at the latest shift start from Settings, and shows open incidents, gaps with recovery and counts per site and door', async () => {
    const probe = await open(SEED);
    const { page } = probe;
    await page.evaluate((s) => window.__clayTest.useSettings(s), SETTINGS);
    await page.locator('#tab-handover').click();
    // By default the span starts at the start of this shift on the page's own clock (07:00 or 19:00).
    const expected = await page.evaluate(() => {
      const now = new Date();
      const start = new Date(now);
      start.setSeconds(0, 0);
      const h = now.getHours();
      if (h >= 19) start.setHours(19, 0);
      else if (h >= 7) start.setHours(7, 0);
      else {
        start.setDate(start.getDate() - 1);
        start.setHours(19, 0);
      }
      return start.toISOString();
    });
    await expect.poll(async () => (await calls(page, 'handover.get')).at(-1)?.args[0]).toEqual({ since: expected });

    await openHandover(page);
    expect(await page.locator('.handover-summary').textContent()).toBe(
      'From 27 Nov 2026 07:00:00 to 27 Nov 2026 12:00:00: 4 incidents, 3 not acknowledged; 1 entry; 2 offline gaps, 1 not recovered.',
    );
    const openList = page.locator('section[aria-labelledby="handover-open"]');
    expect(await openList.locator('h3').textContent()).toBe('Not acknowledged (3)');
    expect(await openList.locator('tbody tr').evaluateAll((rows) => rows.map((r) => Array.from(r.children, (c) => c.textContent)))).toEqual([
      ['27 Nov 2026 11:50:00', 'Intrusion alarm', HOSTILE, 'Headquarters'],
      ['27 Nov 2026 11:40:00', 'Door left open', 'Server room', 'Headquarters'],
      ['27 Nov 2026 10:00:00', 'Door left open', 'Lab door', 'Lab reference'],
    ]);
    // Event text is text: the hostile door name made no element.
    expect(await page.locator('.view-handover img').count()).toBe(0);

    const gaps = page.locator('section[aria-labelledby="handover-gaps"] tbody tr');
    expect(await gaps.evaluateAll((rows) => rows.map((r) => [r.className, r.lastElementChild?.textContent]))).toEqual([
      ['is-missing', 'could not be recovered: the Core REST API refused the sign-in'],
      ['', '4 events recovered'],
    ]);
    const sites = page.locator('section[aria-labelledby="handover-sites"] tbody tr');
    expect(await sites.evaluateAll((rows) => rows.map((r) => Array.from(r.children, (c) => c.textContent)))).toEqual([
      ['Headquarters', '3', '2', '1'],
      ['Lab reference', '1', '1', '0'],
    ]);
    const doors = page.locator('section[aria-labelledby="handover-doors"] tbody tr');
    expect(await doors.evaluateAll((rows) => rows.map((r) => Array.from(r.children, (c) => c.textContent)))).toEqual([
      ['Server room', 'Headquarters', '2', '1', '1'],
      [HOSTILE, 'Headquarters', '1', '1', '0'],
      ['Lab door', 'Lab reference', '1', '1', '0'],
    ]);
    // Tables are named for a screen reader.
    expect(await page.locator('.handover-table caption').allTextContents()).toEqual([
      'Incidents nobody has acknowledged, newest first',
      'Spans in which events were not received, and their recovery',
      'Per site: incidents, not acknowledged and entries',
      'Per door: incidents, not acknowledged and entries',
    ]);

    // A new acknowledgement elsewhere reaches the open view on its own.
    await page.evaluate(() => window.clay.history.acknowledge({ keys: ['incident:e2'], note: null }));
    await expect.poll(() => openList.locator('h3').textContent(), { timeout: 10_000 }).toBe('Not acknowledged (2)');
    await expectClean(probe);
  });

  it('prints, saves a PDF and exports CSV and JSON from the keyboard, for the span shown', async () => {
    const probe = await open(SEED);
    const { page } = probe;
    await openHandover(page);
    await page.evaluate(() => {
      (window as unknown as { printed: number }).printed = 0;
      window.print = () => {
        (window as unknown as { printed: number }).printed += 1;
      };
    });
    const actions = page.getByRole('toolbar', { name: 'Handover actions' });
    await actions.getByRole('button', { name: 'Print…' }).focus();
    // Focus is visible when reached from the keyboard.
    expect(await page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle)).toBe('solid');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
    for (const [name, format] of [['Save as PDF', 'pdf'], ['Export CSV', 'csv'], ['Export JSON', 'json']] as const) {
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(name);
      await page.keyboard.press('Enter');
      await page.locator('.view-handover .handover-message').filter({ hasText: `/home/user/clay-handover.${format}` }).waitFor();
    }
    expect((await calls(page, 'history.export')).map((c) => c.args[0])).toEqual(
      ['pdf', 'csv', 'json'].map((format) => ({ format, handover: { since: new Date('2026-11-27T07:00:00Z').toISOString() } })),
    );
    expect(await page.locator('.view-handover .handover-message').textContent()).toBe('Saved the handover to /home/user/clay-handover.json.');
    await page.evaluate(() => window.__clayTest.setExportOutcome({ saved: false }));
    await actions.getByRole('button', { name: 'Export CSV' }).click();
    await page.locator('.view-handover .handover-message').filter({ hasText: 'Not saved.' }).waitFor();
    await expectClean(probe);
  });

  it('prints the handover alone (no tabs, buttons or status), and writes screenshots in light, dark and print', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const probe = await open(SEED, colorScheme);
      const { page } = probe;
      await openHandover(page);
      await page.screenshot({ path: path.join(SCREENSHOTS, `handover-${colorScheme}.png`) });
      if (colorScheme === 'light') {
        await page.emulateMedia({ media: 'print' });
        expect(await page.locator('.app-header').isVisible()).toBe(false);
        expect(await page.locator('.app-footer').isVisible()).toBe(false);
        expect(await page.getByRole('toolbar', { name: 'Handover actions' }).isVisible()).toBe(false);
        expect(await page.locator('.handover-printed').isVisible()).toBe(true);
        expect(await page.locator('.handover-table').first().isVisible()).toBe(true);
        await page.screenshot({ path: path.join(SCREENSHOTS, 'handover-print.png'), fullPage: true });
        await page.emulateMedia({ media: 'screen' });
      }
      await expectClean(probe);
    }
    for (const name of ['handover-light', 'handover-dark', 'handover-print']) expect(statSync(path.join(SCREENSHOTS, `${name}.png`)).size).toBeGreaterThan(10_000);
  });

  it('says so when there is nothing open and no gap', async () => {
    const probe = await open([eventItem(5, { stream: 'entry', time: at(9, 0) })]);
    const { page } = probe;
    await openHandover(page);
    expect(await page.locator('section[aria-labelledby="handover-open"] p').textContent()).toBe('Every incident in this span has been acknowledged.');
    expect(await page.locator('section[aria-labelledby="handover-gaps"] p').textContent()).toBe('The app was listening the whole time: no events were missed.');
    await expectClean(probe);
  });
});

describe('acknowledging a selection in the history list', () => {
  it('ticks incidents by click, shift-click range and Space, then acknowledges exactly those with one note', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const probe = await open(items(14), colorScheme);
      const { page } = probe;
      await page.locator(ROW).first().waitFor();
      // Only incidents that need acknowledgement get a box (even rows are incidents in the fixtures).
      const boxes = page.locator(`${ROW} .row-check`);
      expect(await boxes.evaluateAll((inputs) => inputs.slice(0, 4).map((i) => (i as HTMLInputElement).hidden))).toEqual([false, true, false, true]);
      expect(await boxes.first().getAttribute('aria-label')).toMatch(/^Select to acknowledge: Door left open, /);

      await boxes.nth(0).click();
      await boxes.nth(4).click({ modifiers: ['Shift'] });
      const button = page.getByRole('button', { name: /^Acknowledge \d+ selected…$/ });
      expect(await button.textContent()).toBe('Acknowledge 3 selected…');
      expect(await page.locator(`${ROW}.is-checked`).count()).toBe(3);

      // Keyboard: the list is one tab stop and keeps the last clicked row active; arrows move, Space ticks (an entry cannot be ticked).
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('history-list');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Space');
      expect(await button.textContent()).toBe('Acknowledge 4 selected…');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Space');
      expect(await page.locator('.view-history .message').textContent()).toBe('Only incidents that still need acknowledgement can be selected.');
      expect(await page.locator(`${ROW}.is-active`).getAttribute('aria-label')).toMatch(/^(Unread )?entry, /);
      await page.keyboard.press('ArrowUp');
      expect(await page.locator(`${ROW}.is-active`).getAttribute('aria-label')).toMatch(/^Selected, /);
      await page.screenshot({ path: path.join(SCREENSHOTS, `history-selection-${colorScheme}.png`) });

      await button.click();
      const dialog = page.locator('dialog.acknowledge');
      expect(await dialog.locator('h2').textContent()).toBe('Acknowledge 4 incidents?');
      await dialog.locator('textarea').fill('Patrol checked all four');
      await dialog.getByRole('button', { name: 'Acknowledge 4 incidents' }).click();
      await page.locator('.view-history .message').filter({ hasText: 'Acknowledged 4 incidents.' }).waitFor();
      expect((await calls(page, 'history.acknowledge')).map((c) => c.args[0])).toEqual([
        { keys: ['incident:e0', 'incident:e2', 'incident:e4', 'incident:e6'], note: 'Patrol checked all four' },
      ]);
      expect(await page.getByRole('button', { name: 'Acknowledge selected…' }).isDisabled()).toBe(true);
      await expect.poll(() => page.locator(`${ROW}.is-checked`).count()).toBe(0);
      await expectClean(probe);
    }
    for (const scheme of ['light', 'dark']) expect(statSync(path.join(SCREENSHOTS, `history-selection-${scheme}.png`)).size).toBeGreaterThan(10_000);
  }, 120_000);

  it('selects every incident on screen with one button or Ctrl+A, and a filter change clears the selection', async () => {
    // 40 events, 20 of them incidents: more than one screen holds.
    const probe = await open(items(40));
    const { page } = probe;
    await page.locator(ROW).first().waitFor();
    // Every incident row whose box is on screen, and nothing below the fold.
    const onScreen = (): Promise<number> =>
      page.evaluate(() => {
        const list = document.querySelector('#history-list') as HTMLElement;
        const { top, bottom } = list.getBoundingClientRect();
        return Array.from(document.querySelectorAll<HTMLInputElement>('#history-list .row-check')).filter((box) => {
          const r = box.closest('.row')?.getBoundingClientRect();
          return !box.hidden && r !== undefined && r.top >= top && r.bottom <= bottom;
        }).length;
      });
    const visible = await onScreen();
    expect(visible).toBeGreaterThanOrEqual(3);
    expect(visible).toBeLessThan(20);
    await page.getByRole('button', { name: 'Select all visible' }).click();
    expect(await page.getByRole('button', { name: /^Acknowledge \d+ selected…$/ }).textContent()).toBe(`Acknowledge ${visible} selected…`);
    expect(await page.locator(`${ROW}.is-checked`).count()).toBe(visible);
    await page.getByRole('button', { name: 'Clear selection' }).click();
    await page.locator('#history-list').focus();
    await page.keyboard.press('Control+a');
    expect(await page.getByRole('button', { name: /^Acknowledge \d+ selected…$/ }).textContent()).toBe(`Acknowledge ${visible} selected…`);
    const search = page.locator('input[type="search"]');
    await search.fill('Door 1');
    await search.press('Enter');
    await expect.poll(() => page.getByRole('button', { name: 'Acknowledge selected…' }).isDisabled()).toBe(true);
    await expectClean(probe);
  });
});
