import { describe, expect, it } from 'vitest';
import { Batcher } from '../../app/core/batcher';
import { ManualClock } from '../support/clock';

function batcher(maxItems?: number): { clock: ManualClock; batcher: Batcher<number>; flushed: [readonly number[], boolean][] } {
  const clock = new ManualClock();
  const flushed: [readonly number[], boolean][] = [];
  const created = new Batcher<number>({ clock, delayMs: 100, ...(maxItems === undefined ? {} : { maxItems }), flush: (items, overflowed) => flushed.push([items, overflowed]) });
  return { clock, batcher: created, flushed };
}

describe('Batcher', () => {
  it('sends a burst as one batch, delayMs after its first item', () => {
    const { clock, batcher: b, flushed } = batcher();
    b.add(1);
    clock.advance(60);
    b.add(2);
    b.add(3);
    clock.advance(39);
    expect(flushed).toEqual([]);
    expect(b.pending).toBe(true);
    clock.advance(1);
    expect(flushed).toEqual([[[1, 2, 3], false]]);
    expect(b.pending).toBe(false);
  });

  it('starts a new span for items after a flush', () => {
    const { clock, batcher: b, flushed } = batcher();
    b.add(1);
    clock.advance(100);
    b.add(2);
    clock.advance(99);
    expect(flushed).toEqual([[[1], false]]);
    clock.advance(1);
    expect(flushed).toEqual([
      [[1], false],
      [[2], false],
    ]);
  });

  it('keeps at most maxItems and says the batch overflowed', () => {
    const { clock, batcher: b, flushed } = batcher(2);
    for (const n of [1, 2, 3, 4]) b.add(n);
    clock.advance(100);
    b.add(5);
    clock.advance(100);
    expect(flushed).toEqual([
      [[1, 2], true],
      [[5], false],
    ]);
  });

  it('cancel drops the waiting batch: nothing is flushed later', () => {
    const { clock, batcher: b, flushed } = batcher();
    b.add(1);
    b.cancel();
    clock.advance(1_000);
    expect(flushed).toEqual([]);
    b.add(2);
    clock.advance(100);
    expect(flushed).toEqual([[[2], false]]);
  });

  it('works as a plain coalescer with no items', () => {
    const clock = new ManualClock();
    let fired = 0;
    const coalesce = new Batcher<void>({ clock, delayMs: 200, flush: () => (fired += 1) });
    coalesce.add();
    coalesce.add();
    clock.advance(200);
    expect(fired).toBe(1);
  });
});
