/**
 * The settings rules, once for both sides: main reads an untrusted value (a settings file, a patch
 * from the window) into `Settings` with them, and the window runs the same reader on its draft to
 * show what is wrong while the user types. Nothing the user typed is echoed back in a message, so a
 * pasted token or a megabyte string cannot leak or flood.
 */
import { isShiftTime } from './handover';
import type { ServiceEnvironment } from './models';
import { categorySwitchesKey, perStreamKind, STREAM_KINDS, streamKind, streamPluralsInWords, streamTitle } from './stream-kinds';
import type {
  AlarmSound,
  CategorySwitches,
  AuthMode,
  AuthSettings,
  ConnectionSettings,
  EscalationSettings,
  GeneralSettings,
  HistorySettings,
  RecoverySettings,
  NotificationSettings,
  Settings,
  SiteSetting,
  UpdateChannel,
  UpdateSettings,
} from './settings';
import { Checker, SETTINGS_LIMITS, own } from './settings-checker';
import type { SettingsProblem } from './settings-checker';
import { readNetwork } from './settings-rules-network';

const ENVIRONMENTS: readonly ServiceEnvironment[] = ['production', 'accept'];
const AUTH_MODES: readonly AuthMode[] = ['client-credentials', 'token'];
const ALARM_SOUNDS: readonly AlarmSound[] = ['alarm', 'silent'];

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
  const streams = perStreamKind((kind) => check.bool(own(group, kind), `connection.streams.${kind}`, `The ${streamKind(kind).plural} stream`));
  const switches = Object.values(streams);
  if (switches.some((on) => on === undefined)) return undefined;
  if (!switches.some((on) => on === true)) {
    return check.add('connection.streams', `Streams: turn on at least one of ${streamPluralsInWords()}.`);
  }
  return streams as ConnectionSettings['streams'];
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
  const categories = perStreamKind((kind) => {
    const key = categorySwitchesKey(kind);
    return check.categorySwitches(own(group, key), `${path}.${key}`, `${streamTitle(kind)} categories`);
  });
  const alwaysNotify = check.categoryList(own(group, 'alwaysNotify'), `${path}.alwaysNotify`, 'Always notify');
  const quietHours = readQuietHours(check, own(group, 'quietHours'));
  const storm = readStorm(check, own(group, 'storm'));
  const [minOffline, maxOffline] = SETTINGS_LIMITS.offlineNoticeMinutes;
  const offlineNoticeMinutes = check.int(own(group, 'offlineNoticeMinutes'), `${path}.offlineNoticeMinutes`, 'Minutes offline before a notice', minOffline, maxOffline);
  const escalation = readEscalation(check, own(group, 'escalation'));
  const repeatOffender = readRepeatOffender(check, own(group, 'repeatOffender'));
  if (Object.values(categories).some((switches) => !switches) || !alwaysNotify || !quietHours || !storm || offlineNoticeMinutes === undefined || !escalation || !repeatOffender) {
    return undefined;
  }
  const switches = Object.fromEntries(STREAM_KINDS.map((kind) => [categorySwitchesKey(kind), categories[kind]])) as CategorySwitches;
  return { ...switches, alwaysNotify, quietHours, storm, offlineNoticeMinutes, escalation, repeatOffender };
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
  const flashTaskbar = check.bool(own(group, 'flashTaskbar'), `${path}.flashTaskbar`, 'Flash the taskbar button on an urgent incident');
  const bounceDock = check.bool(own(group, 'bounceDock'), `${path}.bounceDock`, 'Bounce the Dock icon on an urgent incident');
  if (sound === undefined || volume === undefined || repeatSeconds === undefined || maxRepeats === undefined || bringToFront === undefined) return undefined;
  if (flashTaskbar === undefined || bounceDock === undefined) return undefined;
  return { sound, volume, repeatSeconds, maxRepeats, bringToFront, flashTaskbar, bounceDock };
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
  const shiftStarts = readShiftStarts(check, own(group, 'shiftStarts'));
  if (startAtLogin === undefined || shiftStarts === undefined) return undefined;
  return { startAtLogin, shiftStarts };
}

/** One to SETTINGS_LIMITS.shifts distinct times of day, kept earliest first; problems go on the one field the window shows. */
function readShiftStarts(check: Checker, raw: unknown): readonly string[] | undefined {
  const path = 'general.shiftStarts';
  const label = 'Shift start times';
  if (!Array.isArray(raw) || raw.length === 0) return check.add(path, `${label}: enter at least one time, like 06:00.`);
  if (raw.length > SETTINGS_LIMITS.shifts) return check.add(path, `${label}: at most ${SETTINGS_LIMITS.shifts} shifts a day.`);
  const times: string[] = [];
  for (const entry of raw) {
    if (typeof entry !== 'string' || !isShiftTime(entry)) return check.add(path, `${label}: enter 24-hour times like 06:00, separated by commas.`);
    if (times.includes(entry)) return check.add(path, `${label}: ${entry} is listed twice.`);
    times.push(entry);
  }
  return times.sort();
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
