/**
 * The window built with a third stream kind (`alarm`, test/support/three-stream-kinds.ts swapped in
 * for app/common/stream-kind-list.ts, nothing else changed): the stream filter offers it, its events
 * show and filter like the others, and the settings offer its stream switch and category table.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HistoryItem } from '../../app/common/models';
import type { StreamKind } from '../../app/common/stream-kinds';
import type { RecordedCall } from './test-bridge';
import { eventItem } from './fixtures';
import { openWindow, startHarness, type Harness } from './harness';

const alarm = 'alarm' as StreamKind;
const ROW = '#history-list .row';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness([], { 'app/common/stream-kind-list': 'test/support/three-stream-kinds' });
}, 120_000);
afterAll(async () => {
  await harness?.close();
});

async function lastQuery(page: Page): Promise<Record<string, unknown>> {
  const queries = await page.evaluate(() => window.__clayTest.calls.filter((c: RecordedCall) => c.method === 'history.query'));
  return (queries.at(-1)?.args[0] ?? {}) as Record<string, unknown>;
}

describe('the window with a third stream kind in the list', () => {
  it('offers it in the stream filter, shows its events and its settings', async () => {
    const seed: HistoryItem[] = [
      eventItem(1, { stream: alarm, category: 'smoke_detected' }),
      eventItem(2, { stream: 'incident' as StreamKind }),
      eventItem(3, { stream: 'entry' as StreamKind }),
    ];
    const probe = await openWindow<readonly HistoryItem[]>(harness, (items) => window.__clayTest.seed(items), seed);
    const { page } = probe;
    await page.locator(ROW).first().waitFor();

    const options = await page.getByLabel('Stream').locator('option').allTextContents();
    expect(options).toEqual(['All streams', 'Incidents', 'Entries', 'Alarms']);
    expect(new Set(await page.locator(`${ROW} .row-kind`).allTextContents())).toEqual(new Set(['Alarm', 'Incident', 'Entry']));

    await page.getByLabel('Stream').selectOption('alarm');
    await expect.poll(async () => (await lastQuery(page))['streams']).toEqual(['alarm']);
    await expect.poll(() => page.locator(`${ROW} .row-kind`).allTextContents()).toEqual(['Alarm']);

    await page.getByRole('tab', { name: 'Settings' }).click();
    await expect.poll(() => page.getByRole('checkbox', { name: 'Alarms', exact: true }).isChecked()).toBe(true);
    await expect.poll(() => page.locator('table.categories caption').allTextContents()).toEqual([
      'Incidents (notify unless switched off)',
      'Entries (silent unless switched on)',
      'Alarms (notify unless switched off)',
    ]);
    expect(probe.problems).toEqual([]);
    expect(probe.dialogs).toEqual([]);
  }, 120_000);
});
