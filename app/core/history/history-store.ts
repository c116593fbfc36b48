/**
 * The persistent history: an in-memory live set (HistoryIndex) backed by an append-only JSON-lines
 * log (one record per event, gap, read mark or clear), compacted into a fresh file when the log has
 * grown well past the live set.
 *
 * What a crash can lose:
 * - The process killed (a crash, SIGKILL, the task manager): at most the record being written.
 *   Each record is one `write` call as it comes (a system call, not a disk flush: cheap enough for
 *   10,000 appends a second), and the OS keeps written data when a process dies. A torn last line
 *   is cut off on the next open.
 * - The machine losing power: what was written since the last fsync. `flush()`/`close()` fsync, and
 *   so does a timer SYNC_DELAY_MS after any write, so that window stays a fraction of a second.
 * - Never the file: compaction writes a new file, fsyncs it and renames it over the old one.
 *
 * A failed write (full disk, I/O error) keeps the change in memory and queued; the queue is retried
 * by the sync timer, by `flush()` and by a compaction, the error is logged once and shown in
 * `lastWriteError`, and `flush()` rejects until the queue is on disk. Nothing already stored is
 * touched.
 */
import { renameSync } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Handover } from '../../common/handover';
import type {
  Acknowledgement,
  ClayEvent,
  HistoryFilter,
  HistoryItem,
  HistoryPage,
  HistoryQuery,
  OfflineGap,
} from '../../common/models';
import { silentLogger, systemClock, type Clock, type ClockTimer, type Logger } from '../ports';
import type { EventState, Retention } from './history-entries';
import { HistoryIndex } from './history-index';
import { computeHandover } from './handover';
import { errorCode, LogFile, readLog, syncDirectory, type LogReadResult } from './history-log';
import { checkAcknowledgement, checkEvent, checkGap, encodeRecord, LOG_FORMAT_VERSION, type LogRecord } from './history-records';

export interface HistoryOptions {
  directory: string;
  maxEvents?: number;
  maxDays?: number;
  clock?: Clock;
  logger?: Logger;
}

export const DEFAULT_MAX_EVENTS = 50_000;
export const DEFAULT_MAX_DAYS = 90;
export const LOG_FILE_NAME = 'history.jsonl';
/** Lines that could not be read are moved here rather than dropped, for a human to look at. */
export const REJECTED_FILE_NAME = 'history.rejected.jsonl';
/**
 * The set-aside file never grows past this. Lines that no longer fit are dropped with a log line
 * naming them: one huge damaged line must not fill the disk on every start.
 */
export const REJECTED_FILE_MAX_BYTES = 8 * 1024 * 1024;

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

interface Compaction {
  /** Records appended since the snapshot was taken, to be copied after it. */
  readonly tail: string[];
}

export class HistoryStore {
  private readonly index = new HistoryIndex();
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly path: string;
  private readonly tmpPath: string;
  private retention: Retention;
  private log: LogFile | null = null;
  /** Records accepted but not yet written, oldest first (only non-empty after a failed write). */
  private pending: string[] = [];
  /** Records in the current log file, for deciding when to compact. */
  private logRecords = 0;
  private compaction: Compaction | null = null;
  private compactionQueued = false;
  /** After a failed compaction, the log size at which to try again. */
  private compactionRetryAt = 0;
  private syncTimer: ClockTimer | null = null;
  /** Disk work that must not overlap (fsync, compaction, close) runs on this chain in order. */
  private io: Promise<unknown> = Promise.resolve();
  private writeError: string | null = null;
  private compactionError: string | null = null;
  private closed = false;

  private constructor(
    private readonly directory: string,
    retention: Retention,
    clock: Clock,
    logger: Logger,
  ) {
    this.path = join(directory, LOG_FILE_NAME);
    this.tmpPath = `${this.path}.tmp`;
    this.retention = retention;
    this.clock = clock;
    this.logger = logger;
  }

  static async open(options: HistoryOptions): Promise<HistoryStore> {
    const retention = checkRetention({
      maxEvents: options.maxEvents ?? DEFAULT_MAX_EVENTS,
      maxDays: options.maxDays ?? DEFAULT_MAX_DAYS,
    });
    const store = new HistoryStore(options.directory, retention, options.clock ?? systemClock, options.logger ?? silentLogger);
    await store.load();
    return store;
  }

  get lastWriteError(): string | null {
    return this.writeError ?? this.compactionError;
  }

  /** Stores an event; false if its key is stored already (also across restarts). */
  append(event: ClayEvent): boolean {
    this.ensureOpen();
    const clean = checkEvent(event);
    if (!this.index.addEvent(clean)) return false;
    this.persist({ t: 'e', e: clean });
    this.prune();
    return true;
  }

  /** Stores an offline gap; a gap with a key already stored replaces it (the span grew). */
  appendGap(gap: OfflineGap): void {
    this.ensureOpen();
    const clean = checkGap(gap);
    if (!this.index.putGap(clean)) return;
    this.persist({ t: 'g', g: clean });
    this.prune();
  }

  query(query: HistoryQuery): HistoryPage {
    this.ensureOpen();
    this.prune();
    return this.index.query(query);
  }

  get(key: string): HistoryItem | null {
    this.ensureOpen();
    return this.index.get(key);
  }

  markRead(keys: readonly string[]): number {
    this.ensureOpen();
    const changed = this.index.markRead(keys);
    if (changed.length > 0) this.persist({ t: 'r', k: changed });
    return changed.length;
  }

  /**
   * Acknowledges the incidents among `keys` (or, with a filter, every incident matching it) that
   * nobody acknowledged yet; returns how many. One record holds them all, written before this
   * returns: a killed process keeps it, and `flush()` makes it survive a power cut too.
   */
  acknowledge(target: { readonly keys: readonly string[] } | { readonly filter: HistoryFilter }, ack: Acknowledgement): number {
    this.ensureOpen();
    const clean = checkAcknowledgement(ack);
    const keys = 'keys' in target ? target.keys : this.index.needingAcknowledgement(target.filter);
    const changed = this.index.acknowledge(keys, clean);
    if (changed.length > 0) this.persist({ t: 'a', k: changed, a: clean });
    return changed.length;
  }

  /** Keys of the incidents matching `filter` that still need acknowledging, newest first. */
  needingAcknowledgement(filter: HistoryFilter): string[] {
    this.ensureOpen();
    this.prune();
    return this.index.needingAcknowledgement(filter);
  }

  /** Unacknowledged incidents whose category is one of `categories`. */
  unacknowledgedIn(categories: readonly string[]): number {
    this.ensureOpen();
    return this.index.unacknowledgedIn(categories);
  }

  markAllRead(): number {
    this.ensureOpen();
    const changed = this.index.markAllRead();
    if (changed > 0) this.persist({ t: 'ra' });
    return changed;
  }

  unreadCount(): number {
    this.ensureOpen();
    return this.index.unreadCount;
  }

  /**
   * Removes everything; returns how many events were removed. The old records are then compacted
   * away so they leave the disk too; if that fails the clear still holds (its record is on disk)
   * and `lastWriteError` says why the bytes remain.
   */
  async clear(): Promise<number> {
    this.ensureOpen();
    const removed = this.index.clear();
    this.persist({ t: 'c', n: this.logRecords });
    await this.enqueue(() => this.compact());
    await this.flush();
    return removed;
  }

  /** Matching events with their read and acknowledged state, for export, newest first. */
  filtered(filter: HistoryFilter): Iterable<EventState> {
    this.ensureOpen();
    this.prune();
    return this.index.filtered(filter);
  }

  /** The shift handover from `since` until `until` (ms since the epoch): see handover.ts. */
  handover(since: number, until: number): Handover {
    this.ensureOpen();
    this.prune();
    return computeHandover(this.index, since, until);
  }

  /**
   * New limits apply at once. A change also compacts, so events dropped under the old limits leave
   * the file and cannot come back when the limits are later raised.
   */
  setRetention(limits: { maxEvents: number; maxDays: number }): void {
    this.ensureOpen();
    const next = checkRetention(limits);
    if (next.maxEvents === this.retention.maxEvents && next.maxDays === this.retention.maxDays) return;
    this.retention = next;
    this.prune();
    this.queueCompaction();
  }

  /** Resolves once everything appended so far is on disk (fsync); rejects while writes fail. */
  async flush(): Promise<void> {
    this.ensureOpen();
    await this.enqueue(() => this.syncNow());
  }

  /** Flushes and releases the file; every later call throws. */
  async close(): Promise<void> {
    this.ensureOpen();
    this.closed = true;
    if (this.syncTimer !== null) {
      this.clock.clearTimeout(this.syncTimer);
      this.syncTimer = null;
    }
    try {
      await this.enqueue(() => this.syncNow());
    } finally {
      this.log?.close();
      this.log = null;
    }
  }

  private async load(): Promise<void> {
    await mkdir(this.directory, { recursive: true });
    await this.removeStaleCopy();
    await this.checkIsFile();
    let header = false;
    const result = await readLog(this.path, (record) => {
      switch (record.t) {
        case 'h':
          if (record.v > LOG_FORMAT_VERSION) {
            throw new Error(
              `History file ${this.path} was written by a newer version of the app (format ${record.v}); ` +
                `this version reads format ${LOG_FORMAT_VERSION}. The file was left untouched.`,
            );
          }
          header = true;
          break;
        case 'e':
          this.index.loadEvent(record.e, record.r === 1, record.a ?? null);
          break;
        case 'g':
          this.index.loadGap(record.g);
          break;
        case 'r':
          this.index.loadRead(record.k);
          break;
        case 'a':
          this.index.loadAcknowledged(record.k, record.a);
          break;
        case 'ra':
          this.index.loadAllRead();
          break;
        case 'c':
          this.index.clear();
          break;
      }
    });
    this.index.finishLoad();
    this.index.prune(this.retention, this.clock.now());
    const setAside = await this.keepRejected(result);
    this.log = LogFile.open(this.path, result.validBytes);
    this.logRecords = result.records;
    if (result.tornBytes > 0) {
      this.logger.warn('History: cut off a torn last record (a write interrupted by a crash)', { file: this.path, bytes: result.tornBytes });
    }
    if (result.missingNewline) this.log.append('\n');
    if (!header && result.records === 0) {
      this.log.append(encodeRecord({ t: 'h', v: LOG_FORMAT_VERSION }));
      this.logRecords += 1;
    }
    this.logger.info('History loaded', { events: this.index.eventCount, gaps: this.index.gapCount, records: this.logRecords });
    // Lines set aside leave the log at once, so the next start does not set them aside again.
    if (setAside) this.queueCompaction();
    else this.maybeCompact();
  }

  /** A compaction interrupted by a crash leaves its copy behind; the log itself is still whole. */
  private async removeStaleCopy(): Promise<void> {
    try {
      await rm(this.tmpPath, { force: true });
    } catch (error) {
      this.logger.warn('History: could not remove a stale compaction file', { file: this.tmpPath, error: describe(error) });
    }
  }

  private async checkIsFile(): Promise<void> {
    try {
      if (!(await stat(this.path)).isFile()) throw new Error(`History file ${this.path} is not a regular file.`);
    } catch (error) {
      if (errorCode(error) !== 'ENOENT') throw error;
    }
  }

  /**
   * Corrupt lines are skipped so the rest loads, and saved aside (up to REJECTED_FILE_MAX_BYTES) so
   * compaction does not erase them unseen. True when every line was dealt with (kept, or dropped
   * for the cap), so the log may be compacted without them.
   */
  private async keepRejected(result: LogReadResult): Promise<boolean> {
    if (result.rejected.length === 0) return false;
    this.logger.warn('History: skipped unreadable records', {
      file: this.path,
      count: result.rejected.length,
      lines: result.rejected.slice(0, 20).map(({ line, reason }) => `${line}: ${reason}`),
      keptIn: REJECTED_FILE_NAME,
    });
    const path = join(this.directory, REJECTED_FILE_NAME);
    let rejects: LogFile | null = null;
    try {
      rejects = LogFile.open(path, (await stat(path).catch(() => null))?.size ?? 0);
      let room = REJECTED_FILE_MAX_BYTES - rejects.bytes;
      const kept: string[] = [];
      const dropped: string[] = [];
      for (const { line, text } of result.rejected) {
        const bytes = Buffer.byteLength(text, 'utf8') + 1;
        if (bytes <= room) {
          kept.push(`${text}\n`);
          room -= bytes;
        } else {
          dropped.push(`${line} (${bytes} bytes)`);
        }
      }
      if (kept.length > 0) rejects.append(kept.join(''));
      await rejects.sync();
      if (dropped.length > 0) {
        this.logger.warn(`History: unreadable records too large to keep aside (${REJECTED_FILE_NAME} is capped at ${REJECTED_FILE_MAX_BYTES} bytes) were dropped`, {
          file: path,
          count: dropped.length,
          lines: dropped.slice(0, 20),
        });
      }
      return true;
    } catch (error) {
      this.logger.error('History: could not save the unreadable records aside', { file: path, error: describe(error) });
      return false;
    } finally {
      rejects?.close();
    }
  }

  private persist(record: LogRecord): void {
    const line = encodeRecord(record);
    this.logRecords += 1;
    this.compaction?.tail.push(line);
    this.pending.push(line);
    // While writes fail, retrying on every append would only repeat the failing call: the timer retries.
    if (this.writeError === null) this.writePending();
    this.scheduleSync();
    this.maybeCompact();
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
      if (first) this.logger.error('History write failed', { file: this.path, error: describe(error) });
      return false;
    }
    this.pending = [];
    if (this.writeError !== null) {
      this.writeError = null;
      this.logger.info('History writes work again', { file: this.path });
    }
    return true;
  }

  private scheduleSync(): void {
    if (this.syncTimer !== null || this.closed) return;
    this.syncTimer = this.clock.setTimeout(() => {
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
      this.logger.error('History fsync failed', { file: this.path, error: describe(error) });
      throw new HistoryWriteError(this.writeError);
    }
  }

  private prune(): void {
    this.index.prune(this.retention, this.clock.now());
  }

  private maybeCompact(): void {
    const live = this.index.eventCount + this.index.gapCount;
    if (this.logRecords > 2 * live + COMPACTION_SLACK && this.logRecords >= this.compactionRetryAt) this.queueCompaction();
  }

  private queueCompaction(): void {
    if (this.compactionQueued || this.closed) return;
    this.compactionQueued = true;
    // Failures are reported through lastWriteError and the log inside compact().
    this.enqueue(() => this.compact()).catch(() => undefined);
  }

  /**
   * Copies the live set into a new file and renames it over the log. Appends go on meanwhile: they
   * are written to the old log as usual and collected as the tail, which is copied after the
   * snapshot in the same tick as the rename, so no record can fall between the two files.
   */
  private async compact(): Promise<void> {
    this.compactionQueued = false;
    if (this.closed && this.log === null) return;
    const snapshot = [...this.index.snapshot()];
    const compaction: Compaction = { tail: [] };
    this.compaction = compaction;
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
      const tail = compaction.tail.map((line, i) => (line.startsWith(CLEAR_PREFIX) ? encodeRecord({ t: 'c', n: 1 + snapshot.length + i }) : line)).join('');
      if (tail !== '') copy.append(tail);
      this.replaceLog(copy);
    } catch (error) {
      this.compaction = null;
      copy?.close();
      await rm(this.tmpPath, { force: true }).catch(() => undefined);
      this.compactionRetryAt = this.logRecords + COMPACTION_SLACK;
      this.compactionError = `History compaction failed (${describe(error)}); the log at ${this.path} is intact and will be compacted later.`;
      this.logger.error('History compaction failed', { file: this.path, error: describe(error) });
      return;
    }
    this.compaction = null;
    this.log = copy;
    this.logRecords = 1 + snapshot.length + compaction.tail.length;
    // Everything queued was either in the snapshot or the tail, and both are in the new file.
    this.pending = [];
    this.writeError = null;
    this.compactionError = null;
    this.compactionRetryAt = 0;
    await syncDirectory(this.directory);
    this.logger.debug('History compacted', { records: this.logRecords });
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
          this.logger.error('History file could not be reopened', { file: this.path, error: describe(reopenError) });
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

  private ensureOpen(): void {
    if (this.closed) throw new Error('History store is closed.');
  }
}

function eventRecord(item: EventState): LogRecord {
  return { t: 'e', e: item.event, ...(item.read ? { r: 1 as const } : {}), ...(item.ack === null ? {} : { a: item.ack }) };
}

function checkRetention(limits: { maxEvents: number; maxDays: number }): Retention {
  if (!Number.isSafeInteger(limits.maxEvents) || limits.maxEvents < 1) {
    throw new RangeError(`History retention: maxEvents must be a whole number of 1 or more, got ${String(limits.maxEvents)}`);
  }
  if (!Number.isFinite(limits.maxDays) || limits.maxDays <= 0) {
    throw new RangeError(`History retention: maxDays must be more than 0, got ${String(limits.maxDays)}`);
  }
  return { maxEvents: limits.maxEvents, maxDays: limits.maxDays };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
