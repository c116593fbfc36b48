/**
 * The shared part of the settings schema: the limits, the kinds of setting (a switch, a choice, a
 * whole number in a range, text, an address…) as valibot schemas that carry their user-facing
 * messages, `setting`/`section` that pair each schema with its default, and the reading of
 * valibot's issues into `SettingsProblem`s. Nothing the user typed is echoed back in a message, so
 * a pasted token or a megabyte string cannot leak or flood. See docs/architecture.md, "Add a setting".
 */
import * as v from 'valibot';
import { isShiftTime } from './handover';

export type SettingsProblem = { readonly path: string; readonly message: string };

export const SETTINGS_LIMITS = {
  /** Shift start times a day (the handover starts at the latest one passed). */
  shifts: 12,
  siteId: 128,
  siteName: 100,
  sites: 500,
  clientId: 200,
  scope: 1000,
  url: 2048,
  categoryName: 64,
  categories: 200,
  maxEvents: [100, 1_000_000],
  maxDays: [1, 3650],
  stormMaxCount: [2, 1000],
  stormWindowSeconds: [5, 3600],
  offlineNoticeMinutes: [0, 1440],
  alarmVolume: [0, 100],
  alarmRepeatSeconds: [5, 3600],
  alarmMaxRepeats: [0, 1000],
  repeatCount: [2, 100],
  repeatMinutes: [1, 1440],
  lookBackHours: [1, 168],
  proxyUsername: 200,
  noProxy: 2000,
  /** A company's chain of a few certificates fits many times over. */
  extraCaPem: 200_000,
} as const;

/**
 * Plain http:// carries the client secret and tokens readable on the wire, so it is allowed only
 * to this computer (the built-in simulator): 127.0.0.0/8, ::1 and localhost. `hostname` as the
 * URL parser gives it (IPv4 normalised, IPv6 in brackets).
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  return host === 'localhost' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** What to say when an address uses http:// for another computer. */
export function httpsOnlyMessage(label: string): string {
  return `${label} must start with https://. Plain http:// is allowed only for this computer (127.0.0.1, ::1 or localhost), such as the built-in simulator.`;
}

/** Hostile input could produce thousands of problems; the first few say enough. */
const MAX_PROBLEMS = 50;

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** Line breaks and other control characters: never wanted in a setting or a pasted secret. */
export function hasControlCharacters(text: string): boolean {
  return CONTROL.test(text);
}
const CATEGORY_NAME = /^[a-z0-9][a-z0-9_]*$/;
const CLOCK_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
/** RFC 6749 §3.3 scope-token characters. */
const SCOPE_TOKEN = /^[\x21\x23-\x5b\x5d-\x7e]+$/;

type Group = Readonly<Record<string, unknown>>;

export function isGroup(value: unknown): value is Group {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An own property only: `constructor` or `__proto__` in input must not reach the prototype. */
export function own(group: object, key: string): unknown {
  return Object.hasOwn(group, key) ? (group as Group)[key] : undefined;
}

// ---- A setting is its schema and its default; a section is a setting made of settings. ----

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- valibot's own "any schema" type
type AnySchema = v.BaseSchema<unknown, any, v.BaseIssue<unknown>>;

export interface Setting<S extends AnySchema = AnySchema> {
  readonly schema: S;
  /** The value a new install starts with, and what a bad stored value is reset to. */
  readonly initial: v.InferOutput<S>;
}

type SectionValue<F extends Readonly<Record<string, Setting>>> = { -readonly [K in keyof F]: v.InferOutput<F[K]['schema']> };

export function setting<S extends AnySchema>(schema: S, initial: v.InferOutput<S>): Setting<S> {
  return { schema, initial };
}

/** A rule across the fields of one section; its problem is shown on `field`, or on the section. */
export interface SectionRule<T> {
  readonly test: (value: T) => boolean;
  readonly message: string;
  readonly field?: keyof T & string;
}

/**
 * A group of settings. Only the group's own known keys are read (a key from the prototype never
 * is, unknown keys are dropped), and a missing field is judged by its own rule, so it gets its own
 * message. `rule` runs only once every field is valid.
 */
export function section<F extends Readonly<Record<string, Setting>>>(
  label: string,
  fields: F,
  rule?: SectionRule<SectionValue<F>>,
): Setting<v.GenericSchema<unknown, SectionValue<F>>> {
  const keys = Object.keys(fields);
  const entries = Object.fromEntries(keys.map((key) => [key, fields[key]!.schema])) as v.ObjectEntries;
  const base = v.pipe(
    v.custom<Group>(isGroup, (issue) => (issue.input === undefined ? `${label} are missing.` : `${label} must be a group of settings.`)),
    v.transform((group) => Object.fromEntries(keys.map((key) => [key, own(group, key)]))),
    v.object(entries),
  ) as unknown as v.GenericSchema<unknown, SectionValue<F>>;
  const initial = Object.fromEntries(keys.map((key) => [key, fields[key]!.initial])) as SectionValue<F>;
  if (!rule) return { schema: base, initial };
  const across = v.rawCheck<SectionValue<F>>(({ dataset, addIssue }) => {
    if (dataset.issues || !dataset.typed || rule.test(dataset.value)) return;
    const value = dataset.value;
    const at = rule.field;
    addIssue({ message: rule.message, path: at === undefined ? undefined : [{ type: 'object', origin: 'value', input: value, key: at, value: value[at] }] });
  });
  return { schema: v.pipe(base, across), initial };
}

// ---- The kinds of setting. `{n}` in a message is the 1-based position in the nearest list, `{key}` the nearest field name. ----

const count = (n: number): string => n.toLocaleString('en-US');

export function onOff(label: string): v.GenericSchema<unknown, boolean> {
  return v.boolean(`${label} must be switched on or off.`);
}

export function choice<const T extends readonly [string, ...string[]]>(label: string, options: T): v.GenericSchema<unknown, T[number]> {
  return v.picklist(options, `${label}: choose ${options.join(' or ')}.`);
}

export function wholeNumber(label: string, [min, max]: readonly [number, number]): v.GenericSchema<unknown, number> {
  const message = `${label} must be a whole number from ${count(min)} to ${count(max)}.`;
  return v.pipe(v.number(message), v.integer(message), v.minValue(min, message), v.maxValue(max, message));
}

/** Trimmed text without control characters; `max` counts characters as people see them. */
export function text(label: string, max: number, allowEmpty: boolean): v.GenericSchema<unknown, string> {
  const trimmed = v.pipe(
    v.string(`${label} must be text.`),
    v.trim(),
    // The cheap length test first, so a megabyte string is refused without being walked.
    v.check((value) => value.length <= max * 2 && Array.from(value).length <= max, `${label} is too long: at most ${max} characters.`),
    v.check((value) => !CONTROL.test(value), `${label} contains line breaks or control characters.`),
  );
  return allowEmpty ? trimmed : v.pipe(trimmed, v.nonEmpty(`${label} is empty.`));
}

/** Untrimmed: an id is compared as given. */
export function siteId(label: string): v.GenericSchema<unknown, string> {
  return v.pipe(
    v.string(`${label} must be text.`),
    v.nonEmpty(`${label} is empty: enter the site's ID.`),
    v.maxLength(SETTINGS_LIMITS.siteId, `${label} is too long: at most ${SETTINGS_LIMITS.siteId} characters.`),
    v.check((value) => !/\s/u.test(value) && !CONTROL.test(value), `${label} must not contain spaces or control characters.`),
  );
}

/** Text that may be left empty, read as null ("use the default"); anything but text or null is refused with `notText`. */
export function optionalText(notText: string): v.GenericSchema<unknown, string | null> {
  return v.pipe(
    v.nullable(v.string(notText)),
    v.transform((raw) => (raw === null || raw.trim() === '' ? null : raw.trim())),
  );
}

function parsesAsUrl(value: string): URL | null {
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

/**
 * An http(s) address without credentials, query or fragment, https unless to this computer; empty
 * means "use the default". Each check judges only its own concern and passes what another check
 * refuses, so the first problem is the one shown.
 */
export function address(label: string): v.GenericSchema<unknown, string | null> {
  const url = (value: string | null): URL | null => (value === null ? null : parsesAsUrl(value));
  return v.pipe(
    optionalText(`${label}: enter a full http:// or https:// address, or leave it empty.`),
    v.check((value) => value === null || value.length <= SETTINGS_LIMITS.url, `${label} is too long: at most ${SETTINGS_LIMITS.url} characters.`),
    v.check((value) => {
      const parsed = url(value);
      return value === null || (parsed !== null && (parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.hostname !== '' && !CONTROL.test(value));
    }, `${label}: enter a full http:// or https:// address.`),
    v.check((value) => {
      const parsed = url(value);
      return parsed === null || (parsed.username === '' && parsed.password === '');
    }, `${label}: remove the user name and password from the address; secrets are kept in the keychain.`),
    v.check((value) => {
      const parsed = url(value);
      return parsed === null || parsed.protocol !== 'http:' || isLoopbackHost(parsed.hostname);
    }, httpsOnlyMessage(label)),
    v.check((value) => value === null || (!value.includes('?') && !value.includes('#')), `${label}: remove the part after ? or #; the app adds what it needs.`),
    // Callers append paths such as /hub/incident, so a trailing slash would double up.
    v.transform((value) => (value === null ? null : value.replace(/\/+$/, ''))),
  );
}

export function scope(label: string): v.GenericSchema<unknown, string> {
  return v.pipe(
    text(label, SETTINGS_LIMITS.scope, false),
    v.check((value) => value.split(/ +/).every((token) => SCOPE_TOKEN.test(token)), `${label}: use scope names separated by spaces, like core_api.full; quotes and backslashes are not allowed.`),
    v.transform((value) => value.split(/ +/).join(' ')),
  );
}

export function clockTime(label: string): v.GenericSchema<unknown, string> {
  const message = `${label}: enter a 24-hour time like 22:00.`;
  return v.pipe(v.string(message), v.regex(CLOCK_TIME, message));
}

/**
 * Shift start times, "HH:MM", one to SETTINGS_LIMITS.shifts of them, kept earliest first. Every
 * check is on the whole list, so its message sits on the one field the window shows.
 */
export function shiftTimes(label: string): v.GenericSchema<unknown, string[]> {
  const none = `${label}: enter at least one time, like 06:00.`;
  return v.pipe(
    v.array(v.unknown(), none),
    v.minLength(1, none),
    v.maxLength(SETTINGS_LIMITS.shifts, `${label}: at most ${SETTINGS_LIMITS.shifts} shifts a day.`),
    v.check((times) => times.every((t) => typeof t === 'string' && isShiftTime(t)), `${label}: enter 24-hour times like 06:00, separated by commas.`),
    v.transform((times) => times as string[]),
    v.check(
      (times) => new Set(times).size === times.length,
      (issue) => `${label}: ${(issue.input as string[]).find((t, i, all) => all.indexOf(t) !== i) ?? ''} is listed twice.`,
    ),
    v.transform((times) => [...times].sort()),
  );
}

const categoryNameMessage = (label: string): string => `${label}: category names are lower-case words joined by underscores, like door_left_open.`;

function categoryName(label: string): v.GenericSchema<unknown, string> {
  const message = categoryNameMessage(label);
  return v.pipe(v.string(message), v.maxLength(SETTINGS_LIMITS.categoryName, message), v.regex(CATEGORY_NAME, message));
}

/** Category name → on/off. A bad name is reported on the map, never in the path: it is input, and may be huge. */
export function categorySwitches(label: string): v.GenericSchema<unknown, Record<string, boolean>> {
  const name = categoryName(label);
  return v.pipe(
    v.custom<Group>(isGroup, (issue) => (issue.input === undefined ? `${label} are missing.` : `${label} must be a group of settings.`)),
    v.check((group) => Object.keys(group).length <= SETTINGS_LIMITS.categories, `${label}: at most ${SETTINGS_LIMITS.categories} categories.`),
    v.check((group) => Object.keys(group).every((key) => v.is(name, key)), categoryNameMessage(label)),
    v.record(v.string(), onOff(`${label}: {key}`)),
  );
}

/** A list of category names; a name listed twice is kept once. */
export function categoryList(label: string): v.GenericSchema<unknown, string[]> {
  return v.pipe(
    v.array(v.unknown(), `${label} must be a list of categories.`),
    v.maxLength(SETTINGS_LIMITS.categories, `${label}: at most ${SETTINGS_LIMITS.categories} categories.`),
    v.array(categoryName(label)),
    v.transform((names) => [...new Set(names)]),
  );
}

const site = section('Site {n}', {
  id: setting(siteId('Site {n} ID'), ''),
  /** Friendly name shown in notifications and the window; empty: the service's name or the id. */
  name: setting(text('Site {n} name', SETTINGS_LIMITS.siteName, true), ''),
});

type SiteValue = v.InferOutput<typeof site.schema>;

/** The list's position of an issue inside a list item. */
const itemIndex = (issue: v.BaseIssue<unknown>): number => Number(issue.path?.[0]?.key ?? -1);

/**
 * The sites to watch. A site listed twice is refused on the later entry; site ids are GUIDs in
 * practice, which compare without case. Only entries that are valid themselves are compared.
 */
export function siteList(): v.GenericSchema<unknown, SiteValue[]> {
  return v.pipe(
    v.array(v.unknown(), 'Sites must be a list of sites.'),
    v.maxLength(SETTINGS_LIMITS.sites, `Sites: at most ${SETTINGS_LIMITS.sites} sites can be watched.`),
    v.array(site.schema),
    v.rawCheck(({ dataset, addIssue }) => {
      const sites = dataset.value as SiteValue[];
      const invalid = new Set((dataset.issues ?? []).map(itemIndex));
      const seen = new Map<string, number>();
      sites.forEach((entry, index) => {
        if (invalid.has(index)) return;
        const earlier = seen.get(entry.id.toLowerCase());
        if (earlier === undefined) {
          seen.set(entry.id.toLowerCase(), index);
          return;
        }
        addIssue({
          message: `Site {n} ID: the same site is already listed as site ${earlier + 1}.`,
          path: [
            { type: 'array', origin: 'value', input: sites, key: index, value: entry },
            { type: 'object', origin: 'value', input: entry, key: 'id', value: entry.id },
          ],
        });
      });
      // Problems read in list order, as the window lists the sites.
      dataset.issues?.sort((a, b) => itemIndex(a) - itemIndex(b));
    }),
  );
}

// ---- Reading valibot's issues as problems the window shows next to each field. ----

/**
 * `connection.sites[2].id`-style paths. A record key that failed its rule is left out of the path,
 * since it is input. Only the first problem per path is kept, as a person fixes one thing at a time.
 */
export function settingsProblemsOf(issues: readonly v.BaseIssue<unknown>[]): SettingsProblem[] {
  const problems: SettingsProblem[] = [];
  const seen = new Set<string>();
  for (const issue of issues) {
    let path = '';
    let index: number | undefined;
    let key: string | undefined;
    for (const item of issue.path ?? []) {
      if (item.origin === 'key') break;
      if (typeof item.key === 'number') {
        path += `[${item.key}]`;
        index = item.key;
      } else {
        key = String(item.key);
        path += path === '' ? key : `.${key}`;
      }
    }
    if (seen.has(path)) continue;
    seen.add(path);
    const message = issue.message.replace('{n}', String((index ?? 0) + 1)).replace('{key}', key ?? '');
    problems.push({ path, message });
    if (problems.length >= MAX_PROBLEMS) break;
  }
  return problems;
}
