/**
 * The live set of history in memory: events and offline gaps, each kept sorted by time so that a
 * date range is a binary search and "newest first" is a walk backwards. No I/O here: the store
 * decides what reaches the disk, this decides what is kept and what a query sees.
 */
import type { Acknowledgement, ClayEvent, HistoryFilter, HistoryItem, HistoryPage, HistoryQuery, OfflineGap } from '../../common/models';
import { eventTime, isBefore, sameRecovery, SortedEntries, type EventEntry, type EventState, type GapEntry, type Retention } from './history-entries';
import { checkCount, compile, hasEventTests, matchesEvent, matchingGaps } from './history-filter';
import { isAcknowledgeable } from '../../common/stream-kinds';
import { UnacknowledgedIncidents, type IncidentTest } from './unacknowledged-incidents';

const DAY_MS = 86_400_000;

export class HistoryIndex {
  private readonly events = new SortedEntries<EventEntry>();
  private readonly gaps = new SortedEntries<GapEntry>();
  private readonly eventsByKey = new Map<string, EventEntry>();
  private readonly gapsByKey = new Map<string, GapEntry>();
  private unread = 0;
  private readonly unacknowledged = new UnacknowledgedIncidents();
  private nextSeq = 0;

  get eventCount(): number {
    return this.events.length;
  }

  get gapCount(): number {
    return this.gaps.length;
  }

  get unreadCount(): number {
    return this.unread;
  }

  /** Unacknowledged incidents for which `test` holds (see UnacknowledgedIncidents). */
  unacknowledgedWhere(test: IncidentTest): number {
    return this.unacknowledged.countWhere(test);
  }

  has(key: string): boolean {
    return this.eventsByKey.has(key) || this.gapsByKey.has(key);
  }

  /** Adds an event unless its key is held already; returns whether it was added. */
  addEvent(event: ClayEvent, read = false): boolean {
    if (this.has(event.key)) return false;
    const entry: EventEntry = { event, at: eventTime(event), seq: this.nextSeq++, read, ack: null };
    this.events.insert(entry);
    this.eventsByKey.set(event.key, entry);
    if (!read) this.unread += 1;
    this.unacknowledged.added(entry);
    return true;
  }

  /** Adds a gap, or replaces the one with the same key (a span that grew); returns whether anything changed. */
  putGap(gap: OfflineGap): boolean {
    if (this.eventsByKey.has(gap.key)) return false;
    const existing = this.gapsByKey.get(gap.key);
    if (existing !== undefined) {
      if (
        existing.gap.from === gap.from &&
        existing.gap.to === gap.to &&
        existing.gap.site === gap.site &&
        existing.gap.stream === gap.stream &&
        sameRecovery(existing.gap.recovery, gap.recovery)
      ) {
        return false;
      }
      this.gaps.remove(existing);
    }
    const entry: GapEntry = { gap, at: Date.parse(gap.to), from: Date.parse(gap.from), seq: this.nextSeq++ };
    this.gaps.insert(entry);
    this.gapsByKey.set(gap.key, entry);
    return true;
  }

  /*
   * Loading replays the log straight into the key maps (their order is log order, a key stored
   * again moving to the end) and sorts once at the end: inserting one by one, or building a second
   * map first, is what would make opening a large store cost much more than parsing it.
   */

  loadEvent(event: ClayEvent, read: boolean, ack: Acknowledgement | null): void {
    this.eventsByKey.delete(event.key);
    this.eventsByKey.set(event.key, { event, at: eventTime(event), seq: this.nextSeq++, read, ack });
  }

  loadAcknowledged(keys: readonly string[], ack: Acknowledgement): void {
    for (const key of keys) {
      const entry = this.eventsByKey.get(key);
      if (entry !== undefined && entry.ack === null && isAcknowledgeable(entry.event.stream)) entry.ack = ack;
    }
  }

  loadGap(gap: OfflineGap): void {
    this.gapsByKey.delete(gap.key);
    this.gapsByKey.set(gap.key, { gap, at: Date.parse(gap.to), from: Date.parse(gap.from), seq: this.nextSeq++ });
  }

  loadRead(keys: readonly string[]): void {
    for (const key of keys) {
      const entry = this.eventsByKey.get(key);
      if (entry !== undefined) entry.read = true;
    }
  }

  loadAllRead(): void {
    for (const entry of this.eventsByKey.values()) entry.read = true;
  }

  finishLoad(): void {
    const events = [...this.eventsByKey.values()];
    this.unread = 0;
    this.unacknowledged.clear();
    for (const entry of events) {
      if (!entry.read) this.unread += 1;
      this.unacknowledged.added(entry);
    }
    this.events.reset(events);
    this.gaps.reset([...this.gapsByKey.values()]);
  }

  markRead(keys: readonly string[]): string[] {
    const changed: string[] = [];
    for (const key of keys) {
      const entry = this.eventsByKey.get(key);
      if (entry !== undefined && !entry.read) {
        entry.read = true;
        this.unread -= 1;
        changed.push(key);
      }
    }
    return changed;
  }

  /** Acknowledges the incidents among `keys` that nobody acknowledged yet; returns their keys. */
  acknowledge(keys: Iterable<string>, ack: Acknowledgement): string[] {
    const changed: string[] = [];
    for (const key of keys) {
      const entry = this.eventsByKey.get(key);
      if (entry === undefined || entry.ack !== null || !isAcknowledgeable(entry.event.stream)) continue;
      this.unacknowledged.removed(entry);
      entry.ack = ack;
      changed.push(key);
    }
    return changed;
  }

  /** Keys of the incidents matching `filter` that still need acknowledging, newest first. */
  needingAcknowledgement(filter: HistoryFilter): string[] {
    // A list of acknowledged incidents shows none that need it.
    if (filter.acknowledgement === 'done') return [];
    const compiled = compile({ ...filter, acknowledgement: 'needed' });
    const keys: string[] = [];
    for (const entry of this.newestFirst(compiled.from, compiled.to)) if (matchesEvent(entry, compiled)) keys.push(entry.event.key);
    return keys;
  }

  markAllRead(): number {
    const changed = this.unread;
    if (changed === 0) return 0;
    for (const entry of this.events.values()) entry.read = true;
    this.unread = 0;
    return changed;
  }

  /** Removes everything; returns how many events were removed. */
  clear(): number {
    const removed = this.events.length;
    this.events.clear();
    this.gaps.clear();
    this.eventsByKey.clear();
    this.gapsByKey.clear();
    this.unread = 0;
    this.unacknowledged.clear();
    return removed;
  }

  /**
   * Drops events older than `maxDays` and the oldest beyond `maxEvents`; gaps go by age, and when
   * the event cap pushes events out, also gaps older than the oldest kept event (a gap with nothing
   * around it explains nothing). Returns how many entries were dropped.
   */
  prune(retention: Retention, now: number): number {
    const cutoff = now - retention.maxDays * DAY_MS;
    let dropped = 0;
    let overCap = false;
    for (let oldest = this.events.at(0); oldest !== undefined; oldest = this.events.at(0)) {
      const over = this.events.length > retention.maxEvents;
      if (oldest.at >= cutoff && !over) break;
      overCap ||= over;
      this.events.shift();
      this.eventsByKey.delete(oldest.event.key);
      if (!oldest.read) this.unread -= 1;
      this.unacknowledged.removed(oldest);
      dropped += 1;
    }
    const oldestKept = this.events.at(0)?.at ?? Number.POSITIVE_INFINITY;
    for (let oldest = this.gaps.at(0); oldest !== undefined; oldest = this.gaps.at(0)) {
      const tooOld = oldest.at < cutoff || (overCap && oldest.at < oldestKept) || this.gaps.length > retention.maxEvents;
      if (!tooOld) break;
      this.gaps.shift();
      this.gapsByKey.delete(oldest.gap.key);
      dropped += 1;
    }
    return dropped;
  }

  get(key: string): HistoryItem | null {
    const event = this.eventsByKey.get(key);
    if (event !== undefined) return { kind: 'event', event: event.event, read: event.read, ack: event.ack };
    const gap = this.gapsByKey.get(key);
    return gap === undefined ? null : { kind: 'gap', gap: gap.gap };
  }

  query(query: HistoryQuery): HistoryPage {
    const offset = checkCount(query.offset, 'offset');
    const limit = checkCount(query.limit, 'limit');
    const filter = compile(query);
    const gaps = matchingGaps(this.gaps.values(), filter);
    const lo = this.events.lowerBound(filter.from);
    const hi = this.events.upperBound(filter.to);
    const testEach = hasEventTests(filter);
    const pageEnd = offset + limit;
    const items: HistoryItem[] = [];
    let position = 0;
    let gapIndex = 0;
    for (let i = hi - 1; i >= lo; i -= 1) {
      const entry = this.events.at(i) as EventEntry;
      if (testEach && !matchesEvent(entry, filter)) continue;
      for (let gap = gaps[gapIndex]; gap !== undefined && !isBefore(gap, entry); gap = gaps[++gapIndex]) {
        if (position >= offset && position < pageEnd) items.push({ kind: 'gap', gap: gap.gap });
        position += 1;
      }
      if (position >= offset && position < pageEnd) items.push({ kind: 'event', event: entry.event, read: entry.read, ack: entry.ack });
      position += 1;
      // With only a date range every remaining event matches: count them instead of walking them.
      if (!testEach && position >= pageEnd) return { items, total: position + (i - lo) + (gaps.length - gapIndex), unread: this.unread };
    }
    for (let gap = gaps[gapIndex]; gap !== undefined; gap = gaps[++gapIndex]) {
      if (position >= offset && position < pageEnd) items.push({ kind: 'gap', gap: gap.gap });
      position += 1;
    }
    return { items, total: position, unread: this.unread };
  }

  /** Matching events with their state, newest first, from a snapshot taken now (later changes do not disturb the walk). */
  filtered(filter: HistoryFilter): Iterable<EventState> {
    const compiled = compile(filter);
    const events: EventState[] = [];
    for (const entry of this.newestFirst(compiled.from, compiled.to)) if (matchesEvent(entry, compiled)) events.push({ event: entry.event, read: entry.read, ack: entry.ack });
    return events;
  }

  /** For the shift handover (see handover.ts): events in [from, to], newest first. */
  forEachEventNewestFirst(from: number, to: number, visit: (event: ClayEvent, acknowledged: boolean) => void): void {
    for (const entry of this.newestFirst(from, to)) visit(entry.event, entry.ack !== null);
  }

  /** Events with times in [from, to], newest first: the index finds the span by binary search. */
  private *newestFirst(from: number, to: number): Generator<EventEntry> {
    const lo = this.events.lowerBound(from);
    for (let i = this.events.upperBound(to) - 1; i >= lo; i -= 1) yield this.events.at(i) as EventEntry;
  }

  /** Gaps overlapping [from, to], newest first (by their end). */
  gapsOverlapping(from: number, to: number): OfflineGap[] {
    const result: OfflineGap[] = [];
    for (let i = this.gaps.length - 1; i >= 0; i -= 1) {
      const entry = this.gaps.at(i) as GapEntry;
      if (entry.at >= from && entry.from <= to) result.push(entry.gap);
    }
    return result;
  }

  /** Every entry in log-record form, for compaction: oldest first, so a reload sorts almost nothing. */
  *snapshot(): IterableIterator<EventState | { readonly gap: OfflineGap }> {
    for (const entry of this.events.values()) yield { event: entry.event, read: entry.read, ack: entry.ack };
    for (const entry of this.gaps.values()) yield { gap: entry.gap };
  }
}
