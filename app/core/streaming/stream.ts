/**
 * One hub connection attempt and its life: the official client with skipNegotiation, the WebSockets
 * transport and the `ws` class passed explicitly (docs/architecture.md §1). No automatic reconnect here: the
 * supervisor owns retrying, so a connection ends exactly once and says why.
 */
import type { IHttpConnectionOptions, ILogger } from '@microsoft/signalr';
import { HttpTransportType, HubConnectionBuilder, LogLevel } from '@microsoft/signalr';
import type WebSocket from 'ws';
import type { TokenProvider } from './auth';
import { AuthError } from './auth';
import type { TokenPlacement } from './hub-socket';
import { configuredWebSocket, MAX_HUB_MESSAGE_BYTES } from './hub-socket';
import { ReceivingJsonProtocol } from './hub-protocol';
import type { NetworkOptions } from '../network/network';
import { connectionOptions, DIRECT_NETWORK, explainConnectionError, NetworkError } from '../network/network';
import type { Clock, Logger } from '../ports';
import { systemClock } from '../ports';

export const RECEIVE_METHOD = 'ReceiveMessage';

export interface HubSessionOptions {
  readonly url: string;
  readonly tokenProvider: TokenProvider;
  /** No message (not even a ping) for this long ends the connection. */
  readonly serverTimeoutMs: number;
  readonly keepAliveMs: number;
  /** Upper bound for the WebSocket upgrade plus the SignalR handshake. */
  readonly connectTimeoutMs: number;
  /** Called with the first `ReceiveMessage` argument, exactly as the client parsed it. */
  readonly onMessage: (argument: unknown) => void;
  readonly logger: Logger;
  readonly clock?: Clock;
  readonly signal?: AbortSignal;
  /** Proxy and certificate authorities; default a direct connection with the runtime's CAs. */
  readonly network?: NetworkOptions;
  /** Where the token goes: the Authorization header (default) or `access_token` in the URL's query. */
  readonly tokenIn?: TokenPlacement;
}

/** How connections go out: shared by every subscription and by "Test connection". */
export type HubTransport = Pick<HubSessionOptions, 'network' | 'tokenIn'>;

export interface HubClosed {
  /** Why, in words, secrets not yet redacted (the logger and supervisor redact). */
  readonly reason: string;
  /** Set when the server sent a Close message (type 7). */
  readonly serverClose: { readonly allowReconnect: boolean; readonly error: string | null } | null;
  /** The server sent a message over MAX_HUB_MESSAGE_BYTES; it was dropped and the socket closed. */
  readonly oversize: boolean;
}

export interface HubSession {
  /** The token this connection was opened with. */
  readonly token: string | null;
  /** Settles once, when the connection ends for any reason other than `stop()`. */
  readonly closed: Promise<HubClosed>;
  /**
   * Stops or restarts reading from the socket: flow control for a consumer that is behind (a full
   * stdout pipe). Messages then wait in the network buffers, not in memory.
   */
  setReading(on: boolean): void;
  stop(): Promise<void>;
}

export type ConnectFailureKind =
  /** The token provider failed; `cause` is its AuthError. */
  | 'token'
  /** The upgrade was refused with 401 or 403. */
  | 'refused'
  /** The upgrade got another HTTP status (404: wrong URL; 5xx: server trouble). */
  | 'http'
  /** No TCP connection: refused, unreachable, DNS. */
  | 'network'
  /** The server's certificate was not trusted (or TLS could not be set up). */
  | 'certificate'
  /** The proxy could not be reached or refused us (e.g. HTTP 407). */
  | 'proxy'
  /** The server answered the SignalR handshake with an error. */
  | 'handshake'
  | 'timeout'
  | 'aborted'
  | 'other';

export class HubConnectFailure extends Error {
  override readonly name = 'HubConnectFailure';
  constructor(
    readonly kind: ConnectFailureKind,
    message: string,
    readonly token: string | null,
    readonly status: number | null = null,
    override readonly cause?: unknown,
  ) {
    super(message);
  }
}

const NETWORK_ERRORS = /\b(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ENETUNREACH|EHOSTUNREACH|ECONNRESET|ETIMEDOUT|EPIPE)\b/;

/** Opens one connection: fetches a token, upgrades, handshakes. Rejects with a classified HubConnectFailure. */
export async function connectHub(options: HubSessionOptions): Promise<HubSession> {
  const clock = options.clock ?? systemClock;
  const network = options.network ?? DIRECT_NETWORK;
  let token: string | null = null;
  let tokenError: unknown = null;
  let upgradeError: Error | null = null;
  let transport: Awaited<ReturnType<typeof connectionOptions>>;
  try {
    // The client opens the WebSocket at the ws(s) twin of the URL: a tunnel, even for plain ws through a proxy.
    transport = await connectionOptions(network, options.url.replace(/^http/i, 'ws'));
  } catch (error) {
    if (error instanceof NetworkError && error.code === 'ca-file') throw new HubConnectFailure('certificate', error.message, null, null, error);
    throw new HubConnectFailure('proxy', `The proxy for ${new URL(options.url).host} could not be worked out: ${error instanceof Error ? error.message : String(error)}`, null, null, error);
  }
  let serverClose: HubClosed['serverClose'] = null;
  let socket: WebSocket | null = null;
  let oversize = false;

  const protocol = new ReceivingJsonProtocol(RECEIVE_METHOD, options.onMessage, (message) => {
    serverClose = { allowReconnect: message.allowReconnect === true, error: message.error ?? null };
  });
  const connection = new HubConnectionBuilder()
    .withUrl(options.url, {
      skipNegotiation: true,
      transport: HttpTransportType.WebSockets,
      WebSocket: configuredWebSocket(
        { handshakeTimeoutMs: options.connectTimeoutMs, transport, tokenIn: options.tokenIn ?? 'header' },
        (error) => {
          upgradeError ??= error;
        },
        () => {
          oversize = true;
        },
        (opened) => {
          socket = opened;
        },
      ),
      logger: signalrLogger(options.logger),
      accessTokenFactory: async () => {
        try {
          token = await options.tokenProvider.getToken();
          return token;
        } catch (error) {
          tokenError = error;
          throw error;
        }
      },
    } as IHttpConnectionOptions)
    .withHubProtocol(protocol)
    .withServerTimeout(options.serverTimeoutMs)
    .withKeepAliveInterval(options.keepAliveMs)
    .build();

  // The protocol hands on the usual message itself; this takes the rest (an invocation id, odd arguments).
  connection.on(RECEIVE_METHOD, (...args: unknown[]) => {
    options.onMessage(args[0]);
    // A server invoking with an id waits for a completion; a null result acknowledges it.
    return null;
  });

  let settleClosed: (closed: HubClosed) => void = () => undefined;
  const closed = new Promise<HubClosed>((resolve) => {
    settleClosed = resolve;
  });
  let stopping = false;
  connection.onclose((error) => {
    if (stopping) return;
    const close = serverClose as HubClosed['serverClose'];
    if (oversize) {
      settleClosed({ reason: `The hub sent a message larger than ${MAX_HUB_MESSAGE_BYTES / 1024 / 1024} MiB; it was dropped.`, serverClose: close, oversize });
      return;
    }
    settleClosed({ reason: close ? serverCloseReason(close) : (error?.message ?? 'The connection closed.'), serverClose: close, oversize });
  });

  const stop = async (): Promise<void> => {
    stopping = true;
    await connection.stop().catch(() => undefined);
  };

  let timer: ReturnType<Clock['setTimeout']> | null = null;
  let onAbort: (() => void) | null = null;
  const interrupted = new Promise<never>((_, reject) => {
    timer = clock.setTimeout(() => {
      reject(new HubConnectFailure('timeout', `No answer from the hub within ${Math.round(options.connectTimeoutMs / 1000)} s.`, token));
    }, options.connectTimeoutMs);
    onAbort = () => reject(new HubConnectFailure('aborted', 'Stopped while connecting.', token));
    if (options.signal?.aborted) onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
  });
  const starting = connection.start();
  // Whichever loses the race below must not surface later as an unhandled rejection.
  starting.catch(() => undefined);
  interrupted.catch(() => undefined);
  try {
    await Promise.race([starting, interrupted]);
  } catch (error) {
    await stop();
    if (error instanceof HubConnectFailure) throw error;
    const recorded = upgradeError as Error | null;
    const explained = recorded && tokenError === null ? await explainUpgradeError(recorded, options.url, network) : null;
    throw explained
      ? new HubConnectFailure(explained.code === 'proxy' ? 'proxy' : 'certificate', explained.message, token, null, explained)
      : classify(error, tokenError, recorded?.message ?? null, token);
  } finally {
    if (timer !== null) clock.clearTimeout(timer);
    if (onAbort) options.signal?.removeEventListener('abort', onAbort);
  }
  const setReading = (on: boolean): void => {
    if (on) socket?.resume();
    else socket?.pause();
  };
  return { token, closed, setReading, stop };
}

function classify(error: unknown, tokenError: unknown, upgradeError: string | null, token: string | null): HubConnectFailure {
  if (tokenError !== null) {
    const message = tokenError instanceof Error ? tokenError.message : String(tokenError);
    return new HubConnectFailure('token', tokenError instanceof AuthError ? message : `Getting a token failed: ${message}`, null, null, tokenError);
  }
  const text = error instanceof Error ? error.message : String(error);
  const status = upgradeError ? /Unexpected server response: (\d{3})/.exec(upgradeError)?.[1] : undefined;
  if (status) {
    const code = Number(status);
    if (code === 407) {
      return new HubConnectFailure('proxy', 'The proxy asks for a sign-in (HTTP 407): check the proxy user name and password.', token, code, error);
    }
    if (code === 401 || code === 403) {
      return new HubConnectFailure('refused', `The hub refused the token (HTTP ${code}).`, token, code, error);
    }
    const hint = code === 404 ? ' Check the base URL.' : '';
    return new HubConnectFailure('http', `The hub answered the WebSocket upgrade with HTTP ${code}.${hint}`, token, code, error);
  }
  if (upgradeError && NETWORK_ERRORS.test(upgradeError)) {
    return new HubConnectFailure('network', `The hub could not be reached (${oneLine(upgradeError)}).`, token, null, error);
  }
  if (/handshake error/i.test(text)) return new HubConnectFailure('handshake', text, token, null, error);
  if (upgradeError && /timed out/i.test(upgradeError)) {
    return new HubConnectFailure('timeout', `The WebSocket upgrade timed out (${upgradeError}).`, token, null, error);
  }
  return new HubConnectFailure('other', oneLine(upgradeError ?? text), token, null, error);
}

/** ws and OpenSSL errors run over several lines; a status line holds one. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function serverCloseReason(close: NonNullable<HubClosed['serverClose']>): string {
  const why = close.error ? `: ${close.error}` : '';
  return close.allowReconnect ? `The server closed the connection and allows reconnecting${why}.` : `The server closed the connection${why}.`;
}

/** Certificate, TLS and proxy failures get their own words; others keep the classification below. */
async function explainUpgradeError(error: Error, url: string, network: NetworkOptions): Promise<NetworkError | null> {
  if (error instanceof NetworkError) return error;
  const explained = await explainConnectionError(error, url, network);
  return explained.code === 'certificate' || explained.code === 'proxy' ? explained : null;
}

function signalrLogger(logger: Logger): ILogger {
  return {
    log(level, message) {
      // The client logs every failed start as an error; the supervisor reports those once, with context.
      if (level >= LogLevel.Debug) logger.debug(`signalr: ${message}`);
    },
  };
}
