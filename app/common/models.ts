/**
 * Models shared by main, preload and renderer. Pure data: no `electron`, no `node:*`.
 * Times are ISO-8601 strings in UTC so they survive IPC and JSON unchanged.
 */
import type { AlarmSoundChoice } from './alarm';

import type { StreamKind } from './stream-kinds';

export { STREAM_KINDS, type StreamKind } from './stream-kinds';

export type ServiceEnvironment = 'production' | 'accept';

export interface LockRef {
  readonly id: string | null;
  /** The lock's customer reference: the door name people know. */
  readonly name: string | null;
}

/** One hub message, normalised. `raw` is the payload exactly as received. */
export interface ClayEvent {
  /** Identity for de-duplication and history: `stream:id`, or `stream:raw:<hash>` when there is no id. */
  readonly key: string;
  readonly stream: StreamKind;
  /** The subscription's collectionId, else the payload's collection id. */
  readonly site: string | null;
  /** The payload's collection customer reference, if any. */
  readonly siteName: string | null;
  readonly id: string | null;
  /** As sent, lower snake_case (e.g. `lock_opened`, `door_left_open`); null when the payload was not understood. */
  readonly category: string | null;
  /** The category exactly as sent, present only when folding changed it (`Tür geöffnet` beside `tür_geöffnet`). */
  readonly categoryText?: string;
  readonly detail: string | null;
  /** Event time, ISO-8601 UTC. A time sent without a zone is taken as UTC. */
  readonly time: string | null;
  /** The local wall-clock time as sent by the service, unparsed. */
  readonly localTime: string | null;
  readonly lock: LockRef;
  readonly accessor: string | null;
  readonly accessBy: string | null;
  /** When this app received it, ISO-8601 UTC. */
  readonly receivedAt: string;
  /** The `ReceiveMessage` argument as received: the string itself, else its JSON text. */
  readonly raw: string;
  // The fields below are absent on events stored by earlier versions; absent reads as null (false for `recovered`).
  /** The credential used (`access_detail`): a tag number as sent; null when none (e.g. the inside handle). */
  readonly credential?: string | null;
  /** `exit_requested`: someone left from inside. Null when the payload does not say. */
  readonly exitRequested?: boolean | null;
  /** The IQ (the site's gateway) that reported the event. */
  readonly iq?: IqRef;
  /** The person, when the payload names one (first and last name joined). */
  readonly person?: string | null;
  /** Fetched from the Core REST API after a gap rather than received live. */
  readonly recovered?: boolean;
}

export interface IqRef {
  readonly id: string | null;
  /** The IQ's customer reference. */
  readonly name: string | null;
}

/** Where a subscription stands. Only `connected` means events can arrive. */
export type SubscriptionStatus =
  | { readonly phase: 'connecting'; readonly attempt: number }
  | { readonly phase: 'connected'; readonly since: string }
  | { readonly phase: 'reconnecting'; readonly attempt: number; readonly nextRetryAt: string | null }
  | { readonly phase: 'offline'; readonly attempt: number; readonly nextRetryAt: string | null }
  | { readonly phase: 'auth-failed'; readonly attempt: number; readonly nextRetryAt: string | null }
  | { readonly phase: 'stopped' };

export type ConnectionPhase = SubscriptionStatus['phase'];

export interface SubscriptionState {
  /** `stream` or `stream:site`. */
  readonly id: string;
  readonly stream: StreamKind;
  readonly site: string | null;
  readonly status: SubscriptionStatus;
  /** The last failure, secrets redacted; cleared once connected again. */
  readonly lastError: string | null;
  readonly lastEventAt: string | null;
  /** When the connection was last lost; null while connected or before the first connect. */
  readonly offlineSince: string | null;
}

/** What the tray shows: the worst phase over all subscriptions. */
export type AggregatePhase = 'connected' | 'connecting' | 'offline' | 'auth-failed' | 'stopped';

/** A span in which a subscription was not connected: events sent then were not received. */
export interface OfflineGap {
  readonly key: string;
  readonly stream: StreamKind;
  readonly site: string | null;
  readonly from: string;
  readonly to: string;
  /** What fetching the span from the Core REST API achieved; absent when recovery was not tried. */
  readonly recovery?: GapRecovery;
}

/**
 * `checking`: queried, re-checking later because REST lags; `done`: closed; `failed`: stopped
 * with `reason` in words; `waiting`: recovery is not set up (`reason` says what is missing).
 */
export interface GapRecovery {
  readonly state: 'checking' | 'done' | 'failed' | 'waiting';
  /** Events found that were not in history yet. */
  readonly recovered: number;
  readonly reason: string | null;
}

/**
 * Someone at the desk has taken charge of an incident. Separate from "read": reading is looking,
 * acknowledging is saying "I am handling this", with a name and a time that stay in the history.
 */
export interface Acknowledgement {
  /** The operating-system user name of whoever acknowledged it. */
  readonly by: string;
  /** ISO-8601 UTC. */
  readonly at: string;
  readonly note: string | null;
}

/** One sound of the alarm for urgent incidents (app/core/escalation.ts); the window plays it. */
export interface AlarmRing {
  /** The sound to play: the rule's, the incident family's, else the alarm setting's. */
  readonly sound: AlarmSoundChoice;
  /** 0 to 1, for the audio element. */
  readonly volume: number;
  /** 0 for the first sound of an alarm, then 1, 2, … */
  readonly repeat: number;
  /** Show the window: set on the first sound when the user asked for it. */
  readonly bringToFront: boolean;
  /** Flash the taskbar button (Windows) / bounce the Dock icon (macOS) until acknowledged: set on the first sound when asked for. */
  readonly flashTaskbar: boolean;
  readonly bounceDock: boolean;
  /** Urgent incidents still waiting for someone. */
  readonly open: number;
}

export type HistoryItem =
  | { readonly kind: 'event'; readonly event: ClayEvent; readonly read: boolean; readonly ack: Acknowledgement | null }
  | { readonly kind: 'gap'; readonly gap: OfflineGap };

export interface HistoryFilter {
  readonly streams?: readonly StreamKind[];
  readonly sites?: readonly string[];
  readonly categories?: readonly string[];
  /** Case-insensitive substring over category, detail, lock, site, accessor and raw. */
  readonly text?: string;
  /** Inclusive bounds on the event time (receivedAt when the event has none), ISO-8601. */
  readonly from?: string;
  readonly to?: string;
  readonly unreadOnly?: boolean;
  /** `needed`: incidents nobody has acknowledged yet; `done`: acknowledged incidents. Entries match neither. */
  readonly acknowledgement?: AcknowledgementFilter;
}

export type AcknowledgementFilter = 'needed' | 'done';

export interface HistoryQuery extends HistoryFilter {
  /** Items to skip from the newest; paging is by offset over the filtered, newest-first list. */
  readonly offset: number;
  readonly limit: number;
}

export interface HistoryPage {
  readonly items: readonly HistoryItem[];
  /** Items matching the filter. */
  readonly total: number;
  /** Unread events in the whole store. */
  readonly unread: number;
}

/** Where a secret is kept. The renderer sees this, never the secret. */
export type SecretLocation = 'keychain' | 'encrypted-file' | 'session-only' | 'none';

export interface SecretStatus {
  readonly location: SecretLocation;
  /** For a static token that is a JWT: its expiry, ISO-8601 UTC. */
  readonly tokenValidUntil: string | null;
  /**
   * Set while the settings point at other servers than the stored secret was entered for, so the
   * app holds it back: both as origins in words (never the secret).
   */
  readonly serverChange?: { readonly savedFor: string; readonly nowFor: string };
}

export interface PauseState {
  /** ISO-8601 UTC, or null for "until resumed". Absent state object means not paused. */
  readonly until: string | null;
}

export type NotificationPermission = 'granted' | 'denied' | 'unsupported';

export interface StatusSnapshot {
  readonly aggregate: AggregatePhase;
  /**
   * Why the app is not connecting at all (no client id, no stored secret, a bad address…), in
   * plain words and free of secrets; null while it is connecting or connected.
   */
  readonly setupProblem: string | null;
  /**
   * What went wrong while starting and what the app did about it (settings reset, history or secrets
   * unusable, where the bad file was copied), in plain words; empty when the start was clean.
   */
  readonly startupNotices: readonly string[];
  readonly subscriptions: readonly SubscriptionState[];
  readonly paused: PauseState | null;
  readonly unread: number;
  /** Incidents of an always-notify category that nobody has acknowledged yet (the tray and badge show it). */
  readonly unacknowledgedUrgent: number;
  readonly lastEvent: ClayEvent | null;
  readonly notifications: NotificationPermission;
  readonly secret: SecretStatus;
}

/**
 * Where self-updating stands. `message` is the plain sentence the window shows; an update server
 * that cannot be reached stays `idle` (it is tried again later, nobody needs to act).
 */
export type UpdatePhase =
  | 'off'
  | 'unavailable'
  | 'idle'
  | 'checking'
  | 'downloading'
  | 'ready'
  | 'use-package-manager'
  | 'failed';

export interface UpdateState {
  readonly phase: UpdatePhase;
  readonly message: string;
  /** The newer version found, if any. */
  readonly version: string | null;
  /** When the feed last answered, ISO-8601 UTC. */
  readonly checkedAt: string | null;
}

/** One production dependency shipped with the app, for the About view's notices. */
export interface ThirdPartyNotice {
  readonly name: string;
  readonly version: string;
  readonly license: string;
  /** The package's own licence file, when it has one. */
  readonly text: string | null;
}

export interface AboutInfo {
  readonly versions: Readonly<Record<string, string>>;
  /** Folders the user may want to find: settings and history, logs, crash reports. */
  readonly dataFolders: readonly { readonly label: string; readonly path: string }[];
  readonly license: string;
  readonly notices: readonly ThirdPartyNotice[];
  readonly update: UpdateState;
  /** When the last run was last seen alive, if it ended without a clean quit (a crash); the window says so. */
  readonly crashedAt: string | null;
}
