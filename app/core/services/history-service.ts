/**
 * The history area: reading, marking read, acknowledging, clearing and exporting what the app
 * stored. Every change that the window or tray must show goes out through the core's pushes.
 */
import type { AcknowledgeRequest, ExportOutcome, ExportRequest } from '../../common/ipc-contract';
import type { Handover, HandoverRequest } from '../../common/handover';
import type { HistoryItem, HistoryPage, HistoryQuery } from '../../common/models';
import { ok, type Result } from '../../common/result';
import type { HistoryStore } from '../history';
import type { Clock, Logger } from '../ports';
import { acknowledgeIncidents } from './acknowledge';
import { ExportJob } from './export-job';
import type { NotificationService } from './notification-service';
import type { CorePushes } from './pushes';
import type { SettingsSource } from './settings-access';

export interface HistoryServiceOptions {
  readonly store: HistoryStore;
  readonly settings: SettingsSource;
  readonly notifications: NotificationService;
  readonly pushes: CorePushes;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Who acknowledges, recorded in history; the OS user name when absent. */
  readonly operator: string | undefined;
}

export class HistoryService {
  private readonly exportJob: ExportJob;

  constructor(private readonly options: HistoryServiceOptions) {
    const { store, clock, logger, pushes } = options;
    this.exportJob = new ExportJob({ history: store, clock, logger, emit: (event) => pushes.emit(event) });
  }

  query(query: HistoryQuery): Result<HistoryPage> {
    return ok(this.options.store.query(query));
  }

  get(key: string): Result<HistoryItem | null> {
    return ok(this.options.store.get(key));
  }

  markRead(keys: readonly string[]): Result<number> {
    const changed = this.options.store.markRead(keys);
    if (changed > 0) this.options.pushes.historyChanged();
    return ok(changed);
  }

  markAllRead(): Result<number> {
    const changed = this.options.store.markAllRead();
    if (changed > 0) this.options.pushes.historyChanged();
    return ok(changed);
  }

  /** See acknowledgeIncidents: answers only once the acknowledgement is on disk. */
  acknowledge(request: AcknowledgeRequest): Promise<Result<number>> {
    const { store, clock, logger, operator, notifications, pushes } = this.options;
    return acknowledgeIncidents(
      {
        history: store,
        clock,
        logger,
        operator,
        recheckEscalation: () => notifications.escalation.recheck(),
        historyChanged: () => pushes.historyChanged(),
      },
      request,
    );
  }

  /** An urgent incident (by the alert rules, else "always notify") nobody has acknowledged yet: the app must not restart under it. */
  hasUnacknowledgedUrgentIncident(): boolean {
    return this.options.store.unacknowledgedWhere(this.options.notifications.urgentTest()) > 0;
  }

  async clear(): Promise<Result<number>> {
    const removed = await this.options.store.clear();
    this.options.notifications.escalation.recheck();
    this.options.notifications.lastEvent = null;
    this.options.pushes.historyChanged();
    return ok(removed);
  }

  /**
   * Asks where to save via `chooseFile` (the shell's save dialog), then writes; one export at a time
   * (see ExportJob). `printPdf` renders the window's handover view for a PDF handover.
   */
  export(
    request: ExportRequest,
    chooseFile: (suggestedName: string) => Promise<string | null>,
    printPdf?: () => Promise<Uint8Array>,
  ): Promise<Result<ExportOutcome>> {
    return this.exportJob.run(request, chooseFile, printPdf);
  }

  /** The shift handover from `since` until now. */
  handover(request: HandoverRequest): Result<Handover> {
    return ok(this.options.store.handover(Date.parse(request.since), this.options.clock.now()));
  }
}
