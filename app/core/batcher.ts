/**
 * Coalescing over a fixed span: the first item starts a timer, later ones join the batch, and when
 * the timer fires the batch goes out in one call. A burst of events becomes one push to the window
 * and the tray, and the first item of a burst still goes out within `delayMs`.
 */
import type { Clock, ClockTimer } from './ports';

export interface BatcherOptions<T> {
  readonly clock: Clock;
  readonly delayMs: number;
  /** Beyond this many items a batch keeps only the first ones and says it overflowed. */
  readonly maxItems?: number;
  /** Called once per span with the items (in the order added) and whether some were left out. */
  readonly flush: (items: readonly T[], overflowed: boolean) => void;
}

export class Batcher<T> {
  private items: T[] = [];
  private overflowed = false;
  private timer: ClockTimer | null = null;

  constructor(private readonly options: BatcherOptions<T>) {}

  /** True while a batch waits for its timer. */
  get pending(): boolean {
    return this.timer !== null;
  }

  add(item: T): void {
    if (this.items.length >= (this.options.maxItems ?? Infinity)) this.overflowed = true;
    else this.items.push(item);
    if (this.timer !== null) return;
    this.timer = this.options.clock.setTimeout(() => {
      this.timer = null;
      const items = this.items;
      const overflowed = this.overflowed;
      this.items = [];
      this.overflowed = false;
      this.options.flush(items, overflowed);
    }, this.options.delayMs);
  }

  /** Drops the waiting batch, if any, without flushing it. */
  cancel(): void {
    if (this.timer !== null) this.options.clock.clearTimeout(this.timer);
    this.timer = null;
    this.items = [];
    this.overflowed = false;
  }
}
