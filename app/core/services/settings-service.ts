/**
 * The settings area: reading and changing settings, and applying every change (from the window, or
 * from the file edited on disk) once: history retention, the push to the window, the connection
 * rebuilt when it depends on what changed, recovery told.
 */
import { DisposableStore, Emitter, type Event } from '../../common/event';
import { ok, type Result } from '../../common/result';
import type { Settings } from '../../common/settings';
import type { HistoryStore } from '../history';
import type { Logger } from '../ports';
import type { ConnectionService } from './connection';
import type { CorePushes } from './pushes';
import type { AppRecovery } from './recovery-runner';
import type { SettingsSource } from './settings-access';
import { CONTRACT } from '../../common/ipc-contract';

export interface SettingsServiceOptions {
  readonly source: SettingsSource;
  readonly history: HistoryStore;
  readonly connection: ConnectionService;
  readonly recovery: AppRecovery;
  readonly pushes: CorePushes;
  readonly logger: Logger;
  readonly stopped: () => boolean;
}

export class SettingsService {
  private readonly subscriptions = new DisposableStore();
  private readonly applied = new Emitter<Settings>();
  private lastSettings: Settings;
  /** Settings that changed and were applied to history, the connection and recovery. */
  readonly onDidApply: Event<Settings> = this.applied.event;

  constructor(private readonly options: SettingsServiceOptions) {
    this.lastSettings = options.source.get();
    this.subscriptions.add(options.source.onDidChange((settings) => this.apply(settings)));
  }

  get(): Result<Settings> {
    return ok(this.options.source.get());
  }

  /** Validated by the settings source, then applied everywhere. */
  async update(patch: unknown): Promise<Result<Settings>> {
    const result = await this.options.source.update(patch);
    if (result.ok) this.apply(result.value);
    return result;
  }

  /** Stops following the settings source. */
  dispose(): void {
    this.subscriptions.dispose();
    this.applied.dispose();
  }

  private apply(settings: Settings): void {
    // The source may or may not announce our own update; either way it is applied once.
    if (this.options.stopped() || settings === this.lastSettings) return;
    this.lastSettings = settings;
    const { history, connection, recovery, pushes, logger } = this.options;
    try {
      history.setRetention(settings.history);
    } catch (error) {
      logger.warn('History retention was not changed', { reason: error instanceof Error ? error.message : String(error) });
    }
    pushes.emit({ channel: CONTRACT.settings.onDidChange.channel, payload: settings });
    if (connection.changedBy(settings)) void connection.reconfigure().then(() => recovery.settingsChanged());
    else {
      recovery.settingsChanged();
      pushes.scheduleStatus();
    }
    this.applied.fire(settings);
  }
}
