/**
 * Reconnects when the machine wakes, the screen unlocks or the network comes back: the moments a
 * socket has most likely died without anyone noticing. Electron has no "online" event in the main
 * process, so the network is polled with `net.isOnline()` and only a change from offline to online
 * counts.
 */
import { net, powerMonitor } from 'electron';
import type { Clock, ClockTimer, Logger } from '../core/ports';

export interface PowerWatchOptions {
  readonly reconnectNow: (reason: string) => void;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly pollMs?: number;
}

export const NETWORK_POLL_MS = 5_000;

/** Starts watching; returns a function that stops it. */
export function watchPowerAndNetwork(options: PowerWatchOptions): () => void {
  const { clock, logger } = options;
  const pollMs = options.pollMs ?? NETWORK_POLL_MS;
  const reconnect = (reason: string): void => {
    logger.info('Reconnecting', { reason });
    options.reconnectNow(reason);
  };
  const onResume = (): void => reconnect('the computer woke from sleep');
  const onUnlock = (): void => reconnect('the screen was unlocked');
  powerMonitor.on('resume', onResume);
  powerMonitor.on('unlock-screen', onUnlock);

  let online = net.isOnline();
  let timer: ClockTimer | null = null;
  let stopped = false;
  const poll = (): void => {
    timer = null;
    if (stopped) return;
    const now = net.isOnline();
    if (now && !online) reconnect('the network came back');
    if (!now && online) logger.info('The network went away');
    online = now;
    timer = clock.setTimeout(poll, pollMs);
  };
  timer = clock.setTimeout(poll, pollMs);

  return () => {
    stopped = true;
    powerMonitor.removeListener('resume', onResume);
    powerMonitor.removeListener('unlock-screen', onUnlock);
    if (timer !== null) clock.clearTimeout(timer);
    timer = null;
  };
}
