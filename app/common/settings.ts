import type { ServiceEnvironment } from './models';

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
  readonly streams: { readonly incident: boolean; readonly entry: boolean };
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

export interface NotificationSettings {
  /** Incidents notify unless their category is set to false here. */
  readonly incidentCategories: Readonly<Record<string, boolean>>;
  /** Entries notify only when switched on, per category. */
  readonly entryCategories: Readonly<Record<string, boolean>>;
  /** Categories that notify through quiet hours and pause. */
  readonly alwaysNotify: readonly string[];
  readonly quietHours: QuietHours;
  /** More than `maxCount` notifications in `windowSeconds` become one summary. */
  readonly storm: { readonly maxCount: number; readonly windowSeconds: number };
  /** Minutes offline before a single "offline" notification; 0 turns it off. */
  readonly offlineNoticeMinutes: number;
}

export interface HistorySettings {
  readonly maxEvents: number;
  readonly maxDays: number;
}

export interface GeneralSettings {
  readonly startAtLogin: boolean;
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
