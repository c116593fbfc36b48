/**
 * The window's inline validation must say what main's schema says: each case runs through both
 * (renderer/settings/validation.ts and app/core/settings-schema.ts) and the problems must match.
 */
import { describe, expect, it } from 'vitest';
import type { Settings } from '../../app/common/settings';
import { DEFAULT_SETTINGS } from '../../app/core/settings-defaults';
import { readSettings } from '../../app/core/settings-schema';
import { secretProblem, validateSettings } from '../../renderer/settings/validation';

type Edit = (s: Settings) => Settings;
const conn = (patch: Partial<Settings['connection']>): Edit => (s) => ({ ...s, connection: { ...s.connection, ...patch } });
const auth = (patch: Partial<Settings['auth']>): Edit => (s) => ({ ...s, auth: { ...s.auth, ...patch } });
const notif = (patch: Partial<Settings['notifications']>): Edit => (s) => ({ ...s, notifications: { ...s.notifications, ...patch } });
const hist = (patch: Partial<Settings['history']>): Edit => (s) => ({ ...s, history: { ...s.history, ...patch } });

const CASES: readonly (readonly [string, Edit])[] = [
  ['an ftp address', conn({ baseUrl: 'ftp://example.com' })],
  ['not an address', conn({ baseUrl: 'example dot com' })],
  ['credentials in the address', conn({ baseUrl: 'https://user:pw@example.com' })],
  ['a query in the address', conn({ baseUrl: 'https://example.com/?a=1' })],
  ['no streams', conn({ streams: { incident: false, entry: false } })],
  ['a site id with a space', conn({ sites: [{ id: 'a b', name: 'A' }] })],
  ['an empty site id', conn({ sites: [{ id: '', name: 'A' }] })],
  ['a duplicate site id in another case', conn({ sites: [{ id: 'abc', name: 'A' }, { id: 'ABC', name: 'B' }] })],
  ['a site name too long', conn({ sites: [{ id: 'abc', name: 'x'.repeat(101) }] })],
  ['a client id with a line break', auth({ clientId: 'id\nmore' })],
  ['an empty scope', auth({ scope: '  ' })],
  ['a scope with a quote', auth({ scope: 'core_api.full "x"' })],
  ['a bad identity address', auth({ identityUrl: 'mailto:me@example.com' })],
  ['quiet hours start not a time', notif({ quietHours: { enabled: false, start: '25:00', end: '07:00' } })],
  ['quiet hours empty span', notif({ quietHours: { enabled: true, start: '07:00', end: '07:00' } })],
  ['storm count too small', notif({ storm: { maxCount: 1, windowSeconds: 60 } })],
  ['storm window not whole', notif({ storm: { maxCount: 5, windowSeconds: 2.5 } })],
  ['offline minutes too large', notif({ offlineNoticeMinutes: 2000 })],
  ['history events too few', hist({ maxEvents: 5 })],
  ['history days not a number', hist({ maxDays: Number.NaN })],
  ['always-notify with a bad name', notif({ alwaysNotify: ['Door Left Open'] })],
];

describe('settings validation mirrors main', () => {
  it('finds nothing wrong with the defaults', () => {
    expect(validateSettings(DEFAULT_SETTINGS)).toEqual([]);
    expect(readSettings(DEFAULT_SETTINGS).problems).toEqual([]);
  });

  it.each(CASES)('%s: same message as main', (_name, edit) => {
    const settings = edit(DEFAULT_SETTINGS);
    const ours = validateSettings(settings);
    expect(ours.length).toBeGreaterThan(0);
    expect(ours).toEqual(readSettings(settings).problems);
  });

  it('accepts what main accepts, including loopback http for the simulator', () => {
    const settings = conn({ baseUrl: 'http://127.0.0.1:5000/', sites: [{ id: '4f0c9e2a-1d2b-4c5e-9f00-000000000001', name: 'HQ' }] })(DEFAULT_SETTINGS);
    expect(validateSettings(settings)).toEqual([]);
    expect(readSettings(settings).problems).toEqual([]);
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
