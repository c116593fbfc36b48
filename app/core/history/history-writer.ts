/**
 * The history log's writing side: records go out one `write` each as they come, an fsync follows
 * within SYNC_DELAY_MS, failed writes stay queued and are retried, and compaction swaps in a fresh
 * file without losing a record appended meanwhile. Disk work that must not overlap (fsync,
 * compaction, close) runs on one chain in order. See history-store.ts for the guarantees.
 */
import { renameSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { OfflineGap } from '../../common/models';
import type { Clock, ClockTimer, Logger } from '../ports';
import type { EventState } from './history-entries';
import { LogFile, syncDirectory } from './history-log';
import { describe, LOG_FILE_NAME } from './history-open';
import { encodeRecord, LOG_FORMAT_VERSION, type LogRecord } from './history-records';

/** Longest time written data waits for an fsync. */
const SYNC_DELAY_MS = 200;
/** Compact once the log holds this many records more than twice the live set. */
const COMPACTION_SLACK = 1000;
/** Compaction writes the snapshot in pieces of about this many characters. */
const COMPACTION_CHUNK = 1 << 20;
/** How every encoded clear record starts; one in a compaction's tail moves, so its position is rewritten. */
const CLEAR_PREFIX = '{"t":"c",';

/** A write the store could not make durable; the message says what and where, never event content. */
export class HistoryWriteError extends Error {
  override readonly name = 'HistoryWriteError';
}

export interface HistoryWriterOptions {
  readonly directory: string;
  readonly log: LogFile;
  /** Records already in `log`. */
  readonly records: number;
  readonly clock: Clock;
  readonly logger: Logger;
  /** The live set, as a compaction copies it. */
  readonly snapshot: () => Iterable<EventState | { readonly gap: OfflineGap }>;
  /** How many events and gaps are live, for deciding when to compact. */
  readonly liveCount: () => number;
}

export class HistoryWriter {
  private readonly path: string;
  private readonly tmpPath: string;
  private log: LogFile | null;
  /** Records accepted but not yet written, oldest first (only non-empty after a failed write). */
  private pending: string[] = [];
  /** Records in the current log file, for deciding when to compact. */
  private logRecords: number;
  /** While a compaction runs: records appended since its snapshot, to be copied after it. */
  private tail: string[] | null = null;
  private compactionQueued = false;
  /** After a failed compaction, the log size at which to try again. */
  private compactionRetryAt = 0;
  private syncTimer: ClockTimer | null = null;
  private io: Promise<unknown> = Promise.resolve();
  private writeError: string | null = null;
  private compactionError: string | null = null;
  private closed = false;

  constructor(private readonly options: HistoryWriterOptions) {
    this.path = join(options.directory, LOG_FILE_NAME);
    this.tmpPath = `${this.path}.tmp`;
    this.log = options.log;
    this.logRecords = options.records;
  }

  get lastWriteError(): string | null {
    return this.writeError ?? this.compactionError;
  }

  /** Records in the log file; a clear record carries it so a misplaced one can be told apart. */
  get records(): number {
    return this.logRecords;
  }

  /** Writes the record now (one system call) and schedules the fsync. */
  persist(record: LogRecord): void {
    const line = encodeRecord(record);
    this.logRecords += 1;
    this.tail?.push(line);
    this.pending.push(line);
    // While writes fail, retrying on every append would only repeat the failing call: the timer retries.
    if (this.writeError === null) this.writePending();
    this.scheduleSync();
    this.maybeCompact();
  }

  /** Resolves once everything persisted so far is on disk (fsync); rejects while writes fail. */
  flush(): Promise<void> {
    return this.enqueue(() => this.syncNow());
  }

  /** Compacts now (after the disk work before it); failures show in `lastWriteError`. */
  compactNow(): Promise<void> {
    return this.enqueue(() => this.compact());
  }

  maybeCompact(): void {
    if (this.logRecords > 2 * this.options.liveCount() + COMPACTION_SLACK && this.logRecords >= this.compactionRetryAt) this.queueCompaction();
  }

  queueCompaction(): void {
    if (this.compactionQueued || this.closed) return;
    this.compactionQueued = true;
    // Failures are reported through lastWriteError and the log inside compact().
    this.enqueue(() => this.compact()).catch(() => undefined);
  }

  /** Flushes and releases the file. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.syncTimer !== null) {
      this.options.clock.clearTimeout(this.syncTimer);
      this.syncTimer = null;
    }
    try {
      await this.enqueue(() => this.syncNow());
    } finally {
      this.log?.close();
      this.log = null;
    }
  }

  /** Writes queued records in one go; returns whether the queue is now empty. */
  private writePending(): boolean {
    if (this.pending.length === 0) return true;
    const log = this.log;
    if (log === null) return false;
    try {
      log.append(this.pending.length === 1 ? (this.pending[0] as string) : this.pending.join(''));
    } catch (error) {
      const first = this.writeError === null;
      this.writeError =
        `History could not be saved to ${this.path}: ${describe(error)}. ` +
        `${this.pending.length} ${this.pending.length === 1 ? 'change is' : 'changes are'} kept in memory and will be written when possible.`;
      if (first) this.options.logger.error('History write failed', { file: this.path, error: describe(error) });
      return false;
    }
    this.pending = [];
    if (this.writeError !== null) {
      this.writeError = null;
      this.options.logger.info('History writes work again', { file: this.path });
    }
    return true;
  }

  private scheduleSync(): void {
    if (this.syncTimer !== null || this.closed) return;
    this.syncTimer = this.options.clock.setTimeout(() => {
      this.syncTimer = null;
      if (this.closed) return;
      // The error is already in lastWriteError and the log; a timer has nobody else to tell.
      this.enqueue(() => this.syncNow()).catch(() => undefined);
    }, SYNC_DELAY_MS);
  }

  private async syncNow(): Promise<void> {
    if (!this.writePending()) throw new HistoryWriteError(this.writeError ?? 'History could not be saved.');
    const log = this.log;
    if (log === null) return;
    try {
      await log.sync();
    } catch (error) {
      this.writeError = `History could not be flushed to ${this.path}: ${describe(error)}.`;
      this.options.logger.error('History fsync failed', { file: this.path, error: describe(error) });
      throw new HistoryWriteError(this.writeError);
    }
  }

  /**
   * Copies the live set into a new file and renames it over the log. Appends go on meanwhile: they
   * are written to the old log as usual and collected as the tail, which is copied after the
   * snapshot in the same tick as the rename, so no record can fall between the two files.
   */
  private async compact(): Promise<void> {
    this.compactionQueued = false;
    if (this.closed && this.log === null) return;
    const snapshot = [...this.options.snapshot()];
    const tail: string[] = [];
    this.tail = tail;
    let copy: LogFile | null = null;
    try {
      copy = LogFile.create(this.tmpPath);
      let chunk = encodeRecord({ t: 'h', v: LOG_FORMAT_VERSION });
      for (const item of snapshot) {
        chunk += encodeRecord('gap' in item ? { t: 'g', g: item.gap } : eventRecord(item));
        if (chunk.length >= COMPACTION_CHUNK) {
          await copy.appendAsync(chunk);
          chunk = '';
        }
      }
      await copy.appendAsync(chunk);
      await copy.sync();
      // From here to the rename nothing awaits, so no append can slip past the tail.
      const text = tail.map((line, i) => (line.startsWith(CLEAR_PREFIX) ? encodeRecord({ t: 'c', n: 1 + snapshot.length + i }) : line)).join('');
      if (text !== '') copy.append(text);
      this.replaceLog(copy);
    } catch (error) {
      this.tail = null;
      copy?.close();
      await rm(this.tmpPath, { force: true }).catch(() => undefined);
      this.compactionRetryAt = this.logRecords + COMPACTION_SLACK;
      this.compactionError = `History compaction failed (${describe(error)}); the log at ${this.path} is intact and will be compacted later.`;
      this.options.logger.error('History compaction failed', { file: this.path, error: describe(error) });
      return;
    }
    this.tail = null;
    this.log = copy;
    this.logRecords = 1 + snapshot.length + tail.length;
    // Everything queued was either in the snapshot or the tail, and both are in the new file.
    this.pending = [];
    this.writeError = null;
    this.compactionError = null;
    this.compactionRetryAt = 0;
    await syncDirectory(this.options.directory);
    this.options.logger.debug('History compacted', { records: this.logRecords });
  }

  /**
   * Renames the copy over the log. Windows refuses to rename over a file that is open, so the old
   * log is closed first, and opened again if the rename fails.
   */
  private replaceLog(copy: LogFile): void {
    const old = this.log;
    old?.close();
    this.log = null;
    try {
      renameSync(copy.path, this.path);
    } catch (error) {
      if (old !== null) {
        try {
          this.log = LogFile.open(this.path, old.bytes);
        } catch (reopenError) {
          this.writeError = `History file ${this.path} could not be opened again: ${describe(reopenError)}. Changes are kept in memory only.`;
          this.options.logger.error('History file could not be reopened', { file: this.path, error: describe(reopenError) });
        }
      }
      throw error;
    }
  }

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.io.then(task, task);
    this.io = run.catch(() => undefined);
    return run;
  }
}

function eventRecord(item: EventState): LogRecord {
  return { t: 'e', e: item.event, ...(item.read ? { r: 1 as const } : {}), ...(item.ack === null ? {} : { a: item.ack }) };
}
