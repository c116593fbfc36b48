import type { Clock, ClockTimer } from '../../app/core/ports';

/** A clock whose `now` only moves when the test says so; timers still fire for real. */
export function manualNow(start = Date.parse('2026-01-01T00:00:00Z')): Clock & { advance(ms: number): void } {
  let now = start;
  return {
    now: () => now,
    setTimeout: (callback, ms) => setTimeout(callback, ms),
    clearTimeout: (timer: ClockTimer) => clearTimeout(timer as NodeJS.Timeout),
    advance: (ms) => {
      now += ms;
    },
  };
}
