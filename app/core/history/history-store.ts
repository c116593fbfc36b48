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
import type { Handover } from '../../common/handover';
import type { ClayEvent, HistoryFilter, HistoryItem, HistoryPage, HistoryQuery, OfflineGap, Acknowledgement } from '../../common/models';
import { silentLogger, systemClock, type Clock, type Logger } from '../ports';
import type { EventState, Retention } from './history-entries';
import type { IncidentTest } from './unacknowledged-incidents';
import { computeHandover } from './handover';
import { HistoryIndex } from './history-index';
import { openLog } from './history-open';
import { checkAcknowledgement, checkEvent, checkGap, type LogRecord } from './history-records';
import { HistoryWriter } from './history-writer';

export { LOG_FILE_NAME, REJECTED_FILE_MAX_BYTES, REJECTED_FILE_NAME } from './history-open';
export { HistoryWriteError } from './history-writer';

export interface HistoryOptions {
  directory: string;
  maxEvents?: number;
  maxDays?: number;
  clock?: Clock;
  logger?: Logger;
}

export const DEFAULT_MAX_EVENTS = 50_000;
export const DEFAULT_MAX_DAYS = 90;

/** The history's front: queries and changes on the in-memory index, each change handed to the writer. */
export class HistoryStore {
  private closed = false;

  private constructor(
    private readonly index: HistoryIndex,
    private readonly writer: HistoryWriter,
    private retention: Retention,
    private readonly clock: Clock,
  ) {}

  static async open(options: HistoryOptions): Promise<HistoryStore> {
    const retention = checkRetention({
      maxEvents: options.maxEvents ?? DEFAULT_MAX_EVENTS,
      maxDays: options.maxDays ?? DEFAULT_MAX_DAYS,
    });
    const clock = options.clock ?? systemClock;
    const logger = options.logger ?? silentLogger;
    const index = new HistoryIndex();
    const opened = await openLog(options.directory, index, logger);
    index.prune(retention, clock.now());
    const writer = new HistoryWriter({
      directory: options.directory,
      log: opened.log,
      records: opened.records,
      clock,
      logger,
      snapshot: () => index.snapshot(),
      liveCount: () => index.eventCount + index.gapCount,
    });
    logger.info('History loaded', { events: index.eventCount, gaps: index.gapCount, records: writer.records });
    // Lines set aside leave the log at once, so the next start does not set them aside again.
    if (opened.setAside) writer.queueCompaction();
    else writer.maybeCompact();
    return new HistoryStore(index, writer, retention, clock);
  }

  get lastWriteError(): string | null {
    return this.writer.lastWriteError;
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

  /** Unacknowledged incidents for which `test` holds; pass the same function while its answers stay the same (see HistoryIndex). */
  unacknowledgedWhere(test: IncidentTest): number {
    this.ensureOpen();
    return this.index.unacknowledgedWhere(test);
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
    this.persist({ t: 'c', n: this.writer.records });
    await this.writer.compactNow();
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
    this.writer.queueCompaction();
  }

  /** Resolves once everything appended so far is on disk (fsync); rejects while writes fail. */
  async flush(): Promise<void> {
    this.ensureOpen();
    await this.writer.flush();
  }

  /** Flushes and releases the file; every later call throws. */
  async close(): Promise<void> {
    this.ensureOpen();
    this.closed = true;
    await this.writer.close();
  }

  private persist(record: LogRecord): void {
    this.writer.persist(record);
  }

  private prune(): void {
    this.index.prune(this.retention, this.clock.now());
  }

  private ensureOpen(): void {
    if (this.closed) throw new Error('History store is closed.');
  }
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
