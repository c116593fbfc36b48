/**
 * The window where a new user stumbled (issue 11, item 7), each fix proved in a real Chromium with
 * a screenshot in light and dark: whole gap rows, times in words with ids and ISO text folded under
 * "Technical details", rejected entries unlike granted ones, dates in the OS locale's order, a
 * footer that never says "Connecting" while a stream is connected, Settings that uses the width,
 * and checkboxes and radios that can be seen in dark mode.
 */
import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HistoryItem, StatusSnapshot } from '../../app/common/models';
import type { Settings } from '../../app/common/settings';
import { DEFAULT_SETTINGS } from '../../app/core/settings/settings-defaults';
import { statusSnapshot } from '../support/status';
import { connectedStatus, eventItem, items } from './fixtures';
import { openWindow, startHarness } from './harness';
import type { Harness, PageProbe } from './harness';
import { expectClean } from './page-checks';

const ROW = '#history-list .row';
const SCREENSHOTS = path.resolve('test-output/screenshots');
const SCHEMES = ['light', 'dark'] as const;
const SETTINGS: Settings = {
  ...DEFAULT_SETTINGS,
  connection: { ...DEFAULT_SETTINGS.connection, sites: [{ id: 'site-hq', name: 'Headquarters' }] },
};

interface Setup {
  readonly seed: readonly HistoryItem[];
  readonly status: StatusSnapshot | null;
  readonly settings: Settings;
}

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
  mkdirSync(SCREENSHOTS, { recursive: true });
});

afterAll(async () => {
  await harness?.close();
});

async function open(
  seed: readonly HistoryItem[],
  options: { status?: StatusSnapshot; colorScheme?: 'light' | 'dark'; locale?: string } = {},
): Promise<PageProbe> {
  const probe = await openWindow<Setup>(
    harness,
    (arg) => {
      window.__clayTest.seed(arg.seed);
      window.__clayTest.useSettings(arg.settings);
      if (arg.status !== null) window.__clayTest.setStatus(arg.status);
    },
    { seed, status: options.status ?? null, settings: SETTINGS },
    { colorScheme: options.colorScheme ?? 'light', ...(options.locale === undefined ? {} : { locale: options.locale }) },
  );
  if (seed.length > 0) await probe.page.locator(ROW).first().waitFor();
  return probe;
}

async function screenshot(page: Page, name: string): Promise<void> {
  const file = path.join(SCREENSHOTS, name);
  await page.screenshot({ path: file });
  expect(statSync(file).size).toBeGreaterThan(10_000);
}

async function lastQuery(page: Page): Promise<Record<string, unknown>> {
  return page.evaluate(() => (window.__clayTest.calls.filter((c) => c.method === 'history.query').at(-1)?.args[0] ?? {}) as Record<string, unknown>);
}

/** WCAG contrast ratio of two computed CSS colours ("rgb(r, g, b)"). */
function contrast(a: string, b: string): number {
  const luminance = (css: string): number => {
    const [r, g, b] = (css.match(/[\d.]+/g) ?? []).slice(0, 3).map((n) => {
      const c = Number(n) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    }) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

describe('the gap row', () => {
  it('shows the whole sentence, on two lines when it must, never cut off', async () => {
    const gap: HistoryItem = { kind: 'gap', gap: { key: 'gap:1', stream: 'entry', site: 'site-hq', from: '2026-11-27T11:57:10.000Z', to: '2026-11-27T11:58:50.000Z' } };
    for (const colorScheme of SCHEMES) {
      const probe = await open([...items(3), gap, ...items(6).slice(3)], { colorScheme });
      const summary = probe.page.locator(`${ROW}.is-gap .row-summary`);
      await summary.waitFor();
      expect(await summary.textContent()).toMatch(/^Offline (27 Nov )?11:57–11:58 — events in this span were not received · Headquarters$/);
      const fit = await summary.evaluate((node) => ({ width: node.scrollWidth - node.clientWidth, height: node.scrollHeight - node.clientHeight, lines: Math.round(node.clientHeight / parseFloat(getComputedStyle(node).lineHeight)) }));
      expect(fit.width).toBeLessThanOrEqual(1);
      expect(fit.height).toBeLessThanOrEqual(1);
      expect(fit.lines).toBeLessThanOrEqual(2);
      await screenshot(probe.page, `history-gap-row-${colorScheme}.png`);
      await expectClean(probe);
    }
  });
});

describe('the details pane', () => {
  const entry = eventItem(1, {
    stream: 'entry',
    category: 'lock_opened',
    time: '2026-08-19T12:50:20Z',
    localTime: '2026-08-19T14:50:20',
    receivedAt: '2026-08-19T12:50:21.250Z',
    accessBy: 'tag',
    credential: '02306295',
    lock: { id: 'f3c1a2b4-5d6e-4f70-8a9b-0c1d2e3f4a5b', name: 'Server room' },
  });

  it('says times in words with their zone, and keeps ids, codes and ISO text under a collapsed "Technical details"', async () => {
    for (const colorScheme of SCHEMES) {
      const probe = await open([entry], { colorScheme });
      const { page } = probe;
      await page.locator(ROW).first().click();
      const main = page.locator('.details dl.fields:not(.fields-technical)');
      await main.waitFor();
      const fields = Object.fromEntries(await main.evaluate((dl) => [...dl.querySelectorAll('dt')].map((dt) => [dt.textContent ?? '', dt.nextElementSibling?.textContent ?? ''])));
      expect(fields['Time']).toBe('19 Aug 2026 12:50:20 (UTC)');
      expect(fields['Local time at the site']).toBe('19 Aug 2026 14:50:20 (UTC+2)');
      expect(fields['Access by']).toBe('Tag');
      expect(fields['Lock']).toBe('Server room');
      for (const developerField of ['Key', 'Event id', 'Lock id']) expect(Object.keys(fields)).not.toContain(developerField);
      expect(Object.values(fields).some((value) => /\d{4}-\d{2}-\d{2}T|\(tag\)/.test(value))).toBe(false);
      // Each time reads on one line: nothing breaks it mid-word.
      const timeLines = await main.locator('dd').evaluateAll((dds) =>
        dds.filter((dd) => /\d{2}:\d{2}:\d{2}/.test(dd.textContent ?? '')).map((dd) => Math.round(dd.getBoundingClientRect().height / parseFloat(getComputedStyle(dd).lineHeight))),
      );
      expect(timeLines.length).toBe(3);
      expect(timeLines.every((lines) => lines === 1)).toBe(true);

      const technical = page.locator('.details details.technical');
      expect(await technical.evaluate((node) => (node as HTMLDetailsElement).open)).toBe(false);
      expect(await technical.locator('dd').first().isVisible()).toBe(false);
      // Keyboard: Tab from the details reaches its summary, which shows a focus ring and opens with Enter.
      const summary = technical.locator('summary');
      await summary.focus();
      await page.keyboard.press('Shift+Tab');
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Technical details');
      expect(await summary.evaluate((node) => getComputedStyle(node).outlineStyle)).toBe('solid');
      await page.keyboard.press('Enter');
      expect(await technical.evaluate((node) => (node as HTMLDetailsElement).open)).toBe(true);
      const tech = Object.fromEntries(await technical.evaluate((node) => [...node.querySelectorAll('dt')].map((dt) => [dt.textContent ?? '', dt.nextElementSibling?.textContent ?? ''])));
      expect(tech['Key']).toBe('entry:e1');
      expect(tech['Event id']).toBe('e1');
      expect(tech['Lock id']).toBe('f3c1a2b4-5d6e-4f70-8a9b-0c1d2e3f4a5b');
      expect(tech['Access by as sent']).toBe('tag');
      expect(tech['Time (UTC, as sent)']).toBe('2026-08-19T12:50:20Z');
      expect(tech['Local time at the site, as sent']).toBe('2026-08-19T14:50:20');
      expect(await technical.locator('pre.raw').isVisible()).toBe(true);
      await screenshot(page, `details-technical-${colorScheme}.png`);
      await page.keyboard.press('Enter');
      expect(await technical.evaluate((node) => (node as HTMLDetailsElement).open)).toBe(false);
      await expectClean(probe);
    }
  });

  it('tells a rejected entry from a granted one by a mark and words as well as colour, in the list and the details', async () => {
    const seed = [
      eventItem(1, { stream: 'entry', category: 'lock_rejected', lock: { id: 'l1', name: 'Back door' } }),
      eventItem(3, { stream: 'entry', category: 'lock_opened', lock: { id: 'l3', name: 'Front door' } }),
    ];
    for (const colorScheme of SCHEMES) {
      const probe = await open(seed, { colorScheme });
      const { page } = probe;
      const rejected = page.locator(`${ROW}.is-rejected`);
      const granted = page.locator(`${ROW}.is-granted`);
      expect(await rejected.locator('.row-summary').textContent()).toBe('✕ Entry rejected');
      expect(await granted.locator('.row-summary').textContent()).toBe('✓ Entry granted');
      const colour = (row: typeof rejected) => row.locator('.row-summary').evaluate((node) => getComputedStyle(node).color);
      expect(await colour(rejected)).not.toBe(await colour(granted));

      await rejected.click();
      const badge = page.locator('.details .outcome');
      await expect.poll(() => badge.textContent()).toBe('✕ Entry rejected: the door stayed locked');
      const rejectedLook = await badge.evaluate((node) => [getComputedStyle(node).color, getComputedStyle(node).backgroundColor].join());
      await screenshot(page, `entry-rejected-${colorScheme}.png`);
      await granted.click();
      await expect.poll(() => badge.textContent()).toBe('✓ Entry granted: the door opened');
      const grantedLook = await badge.evaluate((node) => [getComputedStyle(node).color, getComputedStyle(node).backgroundColor].join());
      expect(rejectedLook).not.toBe(grantedLook);
      await screenshot(page, `entry-granted-${colorScheme}.png`);
      await expectClean(probe);
    }
  });
});

describe('the filter dates', () => {
  it('reads and writes From and To in the order of the OS locale', async () => {
    const cases = [
      { locale: 'en-US', placeholder: 'mm/dd/yyyy', from: '11/05/2026', to: '11/30/2026' },
      { locale: 'en-GB', placeholder: 'dd/mm/yyyy', from: '05/11/2026', to: '30/11/2026' },
      { locale: 'de-DE', placeholder: 'dd.mm.yyyy', from: '5.11.2026', to: '30.11.2026' },
    ];
    for (const { locale, placeholder, from, to } of cases) {
      const probe = await open(items(4), { locale });
      const { page } = probe;
      const fromInput = page.getByRole('search').getByLabel('From', { exact: true });
      const toInput = page.getByRole('search').getByLabel('To', { exact: true });
      expect(await fromInput.getAttribute('placeholder')).toBe(placeholder);
      await fromInput.fill(from);
      await toInput.fill(to);
      await expect.poll(async () => (await lastQuery(page))['to']).toBe('2026-11-30T23:59:59.999Z');
      expect((await lastQuery(page))['from']).toBe('2026-11-05T00:00:00.000Z');
      if (locale === 'en-GB') {
        await toInput.fill('31/02/2026');
        await toInput.blur();
        await expect.poll(() => page.locator('.field-error', { hasText: 'Enter the date as dd/mm/yyyy.' }).count()).toBe(1);
        expect(await toInput.getAttribute('aria-invalid')).toBe('true');
        for (const colorScheme of SCHEMES) {
          await page.emulateMedia({ colorScheme });
          await screenshot(page, `history-filter-dates-${colorScheme}.png`);
        }
      }
      await expectClean(probe);
    }
  });
});

describe('the status footer', () => {
  const entryDown = connectedStatus.subscriptions[1]!;

  it('says "Connected (1 of 2)" and what the other stream does, never "Connecting" while one is connected', async () => {
    const probe = await open(items(2), { status: connectedStatus });
    const { page } = probe;
    const summary = page.locator('.status-summary');
    await expect.poll(() => summary.textContent()).toBe('Connected (1 of 2) · Entries reconnecting');
    await page.evaluate((status) => window.__clayTest.setStatus(status), { ...connectedStatus, aggregate: 'connected' as const, subscriptions: [connectedStatus.subscriptions[0]!, { ...entryDown, status: { phase: 'connected' as const, since: '2026-11-27T11:00:00.000Z' }, lastError: null }] });
    await expect.poll(() => summary.textContent()).toBe('Connected');
    await page.evaluate((status) => window.__clayTest.setStatus(status), { ...connectedStatus, aggregate: 'offline' as const, subscriptions: [{ ...connectedStatus.subscriptions[0]!, status: { phase: 'offline' as const, attempt: 4, nextRetryAt: null } }, entryDown] });
    await expect.poll(() => summary.textContent()).toBe('Incidents offline · Entries reconnecting');
    await expectClean(probe);
  });

  it('says the error in words and keeps the technical text under a details toggle', async () => {
    for (const colorScheme of SCHEMES) {
      const probe = await open(items(2), { status: connectedStatus, colorScheme });
      const { page } = probe;
      const line = page.locator('.status-line').nth(1);
      await expect.poll(() => line.locator('.status-error').textContent()).toBe(' · last error: the connection dropped (network)');
      const technical = line.locator('details.technical');
      expect(await technical.evaluate((node) => (node as HTMLDetailsElement).open)).toBe(false);
      expect(await technical.locator('dd').isVisible()).toBe(false);
      await technical.locator('summary').focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => technical.locator('dd').isVisible()).toBe(true);
      expect(await technical.locator('dd').textContent()).toBe('WebSocket closed with code 1006');
      // It stays open across the once-a-second refresh of the retry countdown.
      await page.waitForTimeout(1200);
      expect(await line.locator('details.technical').evaluate((node) => (node as HTMLDetailsElement).open)).toBe(true);
      await screenshot(page, `status-footer-${colorScheme}.png`);
      await expectClean(probe);
    }
  });
});

describe('settings layout', () => {
  it('uses the width: a section list, two columns, the secret one click away and a Save bar that covers nothing', async () => {
    for (const colorScheme of SCHEMES) {
      const probe = await open(items(2), { status: statusSnapshot(), colorScheme });
      const { page } = probe;
      await page.getByRole('tab', { name: 'Settings' }).click();
      const nav = page.getByRole('navigation', { name: 'Settings sections' });
      await nav.waitFor();
      const names = await nav.getByRole('button').allTextContents();
      expect(names.slice(0, 2)).toEqual(['Connection', 'Sign-in']);
      expect(names.length).toBeGreaterThanOrEqual(8);
      // Two columns: sections start at two different x positions, side by side.
      const lefts = new Set(await page.locator('.settings-section').evaluateAll((nodes) => nodes.map((n) => Math.round(n.getBoundingClientRect().left))));
      expect(lefts.size).toBe(2);

      // Every field, brought into view the way Tab brings it, is on top: the Save bar hides none.
      const covered = await page.locator('.settings-sections').evaluate((root) => {
        const hidden: string[] = [];
        for (const control of root.querySelectorAll<HTMLElement>('input, select, textarea, button')) {
          const box = control.getBoundingClientRect();
          if (box.width === 0 || box.height === 0) continue;
          control.scrollIntoView({ block: 'nearest' });
          const now = control.getBoundingClientRect();
          const hit = document.elementFromPoint(now.left + now.width / 2, now.top + now.height / 2);
          if (hit === null || !(hit === control || control.contains(hit) || hit.contains(control))) hidden.push(control.getAttribute('aria-label') ?? control.id ?? control.textContent ?? '');
        }
        return hidden;
      });
      expect(covered).toEqual([]);

      await page.locator('.settings-scroll').evaluate((node) => node.scrollTo(0, node.scrollHeight));
      await nav.getByRole('button', { name: 'Sign-in' }).click();
      const secret = page.getByLabel('Client secret');
      await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Sign-in');
      const inView = await secret.evaluate((input) => {
        const box = input.getBoundingClientRect();
        const scroller = input.closest('.settings-scroll')!.getBoundingClientRect();
        return box.top >= scroller.top && box.bottom <= scroller.bottom && document.elementFromPoint(box.left + 5, box.top + box.height / 2) === input;
      });
      expect(inView).toBe(true);
      // And from the list to the secret by keyboard: Enter on "Sign-in", then Tab lands in the section.
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.type)).toBe('radio');
      await page.locator('.settings-scroll').evaluate((node) => node.scrollTo(0, 0));
      await screenshot(page, `settings-layout-${colorScheme}.png`);
      await expectClean(probe);
    }
  });
});

describe('checkboxes and radios', () => {
  it('have a border of at least 3:1 against their background, unchecked, in dark and light', async () => {
    for (const colorScheme of SCHEMES) {
      const probe = await open(items(2), { colorScheme });
      const { page } = probe;
      await page.getByRole('tab', { name: 'Settings' }).click();
      await page.locator('.settings-section').first().waitFor();
      await page.getByRole('tab', { name: 'History' }).click();
      const measured = await page.evaluate(() => {
        const background = (node: Element | null): string => {
          for (let at = node?.parentElement ?? null; at !== null; at = at.parentElement) {
            const colour = getComputedStyle(at).backgroundColor;
            if (colour !== 'rgba(0, 0, 0, 0)' && colour !== 'transparent') return colour;
          }
          return getComputedStyle(document.body).backgroundColor;
        };
        return [...document.querySelectorAll<HTMLInputElement>('input[type=checkbox], input[type=radio]')]
          .filter((input) => !input.checked)
          .map((input) => ({ type: input.type, border: getComputedStyle(input).borderTopColor, width: getComputedStyle(input).borderTopWidth, background: background(input) }));
      });
      expect(measured.some((m) => m.type === 'checkbox')).toBe(true);
      expect(measured.some((m) => m.type === 'radio')).toBe(true);
      for (const m of measured) {
        expect(contrast(m.border, m.background), `${colorScheme} ${m.type}: ${m.border} on ${m.background}`).toBeGreaterThanOrEqual(3);
        expect(parseFloat(m.width)).toBeGreaterThanOrEqual(1);
      }
      await expectClean(probe);
    }
  });
});
