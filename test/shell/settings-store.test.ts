import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Logger } from '../../app/core/ports';
import { DEFAULT_SETTINGS, SETTINGS_VERSION } from '../../app/core/settings/settings';
import { SettingsStore } from '../../app/shell/settings-store';

const NOW = Date.parse('2026-01-15T10:00:00.000Z');
const dirs: string[] = [];

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function scratch(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'clay-settings-'));
  dirs.push(dir);
  return dir;
}

interface LogLine {
  readonly level: string;
  readonly message: string;
  readonly fields?: Readonly<Record<string, unknown>>;
}

function recordingLogger(lines: LogLine[]): Logger {
  const logger: Logger = {
    debug: (message, fields) => lines.push({ level: 'debug', message, fields }),
    info: (message, fields) => lines.push({ level: 'info', message, fields }),
    warn: (message, fields) => lines.push({ level: 'warn', message, fields }),
    error: (message, fields) => lines.push({ level: 'error', message, fields }),
    child: () => logger,
  };
  return logger;
}

function open(directory: string, lines: LogLine[] = []): SettingsStore {
  return SettingsStore.open({ directory, logger: recordingLogger(lines), now: () => NOW });
}

const fileOf = (dir: string): string => path.join(dir, 'settings.json');
const readStored = (dir: string): unknown => JSON.parse(readFileSync(fileOf(dir), 'utf8'));
const backups = (dir: string): string[] => readdirSync(dir).filter((name) => name !== 'settings.json').sort();

describe('SettingsStore: a good or missing file', () => {
  it('starts on defaults in an empty folder and writes them with the schema version', () => {
    const dir = scratch();
    const store = open(dir);
    expect(store.get()).toEqual(DEFAULT_SETTINGS);
    expect(store.recovery).toBeNull();
    expect(readStored(dir)).toEqual({ version: SETTINGS_VERSION, settings: DEFAULT_SETTINGS });
  });

  it('creates its folder when the user-data folder is new', () => {
    const dir = path.join(scratch(), 'not', 'yet');
    const store = open(dir);
    expect(store.update({ general: { startAtLogin: true } }).ok).toBe(true);
    expect(readStored(dir)).toMatchObject({ settings: { general: { startAtLogin: true } } });
  });

  it('saves an update, tells listeners once, and reopens with it', () => {
    const dir = scratch();
    const store = open(dir);
    const heard: unknown[] = [];
    const stop = store.onDidChange((s) => heard.push(s.connection.sites));
    const result = store.update({ connection: { sites: [{ id: 'site-1', name: 'HQ' }] } });
    expect(result.ok).toBe(true);
    expect(heard).toEqual([[{ id: 'site-1', name: 'HQ' }]]);
    // The same values again are not a change.
    store.update({ connection: { sites: [{ id: 'site-1', name: 'HQ' }] } });
    expect(heard).toHaveLength(1);
    stop.dispose();
    store.update({ general: { startAtLogin: true } });
    expect(heard).toHaveLength(1);
    const reopened = open(dir);
    expect(reopened.get().connection.sites).toEqual([{ id: 'site-1', name: 'HQ' }]);
    expect(reopened.get().general.startAtLogin).toBe(true);
    expect(reopened.recovery).toBeNull();
  });

  it('refuses an invalid change: nothing saved, nobody told, the message names the field', () => {
    const dir = scratch();
    const store = open(dir);
    const before = readFileSync(fileOf(dir), 'utf8');
    const heard: unknown[] = [];
    store.onDidChange((s) => heard.push(s));
    const result = store.update({ history: { maxDays: 0 } });
    expect(result).toEqual({ ok: false, error: { code: 'invalid-settings', message: expect.stringContaining('Days kept in history') } });
    expect(store.get()).toEqual(DEFAULT_SETTINGS);
    expect(readFileSync(fileOf(dir), 'utf8')).toBe(before);
    expect(heard).toEqual([]);
  });

  it('never takes a secret as a setting', () => {
    const dir = scratch();
    const store = open(dir);
    const result = store.update({ auth: { clientSecret: 'hunter2-very-secret' } });
    expect(result.ok).toBe(false);
    expect(readFileSync(fileOf(dir), 'utf8')).not.toContain('hunter2');
  });

  it('keeps telling other listeners when one throws', () => {
    const dir = scratch();
    const lines: LogLine[] = [];
    const store = open(dir, lines);
    const heard: boolean[] = [];
    store.onDidChange(() => {
      throw new Error('listener bug');
    });
    store.onDidChange((s) => heard.push(s.general.startAtLogin));
    expect(store.update({ general: { startAtLogin: true } }).ok).toBe(true);
    expect(heard).toEqual([true]);
    expect(lines.some((l) => l.level === 'error' && l.fields?.['error'] === 'listener bug')).toBe(true);
  });

  it('reads a file saved with a byte-order mark', () => {
    const dir = scratch();
    const stored = { version: SETTINGS_VERSION, settings: { ...DEFAULT_SETTINGS, general: { startAtLogin: true } } };
    writeFileSync(fileOf(dir), `\uFEFF${JSON.stringify(stored)}`);
    const store = open(dir);
    expect(store.recovery).toBeNull();
    expect(store.get().general.startAtLogin).toBe(true);
  });
});

describe('SettingsStore: the file edited while the app runs', () => {
  it('takes a valid outside edit in before saving, so the save does not undo it', () => {
    const dir = scratch();
    const store = open(dir);
    const heard: [boolean, number][] = [];
    store.onDidChange((s) => heard.push([s.general.startAtLogin, s.history.maxDays]));
    const edited = { version: SETTINGS_VERSION, settings: { ...DEFAULT_SETTINGS, general: { startAtLogin: true } } };
    writeFileSync(fileOf(dir), JSON.stringify(edited, null, 2));
    const result = store.update({ history: { maxDays: 30 } });
    expect(result.ok && [result.value.general.startAtLogin, result.value.history.maxDays]).toEqual([true, 30]);
    expect(heard).toEqual([
      [true, 90],
      [true, 30],
    ]);
    expect(readStored(dir)).toMatchObject({ settings: { general: { startAtLogin: true }, history: { maxDays: 30 } } });
  });

  it('backs up an unusable outside edit before the save replaces it', () => {
    const dir = scratch();
    const lines: LogLine[] = [];
    const store = open(dir, lines);
    writeFileSync(fileOf(dir), '{ half an edit');
    expect(store.update({ general: { startAtLogin: true } }).ok).toBe(true);
    expect(backups(dir)).toEqual(['settings.bad-2026-01-15T10-00-00-000Z.json']);
    expect(readFileSync(path.join(dir, backups(dir)[0] ?? ''), 'utf8')).toBe('{ half an edit');
    expect(readStored(dir)).toMatchObject({ settings: { general: { startAtLogin: true } } });
    expect(lines.some((l) => l.level === 'warn' && l.fields?.['problem'] === 'the file is not valid JSON.')).toBe(true);
  });

  it('writes the settings in use back when the file was deleted', () => {
    const dir = scratch();
    const store = open(dir);
    store.update({ general: { startAtLogin: true } });
    rmSync(fileOf(dir));
    expect(store.update({ history: { maxDays: 7 } }).ok).toBe(true);
    expect(readStored(dir)).toMatchObject({ settings: { general: { startAtLogin: true }, history: { maxDays: 7 } } });
  });
});

describe('SettingsStore: migrations', () => {
  it('migrates a version 1 file, keeping the old file as a backup', () => {
    const dir = scratch();
    const v1 = JSON.stringify({ environment: 'accept', streams: 'entry', siteIds: ['s-1'], notifyEntries: true, historyDays: 14 });
    writeFileSync(fileOf(dir), v1);
    const lines: LogLine[] = [];
    const store = open(dir, lines);
    expect(store.recovery).toBeNull();
    expect(store.get().connection).toMatchObject({ environment: 'accept', streams: { incident: false, entry: true }, sites: [{ id: 's-1', name: '' }] });
    expect(store.get().history.maxDays).toBe(14);
    expect(readStored(dir)).toEqual({ version: SETTINGS_VERSION, settings: store.get() });
    expect(backups(dir)).toEqual(['settings.v1-2026-01-15T10-00-00-000Z.json']);
    expect(readFileSync(path.join(dir, backups(dir)[0] ?? ''), 'utf8')).toBe(v1);
    expect(lines.some((l) => l.message === 'settings migrated' && l.fields?.['from'] === 1)).toBe(true);
  });
});

describe('SettingsStore: a bad field', () => {
  it('resets only that field, keeps every other setting, backs the file up and says which field in words', () => {
    const dir = scratch();
    const content = JSON.stringify({
      version: SETTINGS_VERSION,
      settings: { auth: { clientId: 'desk-client' }, connection: { sites: [{ id: 'site-hq', name: 'HQ' }] }, history: { maxDays: 0, maxEvents: 20_000 } },
    });
    writeFileSync(fileOf(dir), content);
    const lines: LogLine[] = [];
    const store = open(dir, lines);
    expect(store.get().auth.clientId).toBe('desk-client');
    expect(store.get().connection.sites).toEqual([{ id: 'site-hq', name: 'HQ' }]);
    expect(store.get().history).toEqual({ maxEvents: 20_000, maxDays: DEFAULT_SETTINGS.history.maxDays });
    const backupName = 'settings.bad-2026-01-15T10-00-00-000Z.json';
    expect(store.recovery).toEqual({
      backupPath: path.join(dir, backupName),
      message: `Some of your settings could not be used and were reset to their defaults; all your other settings were kept. Days kept in history must be a whole number from 1 to 3,650. The file as it was is kept as ${backupName}.`,
    });
    expect(readFileSync(path.join(dir, backupName), 'utf8')).toBe(content);
    expect(readStored(dir)).toEqual({ version: SETTINGS_VERSION, settings: store.get() });
    expect(lines.find((l) => l.message === 'settings fields reset to their defaults')?.fields).toMatchObject({ fields: ['history.maxDays'] });
    expect(open(dir).recovery).toBeNull();
  });
});

describe('SettingsStore: a bad file', () => {
  it.each([
    ['invalid JSON', '{"version": 2, "settings": {', /not valid JSON/],
    ['a future version', JSON.stringify({ version: SETTINGS_VERSION + 5, settings: {} }), /newer Clay Tray/],
    ['not an object', '[1,2,3]', /does not hold a group of settings/],
    ['a huge file', `{"pad":"${'x'.repeat(2 * 1024 * 1024)}"}`, /far larger/],
  ])('%s: backed up beside itself, explained, and the app starts on defaults', (_what, content, reason) => {
    const dir = scratch();
    writeFileSync(fileOf(dir), content);
    const lines: LogLine[] = [];
    const store = open(dir, lines);
    expect(store.get()).toEqual(DEFAULT_SETTINGS);
    const backupName = 'settings.bad-2026-01-15T10-00-00-000Z.json';
    expect(store.recovery).toEqual({ backupPath: path.join(dir, backupName), message: expect.stringMatching(reason) });
    expect(store.recovery?.message).toContain(backupName);
    expect(store.recovery?.message).toContain('default settings');
    expect(store.recovery?.message.length).toBeLessThan(600);
    expect(readFileSync(path.join(dir, backupName), 'utf8')).toBe(content);
    expect(readStored(dir)).toEqual({ version: SETTINGS_VERSION, settings: DEFAULT_SETTINGS });
    expect(lines.some((l) => l.level === 'warn')).toBe(true);
    // The next start is clean, and the backup stays.
    const again = open(dir);
    expect(again.recovery).toBeNull();
    expect(backups(dir)).toEqual([backupName]);
  });

  it('never overwrites an earlier backup made in the same millisecond', () => {
    const dir = scratch();
    writeFileSync(fileOf(dir), 'first bad');
    open(dir);
    writeFileSync(fileOf(dir), 'second bad');
    const store = open(dir);
    expect(backups(dir)).toEqual(['settings.bad-2026-01-15T10-00-00-000Z-1.json', 'settings.bad-2026-01-15T10-00-00-000Z.json']);
    expect(readFileSync(store.recovery?.backupPath ?? '', 'utf8')).toBe('second bad');
  });

  it('leaves a file it cannot back up untouched and keeps changes in memory only', () => {
    const dir = scratch();
    // A folder where the file should be: it can be neither read nor copied.
    mkdirSync(fileOf(dir));
    writeFileSync(path.join(fileOf(dir), 'inside.txt'), 'keep me');
    const lines: LogLine[] = [];
    const store = open(dir, lines);
    expect(store.get()).toEqual(DEFAULT_SETTINGS);
    expect(store.recovery).toEqual({ backupPath: fileOf(dir), message: expect.stringMatching(/could not be read.*left as it is.*will not save changes/) });
    expect(store.update({ general: { startAtLogin: true } }).ok).toBe(true);
    expect(store.get().general.startAtLogin).toBe(true);
    expect(readFileSync(path.join(fileOf(dir), 'inside.txt'), 'utf8')).toBe('keep me');
    expect(lines.some((l) => l.level === 'error')).toBe(true);
  });
});
