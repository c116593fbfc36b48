/**
 * The updates area: the update policy the app runs, told about settings changes, pushing each
 * state to the window and tray, and held back while an urgent incident waits for acknowledgement
 * or Settings has unsaved changes.
 */
import type { UpdateState } from '../../common/models';
import type { Clock, Logger } from '../ports';
import { UpdatePolicy, type UpdateFeed } from '../updates/update-policy';
import type { HistoryService } from './history-service';
import type { CorePushes } from './pushes';
import type { SettingsSource } from './settings-access';
import { CONTRACT } from '../../common/ipc-contract';

/** Without a feed (tests, the command line) this copy does not update. */
const NO_FEED: UpdateFeed = {
  install: { kind: 'none', reason: 'This copy of Clay Tray does not update itself.' },
  check: () => Promise.resolve(null),
  download: () => Promise.resolve(),
  quitAndInstall: () => undefined,
};

export interface UpdatesServiceOptions {
  readonly feed: UpdateFeed | undefined;
  readonly settings: SettingsSource;
  readonly history: HistoryService;
  readonly pushes: CorePushes;
  readonly clock: Clock;
  readonly logger: Logger;
}

export class UpdatesService {
  private readonly policy: UpdatePolicy;
  private editingSettings = false;

  constructor(options: UpdatesServiceOptions) {
    this.policy = new UpdatePolicy({
      clock: options.clock,
      logger: options.logger,
      feed: options.feed ?? NO_FEED,
      settings: () => options.settings.get().updates,
      restartBlockedBecause: () =>
        options.history.hasUnacknowledgedUrgentIncident()
          ? 'an urgent incident is not acknowledged yet'
          : this.editingSettings
            ? 'Settings has changes that are not saved'
            : null,
      onDidChange: (state) => options.pushes.emit({ channel: CONTRACT.updates.onDidChange.channel, payload: state }),
    });
  }

  current(): UpdateState {
    return this.policy.current();
  }

  /** The first check comes a little after the start; call once the app is running. */
  start(): void {
    this.policy.start();
  }

  stop(): void {
    this.policy.stop();
  }

  /** The user chose "Restart to update"; false when no update is ready. */
  restartNow(): boolean {
    return this.policy.restartNow();
  }

  /** The window says whether Settings holds unsaved changes; an automatic restart waits for them. */
  settingsBeingEdited(editing: boolean): void {
    this.editingSettings = editing;
  }

  settingsChanged(): void {
    this.policy.settingsChanged();
  }
}
