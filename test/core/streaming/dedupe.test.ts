import { describe, expect, it } from 'vitest';
import { DedupeWindow } from '../../../app/core/streaming/dedupe';
import { backoffDelay } from '../../../app/core/streaming/retry';

describe('DedupeWindow', () => {
  it('reports repeats within the window and forgets the oldest key beyond it', () => {
    const window = new DedupeWindow(3);
    expect(['a', 'b', 'c'].map((k) => window.seen(k))).toEqual([false, false, false]);
    expect(window.seen('a')).toBe(true);
    expect(window.seen('d')).toBe(false); // evicts a
    expect(window.size).toBe(3);
    expect(window.seen('b')).toBe(true);
    expect(window.seen('a')).toBe(false); // evicts b
    expect(window.seen('b')).toBe(false);
  });

  it('stays bounded over many keys', () => {
    const window = new DedupeWindow(10_000);
    for (let i = 0; i < 50_000; i++) window.seen(`k${i}`);
    expect(window.size).toBe(10_000);
    expect(window.seen('k49999')).toBe(true);
    expect(window.seen('k0')).toBe(false);
  });

  it('refuses a nonsense capacity', () => {
    expect(() => new DedupeWindow(0)).toThrow(/positive integer/);
  });
});

describe('backoffDelay', () => {
  const timing = { baseDelayMs: 1000, maxDelayMs: 60_000 };
  it('doubles from the base, caps at the max, and jitters between half and all', () => {
    expect([1, 2, 3, 7, 8, 50, 1000].map((n) => backoffDelay(n, timing, () => 1))).toEqual([1000, 2000, 4000, 60_000, 60_000, 60_000, 60_000]);
    expect(backoffDelay(3, timing, () => 0)).toBe(2000);
    expect(backoffDelay(0, timing, () => 0.5)).toBe(750);
  });
});
