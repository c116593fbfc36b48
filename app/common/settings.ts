import type { ServiceEnvironment } from './models';
import type { CategorySwitchesKey, StreamKind } from './stream-kinds';

/**
 * The user's settings as stored (electron-store) and as shown in the window. Secrets are never
 * part of this: they live in the SecretStore.
 */
export interface Settings {
  readonly connection: ConnectionSettings;
  readonly auth: AuthSettings;
  readonly notifications: NotificationSettings;
  readonly history: HistorySettings;
  readonly general: GeneralSettings;
  readonly recovery: RecoverySettings;
  readonly network: NetworkSettings;
  readonly updates: UpdateSettings;
}

export interface SiteSetting {
  readonly id: string;
  /** Friendly name shown in notifications and the window. */
  readonly name: string;
}

export interface ConnectionSettings {
  readonly environment: ServiceEnvironment;
  /** Overrides the environment's Core API base URL (e.g. a local simulator). */
  readonly baseUrl: string | null;
  /** Which hubs to listen to, one switch per stream kind (app/common/stream-kind-list.ts). */
  readonly streams: { readonly [K in StreamKind]: boolean };
  /** Empty means one subscription per stream for every site the token can see. */
  readonly sites: readonly SiteSetting[];
}

export type AuthMode = 'client-credentials' | 'token';

export interface AuthSettings {
  readonly mode: AuthMode;
  readonly clientId: string;
  readonly scope: string;
  /** Overrides the environment's identity server URL. */
  readonly identityUrl: string | null;
}

export interface QuietHours {
  readonly enabled: boolean;
  /** Local wall-clock "HH:MM". A start after the end spans midnight. */
  readonly start: string;
  readonly end: string;
}

/**
 * Per stream kind, its category switches (`incidentCategories`, `entryCategories`): a kind that
 * notifies by default (incidents) notifies unless its category is set to false here; the others
 * (entries) notify only when switched on, per category.
 */
export type CategorySwitches = { readonly [K in CategorySwitchesKey]: Readonly<Record<string, boolean>> };

export interface NotificationSettings extends CategorySwitches {
  /** Categories that notify through quiet hours and pause. */
  readonly alwaysNotify: readonly string[];
  readonly quietHours: QuietHours;
  /** More than `maxCount` notifications in `windowSeconds` become one summary. */
  readonly storm: { readonly maxCount: number; readonly windowSeconds: number };
  /** Minutes offline before a single "offline" notification; 0 turns it off. */
  readonly offlineNoticeMinutes: number;
  /** How urgent (always-notify) incidents keep calling until someone acknowledges them. */
  readonly escalation: EscalationSettings;
  /** A door raising the same incident `count` times within `minutes` is escalated once, as urgent. */
  readonly repeatOffender: { readonly enabled: boolean; readonly count: number; readonly minutes: number };
}

export type AlarmSound = 'alarm' | 'silent';

export interface EscalationSettings {
  readonly sound: AlarmSound;
  /** 0 to 100. */
  readonly volume: number;
  /** Seconds between repeats of the sound while an urgent incident is not acknowledged. */
  readonly repeatSeconds: number;
  /** Repeats after the first sound before it stops on its own; 0 sounds once. */
  readonly maxRepeats: number;
  /** Show the window when an urgent incident arrives. */
  readonly bringToFront: boolean;
  /** Windows: flash the window's taskbar button until the incident is acknowledged. */
  readonly flashTaskbar: boolean;
  /** macOS: bounce the Dock icon until the incident is acknowledged. */
  readonly bounceDock: boolean;
}

export interface HistorySettings {
  readonly maxEvents: number;
  readonly maxDays: number;
}

/** Fetching what was missed while offline from the Core REST API. */
export interface RecoverySettings {
  readonly enabled: boolean;
  /**
   * The Core REST API address per environment; null takes the default: accept's is known, production
   * has none, so recovery waits until one is entered. A custom Core API base URL implies its own.
   */
  readonly restUrl: { readonly production: string | null; readonly accept: string | null };
  /** On start, how far back to recover the time the app was not running. */
  readonly lookBackHours: number;
}

export interface GeneralSettings {
  readonly startAtLogin: boolean;
  /** When shifts start, "HH:MM" on this computer's clock, earliest first: the shift handover starts at the latest one passed. */
  readonly shiftStarts: readonly string[];
}

/** system: the operating system's proxy settings (PAC included); manual: `proxyUrl`; direct: no proxy. */
export type ProxyMode = 'system' | 'manual' | 'direct';

/** Where the hub connection sends the token: the Authorization header or `access_token` in the URL. */
export type TokenPlacement = 'header' | 'query';

/** A company network: proxy, an extra certificate authority, where the token goes. */
export interface NetworkSettings {
  readonly proxyMode: ProxyMode;
  /** The manual proxy, e.g. http://proxy.corp.example:3128. */
  readonly proxyUrl: string | null;
  /** Basic proxy authentication; the password is a secret (SecretStore 'proxy-password'). Empty: none. */
  readonly proxyUsername: string;
  /** Hosts the manual proxy is not used for, NO_PROXY style: "localhost, .corp.example". */
  readonly noProxy: string;
  /** Certificate authorities (PEM) trusted in addition to the system's, e.g. the company root. */
  readonly extraCaPem: string | null;
  readonly tokenIn: TokenPlacement;
}

export type UpdateChannel = 'stable' | 'beta';

export interface UpdateSettings {
  readonly enabled: boolean;
  readonly channel: UpdateChannel;
  /** A generic (electron-builder "generic" provider) feed; null means the feed the build was published to. */
  readonly feedUrl: string | null;
}

/** A partial update from the window: each section replaced field by field. */
export type SettingsPatch = {
  readonly [K in keyof Settings]?: Partial<Settings[K]>;
};
