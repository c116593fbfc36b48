import { describe, expect, it } from 'vitest';
import { parseSettingsPatch } from '../../../app/common/ipc-schemas';
import type { Settings } from '../../../app/common/settings';
import {
  DEFAULT_SETTINGS,
  SETTINGS_VERSION,
  applySettingsPatch,
  migrateSettings,
  settingsProblems,
  siteDisplayName,
  storedSettings,
  validateSettings,
} from '../../../app/core/settings/settings';

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends object ? Mutable<T[K]> : T[K] };

/** A deep copy of the defaults that a test may change. */
function draft(): Mutable<Settings> {
  return structuredClone(DEFAULT_SETTINGS) as Mutable<Settings>;
}

function problemPaths(raw: unknown): string[] {
  return settingsProblems(raw).map((p) => p.path);
}

function messageOf(result: { ok: boolean; error?: { message: string } }): string {
  if (result.ok || !result.error) throw new Error('expected a failure');
  return result.error.message;
}

describe('DEFAULT_SETTINGS', () => {
  it('are valid and match the product defaults', () => {
    const result = validateSettings(DEFAULT_SETTINGS);
    expect(result).toEqual({ ok: true, value: DEFAULT_SETTINGS });
    expect(DEFAULT_SETTINGS.connection).toEqual({
      environment: 'production',
      baseUrl: null,
      streams: { incident: true, entry: true },
      sites: [],
    });
    expect(DEFAULT_SETTINGS.auth).toEqual({ mode: 'client-credentials', clientId: '', scope: 'core_api.full', identityUrl: null });
    const n = DEFAULT_SETTINGS.notifications;
    expect(Object.values(n.incidentCategories).every((on) => on)).toBe(true);
    expect(Object.keys(n.incidentCategories)).toEqual(expect.arrayContaining(['door_left_open', 'tamper', 'intrusion', 'low_battery']));
    expect(Object.values(n.entryCategories).some((on) => on)).toBe(false);
    expect(n.alwaysNotify).toEqual(['intrusion', 'tamper']);
    expect(n.quietHours).toEqual({ enabled: false, start: '22:00', end: '07:00' });
    expect(n.storm).toEqual({ maxCount: 5, windowSeconds: 60 });
    expect(n.offlineNoticeMinutes).toBe(5);
    expect(DEFAULT_SETTINGS.history).toEqual({ maxEvents: 50_000, maxDays: 90 });
    expect(DEFAULT_SETTINGS.general).toEqual({ startAtLogin: false, shiftStarts: ['06:00', '14:00', '22:00'] });
  });

  it('cannot be changed in place by a careless caller', () => {
    expect(() => {
      (DEFAULT_SETTINGS.history as { maxDays: number }).maxDays = 1;
    }).toThrow(TypeError);
    expect(DEFAULT_SETTINGS.history.maxDays).toBe(90);
  });

  it('hold no secret fields', () => {
    const text = JSON.stringify(DEFAULT_SETTINGS).toLowerCase();
    for (const word of ['secret', 'password', 'token"', 'accesstoken']) expect(text).not.toContain(word);
  });
});

describe('validateSettings', () => {
  it('refuses what is not a settings object, without echoing it', () => {
    for (const raw of [null, undefined, 42, 'x'.repeat(1_000_000), [DEFAULT_SETTINGS]]) {
      const result = validateSettings(raw);
      expect(result.ok).toBe(false);
      expect(messageOf(result).length).toBeLessThan(500);
    }
  });

  it('names each missing section', () => {
    expect(problemPaths({})).toEqual(['connection', 'auth', 'notifications', 'history', 'general', 'network', 'recovery', 'updates', 'alertRules']);
  });

  it.each([
    ['ftp://example.test', 'connection.baseUrl'],
    ['example.test', 'connection.baseUrl'],
    ['http://user:pw@127.0.0.1:5000', 'connection.baseUrl'],
    ['http://127.0.0.1:5000/?collectionId=x', 'connection.baseUrl'],
    ['http://127.0.0.1:5000/#x', 'connection.baseUrl'],
    ['javascript:alert(1)', 'connection.baseUrl'],
    [`http://127.0.0.1/${'a'.repeat(3000)}`, 'connection.baseUrl'],
    [42, 'connection.baseUrl'],
  ])('refuses the base URL %#', (baseUrl, path) => {
    const s = draft();
    (s.connection as { baseUrl: unknown }).baseUrl = baseUrl;
    const problems = settingsProblems(s);
    expect(problems.map((p) => p.path)).toEqual([path]);
    expect(problems[0]?.message).toMatch(/^Core API address/);
    if (typeof baseUrl === 'string') expect(problems[0]?.message).not.toContain(baseUrl);
  });

  it('explains a base URL with credentials in plain language', () => {
    const s = draft();
    s.connection.baseUrl = 'https://me:hunter2@127.0.0.1';
    const [problem] = settingsProblems(s);
    expect(problem).toEqual({ path: 'connection.baseUrl', message: expect.stringContaining('user name and password') });
    expect(problem?.message).not.toContain('hunter2');
  });

  it('accepts http and https URLs, trims them, drops a trailing slash, and takes empty as "default"', () => {
    const s = draft();
    s.connection.baseUrl = '  http://127.0.0.1:5000/  ';
    s.auth.identityUrl = '';
    const result = validateSettings(s);
    expect(result.ok && result.value.connection.baseUrl).toBe('http://127.0.0.1:5000');
    expect(result.ok && result.value.auth.identityUrl).toBeNull();
    s.auth.identityUrl = 'https://127.0.0.1:8443/ids';
    expect(validateSettings(s).ok).toBe(true);
  });

  it('refuses plain http to another computer for both addresses, in words, and keeps http to this one', () => {
    const s = draft();
    s.connection.baseUrl = 'http://coreapi.example.test';
    s.auth.identityUrl = 'http://10.1.2.3:8080';
    expect(settingsProblems(s)).toEqual([
      { path: 'connection.baseUrl', message: 'Core API address must start with https://. Plain http:// is allowed only for this computer (127.0.0.1, ::1 or localhost), such as the built-in simulator.' },
      { path: 'auth.identityUrl', message: 'Identity server address must start with https://. Plain http:// is allowed only for this computer (127.0.0.1, ::1 or localhost), such as the built-in simulator.' },
    ]);
    s.connection.baseUrl = 'http://localhost:5080';
    s.auth.identityUrl = 'http://[::1]:5080';
    expect(settingsProblems(s)).toEqual([]);
  });

  it('checks site ids: non-empty, no whitespace or control characters, at most 128, unique', () => {
    const s = draft();
    s.connection.sites = [
      { id: 'site-a', name: 'Main office' },
      { id: '', name: '' },
      { id: 'has space', name: '' },
      { id: 'tab\there', name: '' },
      { id: 'x'.repeat(129), name: '' },
      { id: 'SITE-A', name: 'again' },
      { id: 'ok\u0007', name: '' },
    ];
    expect(problemPaths(s)).toEqual([
      'connection.sites[1].id',
      'connection.sites[2].id',
      'connection.sites[3].id',
      'connection.sites[4].id',
      'connection.sites[5].id',
      'connection.sites[6].id',
    ]);
    const dup = settingsProblems(s).find((p) => p.path === 'connection.sites[5].id');
    expect(dup?.message).toMatch(/already listed as site 1/);
    s.connection.sites = [{ id: 'x'.repeat(128), name: 'n'.repeat(100) }];
    expect(validateSettings(s).ok).toBe(true);
  });

  it('caps friendly names at 100 characters and refuses line breaks in them', () => {
    const s = draft();
    s.connection.sites = [
      { id: 'a', name: 'n'.repeat(101) },
      { id: 'b', name: 'two\nlines' },
    ];
    expect(problemPaths(s)).toEqual(['connection.sites[0].name', 'connection.sites[1].name']);
    expect(settingsProblems(s)[0]?.message).toBe('Site 1 name is too long: at most 100 characters.');
  });

  it('counts characters as people see them, so emoji names are not penalised twice', () => {
    const s = draft();
    s.connection.sites = [{ id: 'a', name: '🚪'.repeat(100) }];
    expect(validateSettings(s).ok).toBe(true);
  });

  it('needs at least one stream', () => {
    const s = draft();
    s.connection.streams = { incident: false, entry: false };
    expect(settingsProblems(s)).toEqual([{ path: 'connection.streams', message: expect.stringMatching(/at least one/) }]);
  });

  it('checks scope tokens and normalises the spacing between them', () => {
    const s = draft();
    s.auth.scope = '  core_api.full   core_api.standard ';
    const result = validateSettings(s);
    expect(result.ok && result.value.auth.scope).toBe('core_api.full core_api.standard');
    for (const scope of ['', 'core_api."full"', 'a\\b', 'core\tapi']) {
      s.auth.scope = scope;
      expect(problemPaths(s)).toEqual(['auth.scope']);
    }
  });

  it('caps the client id at 200 characters', () => {
    const s = draft();
    s.auth.clientId = 'c'.repeat(200);
    expect(validateSettings(s).ok).toBe(true);
    s.auth.clientId = 'c'.repeat(201);
    expect(problemPaths(s)).toEqual(['auth.clientId']);
  });

  it('reads quiet hours as HH:MM and refuses an empty span', () => {
    const s = draft();
    for (const bad of ['24:00', '7:00', '07:60', '0700', 'noon']) {
      s.notifications.quietHours = { enabled: true, start: bad, end: '07:00' };
      expect(problemPaths(s)).toEqual(['notifications.quietHours.start']);
    }
    s.notifications.quietHours = { enabled: true, start: '22:00', end: '22:00' };
    expect(problemPaths(s)).toEqual(['notifications.quietHours.end']);
    s.notifications.quietHours = { enabled: true, start: '23:59', end: '00:00' };
    expect(validateSettings(s).ok).toBe(true);
  });

  it.each([
    ['history', 'maxEvents', 99, 100, 1_000_000, 1_000_001],
    ['history', 'maxDays', 0, 1, 3650, 3651],
    ['storm', 'maxCount', 1, 2, 1000, 1001],
    ['storm', 'windowSeconds', 4, 5, 3600, 3601],
    ['notifications', 'offlineNoticeMinutes', -1, 0, 1440, 1441],
  ] as const)('keeps %s.%s a whole number in range', (section, field, below, min, max, above) => {
    const set = (value: unknown): Mutable<Settings> => {
      const s = draft();
      const target: Record<string, unknown> =
        section === 'storm' ? s.notifications.storm : section === 'history' ? s.history : s.notifications;
      target[field] = value;
      return s;
    };
    expect(validateSettings(set(min)).ok).toBe(true);
    expect(validateSettings(set(max)).ok).toBe(true);
    for (const bad of [below, above, min + 0.5, `${min}`, NaN, Infinity, null]) {
      const problems = settingsProblems(set(bad));
      expect(problems).toHaveLength(1);
      expect(problems[0]?.message).toMatch(/whole number from/);
    }
  });

  it('checks category switches and the always-notify list, without putting a bad name in the path', () => {
    const s = draft();
    s.notifications.entryCategories = { lock_opened: true, ['Bad Name'.repeat(1000)]: true };
    s.notifications.alwaysNotify = ['intrusion', 'Tamper!'];
    const problems = settingsProblems(s);
    expect(problems.map((p) => p.path)).toEqual(['notifications.entryCategories', 'notifications.alwaysNotify[1]']);
    expect(JSON.stringify(problems)).not.toContain('Bad Name');
    s.notifications.entryCategories = { lock_opened: 'yes' as unknown as boolean };
    s.notifications.alwaysNotify = ['intrusion', 'intrusion', 'battery_critical'];
    expect(problemPaths(s)).toEqual(['notifications.entryCategories.lock_opened']);
    s.notifications.entryCategories = { lock_opened: true };
    const result = validateSettings(s);
    expect(result.ok && result.value.notifications.alwaysNotify).toEqual(['intrusion', 'battery_critical']);
  });

  it('names every bad category switch and list entry at once, so one save shows them all', () => {
    const s = draft();
    s.notifications.entryCategories = { lock_opened: 'yes' as unknown as boolean, lock_rejected: true, office_mode: 1 as unknown as boolean };
    s.notifications.alwaysNotify = ['Bad!', 'intrusion', 'Worse?'];
    expect(settingsProblems(s)).toEqual([
      { path: 'notifications.entryCategories.lock_opened', message: 'Entry categories: lock_opened must be switched on or off.' },
      { path: 'notifications.entryCategories.office_mode', message: 'Entry categories: office_mode must be switched on or off.' },
      { path: 'notifications.alwaysNotify[0]', message: 'Always notify: category names are lower-case words joined by underscores, like door_left_open.' },
      { path: 'notifications.alwaysNotify[2]', message: 'Always notify: category names are lower-case words joined by underscores, like door_left_open.' },
    ]);
  });

  it('reads a section only through its own fields: a value on the prototype counts as missing', () => {
    const s = draft() as unknown as Record<string, unknown>;
    s['general'] = Object.assign(Object.create({ startAtLogin: true }), { shiftStarts: ['06:00'] }) as unknown;
    expect(settingsProblems(s)).toEqual([{ path: 'general.startAtLogin', message: 'Start at login must be switched on or off.' }]);
  });

  it('lists at most a few problems in its message, and never the values', () => {
    const s = draft() as unknown as Record<string, Record<string, unknown>>;
    const secretLooking = 'eyJhbGciOiJIUzI1NiJ9.payload.signature';
    s['auth'] = { mode: secretLooking, clientId: 1, scope: 2, identityUrl: secretLooking };
    s['history'] = { maxEvents: secretLooking, maxDays: 'x'.repeat(2_000_000) };
    const message = messageOf(validateSettings(s));
    expect(message).toMatch(/^These settings are not valid\./);
    expect(message).toMatch(/And 1 more\.$/);
    expect(message).not.toContain(secretLooking);
    expect(message.length).toBeLessThan(800);
  });

  it('caps the problem list for hostile input', () => {
    const s = draft();
    s.connection.sites = Array.from({ length: 400 }, () => ({ id: '', name: '' }));
    expect(settingsProblems(s).length).toBeLessThanOrEqual(50);
    s.connection.sites = Array.from({ length: 501 }, (_, i) => ({ id: `s${i}`, name: '' }));
    expect(problemPaths(s)).toEqual(['connection.sites']);
  });

  it('drops keys it does not know from a valid value', () => {
    const s = { ...draft(), extra: { token: 'x' } };
    const result = validateSettings(s);
    expect(result.ok && Object.keys(result.value)).toEqual(['connection', 'auth', 'notifications', 'history', 'general', 'network', 'recovery', 'updates', 'alertRules']);
  });

  it('takes update settings: on or off, stable or beta, and an https feed (plain http only on this computer)', () => {
    const withUpdates = (updates: unknown): unknown => ({ ...draft(), updates });
    expect(validateSettings(withUpdates({ enabled: false, channel: 'beta', feedUrl: 'https://updates.example.test/clay/' }))).toMatchObject({
      ok: true,
      value: { updates: { enabled: false, channel: 'beta', feedUrl: 'https://updates.example.test/clay' } },
    });
    expect(validateSettings(withUpdates({ enabled: true, channel: 'stable', feedUrl: 'http://127.0.0.1:8080' })).ok).toBe(true);
    expect(problemPaths(withUpdates({ enabled: true, channel: 'nightly', feedUrl: null }))).toEqual(['updates.channel']);
    expect(problemPaths(withUpdates({ enabled: 'yes', channel: 'stable', feedUrl: null }))).toEqual(['updates.enabled']);
    const plainHttp = validateSettings(withUpdates({ enabled: true, channel: 'stable', feedUrl: 'http://updates.example.test' }));
    expect(plainHttp.ok ? null : plainHttp.error.message).toContain('Update server address must start with https://');
  });
});

describe('migrateSettings', () => {
  it('starts on defaults when nothing was stored', () => {
    expect(migrateSettings(undefined)).toEqual({ settings: DEFAULT_SETTINGS, from: null, resets: [] });
    expect(migrateSettings(null)).toEqual({ settings: DEFAULT_SETTINGS, from: null, resets: [] });
  });

  it('reads the current version as it is', () => {
    const s = draft();
    s.connection.sites = [{ id: 'site-1', name: 'HQ' }];
    expect(migrateSettings(storedSettings(s))).toEqual({ settings: s, from: SETTINGS_VERSION, resets: [] });
  });

  it('migrates the version 1 flat layout', () => {
    const v1 = {
      environment: 'accept',
      baseUrl: '',
      streams: 'incident',
      siteIds: ['site-a', 'site-b'],
      authMode: 'token',
      clientId: 'desk-client',
      scope: 'core_api.standard',
      identityUrl: 'https://127.0.0.1:9000',
      notifyEntries: true,
      quietHoursEnabled: true,
      quietHoursStart: '21:30',
      quietHoursEnd: '06:15',
      historyLimit: 20_000,
      historyDays: 30,
      openAtLogin: true,
      windowBounds: { x: 1, y: 2 },
    };
    const migrated = migrateSettings(v1);
    if (!('settings' in migrated)) throw new Error(migrated.error);
    expect(migrated.from).toBe(1);
    const s = migrated.settings;
    expect(s.connection).toEqual({
      environment: 'accept',
      baseUrl: null,
      streams: { incident: true, entry: false },
      sites: [
        { id: 'site-a', name: '' },
        { id: 'site-b', name: '' },
      ],
    });
    expect(s.auth).toEqual({ mode: 'token', clientId: 'desk-client', scope: 'core_api.standard', identityUrl: 'https://127.0.0.1:9000' });
    expect(s.notifications.entryCategories).toEqual({ lock_opened: true, lock_rejected: true, easy_office_mode: true });
    expect(s.notifications.incidentCategories).toEqual(DEFAULT_SETTINGS.notifications.incidentCategories);
    expect(s.notifications.quietHours).toEqual({ enabled: true, start: '21:30', end: '06:15' });
    expect(s.notifications.storm).toEqual(DEFAULT_SETTINGS.notifications.storm);
    expect(s.history).toEqual({ maxEvents: 20_000, maxDays: 30 });
    expect(s.general).toEqual({ startAtLogin: true, shiftStarts: ['06:00', '14:00', '22:00'] });
    expect(JSON.stringify(s)).not.toContain('windowBounds');
  });

  it('fills an empty or partial version 1 file from the defaults', () => {
    expect(migrateSettings({})).toEqual({ settings: DEFAULT_SETTINGS, from: 1, resets: [] });
    const partial = migrateSettings({ streams: 'all', historyDays: 7 });
    expect('settings' in partial && partial.settings.history).toEqual({ maxEvents: 50_000, maxDays: 7 });
  });

  it('resets what is wrong in a version 1 file instead of guessing, and keeps the rest', () => {
    const result = migrateSettings({ streams: 'some', siteIds: ['ok', 'not ok'], clientId: 'desk-client', historyDays: 7 });
    if (!('settings' in result)) throw new Error(result.error);
    expect(result.resets).toEqual([
      { path: 'connection.streams', message: 'Streams must be a group of settings.' },
      { path: 'connection.sites', message: 'Site 2 ID must not contain spaces or control characters. The list of sites was reset to none.' },
    ]);
    expect(result.settings.connection.streams).toEqual(DEFAULT_SETTINGS.connection.streams);
    expect(result.settings.connection.sites).toEqual([]);
    expect(result.settings.auth.clientId).toBe('desk-client');
    expect(result.settings.history.maxDays).toBe(7);
  });

  it('fills missing fields of the current version from the defaults and drops unknown keys', () => {
    const stored = {
      version: SETTINGS_VERSION,
      settings: {
        connection: { environment: 'accept', legacy: true },
        notifications: { quietHours: { enabled: true }, incidentCategories: { low_battery: false, battery_critical: true } },
        unknown: { anything: 1 },
      },
      extra: 'dropped',
    };
    const result = migrateSettings(stored);
    if (!('settings' in result)) throw new Error(result.error);
    expect(result.settings.connection).toEqual({ ...DEFAULT_SETTINGS.connection, environment: 'accept' });
    expect(result.settings.notifications.quietHours).toEqual({ enabled: true, start: '22:00', end: '07:00' });
    // A category map is the user's whole choice: it is kept as stored, not merged with defaults.
    expect(result.settings.notifications.incidentCategories).toEqual({ low_battery: false, battery_critical: true });
    expect(Object.keys(result.settings)).toEqual(['connection', 'auth', 'notifications', 'history', 'general', 'network', 'recovery', 'updates', 'alertRules']);
    // Settings written before updates existed start with them on, on the stable channel.
    expect(result.settings.updates).toEqual({ enabled: true, channel: 'stable', feedUrl: null });
  });

  it('refuses a future version with a clear error', () => {
    const result = migrateSettings({ version: SETTINGS_VERSION + 1, settings: {} });
    expect(result).toEqual({ error: expect.stringContaining(`newer Clay Tray (settings version ${SETTINGS_VERSION + 1})`) });
  });

  it.each([[{ version: 0 }], [{ version: '2' }], [{ version: 1.5 }], [{ version: SETTINGS_VERSION, settings: 'x' }], [[1, 2]], ['text'], [7]])(
    'refuses an unreadable store %#',
    (stored) => {
      expect(migrateSettings(stored)).toEqual({ error: expect.any(String) });
    },
  );

  it('resets only the field with an invalid value, naming it, and keeps every other setting', () => {
    const s = draft();
    s.history.maxDays = 0;
    s.history.maxEvents = 20_000;
    s.auth.clientId = 'desk-client';
    s.connection.sites = [{ id: 'site-1', name: 'HQ' }];
    s.notifications.quietHours = { enabled: true, start: '21:00', end: '06:00' };
    const result = migrateSettings(storedSettings(s));
    if (!('settings' in result)) throw new Error(result.error);
    expect(result.resets).toEqual([{ path: 'history.maxDays', message: 'Days kept in history must be a whole number from 1 to 3,650.' }]);
    expect(result.settings).toEqual({ ...s, history: { maxEvents: 20_000, maxDays: DEFAULT_SETTINGS.history.maxDays } });
  });

  it('resets a field that still conflicts after its own reset together with its group', () => {
    const s = draft();
    // The default end (07:00) equals this start, so resetting the end alone cannot fix it.
    s.notifications.quietHours = { enabled: true, start: '07:00', end: 'noon' };
    s.history.maxDays = 12;
    const result = migrateSettings(storedSettings(s));
    if (!('settings' in result)) throw new Error(result.error);
    expect(result.resets.map((r) => r.path)).toEqual(['notifications.quietHours.end', 'notifications.quietHours']);
    expect(result.resets[1]?.message).toBe('Quiet hours end: choose a time different from the start. Quiet hours were reset to their defaults.');
    expect(result.settings.notifications.quietHours).toEqual(DEFAULT_SETTINGS.notifications.quietHours);
    expect(result.settings.history.maxDays).toBe(12);
  });

  it("resets a bad category switch alone, keeping the user's other choices in that map", () => {
    const stored = storedSettings(draft()) as unknown as { settings: { notifications: { incidentCategories: Record<string, unknown> } } };
    // A known category goes back to its default (on); one the user added goes back to not listed.
    stored.settings.notifications.incidentCategories = { door_left_open: 'off', battery_critical: 'yes', tamper: false, fire_door: true };
    const result = migrateSettings(stored);
    if (!('settings' in result)) throw new Error(result.error);
    expect(result.resets.map((r) => r.path)).toEqual(['notifications.incidentCategories.door_left_open', 'notifications.incidentCategories.battery_critical']);
    expect(result.settings.notifications.incidentCategories).toEqual({ door_left_open: true, tamper: false, fire_door: true });
  });

  it('resets a whole section that is not a group, keeping the other sections', () => {
    const result = migrateSettings({ version: SETTINGS_VERSION, settings: { auth: 'oops', history: { maxDays: 9 } } });
    if (!('settings' in result)) throw new Error(result.error);
    expect(result.resets).toEqual([{ path: 'auth', message: 'Sign-in settings must be a group of settings.' }]);
    expect(result.settings.auth).toEqual(DEFAULT_SETTINGS.auth);
    expect(result.settings.history.maxDays).toBe(9);
  });
});

describe('applySettingsPatch', () => {
  it('changes only the fields named, field by field', () => {
    const result = applySettingsPatch(DEFAULT_SETTINGS, {
      connection: { sites: [{ id: 'site-1', name: ' Main office ' }] },
      notifications: { quietHours: { enabled: true } },
    });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.connection).toEqual({ ...DEFAULT_SETTINGS.connection, sites: [{ id: 'site-1', name: 'Main office' }] });
    expect(result.value.notifications.quietHours).toEqual({ enabled: true, start: '22:00', end: '07:00' });
    expect(result.value.auth).toEqual(DEFAULT_SETTINGS.auth);
  });

  it('replaces category maps whole, so a switch can be removed', () => {
    const on = applySettingsPatch(DEFAULT_SETTINGS, { notifications: { entryCategories: { lock_rejected: true } } });
    expect(on.ok && on.value.notifications.entryCategories).toEqual({ lock_rejected: true });
  });

  it('refuses an unknown section or field instead of ignoring it', () => {
    const result = applySettingsPatch(DEFAULT_SETTINGS, { connection: { baseURL: 'http://127.0.0.1' }, theme: { dark: true } });
    expect(messageOf(result)).toMatch(/not saved.*not a setting this app knows.*not a settings section/);
  });

  it('refuses an invalid value and leaves the current settings untouched', () => {
    const current = draft();
    const before = structuredClone(current);
    const result = applySettingsPatch(current, { connection: { streams: { incident: false, entry: false } } });
    expect(result).toEqual({ ok: false, error: { code: 'invalid-settings', message: expect.stringMatching(/at least one/) } });
    expect(current).toEqual(before);
  });

  it.each([[null], ['{"general":{}}'], [42], [[{ general: { startAtLogin: true } }]], [{ general: 'on' }]])(
    'refuses a malformed patch %#',
    (patch) => {
      const result = applySettingsPatch(DEFAULT_SETTINGS, patch);
      expect(result.ok).toBe(false);
    },
  );

  it('does not let __proto__ or constructor keys reach an object prototype', () => {
    const patch = JSON.parse('{"__proto__":{"polluted":true},"general":{"startAtLogin":true,"constructor":{"x":1}}}') as unknown;
    const result = applySettingsPatch(DEFAULT_SETTINGS, patch);
    expect(result.ok).toBe(false);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('keeps a huge value out of the error message', () => {
    const huge = 'A'.repeat(5_000_000);
    const result = applySettingsPatch(DEFAULT_SETTINGS, { auth: { clientId: huge } });
    expect(messageOf(result)).toBe('The settings change was not saved. Client ID is too long: at most 200 characters.');
  });

  it('an empty patch changes nothing', () => {
    expect(applySettingsPatch(DEFAULT_SETTINGS, {})).toEqual({ ok: true, value: DEFAULT_SETTINGS });
  });
});

describe('siteDisplayName', () => {
  it('gives the friendly name, ignoring case in the id, and null for none', () => {
    const s = draft();
    s.connection.sites = [
      { id: 'ABC-1', name: 'Main office' },
      { id: 'abc-2', name: '' },
    ];
    expect(siteDisplayName(s, 'abc-1')).toBe('Main office');
    expect(siteDisplayName(s, 'abc-2')).toBeNull();
    expect(siteDisplayName(s, 'other')).toBeNull();
    expect(siteDisplayName(s, null)).toBeNull();
  });
});

describe('recovery settings', () => {
  it('defaults to on, 24 hours back, and no REST address of its own', () => {
    expect(DEFAULT_SETTINGS.recovery).toEqual({ enabled: true, restUrl: { production: null, accept: null }, lookBackHours: 24 });
  });

  it('takes a REST address per environment and refuses a bad one or a look-back out of range', () => {
    const changed = applySettingsPatch(DEFAULT_SETTINGS, { recovery: { restUrl: { production: 'https://rest.example.test/v1.2', accept: null } } });
    expect(changed.ok && changed.value.recovery.restUrl).toEqual({ production: 'https://rest.example.test/v1.2', accept: null });
    expect(applySettingsPatch(DEFAULT_SETTINGS, { recovery: { restUrl: { production: 'ftp://x', accept: null } } }).ok).toBe(false);
    const tooFar = applySettingsPatch(DEFAULT_SETTINGS, { recovery: { lookBackHours: 1000 } });
    expect(!tooFar.ok && tooFar.error.message).toMatch(/Hours to look back on start/);
  });

  it('passes the window\'s recovery changes through the IPC schema', () => {
    const patch = { recovery: { enabled: false, restUrl: { production: 'https://rest.example.test/v1.2', accept: null }, lookBackHours: 12 } };
    expect(parseSettingsPatch(patch)).toEqual({ ok: true, value: patch });
  });

  it('fills the section in for settings stored before it existed', () => {
    const { recovery: _recovery, ...older } = DEFAULT_SETTINGS;
    const migrated = migrateSettings({ version: SETTINGS_VERSION, settings: older });
    expect('settings' in migrated && migrated.settings.recovery).toEqual(DEFAULT_SETTINGS.recovery);
  });
});

describe('network settings', () => {
  const pem = `-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----`;

  it('default to the system proxy, no extra CA and the token in the header', () => {
    expect(DEFAULT_SETTINGS.network).toEqual({ proxyMode: 'system', proxyUrl: null, proxyUsername: '', noProxy: '', extraCaPem: null, tokenIn: 'header' });
  });

  it('need a proxy address for a manual proxy, without a password in it', () => {
    const manual = draft();
    manual.network.proxyMode = 'manual';
    expect(problemPaths(manual)).toEqual(['network.proxyUrl']);
    manual.network.proxyUrl = 'http://desk:hunter2pw@proxy.example:3128';
    expect(settingsProblems(manual)[0]!.message).toContain('remove the user name and password');
    expect(JSON.stringify(settingsProblems(manual))).not.toContain('hunter2pw');
    manual.network.proxyUrl = 'http://proxy.example:3128/';
    const result = validateSettings(manual);
    expect(result.ok && result.value.network.proxyUrl).toBe('http://proxy.example:3128');
  });

  it('take PEM certificates only, and only a known proxy mode and token placement', () => {
    const value = draft();
    value.network.extraCaPem = `  ${pem}\n${pem}  `;
    const result = validateSettings(value);
    expect(result.ok && result.value.network.extraCaPem).toBe(`${pem}\n${pem}\n`);
    value.network.extraCaPem = 'MIIB…';
    expect(settingsProblems(value)[0]!.message).toContain('PEM form');
    value.network.extraCaPem = '   ';
    expect(validateSettings(value).ok && validateSettings(value)).toMatchObject({ value: { network: { extraCaPem: null } } });
    expect(problemPaths({ ...draft(), network: { ...draft().network, proxyMode: 'pac', tokenIn: 'cookie' } })).toEqual(['network.proxyMode', 'network.tokenIn']);
  });

  it('are filled from the defaults for a file written before they existed', () => {
    const { network: _dropped, ...older } = draft();
    const migrated = migrateSettings({ version: SETTINGS_VERSION, settings: older });
    expect('settings' in migrated && migrated.settings.network).toEqual(DEFAULT_SETTINGS.network);
  });
});

describe('the proxy address', () => {
  it.each([
    ['ftp://proxy.example:21', 'enter an address like http://proxy.example:3128'],
    ['http://proxy.example:3128/path', 'only the scheme, host and port'],
    ['proxy.example:3128', 'enter an address like http://proxy.example:3128'],
    [42, 'or leave it empty'],
  ])('refuses %j in words', (proxyUrl, words) => {
    const value = draft();
    (value.network as { proxyUrl: unknown }).proxyUrl = proxyUrl;
    expect(settingsProblems(value)).toEqual([{ path: 'network.proxyUrl', message: expect.stringContaining(words) }]);
  });

  it('keeps http and https proxies as scheme, host and port', () => {
    for (const [given, kept] of [['http://proxy.example:3128/', 'http://proxy.example:3128'], [' https://Proxy.Example ', 'https://proxy.example']]) {
      const value = draft();
      value.network.proxyUrl = given!;
      const result = validateSettings(value);
      expect(result.ok && result.value.network.proxyUrl).toBe(kept);
    }
  });
});

describe('alarm settings', () => {
  it('reads a file from before the alarm existed with the alarm on its defaults, and no reset to report', () => {
    const s = draft();
    const { escalation: _dropped, ...older } = s.notifications;
    const migrated = migrateSettings({ version: SETTINGS_VERSION, settings: { ...s, notifications: older } });
    expect(migrated).toEqual({ settings: DEFAULT_SETTINGS, from: SETTINGS_VERSION, resets: [] });
    expect(DEFAULT_SETTINGS.notifications.escalation).toEqual({ sound: 'alarm', volume: 80, repeatSeconds: 30, maxRepeats: 10, bringToFront: false, flashTaskbar: true, bounceDock: true });
  });

  it('names each bad alarm value in words, and a bad one in a file resets only itself', () => {
    const s = draft();
    s.notifications.escalation = { sound: 'siren' as 'alarm', volume: 101, repeatSeconds: 4, maxRepeats: -1, bringToFront: 'yes' as unknown as boolean, flashTaskbar: false, bounceDock: false };
    expect(settingsProblems(s).map((p) => p.message)).toEqual([
      'Alarm sound: choose alarm or silent.',
      'Alarm volume must be a whole number from 0 to 100.',
      'Seconds between repeats must be a whole number from 5 to 3,600.',
      'Repeats before the alarm stops must be a whole number from 0 to 1,000.',
      'Show the window on an urgent incident must be switched on or off.',
    ]);
    const one = draft();
    one.notifications.escalation.volume = 500;
    one.notifications.escalation.repeatSeconds = 60;
    const migrated = migrateSettings(storedSettings(one));
    if ('error' in migrated) throw new Error(migrated.error);
    expect(migrated.settings.notifications.escalation).toMatchObject({ volume: 80, repeatSeconds: 60 });
    expect(migrated.resets.map((r) => r.path)).toEqual(['notifications.escalation.volume']);
  });

  it('takes a change from the window field by field', () => {
    const changed = applySettingsPatch(DEFAULT_SETTINGS, { notifications: { escalation: { ...DEFAULT_SETTINGS.notifications.escalation, sound: 'silent', maxRepeats: 0 } } });
    expect(changed.ok && changed.value.notifications.escalation).toMatchObject({ sound: 'silent', maxRepeats: 0, volume: 80 });
  });
});

describe('repeat-offender settings', () => {
  it('defaults to 4 within 20 minutes, and names a bad value in words', () => {
    expect(DEFAULT_SETTINGS.notifications.repeatOffender).toEqual({ enabled: true, count: 4, minutes: 20 });
    const s = draft();
    s.notifications.repeatOffender = { enabled: true, count: 1, minutes: 0 };
    expect(settingsProblems(s).map((p) => p.message)).toEqual([
      'Incidents from one door before it is escalated must be a whole number from 2 to 100.',
      'Within this many minutes must be a whole number from 1 to 1,440.',
    ]);
  });
});
