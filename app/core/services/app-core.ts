/**
 * The Electron-free heart of the desktop app, as a small composition of one service per area of
 * the IPC contract: `history`, `status`, `connection`, `settings`, `secrets`, `notifications`,
 * `diagnostics`, `updates`. Each answers its requests as Results; what the renderer and tray must hear
 * about comes out of `onDidEmit` (see CorePushes). Built in the order things depend on each other.
 */
import { DisposableStore, type Event } from '../../common/event';
import type { HistoryStore } from '../history';
import { openHistoryOrFallback, type OpenedHistory } from '../history/history-fallback';
import { silentLogger, systemClock, type Logger } from '../ports';
import { ConnectionService } from './connection';
import type { AppCoreOptions } from './core-options';
import { DiagnosticsService } from './diagnostics-service';
import { HistoryService } from './history-service';
import { NotificationService } from './notification-service';
import { CorePushes, type CoreEvent } from './pushes';
import { AppRecovery } from './recovery-runner';
import type { SecretsService } from './secrets';
import { SettingsService } from './settings-service';
import { StatusService } from './status-service';
import { UpdatesService } from './updates-service';

export class AppCore {
  readonly history: HistoryService;
  readonly status: StatusService;
  readonly connection: ConnectionService;
  readonly settings: SettingsService;
  readonly secrets: SecretsService;
  readonly notifications: NotificationService;
  readonly diagnostics: DiagnosticsService;
  readonly updates: UpdatesService;
  /** Every push for the window and the tray, in order. */
  readonly onDidEmit: Event<CoreEvent>;
  /** Settings, secrets and history problems met while starting, oldest first. */
  readonly startupNotices: readonly string[];

  private readonly logger: Logger;
  private readonly store: HistoryStore;
  private readonly pushes: CorePushes;
  private readonly recovery: AppRecovery;
  private readonly subscriptions = new DisposableStore();
  private stopped = false;

  private constructor(
    options: AppCoreOptions,
    private readonly opened: OpenedHistory,
  ) {
    const store = opened.history;
    this.store = store;
    this.startupNotices = [...(options.startupNotices ?? []), ...(opened.notice === null ? [] : [opened.notice])];
    const clock = options.clock ?? systemClock;
    const logger = (options.logger ?? silentLogger).child('core');
    this.logger = logger;
    const stopped = (): boolean => this.stopped;

    // A status push reads the status service when its timer fires, by which time it exists.
    const pushes = new CorePushes({ clock, logger, status: () => this.status.get(), stopped });
    this.pushes = pushes;
    this.onDidEmit = pushes.onDidEmit;
    const notifications = new NotificationService({ core: options, history: store, pushes, clock, logger, stopped });
    const connection = new ConnectionService({ core: options, clock, logger, stopped, scheduleStatus: () => pushes.scheduleStatus() });
    const lastEvent = notifications.lastEvent;
    const recovery = new AppRecovery({
      directory: options.historyDirectory,
      settings: () => options.settings.get(),
      connection: () => connection.restConnection,
      lastEventAt: lastEvent === null ? null : Date.parse(lastEvent.receivedAt),
      store: (event) => notifications.storeRecovered(event),
      onProgress: (progress) => notifications.recoveryProgressed(progress),
      onStartGap: (gap) => notifications.gapRecorded(gap),
      clock,
      logger: logger.child('recovery'),
      ...(options.recoveryTiming ? { timing: options.recoveryTiming } : {}),
    });
    this.recovery = recovery;
    this.subscriptions.add(connection.onDidReceive((event) => notifications.received(event)));
    this.subscriptions.add(
      connection.onDidRecordGap((gap) => {
        notifications.gapRecorded(gap);
        recovery.gapRecorded(gap);
      }),
    );
    this.subscriptions.add(
      connection.onDidChangeStates((states) => {
        if (stopped()) return;
        // Recovery first: alerts then hear about connection states after it has.
        recovery.statesChanged(states);
        notifications.statesChanged(states);
      }),
    );

    this.notifications = notifications;
    this.connection = connection;
    this.secrets = connection.secretKeeper;
    this.history = new HistoryService({ store, settings: options.settings, notifications, pushes, clock, logger, operator: options.operator });
    this.status = new StatusService({ core: options, history: store, connection, notifications, pushes, startupNotices: this.startupNotices, stopped });
    this.settings = new SettingsService({ source: options.settings, history: store, connection, recovery, pushes, logger, stopped });
    this.updates = new UpdatesService({ feed: options.updateFeed, settings: options.settings, history: this.history, pushes, clock, logger: logger.child('updates') });
    this.subscriptions.add(this.settings.onDidApply(() => this.updates.settingsChanged()));
    this.diagnostics = new DiagnosticsService({ core: options, clock, status: this.status, history: store, secrets: this.secrets, notifications, updates: this.updates });
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

  /** Clean stop: connections closed, pending pushes dropped, history flushed and closed. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.updates.stop();
    this.settings.dispose();
    this.pushes.cancelPending();
    await this.connection.stop();
    this.subscriptions.dispose();
    this.recovery.stop();
    this.notifications.dispose();
    await this.store.close();
    await this.opened.dispose();
    this.pushes.dispose();
    this.logger.info('Stopped: connections closed and history flushed');
  }
}
