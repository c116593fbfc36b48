/**
 * The settings file, on electron-store (atomic writes) with the schema from app/core/settings/settings.
 * The file is read here rather than by electron-store so that a bad file is judged by the schema,
 * backed up beside itself and reported, instead of thrown at start-up or silently cleared.
 */
import fs from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import Store from 'electron-store';
import { Emitter, type Event } from '../common/event';
import { ok } from '../common/result';
import type { Result } from '../common/result';
import type { Settings } from '../common/settings';
import type { Logger } from '../core/ports';
import { DEFAULT_SETTINGS, SETTINGS_VERSION, applySettingsPatch, migrateSettings, storedSettings, type SettingsReset } from '../core/settings/settings';

const NAME = 'settings';
/** Settings are a few kilobytes; anything this large is not ours and is not parsed. */
const MAX_FILE_BYTES = 1024 * 1024;

export interface SettingsStoreOptions {
  readonly directory: string;
  readonly logger: Logger;
  /** For backup names; the system clock unless a test says otherwise. */
  readonly now?: () => number;
}

export interface SettingsRecovery {
  readonly backupPath: string;
  readonly message: string;
}

type Loaded = { readonly settings: Settings; readonly from: number | null; readonly resets: readonly SettingsReset[] } | { readonly problem: string };

/** The file's text, or that there is none, or why it cannot be read. */
type FileText = { readonly text: string } | { readonly absent: true } | { readonly problem: string };

interface Place {
  readonly file: string;
  readonly logger: Logger;
  readonly now: () => number;
}

export class SettingsStore {
  private current: Settings;
  private readonly changed: Emitter<Settings>;
  readonly onDidChange: Event<Settings>;
  /** The file's text as this store last wrote or read it: anything else was edited outside. */
  private knownText: string | null;

  private constructor(
    /** Null when a bad file could not be backed up: it is then left alone, never overwritten. */
    private readonly store: Store<Record<string, unknown>> | null,
    private readonly place: Place,
    initial: Settings,
    readonly recovery: SettingsRecovery | null,
  ) {
    this.current = initial;
    this.changed = new Emitter<Settings>({
      onListenerError: (error) => place.logger.error('settings listener failed', { error: error instanceof Error ? error.message : String(error) }),
    });
    this.onDidChange = this.changed.event;
    this.knownText = textOf(readFileText(place.file));
  }

  static open(options: SettingsStoreOptions): SettingsStore {
    const place: Place = {
      file: path.join(options.directory, `${NAME}.json`),
      logger: options.logger.child('settings'),
      now: options.now ?? Date.now,
    };
    const { file, logger } = place;
    const loaded = interpret(readFileText(file));
    // electron-store reads the file too; it must not throw on one already judged and backed up.
    const openStore = (): Store<Record<string, unknown>> =>
      new Store<Record<string, unknown>>({ cwd: options.directory, name: NAME, clearInvalidConfig: true });

    if ('problem' in loaded) {
      const backup = tryBackup(file, 'bad', place.now());
      if (typeof backup === 'string') {
        const message = `Your settings could not be used: ${loaded.problem} The file was kept as ${path.basename(backup)}, and Clay Tray started with default settings.`;
        logger.warn('settings file replaced by defaults', { backup: path.basename(backup), problem: loaded.problem });
        const opened = new SettingsStore(openStore(), place, DEFAULT_SETTINGS, { backupPath: backup, message });
        opened.write(DEFAULT_SETTINGS);
        return opened;
      }
      const message = `Your settings could not be used: ${loaded.problem} The file could not be backed up (${backup.error}), so it was left as it is; Clay Tray is using default settings and will not save changes until the file is fixed or removed.`;
      logger.error('settings file unusable and not backed up', { problem: loaded.problem, error: backup.error });
      return new SettingsStore(null, place, DEFAULT_SETTINGS, { backupPath: file, message });
    }

    if (loaded.resets.length > 0) {
      // The rest of the file is good and kept; the file as it was is copied first, for the record.
      const backup = tryBackup(file, 'bad', place.now());
      const reset = loaded.resets.map((r) => r.message).join(' ');
      logger.warn('settings fields reset to their defaults', { fields: loaded.resets.map((r) => r.path), backup: typeof backup === 'string' ? path.basename(backup) : backup.error });
      if (typeof backup === 'string') {
        const message = `Some of your settings could not be used and were reset to their defaults; all your other settings were kept. ${reset} The file as it was is kept as ${path.basename(backup)}.`;
        const opened = new SettingsStore(openStore(), place, loaded.settings, { backupPath: backup, message });
        opened.write(loaded.settings);
        return opened;
      }
      const message = `Some of your settings could not be used and Clay Tray is using their defaults; all your other settings were kept. ${reset} The file could not be backed up (${backup.error}), so it was left as it is and changes will not be saved until it is fixed or removed.`;
      return new SettingsStore(null, place, loaded.settings, { backupPath: file, message });
    }
    const opened = new SettingsStore(openStore(), place, loaded.settings, null);
    if (loaded.from !== null && loaded.from < SETTINGS_VERSION) {
      // The older file is kept: a migration bug must not cost the user their settings.
      const backup = tryBackup(file, `v${loaded.from}`, place.now());
      if (typeof backup !== 'string') {
        logger.error('settings migration not saved: the old file could not be backed up', { error: backup.error });
        return opened;
      }
      logger.info('settings migrated', { from: loaded.from, to: SETTINGS_VERSION, backup: path.basename(backup) });
      opened.write(loaded.settings);
    } else if (loaded.from === null) {
      opened.write(loaded.settings);
    }
    return opened;
  }

  get(): Settings {
    return this.current;
  }

  /**
   * A change from the window, untrusted. Listeners hear only real changes. A file edited outside
   * the app since it was last read is taken in first, so saving never silently undoes that edit.
   */
  update(patch: unknown): Result<Settings, 'invalid-settings'> {
    this.takeInOutsideEdit();
    const result = applySettingsPatch(this.current, patch);
    if (!result.ok) {
      this.place.logger.info('settings change refused', { reason: result.error.message });
      return result;
    }
    if (isDeepStrictEqual(result.value, this.current)) return ok(this.current);
    this.write(result.value);
    this.change(result.value);
    return ok(this.current);
  }

  private takeInOutsideEdit(): void {
    if (this.store === null) return;
    const { file, logger } = this.place;
    const read = readFileText(file);
    // A deleted file is not a wish for defaults; the next save writes the current settings back.
    if ('absent' in read || textOf(read) === this.knownText) return;
    const loaded = interpret(read);
    if ('problem' in loaded) {
      const backup = tryBackup(file, 'bad', this.place.now());
      const kept = typeof backup === 'string' ? path.basename(backup) : `not backed up: ${backup.error}`;
      logger.warn('settings file edited outside the app is unusable; keeping the settings in use', { problem: loaded.problem, kept });
      if (typeof backup === 'string') this.knownText = textOf(read);
      return;
    }
    logger.info('settings file edited outside the app; using it', loaded.resets.length > 0 ? { fieldsReset: loaded.resets.map((r) => r.path) } : {});
    this.knownText = textOf(read);
    if (!isDeepStrictEqual(loaded.settings, this.current)) this.change(loaded.settings);
  }

  private change(settings: Settings): void {
    this.current = settings;
    this.changed.fire(settings);
  }

  private write(settings: Settings): void {
    if (this.store === null) {
      this.place.logger.warn('settings kept in memory only: the unreadable file is left untouched');
      return;
    }
    this.store.store = storedSettings(settings);
    this.knownText = textOf(readFileText(this.place.file));
  }
}

function readFileText(file: string): FileText {
  try {
    if (fs.statSync(file).size > MAX_FILE_BYTES) return { problem: 'the file is far larger than any settings file.' };
    return { text: fs.readFileSync(file, 'utf8') };
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return { absent: true };
    return { problem: `the file could not be read (${errorCode(error) ?? 'unknown error'}).` };
  }
}

function textOf(read: FileText): string | null {
  return 'text' in read ? read.text : null;
}

function interpret(read: FileText): Loaded {
  if ('problem' in read) return read;
  if ('absent' in read) return migrated(undefined);
  let parsed: unknown;
  try {
    // Editors on Windows may add a byte-order mark, which JSON.parse refuses.
    parsed = JSON.parse(read.text.replace(/^\uFEFF/, ''));
  } catch {
    // The parser's message quotes the file, which is not ours to repeat.
    return { problem: 'the file is not valid JSON.' };
  }
  return migrated(parsed);
}

function migrated(stored: unknown): Loaded {
  const result = migrateSettings(stored);
  return 'error' in result ? { problem: result.error } : result;
}

/** Copies the file beside itself under a timestamped name; the copy's path, or why it failed. */
function tryBackup(file: string, label: string, now: number): string | { readonly error: string } {
  const stamp = new Date(now).toISOString().replace(/[:.]/g, '-');
  const base = path.join(path.dirname(file), `${NAME}.${label}-${stamp}`);
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const target = attempt === 0 ? `${base}.json` : `${base}-${attempt}.json`;
    try {
      fs.copyFileSync(file, target, fs.constants.COPYFILE_EXCL);
      return target;
    } catch (error) {
      if (errorCode(error) !== 'EEXIST') return { error: errorCode(error) ?? 'unknown error' };
    }
  }
  return { error: 'too many backups with the same time' };
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}
