/**
 * The settings rules, once for both sides: main reads an untrusted value (a settings file, a patch
 * from the window) into `Settings` with them, and the window runs the same reader on its draft to
 * show what is wrong while the user types. Nothing the user typed is echoed back in a message, so a
 * pasted token or a megabyte string cannot leak or flood.
 */
import type { ServiceEnvironment } from './models';
import type {
  AlarmSound,
  AuthMode,
  AuthSettings,
  ConnectionSettings,
  EscalationSettings,
  GeneralSettings,
  HistorySettings,
  RecoverySettings,
  NetworkSettings,
  NotificationSettings,
  ProxyMode,
  Settings,
  SiteSetting,
  UpdateChannel,
  UpdateSettings,
} from './settings';

export type SettingsProblem = { readonly path: string; readonly message: string };

export const SETTINGS_LIMITS = {
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

const ENVIRONMENTS: readonly ServiceEnvironment[] = ['production', 'accept'];
const AUTH_MODES: readonly AuthMode[] = ['client-credentials', 'token'];
const ALARM_SOUNDS: readonly AlarmSound[] = ['alarm', 'silent'];
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

/** Reads a complete settings value; `settings` is null whenever `problems` is not empty. */
export function readSettings(raw: unknown): { settings: Settings | null; problems: readonly SettingsProblem[] } {
  const check = new Checker();
  const root = check.group(raw, '', 'Settings');
  if (root === undefined) return { settings: null, problems: check.problems };
  const connection = readConnection(check, own(root, 'connection'));
  const auth = readAuth(check, own(root, 'auth'));
  const notifications = readNotifications(check, own(root, 'notifications'));
  const history = readHistory(check, own(root, 'history'));
  const general = readGeneral(check, own(root, 'general'));
  const network = readNetwork(check, own(root, 'network'));
  const recovery = readRecovery(check, own(root, 'recovery'));
  const updates = readUpdates(check, own(root, 'updates'));
  if (check.problems.length > 0 || !connection || !auth || !notifications || !history || !general || !network || !recovery || !updates) {
    return { settings: null, problems: check.problems };
  }
  return { settings: { connection, auth, notifications, history, general, network, recovery, updates }, problems: [] };
}

function readConnection(check: Checker, raw: unknown): ConnectionSettings | undefined {
  const group = check.group(raw, 'connection', 'Connection settings');
  if (!group) return undefined;
  const environment = check.choice(own(group, 'environment'), 'connection.environment', 'Environment', ENVIRONMENTS);
  const baseUrl = check.url(own(group, 'baseUrl'), 'connection.baseUrl', 'Core API address');
  const streams = readStreams(check, own(group, 'streams'));
  const sites = readSites(check, own(group, 'sites'));
  if (environment === undefined || baseUrl === undefined || !streams || !sites) return undefined;
  return { environment, baseUrl, streams, sites };
}

function readStreams(check: Checker, raw: unknown): ConnectionSettings['streams'] | undefined {
  const group = check.group(raw, 'connection.streams', 'Streams');
  if (!group) return undefined;
  const incident = check.bool(own(group, 'incident'), 'connection.streams.incident', 'The incidents stream');
  const entry = check.bool(own(group, 'entry'), 'connection.streams.entry', 'The entries stream');
  if (incident === undefined || entry === undefined) return undefined;
  if (!incident && !entry) {
    return check.add('connection.streams', 'Streams: turn on at least one of incidents and entries.');
  }
  return { incident, entry };
}

function readSites(check: Checker, raw: unknown): readonly SiteSetting[] | undefined {
  if (!Array.isArray(raw)) return check.add('connection.sites', 'Sites must be a list of sites.');
  if (raw.length > SETTINGS_LIMITS.sites) {
    return check.add('connection.sites', `Sites: at most ${SETTINGS_LIMITS.sites} sites can be watched.`);
  }
  const sites: SiteSetting[] = [];
  const seen = new Map<string, number>();
  for (const [index, entry] of raw.entries()) {
    const path = `connection.sites[${index}]`;
    const label = `Site ${index + 1}`;
    const group = check.group(entry, path, label);
    const id = group && check.siteId(own(group, 'id'), `${path}.id`, `${label} ID`);
    const name = group && check.text(own(group, 'name'), `${path}.name`, `${label} name`, SETTINGS_LIMITS.siteName, true);
    if (id === undefined || name === undefined) continue;
    // Site ids are GUIDs in practice, which compare without case.
    const earlier = seen.get(id.toLowerCase());
    if (earlier !== undefined) {
      check.add(`${path}.id`, `${label} ID: the same site is already listed as site ${earlier + 1}.`);
      continue;
    }
    seen.set(id.toLowerCase(), index);
    sites.push({ id, name });
  }
  return sites.length === raw.length ? sites : undefined;
}

function readAuth(check: Checker, raw: unknown): AuthSettings | undefined {
  const group = check.group(raw, 'auth', 'Sign-in settings');
  if (!group) return undefined;
  const mode = check.choice(own(group, 'mode'), 'auth.mode', 'Sign-in method', AUTH_MODES);
  const clientId = check.text(own(group, 'clientId'), 'auth.clientId', 'Client ID', SETTINGS_LIMITS.clientId, true);
  const scope = check.scope(own(group, 'scope'), 'auth.scope', 'Scope');
  const identityUrl = check.url(own(group, 'identityUrl'), 'auth.identityUrl', 'Identity server address');
  if (mode === undefined || clientId === undefined || scope === undefined || identityUrl === undefined) return undefined;
  return { mode, clientId, scope, identityUrl };
}

function readNotifications(check: Checker, raw: unknown): NotificationSettings | undefined {
  const path = 'notifications';
  const group = check.group(raw, path, 'Notification settings');
  if (!group) return undefined;
  const incidentCategories = check.categorySwitches(own(group, 'incidentCategories'), `${path}.incidentCategories`, 'Incident categories');
  const entryCategories = check.categorySwitches(own(group, 'entryCategories'), `${path}.entryCategories`, 'Entry categories');
  const alwaysNotify = check.categoryList(own(group, 'alwaysNotify'), `${path}.alwaysNotify`, 'Always notify');
  const quietHours = readQuietHours(check, own(group, 'quietHours'));
  const storm = readStorm(check, own(group, 'storm'));
  const [minOffline, maxOffline] = SETTINGS_LIMITS.offlineNoticeMinutes;
  const offlineNoticeMinutes = check.int(own(group, 'offlineNoticeMinutes'), `${path}.offlineNoticeMinutes`, 'Minutes offline before a notice', minOffline, maxOffline);
  const escalation = readEscalation(check, own(group, 'escalation'));
  const repeatOffender = readRepeatOffender(check, own(group, 'repeatOffender'));
  if (!incidentCategories || !entryCategories || !alwaysNotify || !quietHours || !storm || offlineNoticeMinutes === undefined || !escalation || !repeatOffender) {
    return undefined;
  }
  return { incidentCategories, entryCategories, alwaysNotify, quietHours, storm, offlineNoticeMinutes, escalation, repeatOffender };
}

function readQuietHours(check: Checker, raw: unknown): NotificationSettings['quietHours'] | undefined {
  const path = 'notifications.quietHours';
  const group = check.group(raw, path, 'Quiet hours');
  if (!group) return undefined;
  const enabled = check.bool(own(group, 'enabled'), `${path}.enabled`, 'Quiet hours on or off');
  const start = check.clockTime(own(group, 'start'), `${path}.start`, 'Quiet hours start');
  const end = check.clockTime(own(group, 'end'), `${path}.end`, 'Quiet hours end');
  if (enabled === undefined || start === undefined || end === undefined) return undefined;
  if (enabled && start === end) return check.add(`${path}.end`, 'Quiet hours end: choose a time different from the start.');
  return { enabled, start, end };
}

function readStorm(check: Checker, raw: unknown): NotificationSettings['storm'] | undefined {
  const path = 'notifications.storm';
  const group = check.group(raw, path, 'Storm summary');
  if (!group) return undefined;
  const [minCount, maxCount] = SETTINGS_LIMITS.stormMaxCount;
  const [minWindow, maxWindow] = SETTINGS_LIMITS.stormWindowSeconds;
  const count = check.int(own(group, 'maxCount'), `${path}.maxCount`, 'Notifications before a summary', minCount, maxCount);
  const window = check.int(own(group, 'windowSeconds'), `${path}.windowSeconds`, 'Summary window in seconds', minWindow, maxWindow);
  if (count === undefined || window === undefined) return undefined;
  return { maxCount: count, windowSeconds: window };
}

function readEscalation(check: Checker, raw: unknown): EscalationSettings | undefined {
  const path = 'notifications.escalation';
  const group = check.group(raw, path, 'Alarm for urgent incidents');
  if (!group) return undefined;
  const sound = check.choice(own(group, 'sound'), `${path}.sound`, 'Alarm sound', ALARM_SOUNDS);
  const volume = check.int(own(group, 'volume'), `${path}.volume`, 'Alarm volume', ...SETTINGS_LIMITS.alarmVolume);
  const repeatSeconds = check.int(own(group, 'repeatSeconds'), `${path}.repeatSeconds`, 'Seconds between repeats', ...SETTINGS_LIMITS.alarmRepeatSeconds);
  const maxRepeats = check.int(own(group, 'maxRepeats'), `${path}.maxRepeats`, 'Repeats before the alarm stops', ...SETTINGS_LIMITS.alarmMaxRepeats);
  const bringToFront = check.bool(own(group, 'bringToFront'), `${path}.bringToFront`, 'Show the window on an urgent incident');
  if (sound === undefined || volume === undefined || repeatSeconds === undefined || maxRepeats === undefined || bringToFront === undefined) return undefined;
  return { sound, volume, repeatSeconds, maxRepeats, bringToFront };
}

function readRepeatOffender(check: Checker, raw: unknown): NotificationSettings['repeatOffender'] | undefined {
  const path = 'notifications.repeatOffender';
  const group = check.group(raw, path, 'Doors that keep raising incidents');
  if (!group) return undefined;
  const enabled = check.bool(own(group, 'enabled'), `${path}.enabled`, 'Escalating doors that keep raising incidents');
  const count = check.int(own(group, 'count'), `${path}.count`, 'Incidents from one door before it is escalated', ...SETTINGS_LIMITS.repeatCount);
  const minutes = check.int(own(group, 'minutes'), `${path}.minutes`, 'Within this many minutes', ...SETTINGS_LIMITS.repeatMinutes);
  if (enabled === undefined || count === undefined || minutes === undefined) return undefined;
  return { enabled, count, minutes };
}

function readHistory(check: Checker, raw: unknown): HistorySettings | undefined {
  const group = check.group(raw, 'history', 'History settings');
  if (!group) return undefined;
  const [minEvents, maxEvents] = SETTINGS_LIMITS.maxEvents;
  const [minDays, maxDays] = SETTINGS_LIMITS.maxDays;
  const events = check.int(own(group, 'maxEvents'), 'history.maxEvents', 'Events kept in history', minEvents, maxEvents);
  const days = check.int(own(group, 'maxDays'), 'history.maxDays', 'Days kept in history', minDays, maxDays);
  if (events === undefined || days === undefined) return undefined;
  return { maxEvents: events, maxDays: days };
}

function readGeneral(check: Checker, raw: unknown): GeneralSettings | undefined {
  const group = check.group(raw, 'general', 'General settings');
  if (!group) return undefined;
  const startAtLogin = check.bool(own(group, 'startAtLogin'), 'general.startAtLogin', 'Start at login');
  if (startAtLogin === undefined) return undefined;
  return { startAtLogin };
}

function readRecovery(check: Checker, raw: unknown): RecoverySettings | undefined {
  const group = check.group(raw, 'recovery', 'Recovery settings');
  if (!group) return undefined;
  const enabled = check.bool(own(group, 'enabled'), 'recovery.enabled', 'Recover missed events');
  const urls = check.group(own(group, 'restUrl'), 'recovery.restUrl', 'Core REST addresses');
  const production = urls && check.url(own(urls, 'production'), 'recovery.restUrl.production', 'Core REST address (production)');
  const accept = urls && check.url(own(urls, 'accept'), 'recovery.restUrl.accept', 'Core REST address (accept)');
  const [minHours, maxHours] = SETTINGS_LIMITS.lookBackHours;
  const lookBackHours = check.int(own(group, 'lookBackHours'), 'recovery.lookBackHours', 'Hours to look back on start', minHours, maxHours);
  if (enabled === undefined || production === undefined || accept === undefined || lookBackHours === undefined) return undefined;
  return { enabled, restUrl: { production, accept }, lookBackHours };
}

const PROXY_MODES: readonly ProxyMode[] = ['system', 'manual', 'direct'];
const PEM_CERTIFICATE = /^(-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\s*)+$/;

function readNetwork(check: Checker, raw: unknown): NetworkSettings | undefined {
  const path = 'network';
  const group = check.group(raw, path, 'Network settings');
  if (!group) return undefined;
  const proxyMode = check.choice(own(group, 'proxyMode'), `${path}.proxyMode`, 'Proxy', PROXY_MODES);
  const proxyUrl = readProxyUrl(check, own(group, 'proxyUrl'), `${path}.proxyUrl`);
  const proxyUsername = check.text(own(group, 'proxyUsername'), `${path}.proxyUsername`, 'Proxy user name', SETTINGS_LIMITS.proxyUsername, true);
  const noProxy = check.text(own(group, 'noProxy'), `${path}.noProxy`, 'No proxy for', SETTINGS_LIMITS.noProxy, true);
  const extraCaPem = readPem(check, own(group, 'extraCaPem'), `${path}.extraCaPem`);
  const tokenIn = check.choice(own(group, 'tokenIn'), `${path}.tokenIn`, 'Send the token in', ['header', 'query'] as const);
  if (proxyMode === undefined || proxyUrl === undefined || proxyUsername === undefined || noProxy === undefined || extraCaPem === undefined || tokenIn === undefined) {
    return undefined;
  }
  if (proxyMode === 'manual' && proxyUrl === null) return check.add(`${path}.proxyUrl`, 'Proxy address: enter the proxy, like http://proxy.example:3128, or choose another proxy setting.');
  return { proxyMode, proxyUrl, proxyUsername, noProxy, extraCaPem, tokenIn };
}

/**
 * A proxy is usually plain http (the tunnel inside is TLS), so this is not the service-address
 * rule: http or https, a host, no user name or password (the password is a secret), no path.
 */
function readProxyUrl(check: Checker, raw: unknown, path: string): string | null | undefined {
  const label = 'Proxy address';
  if (raw === null) return null;
  if (typeof raw !== 'string') return check.add(path, `${label}: enter an address like http://proxy.example:3128, or leave it empty.`);
  const value = raw.trim();
  if (value === '') return null;
  if (value.length > SETTINGS_LIMITS.url || CONTROL.test(value)) return check.add(path, `${label}: enter an address like http://proxy.example:3128.`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return check.add(path, `${label}: enter an address like http://proxy.example:3128.`);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') return check.add(path, `${label}: enter an address like http://proxy.example:3128.`);
  if (url.username !== '' || url.password !== '') {
    return check.add(path, `${label}: remove the user name and password from the address; enter the user name below and the password is kept in the keychain.`);
  }
  if (url.pathname !== '/' || value.includes('?') || value.includes('#')) return check.add(path, `${label}: only the scheme, host and port, like http://proxy.example:3128.`);
  return url.origin;
}

/** PEM certificates, checked for shape here; the core reads each one before trusting it. */
function readPem(check: Checker, raw: unknown, path: string): string | null | undefined {
  if (raw === null) return null;
  const label = 'Extra CA certificate';
  if (typeof raw !== 'string') return check.add(path, `${label} must be text.`);
  const value = raw.trim();
  if (value === '') return null;
  if (value.length > SETTINGS_LIMITS.extraCaPem) return check.add(path, `${label} is too long: at most ${SETTINGS_LIMITS.extraCaPem.toLocaleString('en-US')} characters.`);
  if (!PEM_CERTIFICATE.test(value)) return check.add(path, `${label}: paste one or more certificates in PEM form, each from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----.`);
  return `${value}\n`;
}

const UPDATE_CHANNELS: readonly UpdateChannel[] = ['stable', 'beta'];

function readUpdates(check: Checker, raw: unknown): UpdateSettings | undefined {
  const group = check.group(raw, 'updates', 'Update settings');
  if (!group) return undefined;
  const enabled = check.bool(own(group, 'enabled'), 'updates.enabled', 'Automatic updates');
  const channel = check.choice(own(group, 'channel'), 'updates.channel', 'Update channel', UPDATE_CHANNELS);
  const feedUrl = check.url(own(group, 'feedUrl'), 'updates.feedUrl', 'Update server address');
  // https only (plain http just for this computer), as for every address: the feed names the files and their checksums.
  if (enabled === undefined || channel === undefined || feedUrl === undefined) return undefined;
  return { enabled, channel, feedUrl };
}

/** Each reader returns the clean value, or undefined after recording a problem. */
class Checker {
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
