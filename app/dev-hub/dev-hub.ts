/**
 * A local stand-in for the SALTO KS Core API hubs and its identity server, on one loopback HTTP
 * server: demo mode without credentials, and a real server for the tests to break on purpose.
 */
import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { Duplex } from 'node:stream';
import { randomBytes, randomUUID } from 'node:crypto';
import { WebSocketServer, WebSocket } from 'ws';
import { silentLogger, type Logger } from '../core/ports';
import { EventGenerator, SIM_SITES, type GeneratedEvent, type HubStream } from './hub-content';
import { frame, MessageType, RECORD_SEPARATOR } from './hub-protocol';
import { HubSession, type SessionSettings } from './hub-session';
import { TokenMint } from './hub-tokens';
import { createFaults, type DevHubFaults, type FaultSwitches } from './hub-faults';
import { hubStreamFor, queryValue, refuseUpgrade, wwwAuthenticate } from './hub-http';
import { handleIdentityRequest, type IdentityContext } from './identity-endpoints';
import { REST_PREFIX, RestCollections, type RestFaults } from './rest-collections';
import { STREAM_KINDS } from '../common/stream-kinds';

export type { HubStream } from './hub-content';

export interface DevHubOptions {
  /** 0 = a random free port. */
  port?: number;
  host?: string;
  clientId?: string;
  /** Default: a random string per start. */
  clientSecret?: string;
  tokenLifetimeSeconds?: number;
  pingIntervalMs?: number;
  /** Closes a connection that sent nothing (not even a ping) for this long, as a real server does; 0 = never. Default 30000. */
  clientTimeoutMs?: number;
  /** Automatic events per stream per second; 0 = none. */
  ratePerSecond?: number;
  seed?: number;
  logger?: Logger;
  /** HMAC key for tokens (at least 32 characters), so a restarted hub accepts earlier tokens; default random per start. */
  tokenSigningKey?: string;
  /** How long after it is emitted an event shows up in the REST collections, as the real ones lag. Default 0. */
  restLagMs?: number;
  /** The simulator's clock for event times and REST lag; tests pass a skewed one to simulate long outages quickly. */
  now?: () => number;
  /** Serve https/wss with this certificate and key (PEM) instead of plain http. */
  tls?: { readonly cert: string; readonly key: string };
  /** Where the hubs accept the token: the Authorization header, the `access_token` query, or either (default). */
  tokenIn?: TokenAcceptance;
}

export type TokenAcceptance = 'header' | 'query' | 'either';

export interface DevHubConnection {
  readonly stream: HubStream;
  readonly site: string | null;
  readonly token: string;
}

export interface DevHub {
  /** The Core API base URL, e.g. `http://127.0.0.1:5080`. */
  readonly url: string;
  /** The identity server's base URL: the same origin. */
  readonly identityUrl: string;
  /** The Core REST API's base URL on the same origin, e.g. `http://127.0.0.1:5080/v1.2`. */
  readonly restUrl: string;
  /** The REST collections: every generated event is kept there; `record` adds any other payload. */
  readonly rest: {
    readonly faults: RestFaults;
    record(stream: HubStream, payload: unknown): void;
    readonly requestCount: number;
  };
  readonly credentials: { readonly clientId: string; readonly clientSecret: string };
  readonly sites: readonly { id: string; name: string }[];
  /** A valid token without the token endpoint. */
  issueToken(lifetimeSeconds?: number): string;
  /**
   * Sends `ReceiveMessage` to every matching connection: with a site, to connections for that
   * site or for all sites; without one, to every connection on the stream. A string payload is
   * sent as-is, anything else JSON.stringify'd. Returns how many connections got it.
   */
  emit(stream: HubStream, payload: unknown, site?: string | null): number;
  /** Like `emit`, but the invocation's arguments are sent exactly as given (e.g. an object, or two). */
  emitArguments(stream: HubStream, args: readonly unknown[], site?: string | null): number;
  /**
   * Sends one argument given as its JSON text, written into the frame unchanged: for values no
   * JSON.stringify can write (nesting 100,000 deep) and messages of an exact size.
   */
  emitArgumentJson(stream: HubStream, argumentJson: string, site?: string | null): number;
  /** Generates and sends one realistic event (optionally for a site); returns the payload object. */
  emitGenerated(stream: HubStream, site?: string): Record<string, unknown>;
  /** Sends an invocation with an invocationId (a client must answer or ignore it without breaking). */
  emitWithInvocationId(stream: HubStream, payload: unknown): number;
  /** Connections that completed the handshake and are still open. */
  connections(): readonly DevHubConnection[];
  /** Successful /connect/token requests. */
  readonly tokensIssued: number;
  readonly faults: DevHubFaults;
  stop(): Promise<void>;
}

function bearerToken(req: IncomingMessage, query: URLSearchParams, accept: TokenAcceptance): string | null {
  const header = accept === 'query' ? null : (/^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1] ?? null);
  return header ?? (accept === 'header' ? null : query.get('access_token'));
}

export async function startDevHub(options: DevHubOptions = {}): Promise<DevHub> {
  const host = options.host ?? '127.0.0.1';
  const clientId = options.clientId ?? 'clay-demo';
  const clientSecret = options.clientSecret ?? randomBytes(18).toString('base64url');
  const lifetimeSeconds = options.tokenLifetimeSeconds ?? 3600;
  const pingIntervalMs = options.pingIntervalMs ?? 15_000;
  const ratePerSecond = options.ratePerSecond ?? 0;
  const clientTimeoutMs = options.clientTimeoutMs ?? 30_000;
  const log = (options.logger ?? silentLogger).child('dev-hub');
  if (!clientId) throw new Error('Dev hub: the client id must not be empty.');
  if (!clientSecret) throw new Error('Dev hub: the client secret must not be empty.');
  if (!(lifetimeSeconds > 0)) throw new Error(`Dev hub: token lifetime must be a positive number of seconds, got ${lifetimeSeconds}.`);
  if (!(pingIntervalMs > 0)) throw new Error(`Dev hub: ping interval must be a positive number of milliseconds, got ${pingIntervalMs}.`);
  if (!(clientTimeoutMs >= 0)) throw new Error(`Dev hub: client timeout must be zero or a positive number of milliseconds, got ${clientTimeoutMs}.`);
  if (!(ratePerSecond >= 0) || !Number.isFinite(ratePerSecond)) {
    throw new Error(`Dev hub: rate must be zero or a positive number of events per second, got ${ratePerSecond}.`);
  }

  let origin = '';
  const mint = new TokenMint(() => origin, options.tokenSigningKey === undefined ? {} : { signingKey: options.tokenSigningKey });
  const now = options.now ?? Date.now;
  const restLagMs = options.restLagMs ?? 0;
  if (!(restLagMs >= 0)) throw new Error(`Dev hub: REST lag must be zero or a positive number of milliseconds, got ${restLagMs}.`);
  const generator = new EventGenerator(options.seed ?? Date.now(), now);
  const rest = new RestCollections(now, restLagMs);
  const live = new Set<HubSession>();
  const fault: FaultSwitches = { silent: false, refuseTokens: false, handshakeError: null, identityDown: false, hubsDown: false };
  let tokensIssued = 0;
  let invocationCounter = 0;

  const matching = (stream: HubStream, site: string | null | undefined): HubSession[] =>
    [...live].filter((c) => c.ready && c.stream === stream && (site == null || c.site === null || c.site === site));

  const broadcast = (stream: HubStream, text: string, site: string | null | undefined): number => {
    let count = 0;
    for (const session of matching(stream, site)) if (session.send(text)) count += 1;
    return count;
  };

  const asArgument = (payload: unknown): string => {
    const text = typeof payload === 'string' ? payload : JSON.stringify(payload);
    if (text === undefined) throw new TypeError(`Dev hub: cannot send ${typeof payload} as a payload; pass a string or a JSON value.`);
    return text;
  };

  const emitGenerated = (stream: HubStream, site?: string): GeneratedEvent => {
    const event = generator.next(stream, site);
    rest.record(stream, event);
    broadcast(stream, frame({ type: MessageType.Invocation, target: 'ReceiveMessage', arguments: [JSON.stringify(event)] }), event.collection_id as string);
    return event;
  };

  const sessionSettings: SessionSettings = { pingIntervalMs, clientTimeoutMs, faults: fault, log };

  const authorize = (req: IncomingMessage, query: URLSearchParams): { ok: true; token: string; expiresAt: number } | { ok: false; header: string } => {
    if (fault.refuseTokens) return { ok: false, header: 'Bearer error="invalid_token"' };
    const token = bearerToken(req, query, options.tokenIn ?? 'either');
    const check = mint.check(token);
    if (!check.ok) {
      log.warn('connection refused: 401', { reason: check.reason });
      return { ok: false, header: wwwAuthenticate(check) };
    }
    return { ok: true, token: token as string, expiresAt: check.expiresAt };
  };

  /** The REST side checks the bearer header only, as an API (not a WebSocket) does. */
  const restRefusal = (req: IncomingMessage): string | null => {
    const auth = authorize(req, new URLSearchParams());
    return auth.ok ? null : auth.header;
  };

  const identity: IdentityContext = {
    origin: () => origin,
    clientId,
    clientSecret,
    lifetimeSeconds,
    mint,
    isDown: () => fault.identityDown,
    onIssued: () => {
      tokensIssued += 1;
    },
    log,
  };

  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });

  const handleRequest: RequestListener = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    handleIdentityRequest(req, res, identity)
      .then((handled) => {
        if (handled) return;
        if (rest.handle(req, res, url, () => restRefusal(req))) return;
        const negotiate = url.pathname.toLowerCase().replace(/\/+$/, '').endsWith('/negotiate');
        const stream = hubStreamFor(negotiate ? url.pathname.replace(/\/negotiate\/*$/i, '') : url.pathname);
        if (!stream) {
          res.writeHead(404).end();
          return;
        }
        const auth = authorize(req, url.searchParams);
        if (!auth.ok) {
          res.writeHead(401, { 'www-authenticate': auth.header }).end();
          return;
        }
        if (negotiate && req.method === 'POST') {
          // For clients that do negotiate: WebSockets is the one transport offered, as on the Core API.
          const body = JSON.stringify({
            negotiateVersion: 1,
            connectionId: randomUUID(),
            connectionToken: randomUUID(),
            availableTransports: [{ transport: 'WebSockets', transferFormats: ['Text', 'Binary'] }],
          });
          res.writeHead(200, { 'content-type': 'application/json' }).end(body);
          return;
        }
        res.writeHead(400, { 'content-type': 'text/plain' }).end('Connection ID required');
      })
      .catch((error: unknown) => {
        log.error('request failed', { path: url.pathname, error: error instanceof Error ? error.message : String(error) });
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
  };
  const server = options.tls ? createTlsServer({ cert: options.tls.cert, key: options.tls.key }, handleRequest) : createServer(handleRequest);

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const stream = hubStreamFor(url.pathname);
    if (!stream) {
      refuseUpgrade(socket, 404);
      return;
    }
    if (fault.hubsDown) {
      refuseUpgrade(socket, 503);
      return;
    }
    const auth = authorize(req, url.searchParams);
    if (!auth.ok) {
      refuseUpgrade(socket, 401, { 'WWW-Authenticate': auth.header });
      return;
    }
    const site = queryValue(url.searchParams, 'collectionId');
    wss.handleUpgrade(req, socket, head, (ws) => {
      live.add(new HubSession(ws, stream, site, auth.token, auth.expiresAt, sessionSettings, (closed) => live.delete(closed)));
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('Dev hub: the server has no TCP address.');
  origin = `${options.tls ? 'https' : 'http'}://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
  log.info('listening', { url: origin });

  const rateTimers: NodeJS.Timeout[] = [];
  if (ratePerSecond > 0) {
    // Whole ticks at up to 100 Hz; each sends what is due, so high rates stay exact.
    const tickMs = Math.max(10, 1000 / ratePerSecond);
    for (const stream of STREAM_KINDS) {
      const started = Date.now();
      let sent = 0;
      rateTimers.push(
        setInterval(() => {
          const due = Math.floor(((Date.now() - started) * ratePerSecond) / 1000);
          for (; sent < due; sent += 1) emitGenerated(stream);
        }, tickMs),
      );
    }
  }

  const faults = createFaults(live, fault, mint);

  let stopping: Promise<void> | null = null;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      for (const timer of rateTimers) clearInterval(timer);
      const closed = [...live].map(
        (session) =>
          new Promise<void>((resolve) => {
            if (session.socket.readyState === WebSocket.CLOSED) return resolve();
            session.socket.once('close', () => resolve());
            // A host shutting down tells clients they may come back.
            if (session.handshaken) session.close({ allowReconnect: true });
            else session.socket.close(1001);
            setTimeout(() => session.socket.terminate(), 1000).unref();
          }),
      );
      await Promise.all(closed);
      wss.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      log.info('stopped');
    })();
    return stopping;
  };

  return {
    url: origin,
    identityUrl: origin,
    restUrl: `${origin}${REST_PREFIX}`,
    rest: {
      faults: rest.faults,
      record: (stream, payload) => rest.record(stream, payload),
      get requestCount() {
        return rest.requestCount;
      },
    },
    credentials: { clientId, clientSecret },
    sites: SIM_SITES.map(({ id, name }) => ({ id, name })),
    issueToken: (seconds = lifetimeSeconds) => mint.issue({ clientId, scopes: ['core_api.full'], lifetimeSeconds: seconds }),
    emit: (stream, payload, site) =>
      broadcast(stream, frame({ type: MessageType.Invocation, target: 'ReceiveMessage', arguments: [asArgument(payload)] }), site),
    emitArguments: (stream, args, site) =>
      broadcast(stream, frame({ type: MessageType.Invocation, target: 'ReceiveMessage', arguments: args }), site),
    emitArgumentJson: (stream, argumentJson, site) =>
      broadcast(stream, `{"type":${MessageType.Invocation},"target":"ReceiveMessage","arguments":[${argumentJson}]}${RECORD_SEPARATOR}`, site),
    emitGenerated,
    emitWithInvocationId: (stream, payload) => {
      invocationCounter += 1;
      const message = { type: MessageType.Invocation, invocationId: String(invocationCounter), target: 'ReceiveMessage', arguments: [asArgument(payload)] };
      return broadcast(stream, frame(message), null);
    },
    connections: () => [...live].filter((c) => c.ready).map(({ stream, site, token }) => ({ stream, site, token })),
    get tokensIssued() {
      return tokensIssued;
    },
    faults,
    stop,
  };
}
