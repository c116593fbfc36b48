import type { StormEntry } from './alerts-content';

export interface TimedEntry extends StormEntry {
  readonly at: number;
}

/**
 * The alerts of the last few minutes, oldest first. A flood can bring thousands of events a
 * minute, so counting is a binary search and dropping old ones moves an index, never the array.
 */
export class RecentAlerts {
  private entries: TimedEntry[] = [];
  private head = 0;

  push(entry: TimedEntry): void {
    this.entries.push(entry);
  }

  /** Forgets entries at or before `cutoff`. */
  dropUntil(cutoff: number): void {
    this.head = this.firstAfter(cutoff);
    if (this.head > 1024 && this.head * 2 > this.entries.length) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
  }

  /** Entries after `cutoff`. */
  countAfter(cutoff: number): number {
    return this.entries.length - this.firstAfter(cutoff);
  }

  after(cutoff: number): readonly TimedEntry[] {
    return this.entries.slice(this.firstAfter(cutoff));
  }

  clear(): void {
    this.entries = [];
    this.head = 0;
  }

  private firstAfter(cutoff: number): number {
    let low = this.head;
    let high = this.entries.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((this.entries[mid]?.at ?? Infinity) > cutoff) high = mid;
      else low = mid + 1;
    }
    return low;
  }
}
