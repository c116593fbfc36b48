/** What the window tests ask of an open window: the calls it made to main, and that it stayed clean. */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { PageProbe } from './harness';
import type { RecordedCall } from './test-bridge';

/** The window's calls of one contract method, in order. */
export async function calls(page: Page, method: string): Promise<RecordedCall[]> {
  return page.evaluate((m) => window.__clayTest.calls.filter((c) => c.method === m), method);
}

/** No console error, CSP violation or native dialog happened; then the page is closed. */
export async function expectClean(probe: PageProbe): Promise<void> {
  expect(probe.problems).toEqual([]);
  expect(probe.dialogs).toEqual([]);
  await probe.page.close();
}
