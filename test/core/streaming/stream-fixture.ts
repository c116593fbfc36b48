import type { ClayEvent, OfflineGap, SubscriptionState } from '../../../app/common/models';
import type { TokenProvider } from '../../../app/core/streaming/auth';
import type { LogRecord } from '../../../app/core/diagnostics/logger';
import { createLogger } from '../../../app/core/diagnostics/logger';
import type { StreamTiming, SubscriptionSpec } from '../../../app/core/streaming/stream-timing';
import { Supervisor } from '../../../app/core/streaming/supervisor';
import type { DevHub } from '../../../app/dev-hub/dev-hub';

/** Small timings so every fault recovers in well under a second. */
export const FAST: Partial<StreamTiming> = {
  baseDelayMs: 20,
  maxDelayMs: 200,
  closedByServerDelayMs: 400,
  serverTimeoutMs: 1_000,
  keepAliveMs: 200,
  connectTimeoutMs: 1_500,
  offlineAfterAttempts: 3,
  stableAfterMs: 60_000,
};

/** Polls until `predicate` holds; the generous limit only turns a hang into a readable failure. */
export async function waitFor(predicate: () => boolean, what: string, limitMs = 10_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export interface Harness {
  readonly supervisor: Supervisor;
  readonly events: ClayEvent[];
  readonly gaps: OfflineGap[];
  readonly history: (readonly SubscriptionState[])[];
  readonly logs: LogRecord[];
  connected(): boolean;
  waitConnected(count?: number): Promise<void>;
  stop(): Promise<void>;
}

export function harness(
  hub: DevHub,
  subscriptions: readonly SubscriptionSpec[],
  tokenProvider: TokenProvider,
  timing: Partial<StreamTiming> = FAST,
  random?: () => number,
): Harness {
  const logs: LogRecord[] = [];
  const supervisor = new Supervisor({
    baseUrl: hub.url,
    subscriptions,
    tokenProvider,
    timing,
    ...(random ? { random } : {}),
    logger: createLogger((r) => logs.push(r), { level: 'debug', secrets: () => [hub.credentials.clientSecret] }),
  });
  const events: ClayEvent[] = [];
  const gaps: OfflineGap[] = [];
  const history: (readonly SubscriptionState[])[] = [];
  supervisor.onDidReceive((e) => events.push(e));
  supervisor.onDidRecordGap((g) => gaps.push(g));
  supervisor.onDidChangeState((s) => history.push(s));
  const connected = (): boolean => supervisor.states().every((s) => s.status.phase === 'connected');
  supervisor.start();
  return {
    supervisor,
    events,
    gaps,
    history,
    logs,
    connected,
    waitConnected: (count = subscriptions.length) =>
      waitFor(() => connected() && hub.connections().length >= count, `${count} connected subscription(s)`),
    stop: () => supervisor.stop(),
  };
}
