import { describe, expect, it } from 'vitest';
import type { AlarmRing } from '../../../app/common/models';
import type { EscalationSettings } from '../../../app/common/settings';
import { Escalation } from '../../../app/core/alerts/escalation';
import { ManualClock } from '../../support/clock';

const SETTINGS: EscalationSettings = { sound: 'alarm', volume: 80, repeatSeconds: 30, maxRepeats: 3, bringToFront: true, flashTaskbar: true, bounceDock: false };

function setup(settings: Partial<EscalationSettings> = {}): { clock: ManualClock; rings: AlarmRing[]; open: Set<string>; escalation: Escalation } {
  const clock = new ManualClock();
  const rings: AlarmRing[] = [];
  const open = new Set<string>();
  const escalation = new Escalation({ clock, settings: () => ({ ...SETTINGS, ...settings }), isOpen: (key) => open.has(key), ring: (ring) => rings.push(ring) });
  return { clock, rings, open, escalation };
}

function raise(s: ReturnType<typeof setup>, key: string): void {
  s.open.add(key);
  s.escalation.raise(key);
}

describe('escalation of urgent incidents', () => {
  it('sounds at once, then every repeatSeconds while the incident is open', () => {
    const s = setup();
    raise(s, 'incident:1');
    expect(s.rings).toEqual([{ sound: 'alarm', volume: 0.8, repeat: 0, bringToFront: true, flashTaskbar: true, bounceDock: false, open: 1 }]);
    s.clock.advance(29_999);
    expect(s.rings).toHaveLength(1);
    s.clock.advance(1);
    s.clock.advance(30_000);
    expect(s.rings.map((r) => [r.repeat, r.bringToFront, r.flashTaskbar])).toEqual([[0, true, true], [1, false, false], [2, false, false]]);
  });

  it('stops once everything open is acknowledged, and not before', () => {
    const s = setup();
    raise(s, 'incident:1');
    raise(s, 'incident:2');
    expect(s.rings).toHaveLength(1);
    s.open.delete('incident:1');
    s.escalation.recheck();
    expect(s.escalation.running).toBe(true);
    s.clock.advance(30_000);
    expect(s.rings.at(-1)).toMatchObject({ repeat: 1, open: 1 });
    s.open.delete('incident:2');
    s.escalation.recheck();
    expect(s.escalation.running).toBe(false);
    s.clock.advance(600_000);
    expect(s.rings).toHaveLength(2);
  });

  it('stops at the limit of repeats, and a new urgent incident starts it again', () => {
    const s = setup({ maxRepeats: 2 });
    raise(s, 'incident:1');
    s.clock.advance(10 * 30_000);
    expect(s.rings.map((r) => r.repeat)).toEqual([0, 1, 2]);
    expect(s.escalation.running).toBe(false);
    raise(s, 'incident:2');
    expect(s.rings.at(-1)).toMatchObject({ repeat: 0, open: 1 });
    s.clock.advance(10 * 30_000);
    expect(s.rings.map((r) => r.repeat)).toEqual([0, 1, 2, 0, 1, 2]);
  });

  it('sounds once with a limit of 0, and hands "silent" and the volume on as set', () => {
    const s = setup({ maxRepeats: 0, sound: 'silent', volume: 0, bringToFront: false });
    raise(s, 'incident:1');
    s.clock.advance(300_000);
    expect(s.rings).toEqual([{ sound: 'silent', volume: 0, repeat: 0, bringToFront: false, flashTaskbar: true, bounceDock: false, open: 1 }]);
  });

  it('is one alarm for a storm: twenty urgent incidents sound once, and the count of repeats starts over with each', () => {
    const s = setup();
    for (let i = 0; i < 20; i += 1) {
      raise(s, `incident:${i}`);
      s.clock.advance(1_000);
    }
    expect(s.rings).toEqual([{ sound: 'alarm', volume: 0.8, repeat: 0, bringToFront: true, flashTaskbar: true, bounceDock: false, open: 1 }]);
    s.clock.advance(10_000);
    expect(s.rings.at(-1)).toMatchObject({ repeat: 1, open: 20 });
    // The last incident came 9 s before that repeat; from there all three repeats still sound.
    s.clock.advance(600_000);
    expect(s.rings.map((r) => r.repeat)).toEqual([0, 1, 2, 3]);
  });

  it('is quiet after dispose', () => {
    const s = setup();
    raise(s, 'incident:1');
    s.escalation.dispose();
    raise(s, 'incident:2');
    s.clock.advance(300_000);
    expect(s.rings).toHaveLength(1);
  });
});
