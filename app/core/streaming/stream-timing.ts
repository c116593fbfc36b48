/** What a subscription is and how its connection paces retries: shared by the supervisor and each runner. */
import type { StreamKind } from '../../common/models';

export interface SubscriptionSpec {
  readonly stream: StreamKind;
  readonly site: string | null;
}

export interface StreamTiming {
  baseDelayMs: number;
  maxDelayMs: number;
  /** The least wait after a server Close without allowReconnect. */
  closedByServerDelayMs: number;
  serverTimeoutMs: number;
  keepAliveMs: number;
  /** Failed attempts in one outage after which a subscription shows as offline rather than reconnecting. */
  offlineAfterAttempts?: number;
  /** Bound on the upgrade plus handshake of one attempt. */
  connectTimeoutMs?: number;
  /**
   * A connection that delivered no event and dropped sooner than this counts as flapping, and the
   * wait after each grows. One that delivered an event, or lasted this long, made progress: the
   * next try comes after the first step of the backoff again.
   */
  stableAfterMs?: number;
}

export const DEFAULT_TIMING: Required<StreamTiming> = {
  baseDelayMs: 1_000,
  maxDelayMs: 60_000,
  // Long enough not to hammer a server that said go away, short enough that a restarted hub is back within seconds.
  closedByServerDelayMs: 10_000,
  serverTimeoutMs: 30_000,
  keepAliveMs: 15_000,
  offlineAfterAttempts: 3,
  connectTimeoutMs: 20_000,
  stableAfterMs: 10_000,
};
