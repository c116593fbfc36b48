/**
 * The Electron-free heart of the desktop app. It owns the supervisor (connections), the history
 * store and the alert policy, reads settings and secrets through host ports, and answers every IPC
 * request as a method returning a Result. The work is split by job into the app-core-* modules;
 * what the renderer and tray must hear about comes out of `onDidEmit` (see CorePushes).
 */
import type { AcknowledgeRequest, ConnectionTestReport, ExportOutcome, ExportRequest, PauseRequest, SecretInput } from '../../common/ipc-contract';
import type { HistoryItem, HistoryPage, HistoryQuery, PauseState, SecretStatus, StatusSnapshot, SubscriptionState } from '../../common/models';
import type { Handover, HandoverRequest } from '../../common/handover';
import { ok, type Result } from '../../common/result';
import type { Settings } from '../../common/settings';
import { acknowledgeIncidents } from './acknowledge';
import { CoreConnection } from './connection';
import { ExportJob } from './export-job';
import { CoreIncidents } from './incidents';
import type { AppCoreOptions } from './core-options';
import { CorePushes, type CoreEvent } from './pushes';
import { AppRecovery } from './recovery-runner';
import { diagnosticsText, testConnection } from './reports';
import type { CoreSecrets } from './secrets';
import type { HistoryStore } from '../history';
import { openHistoryOrFallback, type OpenedHistory } from '../history/history-fallback';
import { silentLogger, systemClock, type Clock, type Logger } from '../ports';
import { aggregatePhase } from '../streaming/aggregate-phase';

export class AppCore {
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly pushes: CorePushes;
  private readonly secrets: CoreSecrets;
  private readonly connection: CoreConnection;
  private readonly incidents: CoreIncidents;
  private readonly exportJob: ExportJob;
  private readonly unsubscribers: (() => void)[] = [];
  private stopped = false;
  private lastSettings: Settings;
  private readonly recovery: AppRecovery;

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
    this.lastSettings = options.settings.get();
    const stopped = (): boolean => this.stopped;
    this.pushes = new CorePushes({ clock: this.clock, logger: this.logger, status: () => this.status(), stopped });
    this.incidents = new CoreIncidents({ core: options, history: this.history, pushes: this.pushes, clock: this.clock, logger: this.logger, stopped });
    this.connection = new CoreConnection({
      core: options,
      clock: this.clock,
      logger: this.logger,
      stopped,
      received: (event) => this.incidents.received(event),
      statesChanged: (states) => this.statesChanged(states),
      gapRecorded: (gap) => {
        this.incidents.gapRecorded(gap);
        this.recovery.gapRecorded(gap);
      },
      scheduleStatus: () => this.pushes.scheduleStatus(),
    });
    this.secrets = this.connection.secretKeeper;
    this.exportJob = new ExportJob({ history: this.history, clock: this.clock, logger: this.logger, emit: (event) => this.pushes.emit(event) });
    const lastEvent = this.incidents.lastEvent;
    this.recovery = new AppRecovery({
      directory: options.historyDirectory,
      settings: () => options.settings.get(),
      connection: () => this.connection.restConnection,
      lastEventAt: lastEvent === null ? null : Date.parse(lastEvent.receivedAt),
      store: (event) => this.incidents.storeRecovered(event),
      onProgress: (progress) => this.incidents.recoveryProgressed(progress),
      onStartGap: (gap) => this.incidents.gapRecorded(gap),
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
    return this.connection.reconfigure();
  }

  onDidEmit(listener: (event: CoreEvent) => void): () => void {
    return this.pushes.onDidEmit(listener);
  }

  /** Literal secrets read or set in this session, for the logger's redaction. */
  secretsInUse(): readonly string[] {
    return this.secrets.known;
  }

  /** Why the app is not connecting (missing client id, no secret…), or null when it is trying or has not started. */
  get notConnectingBecause(): string | null {
    return this.connection.configProblem;
  }

  status(): StatusSnapshot {
    const subscriptions = this.connection.states();
    return {
      aggregate: aggregatePhase(subscriptions),
      setupProblem: this.connection.configProblem,
      startupNotices: this.startupNotices,
      subscriptions,
      paused: this.incidents.alerts.pauseState(),
      unread: this.stopped ? 0 : this.history.unreadCount(),
      unacknowledgedUrgent: this.stopped ? 0 : this.history.unacknowledgedIn(this.options.settings.get().notifications.alwaysNotify),
      lastEvent: this.incidents.lastEvent,
      notifications: this.options.notificationPermission?.() ?? 'granted',
      secret: this.connection.secretStatus,
    };
  }

  /** The OS changed whether notifications show (the shell noticed); refresh the status. */
  notificationPermissionChanged(): void {
    this.pushes.scheduleStatus();
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
    if (changed > 0) this.pushes.historyChanged();
    return ok(changed);
  }

  markAllRead(): Result<number> {
    const changed = this.history.markAllRead();
    if (changed > 0) this.pushes.historyChanged();
    return ok(changed);
  }

  /** See acknowledgeIncidents: answers only once the acknowledgement is on disk. */
  acknowledge(request: AcknowledgeRequest): Promise<Result<number>> {
    return acknowledgeIncidents(
      {
        history: this.history,
        clock: this.clock,
        logger: this.logger,
        operator: this.options.operator,
        recheckEscalation: () => this.incidents.escalation.recheck(),
        historyChanged: () => this.pushes.historyChanged(),
      },
      request,
    );
  }

  /** An urgent ("always notify") incident nobody has acknowledged yet: the app must not restart under it. */
  hasUnacknowledgedUrgentIncident(): boolean {
    return this.history.unacknowledgedIn(this.options.settings.get().notifications.alwaysNotify) > 0;
  }

  async clearHistory(): Promise<Result<number>> {
    const removed = await this.history.clear();
    this.incidents.escalation.recheck();
    this.incidents.lastEvent = null;
    this.pushes.historyChanged();
    return ok(removed);
  }

  /**
   * Asks where to save via `chooseFile` (the shell's save dialog), then writes; one export at a time
   * (see ExportJob). `printPdf` renders the window's handover view for a PDF handover.
   */
  exportHistory(
    request: ExportRequest,
    chooseFile: (suggestedName: string) => Promise<string | null>,
    printPdf?: () => Promise<Uint8Array>,
  ): Promise<Result<ExportOutcome>> {
    return this.exportJob.run(request, chooseFile, printPdf);
  }

  /** The shift handover from `since` until now. */
  handover(request: HandoverRequest): Result<Handover> {
    return ok(this.history.handover(Date.parse(request.since), this.clock.now()));
  }

  // ----- connection ----------------------------------------------------------------------------

  reconnectNow(): Result<null> {
    return this.connection.reconnectNow();
  }

  /** Sleep or a network change: live connections may be dead, and events since `lostAt` were missed. */
  renewConnections(lostAt: number): void {
    this.connection.renewConnections(lostAt);
  }

  testConnection(): Promise<Result<ConnectionTestReport>> {
    return testConnection(this.options, this.clock, this.logger);
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

  setSecret(input: SecretInput): Promise<Result<SecretStatus>> {
    return this.secrets.set(input);
  }

  /** When the settings now point at other servers than the stored secret was entered for: which, in words. */
  secretServerChange(): Promise<{ readonly savedFor: string; readonly nowFor: string } | null> {
    return this.secrets.serverChange();
  }

  /** Only the shell calls this, after the user confirmed in a native dialog (see CoreSecrets). */
  allowSecretOnCurrentServers(): Promise<Result<SecretStatus>> {
    return this.secrets.allowOnCurrentServers();
  }

  /** Forgets both secrets: the window shows one "remove" button, and a stale one must not linger. */
  clearSecret(): Promise<Result<SecretStatus>> {
    return this.secrets.clear();
  }

  // ----- notifications and diagnostics ---------------------------------------------------------

  pause(request: PauseRequest): Result<PauseState> {
    return this.incidents.pause(request);
  }

  resume(): Result<null> {
    this.incidents.alerts.resume();
    return ok(null);
  }

  diagnostics(): Result<string> {
    const parts = { clock: this.clock, status: this.status(), historyError: this.history.lastWriteError, knownSecrets: this.secrets.known };
    return diagnosticsText(this.options, { ...parts, samples: this.incidents.samples });
  }

  /** Clean stop: connections closed, pending pushes dropped, history flushed and closed. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const unsubscribe of this.unsubscribers.splice(0)) unsubscribe();
    this.pushes.cancelTimers();
    await this.connection.stop();
    this.recovery.stop();
    this.incidents.alerts.dispose();
    this.incidents.escalation.dispose();
    await this.history.close();
    await this.opened.dispose();
    this.pushes.clearListeners();
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
    this.pushes.emit({ channel: 'clay:settings:did-change', payload: settings });
    if (this.connection.changedBy(settings)) void this.connection.reconfigure().then(() => this.recovery.settingsChanged());
    else {
      this.recovery.settingsChanged();
      this.pushes.scheduleStatus();
    }
  }

  private statesChanged(states: readonly SubscriptionState[]): void {
    if (this.stopped) return;
    this.recovery.statesChanged(states);
    this.incidents.statesChanged(states);
  }
}
