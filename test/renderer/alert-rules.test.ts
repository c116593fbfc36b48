/**
 * Settings › Alert rules in a real Chromium over the test bridge: adding, editing, moving (by
 * button and by keyboard) and deleting rules with inline validation, the alarm sound per kind, the
 * live "what would happen to this event" preview, the rule's sound reaching the alarm player, and
 * screenshots in light and dark.
 */
import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newAlertRule } from '../../app/common/alert-rules';
import type { AlertRule, AlertRulesSettings } from '../../app/common/alert-rules';
import type { HistoryItem } from '../../app/common/models';
import type { Settings } from '../../app/common/settings';
import { DEFAULT_SETTINGS } from '../../app/core/settings/settings-defaults';
import { eventItem } from './fixtures';
import { openWindow, startHarness } from './harness';
import type { Harness, PageProbe } from './harness';
import { expectClean } from './page-checks';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness?.close();
});

interface Setup {
  readonly seed: readonly HistoryItem[];
  readonly settings: Settings;
}

/** 2026-11-27 is a Friday: 21:00 is after business hours, 10:00 within them. */
const SEED: readonly HistoryItem[] = [
  eventItem(1, { stream: 'entry', id: 'after', category: 'lock_opened', time: '2026-11-27T20:00:00.000Z', localTime: '2026-11-27T21:00:00', lock: { id: 'lock-sr', name: 'Server room' } }),
  eventItem(2, { stream: 'incident', id: 'battery', category: 'battery_low', time: '2026-11-27T19:00:00.000Z', localTime: '2026-11-27T20:00:00', lock: { id: 'lock-7', name: 'Store' } }),
  eventItem(3, { stream: 'entry', id: 'day', category: 'lock_opened', time: '2026-11-27T09:00:00.000Z', localTime: '2026-11-27T10:00:00', lock: { id: 'lock-sr', name: 'Server room' } }),
  eventItem(4, { stream: 'incident', id: 'dlo', category: 'door_left_open', time: '2026-11-27T08:00:00.000Z', localTime: '2026-11-27T09:00:00', lock: { id: 'lock-1', name: 'Lobby' } }),
];

const rule = (name: string, fields: Partial<AlertRule>): AlertRule => ({ ...newAlertRule(name), ...fields });
const EXAMPLE_RULES: AlertRulesSettings = {
  ...DEFAULT_SETTINGS.alertRules,
  rules: [
    rule('Server room after hours', { categories: ['lock_opened'], doors: ['Server room'], time: { days: [1, 2, 3, 4, 5], start: '08:00', end: '18:00', outside: true }, action: 'urgent', sound: 'siren' }),
    rule('Low battery', { families: ['low_battery'], action: 'silent' }),
  ],
};

async function openRules(options: { rules?: AlertRulesSettings; colorScheme?: 'light' | 'dark' } = {}): Promise<PageProbe> {
  const settings: Settings = { ...DEFAULT_SETTINGS, alertRules: options.rules ?? DEFAULT_SETTINGS.alertRules };
  const probe = await openWindow<Setup>(
    harness,
    (arg) => {
      window.__clayTest.seed(arg.seed);
      window.__clayTest.useSettings(arg.settings);
    },
    { seed: SEED, settings },
    { colorScheme: options.colorScheme ?? 'light' },
  );
  await probe.page.getByRole('tab', { name: 'Settings' }).click();
  await probe.page.getByRole('heading', { name: 'Alert rules' }).waitFor();
  return probe;
}

const card = (page: Page, n: number) => page.locator('.rule-item').nth(n - 1);
const legends = (page: Page) => page.locator('.rule-card > legend').allTextContents();
const focusedLabel = (page: Page) => page.evaluate(() => {
  const active = document.activeElement as HTMLElement | null;
  return active?.getAttribute('aria-label') ?? (active?.id ? document.querySelector(`label[for="${active.id}"]`)?.textContent : null) ?? null;
});

describe('Settings › Alert rules editor', () => {
  it('adds, edits, moves (buttons and Alt+arrows), validates inline and deletes rules, then saves them in order', async () => {
    const probe = await openRules();
    const { page } = probe;
    expect(await page.locator('.rule-empty').textContent()).toBe('No rules: every event is handled as set under Notifications.');

    await page.getByRole('button', { name: 'Add a rule' }).click();
    const first = card(page, 1);
    const name = first.getByLabel('Name');
    await expect.poll(() => focusedLabel(page)).toBe('Name');
    await name.fill('');
    await name.blur();
    await expect.poll(() => first.locator('.field-error', { hasText: 'Rule 1: Name: give the rule a name' }).count()).toBe(1);
    expect(await name.getAttribute('aria-invalid')).toBe('true');
    await name.fill('Server room after hours');
    await first.getByLabel('What happens').selectOption('urgent');
    await first.getByLabel('Alarm sound').selectOption('siren');
    await first.getByLabel('Entry granted').check();
    await first.getByLabel('Doors (optional)').fill('Server room\n\n');
    await first.getByLabel('Only at certain times').check();
    await first.getByLabel('Match').selectOption('outside');
    const until = first.getByLabel('Until');
    await until.fill('08:00');
    await until.blur();
    await expect.poll(() => first.locator('.field-error', { hasText: 'Rule 1: Until: choose a time different from From.' }).count()).toBe(1);
    await first.getByLabel('Saturday').check();
    await first.getByLabel('Saturday').uncheck();
    for (const day of ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday']) await first.getByLabel(day).uncheck();
    await first.getByLabel('Monday').blur();
    await expect.poll(() => first.locator('.field-error', { hasText: 'Rule 1: Days: choose at least one day.' }).count()).toBe(1);
    // Saving now refuses and says why, without a round trip to main.
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => page.locator('.form-message').textContent()).toMatch(/^Not saved: 2 things need fixing\./);
    for (const day of ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday']) await first.getByLabel(day).check();
    await until.fill('18:00');
    await until.blur();
    await expect.poll(() => first.locator('.field-error').allTextContents()).toEqual(expect.arrayContaining(['']));
    expect((await first.locator('.field-error').allTextContents()).join('')).toBe('');

    await page.getByRole('button', { name: 'Add a rule' }).click();
    const second = card(page, 2);
    await second.getByLabel('Name').fill('Low battery');
    await second.getByLabel('Low battery', { exact: true }).check();
    await second.getByLabel('What happens').selectOption('silent');
    expect(await second.getByLabel('Alarm sound').isVisible()).toBe(false);
    expect(await legends(page)).toEqual(['Rule 1: Server room after hours', 'Rule 2: Low battery']);

    // Keyboard: Alt+↑ in rule 2 moves it first, with the focus still in its name.
    await second.getByLabel('Name').focus();
    await page.keyboard.press('Alt+ArrowUp');
    expect(await legends(page)).toEqual(['Rule 1: Low battery', 'Rule 2: Server room after hours']);
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).value)).toBe('Low battery');
    // Its "Move down" button and Enter: back where it was; the focus stays on the rule (now last, on "Move up").
    await card(page, 1).getByRole('button', { name: 'Move rule 1 down' }).focus();
    await page.keyboard.press('Enter');
    expect(await legends(page)).toEqual(['Rule 1: Server room after hours', 'Rule 2: Low battery']);
    await expect.poll(() => focusedLabel(page)).toBe('Move rule 2 up');
    expect(await card(page, 2).getByRole('button', { name: 'Move rule 2 down' }).isDisabled()).toBe(true);
    expect(await card(page, 1).getByRole('button', { name: 'Move rule 1 up' }).isDisabled()).toBe(true);

    await page.getByRole('group', { name: 'Alarm sound per kind of incident' }).getByLabel('Tamper alarm').selectOption('chime');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => page.locator('.form-message').textContent()).toBe('Saved.');
    const saved = await page.evaluate(() => window.__clayTest.settings().alertRules);
    expect(saved).toEqual({
      rules: [
        rule('Server room after hours', { categories: ['lock_opened'], doors: ['Server room'], time: { days: [1, 2, 3, 4, 5], start: '08:00', end: '18:00', outside: true }, action: 'urgent', sound: 'siren' }),
        rule('Low battery', { families: ['low_battery'], action: 'silent' }),
      ],
      familySounds: { ...DEFAULT_SETTINGS.alertRules.familySounds, tamper: 'chime' },
    });

    await card(page, 1).getByRole('button', { name: 'Delete rule 1' }).click();
    expect(await legends(page)).toEqual(['Rule 1: Low battery']);
    await expect.poll(() => focusedLabel(page)).toBe('Name');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => page.evaluate(() => window.__clayTest.settings().alertRules.rules.map((r) => r.name))).toEqual(['Low battery']);
    await expectClean(probe);
  });

  it('previews what happens to a recent event with the rules as edited, before saving', async () => {
    const probe = await openRules({ rules: EXAMPLE_RULES });
    const { page } = probe;
    const picker = page.getByLabel('Recent event');
    const result = page.locator('.rule-preview-result');
    await expect.poll(() => picker.locator('option').count()).toBe(4);
    await picker.selectOption('entry:after');
    await expect.poll(() => result.textContent()).toBe(
      'Rule 1, “Server room after hours”, matches. Notifies, even in quiet hours or pause, and sounds the alarm “Siren (sweeping)” once (entries cannot be acknowledged).',
    );
    await picker.selectOption('entry:day');
    await expect.poll(() => result.textContent()).toBe('No rule matches: as set under Notifications. Silent: kept in history, no notification.');
    await picker.selectOption('incident:battery');
    await expect.poll(() => result.textContent()).toBe('Rule 2, “Low battery”, matches. Silent: kept in history, no notification.');
    await picker.selectOption('incident:dlo');
    await expect.poll(() => result.textContent()).toBe('No rule matches: as set under Notifications. Notifies (held back in quiet hours and pause).');

    // The preview follows the draft: rule 2 now takes doors left open too, and makes them urgent.
    const second = card(page, 2);
    await second.getByLabel('Door left open').check();
    await second.getByLabel('What happens').selectOption('urgent');
    await expect.poll(() => result.textContent()).toBe('Rule 2, “Low battery”, matches. Notifies, even in quiet hours or pause, and sounds the alarm “Beeps (two tones)” until someone acknowledges it.');
    await page.getByRole('group', { name: 'Alarm sound per kind of incident' }).getByLabel('Door left open').selectOption('siren');
    await expect.poll(() => result.textContent()).toContain('sounds the alarm “Siren (sweeping)” until someone acknowledges it.');
    expect(await page.evaluate(() => window.__clayTest.settings().alertRules)).toEqual(EXAMPLE_RULES);
    await expectClean(probe);
  });

  it('plays the sound a ring names: a rule’s siren, from the app’s own files', async () => {
    const probe = await openRules();
    const { page } = probe;
    await page.evaluate(() => window.__clayTest.emit('clay:alarm:did-ring', { sound: 'siren', volume: 0.3, repeat: 0, bringToFront: false, flashTaskbar: false, bounceDock: false, open: 1 }));
    const audio = page.locator('audio.alarm-audio');
    await expect.poll(() => audio.evaluate((a: HTMLAudioElement) => ({ paused: a.paused, error: a.error?.code ?? null, path: new URL(a.currentSrc).pathname }))).toEqual({ paused: false, error: null, path: '/sounds/siren.wav' });
    await page.evaluate(() => window.__clayTest.emit('clay:alarm:did-ring', { sound: 'chime', volume: 0.3, repeat: 1, bringToFront: false, flashTaskbar: false, bounceDock: false, open: 1 }));
    await expect.poll(() => audio.evaluate((a: HTMLAudioElement) => ({ paused: a.paused, error: a.error?.code ?? null, path: new URL(a.currentSrc).pathname }))).toEqual({ paused: false, error: null, path: '/sounds/chime.wav' });
    await expectClean(probe);
  });

  it('writes the editor with its preview in light and dark to test-output/screenshots', async () => {
    const dir = path.resolve('test-output/screenshots');
    mkdirSync(dir, { recursive: true });
    for (const colorScheme of ['light', 'dark'] as const) {
      const probe = await openRules({ rules: EXAMPLE_RULES, colorScheme });
      const { page } = probe;
      await page.getByLabel('Recent event').selectOption('entry:after');
      const name = card(page, 2).getByLabel('Name');
      await name.fill('');
      await name.blur();
      await page.getByRole('heading', { name: 'Alert rules' }).evaluate((heading) => heading.scrollIntoView({ block: 'start' }));
      await page.screenshot({ path: path.join(dir, `settings-alert-rules-${colorScheme}.png`) });
      await page.locator('.rule-preview').scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(dir, `settings-alert-rules-preview-${colorScheme}.png`) });
      await expectClean(probe);
      for (const name of ['settings-alert-rules', 'settings-alert-rules-preview']) expect(statSync(path.join(dir, `${name}-${colorScheme}.png`)).size).toBeGreaterThan(10_000);
    }
  });
});
