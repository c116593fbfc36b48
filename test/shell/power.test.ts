import { beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../support/clock';
import { silentLogger } from '../../app/core/ports';
import { watchPowerAndNetwork } from '../../app/shell/power';
import { TestPower } from '../support/host-ports';

let clock: ManualClock;
let power: TestPower;
let reasons: string[];
let renewals: { reason: string; lostAt: number }[];

beforeEach(() => {
  power = new TestPower();
  clock = new ManualClock();
  reasons = [];
  renewals = [];
});

function watch(): () => void {
  return watchPowerAndNetwork({
    power,
    reconnectNow: (r) => reasons.push(r),
    renewConnections: (reason, lostAt) => renewals.push({ reason, lostAt }),
    clock,
    logger: silentLogger,
    pollMs: 1_000,
  });
}

describe('power and network watch', () => {
  it('renews connections on resume from the moment the machine slept, and reconnects on unlock', () => {
    watch();
    clock.advance(2_000);
    const sleptAt = clock.now();
    power.emit('suspend');
    clock.advance(60_000);
    power.emit('resume');
    power.emit('unlock-screen');
    expect(renewals).toEqual([{ reason: 'the computer woke from sleep', lostAt: sleptAt }]);
    expect(reasons).toEqual(['the screen was unlocked']);
  });

  it('renews once when the network comes back, from when it was seen to go, not while it stays up', () => {
    watch();
    clock.advance(5_000);
    expect(renewals).toEqual([]);
    power.online = false;
    clock.advance(3_000);
    const seenGoneAt = clock.now() - 2_000;
    expect(renewals).toEqual([]);
    power.online = true;
    clock.advance(1_000);
    clock.advance(5_000);
    expect(renewals).toEqual([{ reason: 'the network came back', lostAt: seenGoneAt }]);
    expect(reasons).toEqual([]);
  });

  it('stops listening and polling when disposed', () => {
    const stop = watch();
    stop();
    power.emit('resume');
    power.online = false;
    clock.advance(2_000);
    power.online = true;
    clock.advance(2_000);
    expect(reasons).toEqual([]);
    expect(renewals).toEqual([]);
    expect(power.listenerCount('resume')).toBe(0);
    expect(power.listenerCount('suspend')).toBe(0);
  });
});
