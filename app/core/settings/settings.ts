/**
 * The settings schema: defaults, validation, versioned migrations and patches from the window.
 * Pure: the Electron store (app/shell/settings-store.ts) only reads and writes what this decides.
 */
import { fail, ok } from '../../common/result';
import type { Result } from '../../common/result';
import type { Settings } from '../../common/settings';
import { isGroup, own } from '../../common/settings-checker';
import { readSettings } from '../../common/settings-rules';
import type { SettingsProblem } from '../../common/settings-checker';
import { DEFAULT_SETTINGS, SETTINGS_VERSION } from './settings-defaults';
import { MIGRATIONS, overlay } from './settings-migrations';

export { DEFAULT_SETTINGS, SETTINGS_VERSION } from './settings-defaults';

/** How many problems one message lists; the window shows each one inline anyway. */
const PROBLEMS_IN_MESSAGE = 5;

export function validateSettings(raw: unknown): Result<Settings, 'invalid-settings'> {
  const { settings, problems } = readSettings(raw);
  return settings ? ok(settings) : fail('invalid-settings', describeProblems('These settings are not valid.', problems));
}

export function settingsProblems(raw: unknown): readonly SettingsProblem[] {
  return readSettings(raw).problems;
}

/** A field that held a value this app cannot use and was set back to its default, and why, in words. */
export type SettingsReset = SettingsProblem;

/** Resetting walks up at most this many times (a leaf, its group, its section…) before giving up. */
const MAX_RESET_ROUNDS = 10;

/**
 * Reads what the store holds, of any released version, into current settings. Missing fields take
 * their defaults and unknown keys are dropped; `from` is the stored version, null when nothing was
 * stored. A field whose value fails validation takes its default and is listed in `resets`, so one
 * bad value costs only itself. A version newer than this app, or a file that is not settings at
 * all, is an error.
 */
export function migrateSettings(stored: unknown): { settings: Settings; from: number | null; resets: readonly SettingsReset[] } | { error: string } {
  if (stored === undefined || stored === null) return { settings: DEFAULT_SETTINGS, from: null, resets: [] };
  if (!isGroup(stored)) return { error: 'The settings file does not hold a group of settings.' };
  const versioned = Object.hasOwn(stored, 'version');
  const from = versioned ? own(stored, 'version') : 1;
  if (typeof from !== 'number' || !Number.isInteger(from) || from < 1) {
    return { error: 'The settings file has a version number this app cannot read.' };
  }
  if (from > SETTINGS_VERSION) {
    return {
      error: `The settings file was written by a newer Clay Tray (settings version ${from}); this version reads up to version ${SETTINGS_VERSION}.`,
    };
  }
  let body = from === 1 ? stored : own(stored, 'settings');
  for (let version = from; version < SETTINGS_VERSION; version += 1) {
    const step = MIGRATIONS[version];
    if (!isGroup(body) || !step) return { error: `The settings file's version ${version} content is not a group of settings.` };
    body = step(body);
  }
  if (!isGroup(body)) return { error: 'The settings file does not hold a group of settings.' };
  const read = readResettingBadFields(overlay(DEFAULT_SETTINGS, body));
  return 'settings' in read ? { ...read, from } : { error: describeProblems('The settings file has values this app cannot use.', read.problems) };
}

/** What a reset of a whole group means, said once, when a bad value inside it took the group with it. */
const GROUP_RESETS: Readonly<Record<string, string>> = {
  'connection.sites': 'The list of sites was reset to none.',
  'connection.streams': 'Both streams were switched back on.',
  'notifications.quietHours': 'Quiet hours were reset to their defaults.',
  'notifications.storm': 'The storm summary was reset to its defaults.',
  'notifications.escalation': 'The alarm for urgent incidents was reset to its defaults.',
  'notifications.repeatOffender': 'Escalating doors that keep raising incidents was reset to its defaults.',
  'alertRules.rules': 'The alert rules were reset to none: events are handled as the Notifications settings say.',
};

/**
 * Each invalid field takes its default; a list takes its default whole (a bad site resets the list,
 * since keeping half of it could watch the wrong sites silently). A field that is still invalid
 * after its reset (it conflicts with another) takes its group with it, then its section.
 */
function readResettingBadFields(value: unknown): { settings: Settings; resets: readonly SettingsReset[] } | { problems: readonly SettingsProblem[] } {
  let current = value;
  const resets: SettingsReset[] = [];
  const resetPaths = new Set<string>();
  for (let round = 0; round < MAX_RESET_ROUNDS; round += 1) {
    const { settings, problems } = readSettings(current);
    if (settings) return { settings, resets };
    const targets = new Map<string, SettingsProblem>();
    for (const problem of problems) {
      let target = problem.path.replace(/\[.*$/, '');
      while (resetPaths.has(target) && target.includes('.')) target = target.slice(0, target.lastIndexOf('.'));
      if (target === '' || resetPaths.has(target)) return { problems };
      if (!targets.has(target)) targets.set(target, problem);
    }
    for (const [target, problem] of targets) {
      resetPaths.add(target);
      current = withDefaultAt(current, target.split('.'));
      const group = target === problem.path ? undefined : GROUP_RESETS[target];
      resets.push({ path: target, message: group ? `${problem.message} ${group}` : problem.message });
    }
  }
  return { problems: readSettings(current).problems };
}

/**
 * `value` with the default at `path` in place of what was there; the groups along the path are
 * copied. A key the defaults do not have (a category the user added) is removed: not being listed
 * is its default.
 */
function withDefaultAt(value: unknown, path: readonly string[], defaults: unknown = DEFAULT_SETTINGS): unknown {
  const [key, ...rest] = path;
  if (key === undefined) return defaults;
  const group = isGroup(value) ? value : {};
  const inner = isGroup(defaults) ? own(defaults, key) : undefined;
  if (rest.length === 0 && inner === undefined) return Object.fromEntries(Object.entries(group).filter(([name]) => name !== key));
  return { ...group, [key]: withDefaultAt(own(group, key), rest, inner) };
}

/** What the store writes: the current version and the settings. */
export function storedSettings(settings: Settings): { readonly version: number; readonly settings: Settings } {
  return { version: SETTINGS_VERSION, settings };
}

/**
 * Applies a change from the renderer (untrusted). Each section is changed field by field; groups
 * inside a field (streams, quiet hours, storm) merge too, category maps are replaced whole. An
 * unknown section or field is refused rather than ignored, so a typo cannot look like a save.
 */
export function applySettingsPatch(current: Settings, patch: unknown): Result<Settings, 'invalid-settings'> {
  if (!isGroup(patch)) return fail('invalid-settings', 'The settings change was not understood: it must be a group of settings.');
  const problems: SettingsProblem[] = [];
  for (const [section, fields] of Object.entries(patch)) {
    const base = own(DEFAULT_SETTINGS, section);
    if (!isGroup(base)) {
      problems.push({ path: shorten(section), message: 'This is not a settings section this app knows.' });
    } else if (!isGroup(fields)) {
      problems.push({ path: shorten(section), message: 'This settings section must be a group of settings.' });
    } else {
      for (const field of Object.keys(fields)) {
        if (!Object.hasOwn(base, field)) {
          problems.push({ path: `${shorten(section)}.${shorten(field)}`, message: 'This is not a setting this app knows.' });
        }
      }
    }
  }
  if (problems.length > 0) return fail('invalid-settings', describeProblems('The settings change was not saved.', problems));
  const { settings, problems: invalid } = readSettings(overlay(current, patch));
  return settings ? ok(settings) : fail('invalid-settings', describeProblems('The settings change was not saved.', invalid));
}

/** The friendly name the user gave a site, or null when they gave none. */
export function siteDisplayName(settings: Settings, siteId: string | null): string | null {
  if (siteId === null) return null;
  const site = settings.connection.sites.find((s) => s.id.toLowerCase() === siteId.toLowerCase());
  return site && site.name !== '' ? site.name : null;
}

function describeProblems(lead: string, problems: readonly SettingsProblem[]): string {
  const shown = problems.slice(0, PROBLEMS_IN_MESSAGE).map((p) => p.message);
  const more = problems.length - shown.length;
  return [lead, ...shown, ...(more > 0 ? [`And ${more} more.`] : [])].join(' ');
}

/** Unknown keys are input: a path that names one must not carry a megabyte of it. */
function shorten(key: string): string {
  return key.length > 40 ? `${key.slice(0, 39)}…` : key;
}
