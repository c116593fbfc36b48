import { beforeEach, describe, expect, it } from 'vitest';
import { net, powerMonitor, resetElectronFake } from '../fakes/electron';
import { ManualClock } from '../fakes/manual-clock';
import { silentLogger } from '../../app/core/ports';
import { watchPowerAndNetwork } from '../../app/shell/power';

let clock: ManualClock;
let reasons: string[];

beforeEach(() => {
  resetElectronFake();
  clock = new ManualClock();
  reasons = [];
});

function watch(): () => void {
  return watchPowerAndNetwork({ reconnectNow: (r) => reasons.push(r), clock, logger: silentLogger, pollMs: 1_000 });
}

describe('power and network watch', () => {
  it('reconnects on resume and unlock', () => {
    watch();
    powerMonitor.emit('resume');
    powerMonitor.emit('unlock-screen');
    powerMonitor.emit('suspend');
    expect(reasons).toEqual(['the computer woke from sleep', 'the screen was unlocked']);
  });

  it('reconnects once when the network comes back, not while it stays up', () => {
    watch();
    clock.advance(5_000);
    expect(reasons).toEqual([]);
    net.online = false;
    clock.advance(3_000);
    expect(reasons).toEqual([]);
    net.online = true;
    clock.advance(1_000);
    clock.advance(5_000);
    expect(reasons).toEqual(['the network came back']);
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
    expect(powerMonitor.listenerCount('resume')).toBe(0);
  });
});
