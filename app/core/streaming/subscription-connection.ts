/** What a subscription runner needs from the supervisor, and how it opens one hub connection. */
import type { ClayEvent, OfflineGap } from '../../common/models';
import type { TokenProvider } from './auth';
import type { Clock, Logger } from '../ports';
import type { HubSession, HubTransport } from './stream';
import { connectHub } from './stream';
import type { StreamTiming } from './stream-timing';

export interface RunnerDeps {
  readonly url: string;
  readonly tokenProvider: TokenProvider;
  readonly transport: HubTransport;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly timing: Required<StreamTiming>;
  readonly random: () => number;
  readonly onEvent: (event: ClayEvent) => void;
  readonly onState: () => void;
  readonly onGap: (gap: OfflineGap) => void;
  readonly onSkipped: (note: string) => void;
  /** Whether connections should read now (see Supervisor.setReading). */
  readonly reading: () => boolean;
}

export type WaitPhase = 'reconnecting' | 'offline' | 'auth-failed';

/** One connect attempt with the runner's timing and transport; throws HubConnectFailure as connectHub does. */
export function connectSubscription(deps: RunnerDeps, onMessage: (argument: unknown) => void, signal: AbortSignal): Promise<HubSession> {
  const { logger, timing } = deps;
  return connectHub({
    url: deps.url,
    tokenProvider: deps.tokenProvider,
    ...deps.transport,
    serverTimeoutMs: timing.serverTimeoutMs,
    keepAliveMs: timing.keepAliveMs,
    connectTimeoutMs: timing.connectTimeoutMs,
    onMessage,
    logger,
    clock: deps.clock,
    signal,
  });
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
