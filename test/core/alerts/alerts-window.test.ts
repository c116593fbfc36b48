import { describe, expect, it } from 'vitest';
import { RecentAlerts } from '../../../app/core/alerts/alerts-window';

const entry = (at: number) => ({ at, stream: 'incident' as const, door: `d${at}`, urgent: false });

describe('RecentAlerts', () => {
  it('counts and lists entries after a cutoff, and forgets old ones', () => {
    const recent = new RecentAlerts();
    for (const at of [10, 20, 20, 30, 40]) recent.push(entry(at));
    expect(recent.countAfter(0)).toBe(5);
    expect(recent.countAfter(20)).toBe(2);
    expect(recent.countAfter(19)).toBe(4);
    expect(recent.countAfter(40)).toBe(0);
    expect(recent.after(25).map((e) => e.at)).toEqual([30, 40]);
    recent.dropUntil(20);
    expect(recent.countAfter(0)).toBe(2);
    expect(recent.after(0).map((e) => e.at)).toEqual([30, 40]);
  });

  it('stays correct across compaction of a long run', () => {
    const recent = new RecentAlerts();
    for (let at = 1; at <= 10_000; at += 1) {
      recent.push(entry(at));
      recent.dropUntil(at - 100);
      expect(recent.countAfter(at - 100)).toBe(Math.min(at, 100));
    }
    expect(recent.after(9_995).map((e) => e.at)).toEqual([9_996, 9_997, 9_998, 9_999, 10_000]);
    recent.clear();
    expect(recent.countAfter(-Infinity)).toBe(0);
  });
});
