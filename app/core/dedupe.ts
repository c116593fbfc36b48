/**
 * Remembers the last `capacity` event keys, so a message delivered twice (a server retry, or two
 * overlapping subscriptions) is handed on once. Bounded, so a long-running tray never grows.
 */
export class DedupeWindow {
  // A Set keeps insertion order: the first entry is the least recently seen one.
  private readonly keys = new Set<string>();

  constructor(private readonly capacity = 10_000) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`Dedupe capacity must be a positive integer, got ${capacity}.`);
  }

  /** True if `key` was seen within the window; records it either way as the most recent. */
  seen(key: string): boolean {
    if (this.keys.delete(key)) {
      this.keys.add(key);
      return true;
    }
    this.keys.add(key);
    if (this.keys.size > this.capacity) {
      const oldest = this.keys.values().next().value as string;
      this.keys.delete(oldest);
    }
    return false;
  }

  get size(): number {
    return this.keys.size;
  }

  clear(): void {
    this.keys.clear();
  }
}
