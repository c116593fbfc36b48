/**
 * Running a history export for the window: one at a time, with throttled progress pushes. Apart
 * from AppCore so the one-export rule and its state live with the code that needs them.
 */
import { CONTRACT, type ExportOutcome, type ExportRequest } from '../../common/ipc-contract';
import { fail, ok, type Result } from '../../common/result';
import { exportFileName, writeExportFile, type ExportRow } from '../history/history-export';
import type { CoreEvent } from './pushes';
import type { HistoryStore } from '../history';
import type { Clock, Logger } from '../ports';

/** Export progress reaches the window at most this often. */
const EXPORT_PROGRESS_INTERVAL_MS = 250;

export interface ExportJobOptions {
  readonly history: HistoryStore;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly emit: (event: CoreEvent) => void;
}

export class ExportJob {
  /** The export being written, if any: one at a time, so parallel requests cannot multiply the work. */
  private exporting: { written: number; total: number } | null = null;

  constructor(private readonly options: ExportJobOptions) {}

  /**
   * Asks where to save (`chooseFile`, the shell's save dialog) first, then streams the matching
   * events into that file, pushing progress to the window. One export at a time: a second request
   * while one runs is answered at once with how far the first one is.
   */
  async run(request: ExportRequest, chooseFile: (suggestedName: string) => Promise<string | null>): Promise<Result<ExportOutcome>> {
    if (this.exporting !== null) {
      const { written, total } = this.exporting;
      const progress = total > 0 ? ` (${written.toLocaleString('en')} of ${total.toLocaleString('en')} events written)` : ' (waiting for you to choose a file)';
      return fail('export-busy', `An export is already running${progress}. Wait for it to finish, then try again.`);
    }
    const exporting = { written: 0, total: 0 };
    this.exporting = exporting;
    try {
      const path = await chooseFile(exportFileName(request.format, this.options.clock.now()));
      if (path === null) return ok({ saved: false });
      // Taken after the dialog, so the file holds what the history held when the user said where.
      const rows: readonly ExportRow[] = [...this.options.history.filtered(request.filter)];
      exporting.total = rows.length;
      let lastPush = -Infinity;
      const progress = (written: number): void => {
        exporting.written = written;
        const now = this.options.clock.now();
        if (written < exporting.total && now - lastPush < EXPORT_PROGRESS_INTERVAL_MS) return;
        lastPush = now;
        this.options.emit({ channel: CONTRACT.history.onExportProgress.channel, payload: { format: request.format, written, total: exporting.total } });
      };
      progress(0);
      let count: number;
      try {
        count = await writeExportFile(path, request.format, rows, progress);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        this.options.logger.warn('Export could not be written', { reason });
        return fail('export-failed', `The export could not be saved: ${reason}`);
      }
      this.options.logger.info('Exported history', { format: request.format, count });
      return ok({ saved: true, path, count });
    } finally {
      this.exporting = null;
    }
  }
}
