/**
 * How recovery shows in the window (real Chromium): the gap row's outcome, recovered events, and
 * rejected entries told from granted ones in words and a mark, not by colour alone.
 */
import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HistoryItem, StatusSnapshot } from '../../app/common/models';
import { connectedStatus, eventItem, items } from './fixtures';
import { openWindow, startHarness, type Harness, type PageProbe } from './harness';

const ROW = '#history-list .row';
let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});

afterAll(async () => {
  await harness?.close();
});

function gap(key: string, minute: number, recovery?: NonNullable<Extract<HistoryItem, { kind: 'gap' }>['gap']['recovery']>): HistoryItem {
  const at = (m: number): string => new Date(Date.UTC(2026, 10, 27, 11, m, 0)).toISOString();
  return { kind: 'gap', gap: { key, stream: 'incident', site: 'site-hq', from: at(minute - 5), to: at(minute), ...(recovery ? { recovery } : {}) } };
}

const SEED: readonly HistoryItem[] = [
  eventItem(1, { stream: 'entry', category: 'lock_rejected', accessBy: 'tag', credential: '02306295', person: 'Ana Ruiz', exitRequested: false, iq: { id: 'iq-1', name: 'IQ Ground floor' }, recovered: true }),
  eventItem(2, { stream: 'entry', category: 'lock_opened', accessBy: 'inside_handle', credential: null, exitRequested: true }),
  eventItem(3, { stream: 'incident', category: 'intrusion_alarm', recovered: true }),
  gap('gap:done', 55, { state: 'done', recovered: 12, reason: null }),
  gap('gap:failed', 40, { state: 'failed', recovered: 0, reason: "the Core REST API refused the sign-in (\"The audience 'user_api' is invalid\")" }),
  gap('gap:waiting', 30, { state: 'waiting', recovered: 0, reason: 'No Core REST address is known for production yet.' }),
  ...items(12).slice(6),
];

async function open(colorScheme: 'light' | 'dark' = 'light'): Promise<PageProbe> {
  const probe = await openWindow<{ seed: readonly HistoryItem[]; status: StatusSnapshot }>(
    harness,
    (arg) => {
      window.__clayTest.seed(arg.seed);
      window.__clayTest.setStatus(arg.status);
    },
    { seed: SEED, status: connectedStatus },
    { colorScheme },
  );
  await probe.page.locator(ROW).first().waitFor();
  return probe;
}

describe('recovery in the window', () => {
  it('says what became of each gap, marks recovered events, and tells rejected from granted in words', async () => {
    const probe = await open();
    const { page } = probe;
    const summaries = await page.locator(`${ROW} .row-summary`).allTextContents();
    expect(summaries).toContain('✕ Entry rejected · recovered');
    expect(summaries).toContain('✓ Entry granted');
    expect(summaries).toContain('Intrusion alarm · recovered');
    expect(summaries.find((s) => s.includes('12 events recovered'))).toMatch(/^Offline (27 Nov )?11:50–11:55 — 12 events recovered · site-hq$/);
    expect(summaries.find((s) => s.includes('could not be recovered'))).toContain(
      `could not be recovered: the Core REST API refused the sign-in ("The audience 'user_api' is invalid")`,
    );
    expect(summaries.find((s) => s.includes('not recovered yet'))).toContain('No Core REST address is known for production yet.');
    expect(await page.locator(`${ROW}.is-rejected`).getAttribute('aria-label')).toMatch(/^Unread recovered entry, Entry rejected/);

    await page.locator(`${ROW}.is-rejected`).click();
    const details = page.locator('.details');
    await details.getByText('Tag 02306295').waitFor();
    expect(await details.locator('.outcome').textContent()).toBe('✕ Entry rejected: the door stayed locked');
    const fields = await details.locator('dd').allTextContents();
    expect(fields).toEqual(
      expect.arrayContaining([
        'Recovered from the Core REST API after the app was offline',
        'Ana Ruiz',
        'Tag 02306295',
        'No',
        'IQ Ground floor',
        'iq-1',
      ]),
    );
    await page.locator(`${ROW}.is-granted`).first().click();
    await details.getByText('Yes: opened from inside to leave').waitFor();
    expect(await details.locator('.outcome').textContent()).toBe('✓ Entry granted: the door opened');
    expect(await details.locator('dd').allTextContents()).toEqual(expect.arrayContaining(['Received live']));
    expect(probe.problems).toEqual([]);
    await probe.page.close();
  });

  it('offers recovery settings: production says it has no verified default, and an address is saved for that environment', async () => {
    const probe = await open();
    const { page } = probe;
    await page.getByRole('tab', { name: 'Settings' }).click();
    const address = page.getByLabel('Core REST address (production)');
    await address.waitFor();
    expect(await page.getByText('Production has no verified default').count()).toBe(1);
    expect(await page.getByLabel('Recover missed events').isChecked()).toBe(true);
    await page.getByLabel('Hours to look back on start').fill('500');
    await page.getByLabel('Hours to look back on start').blur();
    await expect.poll(() => page.locator('.field-error', { hasText: 'Hours to look back on start' }).count()).toBe(1);
    await page.getByLabel('Hours to look back on start').fill('48');
    await address.fill('https://rest.example.test/v1.2');
    await page.getByLabel('Accept (staging)').check();
    await page.getByLabel('Core REST address (accept)').waitFor();
    expect(await page.getByText("Leave empty for accept's address").count()).toBe(1);
    await page.getByLabel('Production', { exact: true }).check();
    expect(await page.getByLabel('Core REST address (production)').inputValue()).toBe('https://rest.example.test/v1.2');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => page.locator('.form-message').textContent()).toBe('Saved.');
    const updates = await page.evaluate(() => window.__clayTest.calls.filter((c) => c.method === 'settings.update'));
    expect((updates.at(-1)?.args[0] as { recovery: unknown }).recovery).toEqual({
      enabled: true,
      restUrl: { production: 'https://rest.example.test/v1.2', accept: null },
      lookBackHours: 48,
    });
    expect(probe.problems).toEqual([]);
    await page.close();
  });

  it('writes screenshots of recovered gaps and events in light and dark', async () => {
    const dir = path.resolve('test-output/screenshots');
    mkdirSync(dir, { recursive: true });
    for (const colorScheme of ['light', 'dark'] as const) {
      const probe = await open(colorScheme);
      await probe.page.locator(`${ROW}.is-rejected`).click();
      await probe.page.locator('.details').getByText('Tag 02306295').waitFor();
      const file = path.join(dir, `history-recovery-${colorScheme}.png`);
      await probe.page.screenshot({ path: file });
      expect(statSync(file).size).toBeGreaterThan(10_000);
      await probe.page.getByRole('tab', { name: 'Settings' }).click();
      await probe.page.getByLabel('Core REST address (production)').scrollIntoViewIfNeeded();
      const settingsFile = path.join(dir, `settings-recovery-${colorScheme}.png`);
      await probe.page.screenshot({ path: settingsFile });
      expect(statSync(settingsFile).size).toBeGreaterThan(10_000);
      expect(probe.problems).toEqual([]);
      await probe.page.close();
    }
  });
});
