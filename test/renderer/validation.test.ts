/**
 * The window checks settings with the common rules (app/common/settings-rules.ts), not a copy of
 * its own: a bad value typed into the real form in Chromium must show exactly the message main's
 * reader gives for the same settings, and a good value must clear it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Settings } from '../../app/common/settings';
import { readSettings } from '../../app/common/settings-rules';
import { DEFAULT_SETTINGS } from '../../app/core/settings/settings-defaults';
import { secretProblem } from '../../renderer/settings/validation';
import { openWindow, startHarness } from './harness';
import type { Harness, PageProbe } from './harness';

type Edit = (s: Settings) => Settings;
const conn = (patch: Partial<Settings['connection']>): Edit => (s) => ({ ...s, connection: { ...s.connection, ...patch } });
const auth = (patch: Partial<Settings['auth']>): Edit => (s) => ({ ...s, auth: { ...s.auth, ...patch } });
const notif = (patch: Partial<Settings['notifications']>): Edit => (s) => ({ ...s, notifications: { ...s.notifications, ...patch } });
const hist = (patch: Partial<Settings['history']>): Edit => (s) => ({ ...s, history: { ...s.history, ...patch } });
const storm = (windowSeconds: number): Edit => (s) => notif({ storm: { ...s.notifications.storm, windowSeconds } })(s);

interface Case {
  readonly label: string;
  readonly path: string;
  readonly bad: string;
  readonly badEdit: Edit;
  readonly good: string;
}

const CASES: readonly Case[] = [
  { label: 'Core API address (optional)', path: 'connection.baseUrl', bad: 'https://user:pw@example.com', badEdit: conn({ baseUrl: 'https://user:pw@example.com' }), good: 'http://127.0.0.1:5000' },
  { label: 'Identity server address (optional)', path: 'auth.identityUrl', bad: 'https://example.com/?a=1', badEdit: auth({ identityUrl: 'https://example.com/?a=1' }), good: '' },
  { label: 'Scope', path: 'auth.scope', bad: 'core_api.full "x"', badEdit: auth({ scope: 'core_api.full "x"' }), good: 'core_api.standard' },
  { label: 'Client ID', path: 'auth.clientId', bad: 'x'.repeat(201), badEdit: auth({ clientId: 'x'.repeat(201) }), good: 'my-client' },
  { label: 'Summary window in seconds', path: 'notifications.storm.windowSeconds', bad: '2.5', badEdit: storm(2.5), good: '60' },
  { label: 'Minutes offline before a notice', path: 'notifications.offlineNoticeMinutes', bad: '2000', badEdit: notif({ offlineNoticeMinutes: 2000 }), good: '0' },
  { label: 'Days kept in history', path: 'history.maxDays', bad: '0', badEdit: hist({ maxDays: 0 }), good: '30' },
];

/** What main's reader says about `path` for these settings. */
function commonMessage(settings: Settings, path: string): string | undefined {
  return readSettings(settings).problems.find((p) => p.path === path)?.message;
}

describe('the window validates with the common settings rules', () => {
  let harness: Harness;
  let probe: PageProbe;

  beforeAll(async () => {
    harness = await startHarness();
    probe = await openWindow(harness);
    await probe.page.getByRole('tab', { name: 'Settings' }).click();
    await probe.page.getByLabel('Core API address (optional)').waitFor();
  });

  afterAll(async () => {
    await harness?.close();
  });

  /** The error paragraph the field names last in aria-describedby. */
  async function shownError(label: string): Promise<string> {
    return probe.page.getByLabel(label, { exact: true }).evaluate((control) => {
      const id = control.getAttribute('aria-describedby')?.split(' ').at(-1) ?? '';
      return document.getElementById(id)?.textContent ?? '<no error element>';
    });
  }

  it.each(CASES)('$label: shows main\'s message for a bad value and clears it for a good one', async ({ label, path, bad, badEdit, good }) => {
    const expected = commonMessage(badEdit(DEFAULT_SETTINGS), path);
    expect(expected).toEqual(expect.any(String));
    const control = probe.page.getByLabel(label, { exact: true });
    await control.fill(bad);
    await control.blur();
    await expect.poll(() => shownError(label)).toBe(expected);
    expect(await control.getAttribute('aria-invalid')).toBe('true');

    await control.fill(good);
    await control.blur();
    await expect.poll(() => shownError(label)).toBe('');
    expect(await control.getAttribute('aria-invalid')).toBeNull();
  });

  it('raised no page error, CSP violation or native dialog', () => {
    expect(probe.problems).toEqual([]);
    expect(probe.dialogs).toEqual([]);
  });
});

describe('secret shape', () => {
  it('asks for a value, refuses inner whitespace in tokens and control characters', () => {
    expect(secretProblem('token', '  ')).toBe('Paste the access token first.');
    expect(secretProblem('client-secret', '')).toBe('Enter the client secret first.');
    expect(secretProblem('token', 'abc def')).toBe('A token has no spaces or line breaks: check that it was pasted whole.');
    expect(secretProblem('client-secret', 'abc\u0007def')).toBe('The secret contains line breaks or control characters: check what was pasted.');
    expect(secretProblem('token', 'a.b.c\n')).toBeNull();
    expect(secretProblem('client-secret', 'with space')).toBeNull();
  });
});
