import { describe, expect, it } from 'vitest';
import type { ClayEvent } from '../../../app/common/models';
import { repeatAlert } from '../../../app/core/alerts/alerts-content';
import { RepeatOffenders } from '../../../app/core/alerts/repeat-offenders';
import { ManualClock } from '../../support/clock';
import { clayEvent } from '../../support/events';

const MINUTE = 60_000;
let n = 0;

function incident(door: string, category = 'door_left_open', site = 'site-hq'): ClayEvent {
  n += 1;
  return clayEvent({ stream: 'incident', site, id: `r${n}`, category, lock: { id: `lock-${door}`, name: door }, receivedAt: '2026-01-15T12:00:00.000Z', raw: '{}' });
}

function setup(settings = { enabled: true, count: 4, minutes: 20 }): { clock: ManualClock; repeats: [string, number, number][]; offenders: RepeatOffenders } {
  const clock = new ManualClock();
  const repeats: [string, number, number][] = [];
  const offenders = new RepeatOffenders({ clock, settings: () => settings, onRepeat: (event, count, minutes) => repeats.push([event.lock.name ?? '', count, minutes]) });
  return { clock, repeats, offenders };
}

describe('repeat offenders', () => {
  it('escalates a door once when it raises the same incident N times within M minutes', () => {
    const s = setup();
    for (let i = 0; i < 3; i += 1) {
      s.offenders.handle(incident('Door 3'));
      s.clock.advance(6 * MINUTE);
    }
    expect(s.repeats).toEqual([]);
    s.offenders.handle(incident('Door 3'));
    expect(s.repeats).toEqual([['Door 3', 4, 20]]);
    // A fifth and sixth in the same burst: still the one escalation.
    s.offenders.handle(incident('Door 3'));
    s.clock.advance(MINUTE);
    s.offenders.handle(incident('Door 3'));
    expect(s.repeats).toHaveLength(1);
  });

  it('does not count incidents older than the window, other categories, other doors or other sites', () => {
    const s = setup();
    for (let i = 0; i < 6; i += 1) {
      s.offenders.handle(incident('Door 3'));
      s.clock.advance(7 * MINUTE);
    }
    s.offenders.handle(incident('Door 3', 'tamper'));
    s.offenders.handle(incident('Door 4'));
    s.offenders.handle(incident('Door 3', 'door_left_open', 'site-lab'));
    expect(s.repeats).toEqual([]);
  });

  it('escalates the same door again after a quiet spell', () => {
    const s = setup({ enabled: true, count: 2, minutes: 10 });
    s.offenders.handle(incident('Door 3'));
    s.offenders.handle(incident('Door 3'));
    s.clock.advance(11 * MINUTE);
    s.offenders.handle(incident('Door 3'));
    expect(s.repeats).toHaveLength(1);
    s.offenders.handle(incident('Door 3'));
    expect(s.repeats).toEqual([['Door 3', 2, 10], ['Door 3', 2, 10]]);
  });

  it('is off when switched off, and ignores entries', () => {
    const off = setup({ enabled: false, count: 2, minutes: 10 });
    for (let i = 0; i < 5; i += 1) off.offenders.handle(incident('Door 3'));
    expect(off.repeats).toEqual([]);
    const entries = setup({ enabled: true, count: 2, minutes: 10 });
    for (let i = 0; i < 5; i += 1) entries.offenders.handle({ ...incident('Door 3', 'lock_rejected'), stream: 'entry' });
    expect(entries.repeats).toEqual([]);
  });

  it('says it for the desk: what, how often, where', () => {
    const alert = repeatAlert(incident('Door 3'), 4, 20, { now: Date.UTC(2026, 0, 15, 12), timeZone: 'UTC', siteName: () => 'Harbour' });
    expect(alert).toMatchObject({ title: 'Door left open 4 times in 20 min', body: 'Door 3 at Harbour: it keeps happening. Check the door.', urgent: true });
    expect(alert.tag).toBe('repeat:lock-Door 3:door_left_open');
  });
});
