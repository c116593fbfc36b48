/** The `ws` class the SignalR client opens the hub with: proxy agent, CAs, token placement and the message size bound. */
import type { ClientOptions } from 'ws';
import WebSocket from 'ws';

/**
 * The largest WebSocket message the client takes (ws's `maxPayload`; its default is 100 MiB). A 1
 * MiB event, even double-encoded with every character escaped, stays well below it. A larger
 * message cannot be skipped on its own: ws closes the socket (code 1009), the connection ends with
 * `oversize` set and the supervisor decides whether to reconnect (see SubscriptionRunner).
 */
export const MAX_HUB_MESSAGE_BYTES = 16 * 1024 * 1024;

/** The vendor's URL samples put the token in the query; the SignalR client in Node sends a header. Deployments may honour one only. */
export type TokenPlacement = 'header' | 'query';

interface SocketSettings {
  readonly handshakeTimeoutMs: number;
  /** The proxy agent and certificate authorities for this URL. */
  readonly transport: { readonly agent?: ClientOptions['agent']; readonly ca?: string[] };
  readonly tokenIn: TokenPlacement;
}

/**
 * The `ws` class, passed explicitly (a dynamic require breaks in an ESM bundle; Node 22's global
 * WebSocket drops the Authorization header). The SignalR options have no agent, so this subclass
 * adds the proxy agent and certificate authorities, moves the token into the query when asked,
 * bounds the upgrade, and keeps ws's own error, which carries the HTTP status (or the TLS code)
 * the client otherwise hides behind "failed to connect".
 */
export function configuredWebSocket(settings: SocketSettings, onError: (error: Error) => void, onOversize: () => void, onCreated: (socket: WebSocket) => void) {
  return class ConfiguredWebSocket extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[], options?: ClientOptions) {
      const { url, headers } = settings.tokenIn === 'query' ? tokenToQuery(address, options?.headers) : { url: address, headers: options?.headers };
      super(url, protocols, { ...options, headers, ...settings.transport, handshakeTimeout: settings.handshakeTimeoutMs, maxPayload: MAX_HUB_MESSAGE_BYTES });
      this.on('error', (error: Error & { code?: string }) => {
        if (error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') onOversize();
        else onError(error);
      });
      onCreated(this);
    }
  };
}

/** Moves `Authorization: Bearer …` (what the client sends in Node) to `access_token=` in the query, as the client does in a browser. */
export function tokenToQuery(address: string | URL, headers: ClientOptions['headers']): { url: string; headers: ClientOptions['headers'] } {
  const url = new URL(address);
  const rest: Record<string, string> = {};
  let token: string | null = null;
  for (const [name, value] of Object.entries(headers ?? {})) {
    const bearer = name.toLowerCase() === 'authorization' ? /^Bearer\s+(\S+)$/i.exec(String(value)) : null;
    if (bearer?.[1]) token = bearer[1];
    else rest[name] = String(value);
  }
  if (token !== null) url.searchParams.set('access_token', token);
  return { url: url.href, headers: rest };
}
