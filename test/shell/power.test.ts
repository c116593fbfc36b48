import { beforeEach, describe, expect, it } from 'vitest';
import { net, powerMonitor, resetElectronFake } from '../support/electron';
import { ManualClock } from '../support/clock';
import { silentLogger } from '../../app/core/ports';
import { watchPowerAndNetwork } from '../../app/shell/power';

let clock: ManualClock;
let reasons: string[];
let renewals: { reason: string; lostAt: number }[];

beforeEach(() => {
  resetElectronFake();
  clock = new ManualClock();
  reasons = [];
  renewals = [];
});

function watch(): () => void {
  return watchPowerAndNetwork({
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
    powerMonitor.emit('suspend');
    clock.advance(60_000);
    powerMonitor.emit('resume');
    powerMonitor.emit('unlock-screen');
    expect(renewals).toEqual([{ reason: 'the computer woke from sleep', lostAt: sleptAt }]);
    expect(reasons).toEqual(['the screen was unlocked']);
  });

  it('renews once when the network comes back, from when it was seen to go, not while it stays up', () => {
    watch();
    clock.advance(5_000);
    expect(renewals).toEqual([]);
    net.online = false;
    clock.advance(3_000);
    const seenGoneAt = clock.now() - 2_000;
    expect(renewals).toEqual([]);
    net.online = true;
    clock.advance(1_000);
    clock.advance(5_000);
    expect(renewals).toEqual([{ reason: 'the network came back', lostAt: seenGoneAt }]);
    expect(reasons).toEqual([]);
  });

  it('stops listening and polling when disposed', () => {
    const stop = watch();
    stop();
    powerMonitor.emit('resume');
    net.online = false;
    clock.advance(2_000);
    net.online = true;
    clock.advance(2_000);
    expect(reasons).toEqual([]);
    expect(renewals).toEqual([]);
    expect(powerMonitor.listenerCount('resume')).toBe(0);
    expect(powerMonitor.listenerCount('suspend')).toBe(0);
  });
});
