/**
 * The shared part of the settings rules: the limits, the small helpers both sides use, and the
 * `Checker` each section reader records its problems with.
 */

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

/** Each reader returns the clean value, or undefined after recording a problem. */
export class Checker {
  readonly problems: SettingsProblem[] = [];

  add(path: string, message: string): undefined {
    if (this.problems.length < MAX_PROBLEMS) this.problems.push({ path, message });
    return undefined;
  }

  group(raw: unknown, path: string, label: string): Group | undefined {
    if (isGroup(raw)) return raw;
    return this.add(path, raw === undefined ? `${label} are missing.` : `${label} must be a group of settings.`);
  }

  bool(raw: unknown, path: string, label: string): boolean | undefined {
    if (typeof raw === 'boolean') return raw;
    return this.add(path, `${label} must be switched on or off.`);
  }

  choice<T extends string>(raw: unknown, path: string, label: string, options: readonly T[]): T | undefined {
    const found = options.find((option) => option === raw);
    if (found !== undefined) return found;
    return this.add(path, `${label}: choose ${options.join(' or ')}.`);
  }

  int(raw: unknown, path: string, label: string, min: number, max: number): number | undefined {
    if (typeof raw === 'number' && Number.isInteger(raw) && raw >= min && raw <= max) return raw;
    return this.add(path, `${label} must be a whole number from ${min.toLocaleString('en-US')} to ${max.toLocaleString('en-US')}.`);
  }

  /** Trimmed text without control characters; `max` counts characters as people see them. */
  text(raw: unknown, path: string, label: string, max: number, allowEmpty: boolean): string | undefined {
    if (typeof raw !== 'string') return this.add(path, `${label} must be text.`);
    const value = raw.trim();
    // The cheap length test first, so a megabyte string is refused without being walked.
    if (value.length > max * 2 || Array.from(value).length > max) {
      return this.add(path, `${label} is too long: at most ${max} characters.`);
    }
    if (CONTROL.test(value)) return this.add(path, `${label} contains line breaks or control characters.`);
    if (!allowEmpty && value === '') return this.add(path, `${label} is empty.`);
    return value;
  }

  siteId(raw: unknown, path: string, label: string): string | undefined {
    if (typeof raw !== 'string') return this.add(path, `${label} must be text.`);
    if (raw === '') return this.add(path, `${label} is empty: enter the site's ID.`);
    if (raw.length > SETTINGS_LIMITS.siteId) {
      return this.add(path, `${label} is too long: at most ${SETTINGS_LIMITS.siteId} characters.`);
    }
    if (/\s/u.test(raw) || CONTROL.test(raw)) return this.add(path, `${label} must not contain spaces or control characters.`);
    return raw;
  }

  /** An http(s) address without credentials, query or fragment; empty means "use the default". */
  url(raw: unknown, path: string, label: string): string | null | undefined {
    if (raw === null) return null;
    if (typeof raw !== 'string') return this.add(path, `${label}: enter a full http:// or https:// address, or leave it empty.`);
    const value = raw.trim();
    if (value === '') return null;
    if (value.length > SETTINGS_LIMITS.url) return this.add(path, `${label} is too long: at most ${SETTINGS_LIMITS.url} characters.`);
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      return this.add(path, `${label}: enter a full http:// or https:// address.`);
    }
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '' || CONTROL.test(value)) {
      return this.add(path, `${label}: enter a full http:// or https:// address.`);
    }
    if (url.username !== '' || url.password !== '') {
      return this.add(path, `${label}: remove the user name and password from the address; secrets are kept in the keychain.`);
    }
    if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) return this.add(path, httpsOnlyMessage(label));
    if (value.includes('?') || value.includes('#')) {
      return this.add(path, `${label}: remove the part after ? or #; the app adds what it needs.`);
    }
    // Callers append paths such as /hub/incident, so a trailing slash would double up.
    return value.replace(/\/+$/, '');
  }

  scope(raw: unknown, path: string, label: string): string | undefined {
    const text = this.text(raw, path, label, SETTINGS_LIMITS.scope, false);
    if (text === undefined) return undefined;
    const tokens = text.split(/ +/);
    if (!tokens.every((token) => SCOPE_TOKEN.test(token))) {
      return this.add(path, `${label}: use scope names separated by spaces, like core_api.full; quotes and backslashes are not allowed.`);
    }
    return tokens.join(' ');
  }

  clockTime(raw: unknown, path: string, label: string): string | undefined {
    if (typeof raw === 'string' && CLOCK_TIME.test(raw)) return raw;
    return this.add(path, `${label}: enter a 24-hour time like 22:00.`);
  }

  categoryName(raw: unknown, path: string, label: string): string | undefined {
    if (typeof raw === 'string' && raw.length <= SETTINGS_LIMITS.categoryName && CATEGORY_NAME.test(raw)) return raw;
    return this.add(path, `${label}: category names are lower-case words joined by underscores, like door_left_open.`);
  }

  categorySwitches(raw: unknown, path: string, label: string): Readonly<Record<string, boolean>> | undefined {
    const group = this.group(raw, path, label);
    if (!group) return undefined;
    const entries = Object.entries(group);
    if (entries.length > SETTINGS_LIMITS.categories) {
      return this.add(path, `${label}: at most ${SETTINGS_LIMITS.categories} categories.`);
    }
    const switches: Record<string, boolean> = {};
    for (const [name, on] of entries) {
      // An invalid name is not put in the path: it is input, and may be huge.
      const valid = this.categoryName(name, path, label);
      const value = valid === undefined ? undefined : this.bool(on, `${path}.${valid}`, `${label}: ${valid}`);
      if (valid === undefined || value === undefined) return undefined;
      switches[valid] = value;
    }
    return switches;
  }

  categoryList(raw: unknown, path: string, label: string): readonly string[] | undefined {
    if (!Array.isArray(raw)) return this.add(path, `${label} must be a list of categories.`);
    if (raw.length > SETTINGS_LIMITS.categories) return this.add(path, `${label}: at most ${SETTINGS_LIMITS.categories} categories.`);
    const names: string[] = [];
    for (const [index, entry] of raw.entries()) {
      const name = this.categoryName(entry, `${path}[${index}]`, label);
      if (name === undefined) return undefined;
      if (!names.includes(name)) names.push(name);
    }
    return names;
  }
}
