/**
 * Translatable: the window built with a pseudo-locale catalog (every English message accented and
 * bracketed ⟦…⟧) shows no English of its own anywhere: not in History with an event and a gap
 * selected, not in the details, the dialogs, an incident ticked for acknowledgement, the shift
 * handover (with events and empty), the status footer, any Settings section (the alert rule editor
 * with rules in it, and its preview answering for each kind of outcome) or About.
 * Whatever English is left must be data (event fields, versions, paths, what main reported), so
 * a translation really is one catalog file.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newAlertRule } from '../../app/common/alert-rules';
import { t, useCatalog } from '../../app/common/messages/catalog';
import en from '../../app/common/messages/en.json';
import type { AlertRule, AlertRulesSettings } from '../../app/common/alert-rules';
import type { HistoryItem, StatusSnapshot } from '../../app/common/models';
import type { Settings } from '../../app/common/settings';
import { DEFAULT_SETTINGS } from '../../app/core/settings/settings-defaults';
import { STUB_ABOUT } from '../support/about-info';
import { PSEUDO_LOCALE, pseudoCatalog } from '../support/pseudo-locale';
import { statusSnapshot } from '../support/status';
import { eventItem } from './fixtures';
import { bundle, openWindow, startHarness } from './harness';
import type { Harness } from './harness';

const ROW = '#history-list .row';
let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
  const css = readdirSync(path.join(harness.outDir, 'assets')).find((name) => name.endsWith('.css'));
  if (css === undefined) throw new Error('The renderer build has no stylesheet.');
  writeFileSync(path.join(harness.outDir, 'pseudo.js'), await bundle('test/renderer/pseudo-window-entry.ts'));
  writeFileSync(
    path.join(harness.outDir, 'pseudo.html'),
    `<!doctype html><html lang="en-XA"><head><meta charset="utf-8"><title>pseudo</title><link rel="stylesheet" href="./assets/${css}"><script src="./pseudo.js" defer></script></head><body></body></html>`,
  );
});

afterAll(async () => {
  await harness?.close();
});

const seed: HistoryItem[] = [
  eventItem(0, { lock: { id: 'lock-0', name: 'Door 0' } }),
  eventItem(1, { stream: 'entry', category: 'lock_rejected', credential: '02306295', person: 'Ana Ruiz' }),
  { kind: 'gap', gap: { key: 'gap:1', stream: 'entry', site: null, from: '2026-11-27T11:50:00.000Z', to: '2026-11-27T11:55:00.000Z', recovery: { state: 'failed', recovered: 2, reason: null } } },
];

const status: StatusSnapshot = statusSnapshot({
  aggregate: 'connecting',
  subscriptions: [
    { id: 'incident', stream: 'incident', site: null, status: { phase: 'connected', since: '2026-11-27T11:00:00.000Z' }, lastError: null, lastEventAt: null, offlineSince: null },
    { id: 'entry', stream: 'entry', site: null, status: { phase: 'reconnecting', attempt: 2, nextRetryAt: null }, lastError: 'WebSocket closed with code 1006', lastEventAt: null, offlineSince: '2026-11-27T11:58:00.000Z' },
  ],
  unread: 2,
  paused: { until: null },
});

/**
 * Rules whose cards show every control (an urgent one with its sound and a time window) and whose
 * preview, for the two events, says "sounds … until acknowledged" and "sounds nothing … once".
 */
const rule = (name: string, fields: Partial<AlertRule>): AlertRule => ({ ...newAlertRule(name), ...fields });
const RULES: AlertRulesSettings = {
  ...DEFAULT_SETTINGS.alertRules,
  rules: [
    rule('Front door', { doors: ['Door 0'], action: 'urgent', sound: 'siren', time: { days: [0, 1, 2, 3, 4, 5, 6], start: '00:00', end: '23:59', outside: false } }),
    rule('Rejected', { categories: ['lock_rejected', 'office_mode'], sites: ['site-hq'], action: 'urgent', sound: 'silent' }),
  ],
};
const settings: Settings = { ...DEFAULT_SETTINGS, alertRules: RULES };

/** Everything the window got from outside the catalog: event fields, main's answers, Intl's month names. */
const DATA = [
  ...seed.flatMap((item) => (item.kind === 'event' ? Object.values(item.event).flatMap((v) => (typeof v === 'string' ? [v] : v !== null && typeof v === 'object' ? Object.values(v).filter((x): x is string => typeof x === 'string') : [])) : [])),
  ...Object.entries(STUB_ABOUT.versions).flat(),
  ...STUB_ABOUT.dataFolders.flatMap((folder) => [folder.label, folder.path]),
  STUB_ABOUT.update.message,
  'WebSocket closed with code 1006',
  'MIT',
  'gap:1',
  '/home/user/clay-handover.json',
  ...RULES.rules.map((r) => r.name),
  // The service's own value, only humanised (access_by "tag"), and a file format's marker.
  'Tag',
  '-----BEGIN CERTIFICATE-----',
].sort((a, b) => b.length - a.length);
const MONTHS_AND_ZONE = /\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|UTC)\b/g;

/**
 * Text nodes and labelling attributes with English letters left once data is taken out. Pseudo text
 * has no plain letters at all, so English put into a catalog message's placeholder (⟦… entries …⟧)
 * is found as well as English outside the catalog.
 */
async function untranslated(page: Page, data: readonly string[]): Promise<string[]> {
  const texts = await page.evaluate(() => {
    const found: string[] = [];
    const skip = (node: Node): boolean => node.parentElement?.closest('pre.raw, .about-notices') != null;
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) if (!skip(node)) found.push(node.textContent ?? '');
    for (const element of document.body.querySelectorAll('*')) {
      for (const name of ['aria-label', 'placeholder', 'title', 'alt']) {
        const value = element.getAttribute(name);
        if (value !== null) found.push(value);
      }
    }
    return found;
  });
  return texts.filter((text) => {
    let rest = text;
    for (const value of data) if (value.length > 0) rest = rest.split(value).join(' ');
    return /[A-Za-z]{2,}/.test(rest.replace(MONTHS_AND_ZONE, ' '));
  });
}

describe('the window in a pseudo-locale', () => {
  it('shows no English of its own in History, the details, the dialogs, the footer, Settings or About', async () => {
    const probe = await openWindow(
      harness,
      (arg: { seed: HistoryItem[]; status: StatusSnapshot; about: typeof STUB_ABOUT; settings: Settings }) => {
        window.__clayTest.seed(arg.seed);
        window.__clayTest.useSettings(arg.settings);
        window.__clayTest.setStatus(arg.status);
        window.__clayTest.setAbout(arg.about);
      },
      { seed, status, about: { ...STUB_ABOUT, crashedAt: '2026-11-27T11:00:00.000Z' }, settings },
      { path: 'pseudo.html' },
    );
    const { page } = probe;
    await page.locator(ROW).first().waitFor();
    await expect.poll(() => page.locator('.status-summary').textContent()).toContain('⟦');
    const leftovers: Record<string, string[]> = {};

    await page.locator(ROW).nth(0).click();
    await page.locator('.details details.technical summary').click();
    leftovers['history, an incident selected'] = await untranslated(page, DATA);
    await page.locator(ROW).nth(1).click();
    await page.locator('.details details.technical summary').click();
    leftovers['history, a rejected entry selected'] = await untranslated(page, DATA);
    await page.locator(ROW).nth(2).click();
    leftovers['history, a gap selected'] = await untranslated(page, DATA);
    await page.locator('.toolbar .btn-danger').click();
    leftovers['the clear dialog'] = await untranslated(page, DATA);
    await page.keyboard.press('Escape');
    await page.locator(ROW).nth(0).click();
    await page.locator('.details-actions .btn').first().click();
    leftovers['the acknowledge dialog'] = await untranslated(page, DATA);
    await page.keyboard.press('Escape');
    leftovers['history, an incident ticked'] = await walkSelection(page);
    leftovers['the shift handover'] = await walkHandover(page);

    await page.locator('#tab-settings').click();
    await page.locator('.settings-section').first().waitFor();
    await page.locator('.rule-card').nth(1).waitFor();
    leftovers['settings'] = await untranslated(page, DATA);
    leftovers['the rule preview'] = await walkRulePreview(page);
    await page.locator('#tab-about').click();
    leftovers['about'] = await untranslated(page, DATA);

    expect(leftovers).toEqual({
      'history, an incident selected': [],
      'history, a rejected entry selected': [],
      'history, a gap selected': [],
      'the clear dialog': [],
      'the acknowledge dialog': [],
      'history, an incident ticked': [],
      'the shift handover': [],
      settings: [],
      'the rule preview': [],
      about: [],
    });
    // The checks can fail: English is found when the pseudo-locale is off.
    const english = await openWindow(harness, (arg: { seed: HistoryItem[] }) => window.__clayTest.seed(arg.seed), { seed }, {});
    await english.page.locator(ROW).first().waitFor();
    expect(await untranslated(english.page, DATA)).toContain('Mark all read');
    await english.page.close();
    expect(probe.problems).toEqual([]);
    await page.close();
  });
});

/**
 * The preview's answer for each outcome: the two seeded events under the two rules, then rule 1
 * made silent, ignore and notify, then no rules at all (the list's empty text and "no rule matches").
 */
async function walkRulePreview(page: Page): Promise<string[]> {
  const picker = page.locator('.rule-preview select');
  const result = page.locator('.rule-preview-result');
  const answers = new Set<string>();
  const leftovers: string[] = [];
  const walk = async (): Promise<void> => {
    await expect.poll(async () => {
      const text = (await result.textContent()) ?? '';
      return text !== '' && !answers.has(text);
    }).toBe(true);
    answers.add((await result.textContent()) ?? '');
    leftovers.push(...(await untranslated(page, DATA)));
  };
  await expect.poll(() => picker.locator('option').count()).toBe(2);
  await picker.selectOption('incident:e0');
  await walk();
  await picker.selectOption('entry:e1');
  await walk();
  await picker.selectOption('incident:e0');
  const action = page.locator('.rule-card').first().locator('select').first();
  for (const value of ['silent', 'ignore', 'notify']) {
    await action.selectOption(value);
    await walk();
  }
  for (let left = 2; left > 0; left -= 1) {
    await page.locator('.rule-card [data-part="delete"]').first().click();
    await expect.poll(() => page.locator('.rule-card').count()).toBe(left - 1);
  }
  await walk();
  // Six different answers: the walk above really reached each outcome.
  expect(answers.size).toBe(6);
  return leftovers;
}

/** The pseudo-locale's text for a message, to find a control by its name. */
function pseudo(key: Parameters<typeof t>[0], params: Parameters<typeof t>[1] = {}): string {
  useCatalog(pseudoCatalog(), PSEUDO_LOCALE);
  try {
    return t(key, params);
  } finally {
    useCatalog(en, 'en');
  }
}

/** The incident ticked (its box, the row's name, the toolbar), an entry refused by Space, and the dialog for the selection. */
async function walkSelection(page: Page): Promise<string[]> {
  await page.locator(`${ROW} .row-check`).first().click();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Space');
  await expect.poll(() => page.locator('.view-history .message').textContent()).toContain('⟦');
  await page.keyboard.press('ArrowUp');
  const leftovers = await untranslated(page, DATA);
  await page.getByRole('button', { name: pseudo('history.acknowledgeSelectedCount', { count: 1 }) }).click();
  await page.locator('dialog.acknowledge[open]').waitFor();
  leftovers.push(...(await untranslated(page, DATA)));
  await page.keyboard.press('Escape');
  return leftovers;
}

/** The handover of the seeded span (an open incident, a gap, counts), after an export, and of an empty span. */
async function walkHandover(page: Page): Promise<string[]> {
  await page.evaluate(() => window.__clayTest.setHandoverNow('2026-11-27T13:00:00.000Z'));
  await page.locator('#tab-handover').click();
  const since = page.locator('.view-handover input[type="datetime-local"]');
  const showFrom = async (value: string): Promise<void> => {
    await since.fill(value);
    await since.dispatchEvent('change');
  };
  await showFrom('2026-11-27T00:00');
  await expect.poll(() => page.locator('.view-handover tbody tr').count()).toBeGreaterThan(2);
  const leftovers = await untranslated(page, DATA);
  await page.getByRole('button', { name: pseudo('history.exportJson') }).last().click();
  await expect.poll(() => page.locator('.view-handover .handover-message').textContent()).toContain('/home/user/clay-handover.json');
  leftovers.push(...(await untranslated(page, DATA)));
  await showFrom('2026-11-27T12:59');
  await expect.poll(() => page.locator('.view-handover tbody tr').count()).toBe(0);
  leftovers.push(...(await untranslated(page, DATA)));
  return leftovers;
}
