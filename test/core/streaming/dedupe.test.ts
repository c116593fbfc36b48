import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { DedupeWindow } from '../../../app/core/streaming/dedupe';
import { normaliseEvent } from '../../../app/core/streaming/events';
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

  it('does not keep alive the payloads its keys were read from', () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const context = { stream: 'incident' as const, site: null, receivedAt: '2026-12-02T06:00:00.000Z' };
    const id = (i: number): string => `${i}-3eb4-48a9-87d0-90402c802d7c`;
    const payload = (i: number): string => Buffer.from(JSON.stringify({ id: id(i), event_category: 'tamper', lock_id: 'c2e5f8a1', event_detail: 'x'.repeat(600) })).toString();
    /** Heap kept by a full window of the keys `key` makes, measured after a full collection. */
    const heldBy = (key: (i: number) => string): { readonly bytes: number; readonly window: DedupeWindow } => {
      const window = new DedupeWindow(10_000);
      gc();
      const before = process.memoryUsage().heapUsed;
      for (let i = 0; i < 10_000; i++) window.seen(key(i));
      gc();
      return { bytes: process.memoryUsage().heapUsed - before, window };
    };
    // The same shape twice first, so the quick reader (whose values are cut from the text) is the one used.
    for (let i = 0; i < 10; i++) normaliseEvent(payload(i), context);
    const control = heldBy((i) => `incident:${id(i)}`);
    const fromPayloads = heldBy((i) => normaliseEvent(payload(i), context).key);
    // The same keys cost the same; holding the 700-character payloads as well would add over 6 MB.
    expect(fromPayloads.bytes - control.bytes).toBeLessThan(2 * 2 ** 20);
    expect([control.window.size, fromPayloads.window.size]).toEqual([10_000, 10_000]);
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
