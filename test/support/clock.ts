import type { Clock, ClockTimer } from '../../app/core/ports';

interface Pending {
  readonly id: number;
  readonly due: number;
  readonly callback: () => void;
}

export interface ManualClockOptions {
  /**
   * 'virtual' (the default): timers fire only as advance() passes their due time. 'real': timers
   * are the host's, for tests that wait on real sockets and servers while the test moves `now`.
   */
  readonly timers?: 'virtual' | 'real';
  /** With real timers: `now()` also moves with the host's clock, shifted by what the test advanced. */
  readonly flowing?: boolean;
}

/**
 * The one test clock: it moves only when a test says so. `advance(ms)` fires every timer that falls
 * due in that span in due order (ties in the order they were set), with `now()` at each timer's due
 * time, including timers that those callbacks set.
 */
export class ManualClock implements Clock {
  private time: number;
  private nextId = 1;
  private timers: Pending[] = [];
  private readonly realTimers: boolean;
  /** For a flowing clock: the host's time when it started, so now() = start + elapsed + advanced. */
  private readonly hostStart: number | null;

  constructor(start: number | string = Date.UTC(2026, 0, 15, 12, 0, 0), options: ManualClockOptions = {}) {
    this.time = typeof start === 'string' ? Date.parse(start) : start;
    if (!Number.isFinite(this.time)) throw new RangeError(`ManualClock: bad start time ${String(start)}`);
    this.realTimers = options.timers === 'real';
    if (options.flowing === true && !this.realTimers) throw new RangeError('ManualClock: a flowing clock needs real timers');
    this.hostStart = options.flowing === true ? Date.now() : null;
  }

  now(): number {
    return this.hostStart === null ? this.time : this.time + (Date.now() - this.hostStart);
  }

  setTimeout(callback: () => void, ms: number): ClockTimer {
    if (this.realTimers) return setTimeout(callback, ms);
    const id = this.nextId++;
    this.timers.push({ id, due: this.time + Math.max(0, ms), callback });
    return id;
  }

  clearTimeout(timer: ClockTimer): void {
    if (this.realTimers) clearTimeout(timer as ReturnType<typeof setTimeout>);
    else this.timers = this.timers.filter((t) => t.id !== timer);
  }

  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`ManualClock: cannot advance by ${ms}`);
    const target = this.time + ms;
    for (;;) {
      const next = this.nextDue(target);
      if (!next) break;
      this.timers = this.timers.filter((t) => t !== next);
      this.time = next.due;
      next.callback();
    }
    this.time = target;
  }

  /** Moves to an absolute time, firing what falls due on the way. */
  advanceTo(time: number | string): void {
    const target = typeof time === 'string' ? Date.parse(time) : time;
    this.advance(target - this.now());
  }

  /** Timers set and not yet fired or cleared. */
  pending(): number {
    return this.timers.length;
  }

  private nextDue(limit: number): Pending | undefined {
    let best: Pending | undefined;
    for (const timer of this.timers) {
      if (timer.due <= limit && (!best || timer.due < best.due || (timer.due === best.due && timer.id < best.id))) best = timer;
    }
    return best;
  }
}
