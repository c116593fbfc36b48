/**
 * Remembers the last `capacity` distinct event keys, so a message delivered twice (a server retry,
 * or two overlapping subscriptions) is handed on once. Bounded, so a long-running tray never grows.
 * A ring of keys gives O(1) eviction: asking a Set for its oldest entry scans the holes deletions
 * leave behind, which made a full window quadratic.
 */
export class DedupeWindow {
  private readonly keys = new Set<string>();
  private readonly ring: (string | undefined)[];
  private next = 0;

  constructor(private readonly capacity = 10_000) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`Dedupe capacity must be a positive integer, got ${capacity}.`);
    this.ring = new Array<string | undefined>(capacity);
  }

  /** True if `key` was seen among the last `capacity` distinct keys; records it otherwise. */
  seen(key: string): boolean {
    if (this.keys.has(key)) return true;
    const evicted = this.ring[this.next];
    if (evicted !== undefined) this.keys.delete(evicted);
    this.ring[this.next] = key;
    this.next = (this.next + 1) % this.capacity;
    this.keys.add(key);
    return false;
  }

  get size(): number {
    return this.keys.size;
  }
}
