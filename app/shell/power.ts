/**
 * Reconnects when the machine wakes, the screen unlocks or the network comes back: the moments a
 * socket has most likely died without anyone noticing. Waking and the network coming back replace
 * even connections that look alive, from the moment the machine slept or the network went, because
 * events sent meanwhile were missed. Electron has no "online" event in the main process, so the
 * network is polled with the port's `isOnline()` (Electron's `net.isOnline()`) and only a change
 * from offline to online counts.
 */
import type { Clock, ClockTimer, Logger } from '../core/ports';
import type { PowerPort } from './host-ports';

export interface PowerWatchOptions {
  readonly power: PowerPort;
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
  const { clock, logger, power } = options;
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
  power.on('suspend', onSuspend);
  power.on('resume', onResume);
  power.on('unlock-screen', onUnlock);

  let online = power.isOnline();
  let wentOfflineAt: number | null = null;
  let timer: ClockTimer | null = null;
  let stopped = false;
  const poll = (): void => {
    timer = null;
    if (stopped) return;
    const now = power.isOnline();
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
    power.off('suspend', onSuspend);
    power.off('resume', onResume);
    power.off('unlock-screen', onUnlock);
    if (timer !== null) clock.clearTimeout(timer);
    timer = null;
  };
}
