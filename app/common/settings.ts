/**
 * The user's settings, as one schema: each setting's rule, its label in messages and its default.
 * The `Settings` type, `DEFAULT_SETTINGS` (core/settings) and every message the window shows next
 * to a field come from here, so a new setting is one entry below plus its control in the window
 * (docs/architecture.md, "Add a setting"). Secrets are never part of this: they live in the SecretStore.
 */
import type * as v from 'valibot';
import { AlertRulesSetting, DEFAULT_ALERT_RULES } from './alert-rules';
import { knownCategories } from './category-names';
import { DEFAULT_SHIFT_STARTS } from './handover';
import type { ServiceEnvironment } from './models';
import {
  SETTINGS_LIMITS as LIMIT,
  address,
  categoryList,
  categorySwitches,
  choice,
  clockTime,
  onOff,
  scope,
  section,
  setting,
  shiftTimes,
  siteList,
  text,
  wholeNumber,
} from './settings-checker';
import { networkSection } from './settings-rules-network';
import { STREAM_KINDS, categorySwitchesKey, perStreamKind, streamKind, streamPluralsInWords, streamTitle, type CategorySwitchesKey, type StreamKind } from './stream-kinds';

const ENVIRONMENTS = ['production', 'accept'] as const satisfies readonly ServiceEnvironment[];

/**
 * Per stream kind, its category switches (`incidentCategories`, `entryCategories`): a kind that
 * notifies by default (incidents) notifies unless its category is set to false here; the others
 * (entries) notify only when switched on, per category.
 */
function categorySwitchSettings() {
  const switches = (kind: StreamKind) => setting(categorySwitches(`${streamTitle(kind)} categories`), Object.fromEntries(knownCategories(kind).map((c) => [c, streamKind(kind).notifyByDefault])));
  return Object.fromEntries(STREAM_KINDS.map((kind) => [categorySwitchesKey(kind), switches(kind)])) as Record<CategorySwitchesKey, ReturnType<typeof switches>>;
}

const connection = section('Connection settings', {
  environment: setting(choice('Environment', ENVIRONMENTS), 'production'),
  /** Overrides the environment's Core API base URL (e.g. a local simulator). */
  baseUrl: setting(address('Core API address'), null),
  /** Which hubs to listen to, one switch per stream kind (app/common/stream-kind-list.ts). */
  streams: section(
    'Streams',
    perStreamKind((kind) => setting(onOff(`The ${streamKind(kind).plural} stream`), streamKind(kind).onByDefault)),
    { test: (s) => STREAM_KINDS.some((kind) => s[kind]), message: `Streams: turn on at least one of ${streamPluralsInWords()}.` },
  ),
  /** Empty means one subscription per stream for every site the token can see. */
  sites: setting(siteList(), []),
});

const auth = section('Sign-in settings', {
  mode: setting(choice('Sign-in method', ['client-credentials', 'token']), 'client-credentials'),
  clientId: setting(text('Client ID', LIMIT.clientId, true), ''),
  scope: setting(scope('Scope'), 'core_api.full'),
  /** Overrides the environment's identity server URL. */
  identityUrl: setting(address('Identity server address'), null),
});

const notifications = section('Notification settings', {
  ...categorySwitchSettings(),
  /** Categories that notify through quiet hours and pause. */
  alwaysNotify: setting(categoryList('Always notify'), ['intrusion', 'tamper']),
  /** Local wall-clock "HH:MM". A start after the end spans midnight. */
  quietHours: section(
    'Quiet hours',
    {
      enabled: setting(onOff('Quiet hours on or off'), false),
      start: setting(clockTime('Quiet hours start'), '22:00'),
      end: setting(clockTime('Quiet hours end'), '07:00'),
    },
    { test: (q) => !q.enabled || q.start !== q.end, message: 'Quiet hours end: choose a time different from the start.', field: 'end' },
  ),
  /** More than `maxCount` notifications in `windowSeconds` become one summary. */
  storm: section('Storm summary', {
    maxCount: setting(wholeNumber('Notifications before a summary', LIMIT.stormMaxCount), 5),
    windowSeconds: setting(wholeNumber('Summary window in seconds', LIMIT.stormWindowSeconds), 60),
  }),
  /** Minutes offline before a single "offline" notification; 0 turns it off. */
  offlineNoticeMinutes: setting(wholeNumber('Minutes offline before a notice', LIMIT.offlineNoticeMinutes), 5),
  /** How urgent (always-notify) incidents keep calling until someone acknowledges them. */
  escalation: section('Alarm for urgent incidents', {
    sound: setting(choice('Alarm sound', ['alarm', 'silent']), 'alarm'),
    volume: setting(wholeNumber('Alarm volume', LIMIT.alarmVolume), 80),
    /** Seconds between repeats of the sound while an urgent incident is not acknowledged. */
    repeatSeconds: setting(wholeNumber('Seconds between repeats', LIMIT.alarmRepeatSeconds), 30),
    /** Repeats after the first sound before it stops on its own; 0 sounds once. */
    maxRepeats: setting(wholeNumber('Repeats before the alarm stops', LIMIT.alarmMaxRepeats), 10),
    /** Show the window when an urgent incident arrives. */
    bringToFront: setting(onOff('Show the window on an urgent incident'), false),
    /** Windows: flash the window's taskbar button until the incident is acknowledged. */
    flashTaskbar: setting(onOff('Flash the taskbar button on an urgent incident'), true),
    /** macOS: bounce the Dock icon until the incident is acknowledged. */
    bounceDock: setting(onOff('Bounce the Dock icon on an urgent incident'), true),
  }),
  /** A door raising the same incident `count` times within `minutes` is escalated once, as urgent. */
  repeatOffender: section('Doors that keep raising incidents', {
    enabled: setting(onOff('Escalating doors that keep raising incidents'), true),
    count: setting(wholeNumber('Incidents from one door before it is escalated', LIMIT.repeatCount), 4),
    minutes: setting(wholeNumber('Within this many minutes', LIMIT.repeatMinutes), 20),
  }),
});

const history = section('History settings', {
  maxEvents: setting(wholeNumber('Events kept in history', LIMIT.maxEvents), 50_000),
  maxDays: setting(wholeNumber('Days kept in history', LIMIT.maxDays), 90),
});

const general = section('General settings', {
  startAtLogin: setting(onOff('Start at login'), false),
  /** When shifts start, "HH:MM" on this computer's clock, earliest first: the shift handover starts at the latest one passed. */
  shiftStarts: setting(shiftTimes('Shift start times'), [...DEFAULT_SHIFT_STARTS]),
});

/** Fetching what was missed while offline from the Core REST API. */
const recovery = section('Recovery settings', {
  enabled: setting(onOff('Recover missed events'), true),
  /**
   * The Core REST API address per environment; null takes the default: accept's is known, production
   * has none, so recovery waits until one is entered. A custom Core API base URL implies its own.
   */
  restUrl: section('Core REST addresses', {
    production: setting(address('Core REST address (production)'), null),
    accept: setting(address('Core REST address (accept)'), null),
  }),
  /** On start, how far back to recover the time the app was not running. */
  lookBackHours: setting(wholeNumber('Hours to look back on start', LIMIT.lookBackHours), 24),
});

const updates = section('Update settings', {
  enabled: setting(onOff('Automatic updates'), true),
  channel: setting(choice('Update channel', ['stable', 'beta']), 'stable'),
  /**
   * A generic (electron-builder "generic" provider) feed; null means the feed the build was published
   * to. https only (plain http just for this computer), as for every address: the feed names the files
   * and their checksums.
   */
  feedUrl: setting(address('Update server address'), null),
});

/** Every section, in the order the settings file, the window and problem lists show them. */
export const SETTINGS_SCHEMA = section('Settings', {
  connection,
  auth,
  notifications,
  history,
  general,
  network: networkSection,
  recovery,
  updates,
  /** Rules per door and schedule: their own schema in app/common/alert-rules.ts. */
  alertRules: setting(AlertRulesSetting, DEFAULT_ALERT_RULES),
});

/** Deeply read-only: settings are shared values, changed only by replacing them. */
type Frozen<T> = T extends readonly (infer U)[] ? readonly Frozen<U>[] : T extends object ? { readonly [K in keyof T]: Frozen<T[K]> } : T;

export type Settings = Frozen<v.InferOutput<typeof SETTINGS_SCHEMA.schema>>;
export type ConnectionSettings = Settings['connection'];
export type SiteSetting = ConnectionSettings['sites'][number];
export type AuthSettings = Settings['auth'];
export type AuthMode = AuthSettings['mode'];
export type NotificationSettings = Settings['notifications'];
export type CategorySwitches = Pick<NotificationSettings, CategorySwitchesKey>;
export type QuietHours = NotificationSettings['quietHours'];
export type EscalationSettings = NotificationSettings['escalation'];
export type AlarmSound = EscalationSettings['sound'];
export type HistorySettings = Settings['history'];
export type RecoverySettings = Settings['recovery'];
export type GeneralSettings = Settings['general'];
export type NetworkSettings = Settings['network'];
/** system: the operating system's proxy settings (PAC included); manual: `proxyUrl`; direct: no proxy. */
export type ProxyMode = NetworkSettings['proxyMode'];
/** Where the hub connection sends the token: the Authorization header or `access_token` in the URL. */
export type TokenPlacement = NetworkSettings['tokenIn'];
export type UpdateSettings = Settings['updates'];
export type UpdateChannel = UpdateSettings['channel'];

/** A partial update from the window: each section replaced field by field. */
export type SettingsPatch = {
  readonly [K in keyof Settings]?: Partial<Settings[K]>;
};
