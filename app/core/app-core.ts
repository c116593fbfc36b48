/**
 * The Electron-free heart of the desktop app. It owns the supervisor (connections), the history
 * store and the alert policy, reads settings and secrets through host ports, and answers every IPC
 * request as a method returning a Result. What the renderer and tray must hear about comes out of
 * `onDidEmit` as contract events: history additions and status changes are coalesced so a burst of
 * events is one push, and a state change still reaches the tray well within a second.
 */
import type {
  AcknowledgeRequest,
  ConnectionTestReport,
  EventChannel,
  ExportOutcome,
  ExportRequest,
  IpcEventMap,
  PauseRequest,
  SecretInput,
} from '../common/ipc-contract';
import type {
  Acknowledgement,
  ClayEvent,
  HistoryItem,
  HistoryPage,
  HistoryQuery,
  NotificationPermission,
  OfflineGap,
  PauseState,
  SecretStatus,
  StatusSnapshot,
  SubscriptionState,
} from '../common/models';
import { fail, ok, type Result } from '../common/result';
import type { Settings } from '../common/settings';
import { AlertPolicy, isUrgentIncident, pauseUntilMorning, switchedOn } from './alerts';
import { repeatAlert } from './alerts-content';
import { AppRecovery } from './app-core-recovery';
import { tokenExpiry, type TokenProvider } from './auth';
import { Escalation } from './escalation';
import { RepeatOffenders } from './repeat-offenders';
import { runConnectionTest } from './app-core-connection-test';
import { connectionKey, secretKindFor, streamConfigFor } from './app-core-config';
import type { SystemProxyResolver } from './app-core-network';
import { exportFileName, writeExportFile, type ExportRow } from './app-core-export';
import type { SettingsSource } from './app-core-settings';
import { buildDiagnostics } from './diagnostics';
import type { HistoryStore } from './history';
import { openHistoryOrFallback, type OpenedHistory } from './history-fallback';
import { operatorName } from './operator';
import { networkFetch } from './network';
import { PayloadSamples } from './payload-samples';
import { silentLogger, systemClock, type Clock, type ClockTimer, type Logger, type Notifier, type SecretStore } from './ports';
import type { RecoveryProgress, RecoveryTiming } from './recovery';
import { redact } from './redact';
import { bindSecret, describeServers, forgetSecretBinding, readSecretBinding, sameServers, secretDestinations } from './secret-binding';
import { siteDisplayName } from './settings';
import { aggregatePhase, Supervisor, type StreamTiming } from './supervisor';

export type CoreEvent = { [C in EventChannel]: { readonly channel: C; readonly payload: IpcEventMap[C] } }[EventChannel];

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
  /** The update state in words, for diagnostics. */
  readonly updateState?: () => string;
}

/** Status pushes are coalesced over this span: bursts become one push, the tray still updates within a second. */
export const STATUS_PUSH_DELAY_MS = 200;
/** History additions are batched over this span. */
export const HISTORY_PUSH_DELAY_MS = 100;
/** Beyond this many additions in one batch the renderer is told to re-query instead. */
export const HISTORY_PUSH_MAX_ITEMS = 500;
const ONE_HOUR_MS = 3_600_000;
const MAX_KNOWN_SECRETS = 8;
/** Export progress reaches the window at most this often. */
const EXPORT_PROGRESS_INTERVAL_MS = 250;

const NO_SECRET: SecretStatus = { location: 'none', tokenValidUntil: null };

export class AppCore {
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly alerts: AlertPolicy;
  private readonly escalation: Escalation;
  private readonly repeatOffenders: RepeatOffenders;
  private readonly listeners = new Set<(event: CoreEvent) => void>();
  private readonly unsubscribers: (() => void)[] = [];
  private supervisor: Supervisor | null = null;
  private supervisorUnsubscribers: (() => void)[] = [];
  private configuring: Promise<void> = Promise.resolve();
  private appliedConnectionKey: string | null = null;
  /** Null until `start()` has looked, so "starting" never reads as a problem to fix in Settings. */
  private configProblem: string | null = null;
  private secretStatus: SecretStatus = NO_SECRET;
  private readonly knownSecrets: string[] = [];
  private lastEvent: ClayEvent | null;
  private pendingAdds: HistoryItem[] = [];
  private addsOverflowed = false;
  private addTimer: ClockTimer | null = null;
  private statusTimer: ClockTimer | null = null;
  private stopped = false;
  private lastSettings: Settings;
  private readonly recovery: AppRecovery;
  private readonly samples = new PayloadSamples();
  /** The connection's token provider and network, which recovery shares; null while not set up. */
  private restConnection: { readonly tokenProvider: TokenProvider; readonly fetch?: typeof fetch } | null = null;
  /** The export being written, if any: one at a time, so parallel requests cannot multiply the work. */
  private exporting: { written: number; total: number } | null = null;

  private readonly history: HistoryStore;
  /** Settings, secrets and history problems met while starting, oldest first. */
  readonly startupNotices: readonly string[];

  private constructor(
    private readonly options: AppCoreOptions,
    private readonly opened: OpenedHistory,
  ) {
    this.history = opened.history;
    this.startupNotices = [...(options.startupNotices ?? []), ...(opened.notice === null ? [] : [opened.notice])];
    this.clock = options.clock ?? systemClock;
    this.logger = (options.logger ?? silentLogger).child('core');
    this.lastEvent = newestEvent(this.history);
    this.lastSettings = options.settings.get();
    this.alerts = new AlertPolicy({
      clock: this.clock,
      settings: () => options.settings.get().notifications,
      siteName: (site) => siteDisplayName(options.settings.get(), site),
      notify: (alert) => options.notifier.show(alert),
      ...(options.timeZone ? { timeZone: options.timeZone } : {}),
      onDidChangePause: () => this.scheduleStatus(),
    });
    this.escalation = new Escalation({
      clock: this.clock,
      settings: () => options.settings.get().notifications.escalation,
      isOpen: (key) => {
        const item = this.history.get(key);
        return item?.kind === 'event' && item.ack === null;
      },
      ring: (ring) => this.emit({ channel: 'clay:alarm:did-ring', payload: ring }),
    });
    this.repeatOffenders = new RepeatOffenders({
      clock: this.clock,
      settings: () => options.settings.get().notifications.repeatOffender,
      onRepeat: (event, count, minutes) => {
        const context = { now: this.clock.now(), timeZone: options.timeZone, siteName: (site: string | null) => siteDisplayName(options.settings.get(), site) };
        options.notifier.show(repeatAlert(event, count, minutes, context));
        this.escalation.raise(event.key);
      },
    });
    this.recovery = new AppRecovery({
      directory: options.historyDirectory,
      settings: () => options.settings.get(),
      connection: () => this.restConnection,
      lastEventAt: this.lastEvent === null ? null : Date.parse(this.lastEvent.receivedAt),
      store: (event) => this.storeRecovered(event),
      onProgress: (progress) => this.recoveryProgressed(progress),
      onStartGap: (gap) => this.gapRecorded(gap),
      clock: this.clock,
      logger: this.logger.child('recovery'),
      ...(options.recoveryTiming ? { timing: options.recoveryTiming } : {}),
    });
    this.unsubscribers.push(options.settings.onDidChange((settings) => this.settingsChanged(settings)));
  }

  /** Opens the history store; call `start()` to connect. */
  static async create(options: AppCoreOptions): Promise<AppCore> {
    const retention = options.settings.get().history;
    const opened = await openHistoryOrFallback({
      directory: options.historyDirectory,
      maxEvents: retention.maxEvents,
      maxDays: retention.maxDays,
      clock: options.clock ?? systemClock,
      logger: (options.logger ?? silentLogger).child('history'),
    });
    return new AppCore(options, opened);
  }

  /** Connects with the current settings and secret, or records why it cannot yet. */
  start(): Promise<void> {
    return this.reconfigure();
  }

  onDidEmit(listener: (event: CoreEvent) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Literal secrets read or set in this session, for the logger's redaction. */
  secretsInUse(): readonly string[] {
    return this.knownSecrets;
  }

  /** Why the app is not connecting (missing client id, no secret…), or null when it is trying or has not started. */
  get notConnectingBecause(): string | null {
    return this.configProblem;
  }

  status(): StatusSnapshot {
    const subscriptions = this.supervisor?.states() ?? [];
    return {
      aggregate: aggregatePhase(subscriptions),
      setupProblem: this.configProblem,
      startupNotices: this.startupNotices,
      subscriptions,
      paused: this.alerts.pauseState(),
      unread: this.stopped ? 0 : this.history.unreadCount(),
      unacknowledgedUrgent: this.stopped ? 0 : this.history.unacknowledgedIn(this.options.settings.get().notifications.alwaysNotify),
      lastEvent: this.lastEvent,
      notifications: this.options.notificationPermission?.() ?? 'granted',
      secret: this.secretStatus,
    };
  }

  /** The OS changed whether notifications show (the shell noticed); refresh the status. */
  notificationPermissionChanged(): void {
    this.scheduleStatus();
  }

  // ----- history -------------------------------------------------------------------------------

  queryHistory(query: HistoryQuery): Result<HistoryPage> {
    return ok(this.history.query(query));
  }

  getHistoryItem(key: string): Result<HistoryItem | null> {
    return ok(this.history.get(key));
  }

  markRead(keys: readonly string[]): Result<number> {
    const changed = this.history.markRead(keys);
    if (changed > 0) this.historyChanged();
    return ok(changed);
  }

  markAllRead(): Result<number> {
    const changed = this.history.markAllRead();
    if (changed > 0) this.historyChanged();
    return ok(changed);
  }

  /**
   * Records who took charge of the chosen incidents, and answers only once that is on disk (fsync):
   * an acknowledgement the desk saw confirmed survives a crash or a power cut.
   */
  async acknowledge(request: AcknowledgeRequest): Promise<Result<number>> {
    const note = request.note?.trim() ?? '';
    const ack: Acknowledgement = { by: this.options.operator ?? operatorName(), at: new Date(this.clock.now()).toISOString(), note: note === '' ? null : note };
    const changed = this.history.acknowledge('keys' in request ? { keys: request.keys } : { filter: request.filter }, ack);
    if (changed === 0) return ok(0);
    try {
      await this.history.flush();
    } catch (error) {
      this.logger.error('An acknowledgement could not be saved', { reason: error instanceof Error ? error.message : String(error) });
      this.historyChanged();
      return fail('history-write-failed', 'The acknowledgement is shown but could not be saved to disk yet; the app keeps trying. Check the free space on this computer.');
    }
    this.logger.info('Acknowledged incidents', { count: changed, by: ack.by });
    this.escalation.recheck();
    this.historyChanged();
    return ok(changed);
  }

  /** An urgent ("always notify") incident nobody has acknowledged yet: the app must not restart under it. */
  hasUnacknowledgedUrgentIncident(): boolean {
    return this.history.unacknowledgedIn(this.options.settings.get().notifications.alwaysNotify) > 0;
  }

  async clearHistory(): Promise<Result<number>> {
    const removed = await this.history.clear();
    this.escalation.recheck();
    this.lastEvent = null;
    this.historyChanged();
    return ok(removed);
  }

  /**
   * Asks where to save (`chooseFile`, the shell's save dialog) first, then streams the matching
   * events into that file, pushing progress to the window. One export at a time: a second request
   * while one runs is answered at once with how far the first one is.
   */
  async exportHistory(request: ExportRequest, chooseFile: (suggestedName: string) => Promise<string | null>): Promise<Result<ExportOutcome>> {
    if (this.exporting !== null) {
      const { written, total } = this.exporting;
      const progress = total > 0 ? ` (${written.toLocaleString('en')} of ${total.toLocaleString('en')} events written)` : ' (waiting for you to choose a file)';
      return fail('export-busy', `An export is already running${progress}. Wait for it to finish, then try again.`);
    }
    const exporting = { written: 0, total: 0 };
    this.exporting = exporting;
    try {
      const path = await chooseFile(exportFileName(request.format, this.clock.now()));
      if (path === null) return ok({ saved: false });
      // Taken after the dialog, so the file holds what the history held when the user said where.
      const rows: readonly ExportRow[] = [...this.history.filtered(request.filter)];
      exporting.total = rows.length;
      let lastPush = -Infinity;
      const progress = (written: number): void => {
        exporting.written = written;
        const now = this.clock.now();
        if (written < exporting.total && now - lastPush < EXPORT_PROGRESS_INTERVAL_MS) return;
        lastPush = now;
        this.emit({ channel: 'clay:history:export-progress', payload: { format: request.format, written, total: exporting.total } });
      };
      progress(0);
      let count: number;
      try {
        count = await writeExportFile(path, request.format, rows, progress);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        this.logger.warn('Export could not be written', { reason });
        return fail('export-failed', `The export could not be saved: ${reason}`);
      }
      this.logger.info('Exported history', { format: request.format, count });
      return ok({ saved: true, path, count });
    } finally {
      this.exporting = null;
    }
  }

  // ----- connection ----------------------------------------------------------------------------

  reconnectNow(): Result<null> {
    if (this.supervisor === null) {
      return fail('not-configured', this.configProblem ?? 'The connection is not set up yet.');
    }
    this.logger.info('Reconnecting now');
    this.supervisor.reconnectNow();
    return ok(null);
  }

  /** Sleep or a network change: live connections may be dead, and events since `lostAt` were missed. */
  renewConnections(lostAt: number): void {
    this.logger.info('Renewing connections after sleep or a network change');
    this.supervisor?.renewConnections(lostAt);
  }

  async testConnection(): Promise<Result<ConnectionTestReport>> {
    const settings = this.options.settings.get();
    const report = await runConnectionTest({
      settings,
      secrets: this.options.secrets,
      clock: this.clock,
      logger: this.logger.child('connection-test'),
      timeoutMs: this.options.connectionTestTimeoutMs ?? 10_000,
      siteName: (site) => siteDisplayName(settings, site),
      systemProxy: this.options.systemProxy ?? null,
    });
    return ok(report);
  }

  // ----- settings and secrets ------------------------------------------------------------------

  getSettings(): Result<Settings> {
    return ok(this.options.settings.get());
  }

  /** Validated by the settings source; `settingsChanged` then applies it everywhere. */
  async updateSettings(patch: unknown): Promise<Result<Settings>> {
    const result = await this.options.settings.update(patch);
    if (result.ok) this.settingsChanged(result.value);
    return result;
  }

  async setSecret(input: SecretInput): Promise<Result<SecretStatus>> {
    const value = input.value.trim();
    this.rememberSecret(value);
    try {
      await this.options.secrets.set(input.kind, value);
    } catch (error) {
      const reason = redact(error instanceof Error ? error.message : String(error), [value]);
      this.logger.error('Storing a secret failed', { kind: input.kind, reason });
      return fail('secret-store-failed', `The secret could not be stored: ${reason}`);
    }
    // Entered now, for where the settings point now: that is where it may go.
    const servers = secretDestinations(this.options.settings.get(), input.kind);
    try {
      if (servers.ok) await bindSecret(this.options.secrets, input.kind, servers.value);
      else await forgetSecretBinding(this.options.secrets, input.kind);
    } catch (error) {
      const reason = redact(error instanceof Error ? error.message : String(error), [value]);
      this.logger.error('Recording where a secret may be sent failed', { kind: input.kind, reason });
      return fail('secret-store-failed', `The secret could not be stored: ${reason}`);
    }
    this.logger.info('Stored a secret', { kind: input.kind, location: this.options.secrets.location, servers: servers.ok ? servers.value : null });
    await this.reconfigure();
    const status: SecretStatus = {
      location: this.options.secrets.location,
      tokenValidUntil: input.kind === 'token' ? tokenExpiry(value) : null,
    };
    return ok(status);
  }

  /** When the settings now point at other servers than the stored secret was entered for: which, in words. */
  async secretServerChange(): Promise<{ readonly savedFor: string; readonly nowFor: string } | null> {
    const settings = this.options.settings.get();
    const kind = secretKindFor(settings);
    const wanted = secretDestinations(settings, kind);
    if (!wanted.ok) return null;
    try {
      const stored = await this.options.secrets.get(kind);
      if (stored === null || stored.trim() === '') return null;
      const saved = await readSecretBinding(this.options.secrets, kind);
      if (saved === null || sameServers(saved, wanted.value)) return null;
      return { savedFor: describeServers(saved), nowFor: describeServers(wanted.value) };
    } catch {
      return null;
    }
  }

  /**
   * Lets the stored secret go where the settings point now. Only the shell calls this, after the
   * user confirmed in a native dialog; the window cannot reach it on its own.
   */
  async allowSecretOnCurrentServers(): Promise<Result<SecretStatus>> {
    const settings = this.options.settings.get();
    const kind = secretKindFor(settings);
    const wanted = secretDestinations(settings, kind);
    if (!wanted.ok) return wanted;
    try {
      await bindSecret(this.options.secrets, kind, wanted.value);
    } catch (error) {
      const reason = redact(error instanceof Error ? error.message : String(error), this.knownSecrets);
      return fail('secret-store-failed', `The change could not be saved: ${reason}`);
    }
    this.logger.info('The user confirmed sending the stored secret to new servers', { kind, servers: wanted.value });
    await this.reconfigure();
    return ok(this.secretStatus);
  }

  /** Forgets both secrets: the window shows one "remove" button, and a stale one must not linger. */
  async clearSecret(): Promise<Result<SecretStatus>> {
    try {
      for (const kind of ['client-secret', 'token'] as const) {
        await this.options.secrets.delete(kind);
        await forgetSecretBinding(this.options.secrets, kind);
      }
    } catch (error) {
      const reason = redact(error instanceof Error ? error.message : String(error), this.knownSecrets);
      this.logger.error('Removing a secret failed', { reason });
      return fail('secret-store-failed', `The secret could not be removed: ${reason}`);
    }
    this.logger.info('Removed the stored secrets');
    await this.reconfigure();
    return ok(NO_SECRET);
  }

  // ----- notifications and diagnostics ---------------------------------------------------------

  pause(request: PauseRequest): Result<PauseState> {
    const now = this.clock.now();
    const until =
      request.for === 'one-hour' ? now + ONE_HOUR_MS : request.for === 'until-morning' ? pauseUntilMorning(now, this.options.timeZone) : null;
    return ok(this.alerts.pause(until));
  }

  resume(): Result<null> {
    this.alerts.resume();
    return ok(null);
  }

  diagnostics(): Result<string> {
    return ok(
      buildDiagnostics({
        generatedAt: new Date(this.clock.now()).toISOString(),
        versions: this.options.versions ?? {},
        status: this.status(),
        settings: this.options.settings.get(),
        secretNote: this.options.secretNote ?? null,
        historyError: this.history.lastWriteError,
        recentProblems: this.options.recentProblems?.() ?? [],
        secrets: this.knownSecrets,
        payloadSamples: this.samples.lines(this.knownSecrets),
        crashReports: this.options.crashReports?.() ?? ['none'],
        update: this.options.updateState?.() ?? null,
      }),
    );
  }

  /** Clean stop: connections closed, pending pushes dropped, history flushed and closed. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const unsubscribe of this.unsubscribers.splice(0)) unsubscribe();
    for (const timer of [this.addTimer, this.statusTimer]) if (timer !== null) this.clock.clearTimeout(timer);
    this.addTimer = this.statusTimer = null;
    await this.configuring;
    await this.dropSupervisor();
    this.recovery.stop();
    this.alerts.dispose();
    this.escalation.dispose();
    await this.history.close();
    await this.opened.dispose();
    this.listeners.clear();
    this.logger.info('Stopped: connections closed and history flushed');
  }

  // ----- internals -----------------------------------------------------------------------------

  private settingsChanged(settings: Settings): void {
    // The source may or may not announce our own update; either way it is applied once.
    if (this.stopped || settings === this.lastSettings) return;
    this.lastSettings = settings;
    try {
      this.history.setRetention(settings.history);
    } catch (error) {
      this.logger.warn('History retention was not changed', { reason: error instanceof Error ? error.message : String(error) });
    }
    this.emit({ channel: 'clay:settings:did-change', payload: settings });
    if (connectionKey(settings) !== this.appliedConnectionKey) void this.reconfigure().then(() => this.recovery.settingsChanged());
    else {
      this.recovery.settingsChanged();
      this.scheduleStatus();
    }
  }

  /** Serialised: a second change waits for the first, so the supervisor is never built twice. */
  private reconfigure(): Promise<void> {
    const next = this.configuring.then(() => this.applyConfig());
    this.configuring = next.catch((error: unknown) => {
      this.logger.error('Applying the connection settings failed', { reason: error instanceof Error ? error.message : String(error) });
    });
    return this.configuring;
  }

  private async applyConfig(): Promise<void> {
    if (this.stopped) return;
    const settings = this.options.settings.get();
    this.appliedConnectionKey = connectionKey(settings);
    this.secretStatus = await this.readSecretStatus(settings);
    const config = await streamConfigFor(settings, this.options.secrets, this.clock, this.logger.child('auth'), this.options.systemProxy ?? null);
    if (this.stopped) return;
    if (!config.ok) {
      // It reaches the window and the tray: a bad URL is quoted back and a keychain error may echo input.
      this.configProblem = redact(config.error.message, this.knownSecrets);
      this.logger.info('Not connecting', { reason: this.configProblem });
      this.restConnection = null;
      await this.dropSupervisor();
      this.scheduleStatus();
      return;
    }
    this.configProblem = null;
    const { network } = config.value.transport;
    this.restConnection = { tokenProvider: config.value.tokenProvider, ...(network ? { fetch: networkFetch(network) } : {}) };
    if (this.supervisor) {
      await this.supervisor.reconfigure(config.value);
    } else {
      const supervisor = new Supervisor({
        ...config.value,
        clock: this.clock,
        logger: this.logger.child('supervisor'),
        ...(this.options.timing ? { timing: this.options.timing } : {}),
      });
      this.supervisorUnsubscribers = [
        supervisor.onDidReceive((event) => this.received(event)),
        supervisor.onDidChangeState((states) => this.statesChanged(states)),
        supervisor.onDidRecordGap((gap) => {
          this.gapRecorded(gap);
          this.recovery.gapRecorded(gap);
        }),
      ];
      this.supervisor = supervisor;
      supervisor.start();
    }
    this.logger.info('Connecting', { subscriptions: config.value.subscriptions.length });
    this.scheduleStatus();
  }

  private async dropSupervisor(): Promise<void> {
    const supervisor = this.supervisor;
    if (supervisor === null) return;
    this.supervisor = null;
    await supervisor.stop();
    for (const unsubscribe of this.supervisorUnsubscribers.splice(0)) unsubscribe();
  }

  private async readSecretStatus(settings: Settings): Promise<SecretStatus> {
    const kind = secretKindFor(settings);
    try {
      const value = await this.options.secrets.get(kind);
      if (value === null || value.trim() === '') return NO_SECRET;
      this.rememberSecret(value.trim());
      const status: SecretStatus = { location: this.options.secrets.location, tokenValidUntil: kind === 'token' ? tokenExpiry(value.trim()) : null };
      const serverChange = await this.secretServerChange();
      return serverChange === null ? status : { ...status, serverChange };
    } catch (error) {
      this.logger.warn('The secret store could not be read', { reason: error instanceof Error ? error.message : String(error) });
      return NO_SECRET;
    }
  }

  private rememberSecret(value: string): void {
    if (value === '' || this.knownSecrets.includes(value)) return;
    this.knownSecrets.push(value);
    if (this.knownSecrets.length > MAX_KNOWN_SECRETS) this.knownSecrets.shift();
  }

  private received(event: ClayEvent): void {
    if (this.stopped) return;
    this.samples.add(event);
    let added: boolean;
    try {
      added = this.history.append(event);
    } catch (error) {
      this.logger.error('An event could not be added to history', { key: event.key, reason: error instanceof Error ? error.message : String(error) });
      return;
    }
    if (!added) return;
    this.lastEvent = event;
    this.alerts.handleEvent(event);
    const notifications = this.options.settings.get().notifications;
    if (isUrgentIncident(event, notifications)) this.escalation.raise(event.key);
    if (switchedOn(event, notifications)) this.repeatOffenders.handle(event);
    this.queueAdd({ kind: 'event', event, read: false, ack: null });
    this.scheduleStatus();
  }

  private gapRecorded(gap: OfflineGap): void {
    this.history.appendGap(gap);
    this.queueAdd({ kind: 'gap', gap });
  }

  /** A recovered event goes to history only: never a notification of its own, and never the "last event". */
  private storeRecovered(event: ClayEvent): boolean {
    if (this.stopped) return false;
    try {
      return this.history.append(event);
    } catch (error) {
      this.logger.error('A recovered event could not be added to history', { key: event.key, reason: error instanceof Error ? error.message : String(error) });
      return false;
    }
  }

  private recoveryProgressed({ gap, recovered, added }: RecoveryProgress): void {
    if (this.stopped) return;
    this.history.appendGap(gap);
    // The gap row changed in place and events went in among older ones: the window re-reads.
    this.historyChanged();
    if (added > 0) this.alerts.handleRecovered(gap, recovered);
  }

  private statesChanged(states: readonly SubscriptionState[]): void {
    if (this.stopped) return;
    this.recovery.statesChanged(states);
    this.alerts.handleStates(states);
    this.scheduleStatus();
  }

  private historyChanged(): void {
    this.emit({ channel: 'clay:history:did-change', payload: null });
    this.scheduleStatus();
  }

  private queueAdd(item: HistoryItem): void {
    if (this.pendingAdds.length >= HISTORY_PUSH_MAX_ITEMS) this.addsOverflowed = true;
    else this.pendingAdds.push(item);
    if (this.addTimer !== null) return;
    this.addTimer = this.clock.setTimeout(() => {
      this.addTimer = null;
      const items = this.pendingAdds;
      const overflowed = this.addsOverflowed;
      this.pendingAdds = [];
      this.addsOverflowed = false;
      if (overflowed) this.emit({ channel: 'clay:history:did-change', payload: null });
      else this.emit({ channel: 'clay:history:did-add', payload: items });
    }, HISTORY_PUSH_DELAY_MS);
  }

  private scheduleStatus(): void {
    if (this.stopped || this.statusTimer !== null) return;
    this.statusTimer = this.clock.setTimeout(() => {
      this.statusTimer = null;
      if (!this.stopped) this.emit({ channel: 'clay:status:did-change', payload: this.status() });
    }, STATUS_PUSH_DELAY_MS);
  }

  private emit(event: CoreEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (error) {
        this.logger.error('A core event listener failed', { channel: event.channel, reason: error instanceof Error ? error.message : String(error) });
      }
    }
  }
}

function newestEvent(history: HistoryStore): ClayEvent | null {
  const page = history.query({ offset: 0, limit: 20 });
  for (const item of page.items) if (item.kind === 'event') return item.event;
  return null;
}
