/** The entries the history index keeps, and the sorted list that holds them. */
import type { Acknowledgement, ClayEvent, OfflineGap } from '../../common/models';

export interface EventEntry {
  readonly event: ClayEvent;
  /** Sort time: the event time, else when it was received (ms since the epoch). */
  readonly at: number;
  /** Arrival order, the tie-breaker that keeps equal times stable. */
  readonly seq: number;
  read: boolean;
  ack: Acknowledgement | null;
  /** The searchable short fields in one string, made on the first text search. */
  searchFields?: string;
}

/** An event with what the desk did about it, as export and compaction read it. */
export interface EventState {
  readonly event: ClayEvent;
  readonly read: boolean;
  readonly ack: Acknowledgement | null;
}

export interface GapEntry {
  readonly gap: OfflineGap;
  /** Sort time: the end of the gap, the moment the missed span became known. */
  readonly at: number;
  readonly from: number;
  readonly seq: number;
}

export interface Retention {
  readonly maxEvents: number;
  readonly maxDays: number;
}

/** Entries sorted by (at, seq). Pruning takes from the front, so it advances a head instead of shifting. */
export class SortedEntries<T extends { readonly at: number; readonly seq: number }> {
  private items: T[] = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  at(index: number): T | undefined {
    return this.items[this.head + index];
  }

  insert(entry: T): void {
    const last = this.items[this.items.length - 1];
    if (last === undefined || this.items.length === this.head || !isBefore(entry, last)) {
      this.items.push(entry);
      return;
    }
    let lo = this.head;
    let hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (isBefore(entry, this.items[mid] as T)) hi = mid;
      else lo = mid + 1;
    }
    this.items.splice(lo, 0, entry);
  }

  /** Replaces the whole content; used by a load, which sorts once instead of inserting one by one. */
  reset(entries: T[]): void {
    entries.sort((a, b) => a.at - b.at || a.seq - b.seq);
    this.items = entries;
    this.head = 0;
  }

  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined;
    const entry = this.items[this.head];
    this.head += 1;
    // Reclaim the dead prefix once it outweighs the live part, so pruning stays O(1) amortised.
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return entry;
  }

  remove(entry: T): void {
    const index = this.items.indexOf(entry, this.head);
    if (index >= 0) this.items.splice(index, 1);
  }

  /** First index whose time is at or after `ms`. */
  lowerBound(ms: number): number {
    let lo = this.head;
    let hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.items[mid] as T).at < ms) lo = mid + 1;
      else hi = mid;
    }
    return lo - this.head;
  }

  /** First index whose time is after `ms`. */
  upperBound(ms: number): number {
    let lo = this.head;
    let hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.items[mid] as T).at <= ms) lo = mid + 1;
      else hi = mid;
    }
    return lo - this.head;
  }

  clear(): void {
    this.items = [];
    this.head = 0;
  }

  *values(): IterableIterator<T> {
    for (let i = this.head; i < this.items.length; i += 1) yield this.items[i] as T;
  }
}

export function isBefore(a: { at: number; seq: number }, b: { at: number; seq: number }): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}

export function eventTime(event: ClayEvent): number {
  const time = event.time === null ? Number.NaN : Date.parse(event.time);
  return Number.isNaN(time) ? Date.parse(event.receivedAt) : time;
}

export function sameRecovery(a: OfflineGap['recovery'], b: OfflineGap['recovery']): boolean {
  return a === b || (a !== undefined && b !== undefined && a.state === b.state && a.recovered === b.recovered && a.reason === b.reason);
}
