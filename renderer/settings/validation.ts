/**
 * Inline validation for the settings form. It mirrors the main process's schema
 * (app/core/settings-schema.ts: same limits, same messages) so the user learns what is wrong while
 * typing; main still validates every patch, and its message is shown when it disagrees.
 */
import type { Settings } from '../../app/common/settings';

export interface SettingsProblem {
  /** Same paths as main: `connection.baseUrl`, `connection.sites[2].id`, … */
  readonly path: string;
  readonly message: string;
}

export const LIMITS = {
  siteId: 128,
  siteName: 100,
  sites: 500,
  clientId: 200,
  scope: 1000,
  url: 2048,
  categoryName: 64,
  maxEvents: [100, 1_000_000],
  maxDays: [1, 3650],
  stormMaxCount: [2, 1000],
  stormWindowSeconds: [5, 3600],
  offlineNoticeMinutes: [0, 1440],
} as const;

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const CATEGORY_NAME = /^[a-z0-9][a-z0-9_]*$/;
const CLOCK_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const SCOPE_TOKEN = /^[\x21\x23-\x5b\x5d-\x7e]+$/;

export function urlProblem(raw: string | null, label: string): string | null {
  const value = (raw ?? '').trim();
  if (value === '') return null;
  if (value.length > LIMITS.url) return `${label} is too long: at most ${LIMITS.url} characters.`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `${label}: enter a full http:// or https:// address.`;
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '' || CONTROL.test(value)) {
    return `${label}: enter a full http:// or https:// address.`;
  }
  if (url.username !== '' || url.password !== '') {
    return `${label}: remove the user name and password from the address; secrets are kept in the keychain.`;
  }
  if (value.includes('?') || value.includes('#')) return `${label}: remove the part after ? or #; the app adds what it needs.`;
  return null;
}

function textProblem(raw: string, label: string, max: number, allowEmpty: boolean): string | null {
  const value = raw.trim();
  if (value.length > max * 2 || Array.from(value).length > max) return `${label} is too long: at most ${max} characters.`;
  if (CONTROL.test(value)) return `${label} contains line breaks or control characters.`;
  if (!allowEmpty && value === '') return `${label} is empty.`;
  return null;
}

function intProblem(value: number, label: string, [min, max]: readonly [number, number]): string | null {
  if (Number.isInteger(value) && value >= min && value <= max) return null;
  return `${label} must be a whole number from ${min.toLocaleString('en-US')} to ${max.toLocaleString('en-US')}.`;
}

export function siteIdProblem(raw: string, label: string): string | null {
  if (raw === '') return `${label} is empty: enter the site's ID.`;
  if (raw.length > LIMITS.siteId) return `${label} is too long: at most ${LIMITS.siteId} characters.`;
  if (/\s/u.test(raw) || CONTROL.test(raw)) return `${label} must not contain spaces or control characters.`;
  return null;
}

export function categoryNameProblem(raw: string, label: string): string | null {
  if (raw.length <= LIMITS.categoryName && CATEGORY_NAME.test(raw)) return null;
  return `${label}: category names are lower-case words joined by underscores, like door_left_open.`;
}

export function validateSettings(s: Settings): readonly SettingsProblem[] {
  const problems: SettingsProblem[] = [];
  const check = (path: string, message: string | null): void => {
    if (message !== null) problems.push({ path, message });
  };

  check('connection.baseUrl', urlProblem(s.connection.baseUrl, 'Core API address'));
  if (!s.connection.streams.incident && !s.connection.streams.entry) {
    check('connection.streams', 'Streams: turn on at least one of incidents and entries.');
  }
  if (s.connection.sites.length > LIMITS.sites) check('connection.sites', `Sites: at most ${LIMITS.sites} sites can be watched.`);
  const seen = new Map<string, number>();
  s.connection.sites.forEach((site, index) => {
    const label = `Site ${index + 1}`;
    const idProblem = siteIdProblem(site.id, `${label} ID`);
    check(`connection.sites[${index}].id`, idProblem);
    check(`connection.sites[${index}].name`, textProblem(site.name, `${label} name`, LIMITS.siteName, true));
    if (idProblem !== null) return;
    const earlier = seen.get(site.id.toLowerCase());
    if (earlier === undefined) seen.set(site.id.toLowerCase(), index);
    else check(`connection.sites[${index}].id`, `${label} ID: the same site is already listed as site ${earlier + 1}.`);
  });

  check('auth.clientId', textProblem(s.auth.clientId, 'Client ID', LIMITS.clientId, true));
  const scopeText = textProblem(s.auth.scope, 'Scope', LIMITS.scope, false);
  check('auth.scope', scopeText);
  if (scopeText === null && !s.auth.scope.trim().split(/ +/).every((token) => SCOPE_TOKEN.test(token))) {
    check('auth.scope', 'Scope: use scope names separated by spaces, like core_api.full; quotes and backslashes are not allowed.');
  }
  check('auth.identityUrl', urlProblem(s.auth.identityUrl, 'Identity server address'));

  const n = s.notifications;
  // Like main, the first bad name is reported; the rest would repeat the same advice.
  const badAlways = n.alwaysNotify.findIndex((name) => categoryNameProblem(name, 'Always notify') !== null);
  if (badAlways >= 0) check(`notifications.alwaysNotify[${badAlways}]`, categoryNameProblem(n.alwaysNotify[badAlways] ?? '', 'Always notify'));
  const quiet = n.quietHours;
  const startOk = CLOCK_TIME.test(quiet.start);
  const endOk = CLOCK_TIME.test(quiet.end);
  if (!startOk) check('notifications.quietHours.start', 'Quiet hours start: enter a 24-hour time like 22:00.');
  if (!endOk) check('notifications.quietHours.end', 'Quiet hours end: enter a 24-hour time like 22:00.');
  if (startOk && endOk && quiet.enabled && quiet.start === quiet.end) {
    check('notifications.quietHours.end', 'Quiet hours end: choose a time different from the start.');
  }
  check('notifications.storm.maxCount', intProblem(n.storm.maxCount, 'Notifications before a summary', LIMITS.stormMaxCount));
  check('notifications.storm.windowSeconds', intProblem(n.storm.windowSeconds, 'Summary window in seconds', LIMITS.stormWindowSeconds));
  check('notifications.offlineNoticeMinutes', intProblem(n.offlineNoticeMinutes, 'Minutes offline before a notice', LIMITS.offlineNoticeMinutes));
  check('history.maxEvents', intProblem(s.history.maxEvents, 'Events kept in history', LIMITS.maxEvents));
  check('history.maxDays', intProblem(s.history.maxDays, 'Days kept in history', LIMITS.maxDays));
  return problems;
}

/** Secrets are checked here only for shape; main decides whether they work (Test connection). */
export function secretProblem(kind: 'client-secret' | 'token', value: string): string | null {
  // Outer whitespace is a paste artefact and is trimmed before saving; anything inside is not.
  const trimmed = value.trim();
  if (trimmed === '') return kind === 'token' ? 'Paste the access token first.' : 'Enter the client secret first.';
  if (kind === 'token' && /\s/u.test(trimmed)) return 'A token has no spaces or line breaks: check that it was pasted whole.';
  if (CONTROL.test(trimmed)) return 'The secret contains line breaks or control characters: check what was pasted.';
  return null;
}
