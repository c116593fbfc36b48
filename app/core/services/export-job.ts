/**
 * Running a history export for the window: one at a time, with throttled progress pushes. Apart
 * from AppCore so the one-export rule and its state live with the code that needs them.
 */
import { CONTRACT, type ExportFormat, type ExportOutcome, type ExportRequest } from '../../common/ipc-contract';
import { fail, ok, type Result } from '../../common/result';
import { handoverFileName, handoverPieces } from '../history/handover-export';
import { exportFileName, writeExportBytes, writeExportFile, writeExportText, type ExportRow } from '../history/history-export';
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
  async run(
    request: ExportRequest,
    chooseFile: (suggestedName: string) => Promise<string | null>,
    printPdf: () => Promise<Uint8Array> = () => Promise.reject(new Error('printing to PDF needs the window')),
  ): Promise<Result<ExportOutcome>> {
    if (this.exporting !== null) {
      const { written, total } = this.exporting;
      const progress = total > 0 ? ` (${written.toLocaleString('en')} of ${total.toLocaleString('en')} events written)` : ' (waiting for you to choose a file)';
      return fail('export-busy', `An export is already running${progress}. Wait for it to finish, then try again.`);
    }
    const exporting = { written: 0, total: 0 };
    this.exporting = exporting;
    try {
      if ('handover' in request) return await this.runHandover(request, exporting, chooseFile, printPdf);
      const path = await chooseFile(exportFileName(request.format, this.options.clock.now()));
      if (path === null) return ok({ saved: false });
      // Taken after the dialog, so the file holds what the history held when the user said where.
      const rows: readonly ExportRow[] = [...this.options.history.filtered(request.filter)];
      exporting.total = rows.length;
      const progress = this.progress(request.format, exporting);
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

  /**
   * The shift handover: CSV and JSON hold every unacknowledged incident since the start; a PDF is the
   * window's handover view as printed (`printPdf`, the shell's webContents.printToPDF).
   */
  private async runHandover(
    request: Extract<ExportRequest, { handover: unknown }>,
    exporting: { written: number; total: number },
    chooseFile: (suggestedName: string) => Promise<string | null>,
    printPdf: () => Promise<Uint8Array>,
  ): Promise<Result<ExportOutcome>> {
    const { format } = request;
    const path = await chooseFile(handoverFileName(format, request.handover.since));
    if (path === null) return ok({ saved: false });
    const since = Date.parse(request.handover.since);
    const until = this.options.clock.now();
    try {
      if (format === 'pdf') {
        await writeExportBytes(path, await printPdf());
        this.options.logger.info('Saved the shift handover as PDF');
        return ok({ saved: true, path, count: this.options.history.handover(since, until).totals.unacknowledged });
      }
      const handover = this.options.history.handover(since, until);
      const filter = { from: new Date(since).toISOString(), to: new Date(until).toISOString(), acknowledgement: 'needed' as const };
      const rows: readonly ExportRow[] = [...this.options.history.filtered(filter)];
      exporting.total = rows.length;
      const progress = this.progress(format, exporting);
      let written = 0;
      const counted = (function* () {
        for (const row of rows) {
          written += 1;
          yield row;
        }
      })();
      progress(0);
      await writeExportText(path, handoverPieces(format, handover, counted), () => progress(written));
      progress(written);
      this.options.logger.info('Exported the shift handover', { format, count: written });
      return ok({ saved: true, path, count: written });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.options.logger.warn('The handover could not be saved', { format, reason });
      return fail('export-failed', `The handover could not be saved: ${reason}`);
    }
  }

  /** Reports how far an export is, at most every EXPORT_PROGRESS_INTERVAL_MS, and always the end. */
  private progress(format: ExportFormat | 'pdf', exporting: { written: number; total: number }): (written: number) => void {
    let lastPush = -Infinity;
    return (written) => {
      exporting.written = written;
      const now = this.options.clock.now();
      if (written < exporting.total && now - lastPush < EXPORT_PROGRESS_INTERVAL_MS) return;
      lastPush = now;
      this.options.emit({ channel: CONTRACT.history.onExportProgress.channel, payload: { format, written, total: exporting.total } });
    };
  }
}
