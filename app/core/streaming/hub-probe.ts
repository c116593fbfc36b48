import type { StreamKind } from '../../common/models';
import type { Result } from '../../common/result';
import { fail, ok } from '../../common/result';
import type { TokenProvider } from './auth';
import { hubUrl } from './endpoints';
import type { Logger } from '../ports';
import { silentLogger } from '../ports';
import { redact } from '../diagnostics/redact';
import type { HubTransport } from './stream';
import { connectHub, HubConnectFailure } from './stream';

/** One connect for "Test connection": fetch a token, upgrade, handshake, close. Failures in plain language. */
export async function probeHub(options: {
  baseUrl: string;
  stream: StreamKind;
  site: string | null;
  tokenProvider: TokenProvider;
  timeoutMs: number;
  logger?: Logger;
  transport?: HubTransport;
}): Promise<Result<null>> {
  const url = hubUrl(options.baseUrl, options.stream, options.site);
  try {
    const session = await connectHub({
      url,
      tokenProvider: options.tokenProvider,
      ...options.transport,
      serverTimeoutMs: Math.max(options.timeoutMs, 30_000),
      keepAliveMs: 15_000,
      connectTimeoutMs: options.timeoutMs,
      onMessage: () => undefined,
      logger: options.logger ?? silentLogger,
    });
    await session.stop();
    return ok(null);
  } catch (error) {
    const failure = error instanceof HubConnectFailure ? error : new HubConnectFailure('other', String(error), null);
    if (failure.token && failure.kind === 'refused') options.tokenProvider.invalidate(failure.token);
    return fail(failure.kind, redact(probeMessage(failure, url)));
  }
}

function probeMessage(failure: HubConnectFailure, url: string): string {
  switch (failure.kind) {
    case 'token':
      return `Getting a token failed: ${failure.message}`;
    case 'refused':
      return `The hub at ${url} refused the token (HTTP ${failure.status}). It may have expired, or lack a Core API scope.`;
    case 'http':
      return `The hub at ${url} answered HTTP ${failure.status}${failure.status === 404 ? '; check the base URL and site id' : ''}.`;
    case 'network':
      return `The hub at ${url} could not be reached. Check the network and the base URL. (${failure.message})`;
    case 'certificate':
    case 'proxy':
      return failure.message;
    case 'handshake':
      return `The hub at ${url} accepted the connection but refused the SignalR handshake: ${failure.message}`;
    case 'timeout':
      return `The hub at ${url} did not answer in time.`;
    case 'aborted':
      return 'The test was cancelled.';
    case 'other':
      return `Connecting to ${url} failed: ${failure.message}`;
  }
}
