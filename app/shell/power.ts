/**
 * Reconnects when the machine wakes, the screen unlocks or the network comes back: the moments a
 * socket has most likely died without anyone noticing. Waking and the network coming back replace
 * even connections that look alive, from the moment the machine slept or the network went, because
 * events sent meanwhile were missed. Electron has no "online" event in the main process, so the
 * network is polled with `net.isOnline()` and only a change from offline to online counts.
 */
import { net, powerMonitor } from 'electron';
import type { Clock, ClockTimer, Logger } from '../core/ports';

export interface PowerWatchOptions {
  readonly reconnectNow: (reason: string) => void;
  /** Replace live connections too; `lostAt` (epoch ms) is when events may have started to go missing. */
  readonly renewConnections: (reason: string, lostAt: number) => void;
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
  const renew = (reason: string, lostAt: number): void => {
    logger.info('Renewing connections', { reason });
    options.renewConnections(reason, lostAt);
  };
  let suspendedAt: number | null = null;
  const onSuspend = (): void => {
    suspendedAt = clock.now();
  };
  const onResume = (): void => {
    renew('the computer woke from sleep', suspendedAt ?? clock.now());
    suspendedAt = null;
  };
  const onUnlock = (): void => reconnect('the screen was unlocked');
  powerMonitor.on('suspend', onSuspend);
  powerMonitor.on('resume', onResume);
  powerMonitor.on('unlock-screen', onUnlock);

  let online = net.isOnline();
  let wentOfflineAt: number | null = null;
  let timer: ClockTimer | null = null;
  let stopped = false;
  const poll = (): void => {
    timer = null;
    if (stopped) return;
    const now = net.isOnline();
    if (now && !online) renew('the network came back', wentOfflineAt ?? clock.now());
    if (!now && online) {
      wentOfflineAt = clock.now();
      logger.info('The network went away');
    }
    online = now;
    timer = clock.setTimeout(poll, pollMs);
  };
  timer = clock.setTimeout(poll, pollMs);

  return () => {
    stopped = true;
    powerMonitor.removeListener('suspend', onSuspend);
    powerMonitor.removeListener('resume', onResume);
    powerMonitor.removeListener('unlock-screen', onUnlock);
    if (timer !== null) clock.clearTimeout(timer);
    timer = null;
  };
}
