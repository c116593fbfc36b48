/** What the shell hands AppCore: its host ports and the few facts only the shell knows. */
import type { NotificationPermission } from '../../common/models';
import type { SystemProxyResolver } from './network-options';
import type { SettingsSource } from './settings-access';
import type { Clock, Logger, Notifier, SecretStore } from '../ports';
import type { SecretMemory } from '../diagnostics/secret-memory';
import type { RecoveryTiming } from '../recovery/recovery';
import type { UpdateFeed } from '../updates/update-policy';
import type { StreamTiming } from '../streaming/stream-timing';

export interface AppCoreOptions {
  readonly settings: SettingsSource;
  readonly secrets: SecretStore;
  /** Where the history log lives (the user-data folder in the app). */
  readonly historyDirectory: string;
  readonly notifier: Notifier;
  readonly clock?: Clock;
  readonly logger?: Logger;
  /** IANA zone for quiet hours and "tomorrow morning"; the system's when absent. */
  readonly timeZone?: string;
  /** Shown in diagnostics, e.g. { 'Clay Tray': '0.1.0', Electron: '45.5.0' }. */
  readonly versions?: Readonly<Record<string, string>>;
  /** Whether the OS lets notifications through; asked each time a status is built. */
  readonly notificationPermission?: () => NotificationPermission;
  /** Recent warnings and errors from the log, for diagnostics. */
  readonly recentProblems?: () => readonly string[];
  /** Why secrets are not in the OS keychain, when they are not. */
  readonly secretNote?: string | null;
  /** What went wrong opening settings or secrets at start-up, for the window (see StatusSnapshot). */
  readonly startupNotices?: readonly string[];
  readonly timing?: Partial<StreamTiming>;
  readonly connectionTestTimeoutMs?: number;
  /** Who acknowledges, recorded in history; the OS user name when absent. */
  readonly operator?: string;
  /** Margins, re-check delays and retries of recovery through the Core REST API. */
  readonly recoveryTiming?: Partial<RecoveryTiming>;
  /** The operating system's proxy for a URL (in the app, Electron's session.resolveProxy); absent: direct unless set in Settings. */
  readonly systemProxy?: SystemProxyResolver;
  /** Crash report lines for diagnostics (the shell knows where minidumps are). */
  readonly crashReports?: () => readonly string[];
  /** Where updates come from (the shell's updater); without one this copy does not update. */
  readonly updateFeed?: UpdateFeed;
  /** Secrets seen this session, shared with the log's redaction; the core keeps its own when absent. */
  readonly knownSecrets?: SecretMemory;
}
