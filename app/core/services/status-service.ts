/**
 * The status area: one snapshot of everything the tray and the window's status line show
 * (connections, unread and urgent counts, pause, last event, notifications, secret, problems).
 */
import type { StatusSnapshot } from '../../common/models';
import type { HistoryStore } from '../history';
import { aggregatePhase } from '../streaming/aggregate-phase';
import type { ConnectionService } from './connection';
import type { AppCoreOptions } from './core-options';
import type { NotificationService } from './notification-service';
import type { CorePushes } from './pushes';

export interface StatusServiceOptions {
  readonly core: Pick<AppCoreOptions, 'settings' | 'notificationPermission'>;
  readonly history: HistoryStore;
  readonly connection: ConnectionService;
  readonly notifications: NotificationService;
  readonly pushes: CorePushes;
  /** Settings, secrets and history problems met while starting, oldest first. */
  readonly startupNotices: readonly string[];
  /** Once the core stopped, the history is closed and counts read as zero. */
  readonly stopped: () => boolean;
}

export class StatusService {
  constructor(private readonly options: StatusServiceOptions) {}

  get(): StatusSnapshot {
    const { connection, notifications, history, core, stopped } = this.options;
    const subscriptions = connection.states();
    return {
      aggregate: aggregatePhase(subscriptions),
      setupProblem: connection.configProblem,
      startupNotices: this.options.startupNotices,
      subscriptions,
      paused: notifications.alerts.pauseState(),
      unread: stopped() ? 0 : history.unreadCount(),
      unacknowledgedUrgent: stopped() ? 0 : history.unacknowledgedWhere(notifications.urgentTest()),
      lastEvent: notifications.lastEvent,
      notifications: core.notificationPermission?.() ?? 'granted',
      secret: connection.secretStatus,
    };
  }

  /** Why the app is not connecting (missing client id, no secret…), or null when it is trying or has not started. */
  get notConnectingBecause(): string | null {
    return this.options.connection.configProblem;
  }

  /** The OS changed whether notifications show (the shell noticed); refresh the status. */
  notificationPermissionChanged(): void {
    this.options.pushes.scheduleStatus();
  }
}
