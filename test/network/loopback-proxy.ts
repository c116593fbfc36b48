/** A real CONNECT proxy on loopback (the `proxy` package from the proxy-agents monorepo), optionally wanting Basic authentication. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createProxy, type ProxyServer } from 'proxy';

export interface LoopbackProxy {
  readonly url: string;
  /** The CONNECT targets it was asked for, authorised or not. */
  readonly tunnels: string[];
  /** Proxy-Authorization headers it saw. */
  readonly credentials: string[];
  /** The absolute URLs of plain-http requests it forwarded. */
  readonly requests: string[];
  stop(): Promise<void>;
}

export async function startProxy(auth: { user: string; password: string } | null): Promise<LoopbackProxy> {
  const server: ProxyServer = createProxy(createServer());
  const tunnels: string[] = [];
  const credentials: string[] = [];
  const requests: string[] = [];
  server.on('request', (req: { url?: string }) => requests.push(req.url ?? ''));
  server.on('connect', (req: { url?: string; headers: Record<string, string | undefined> }) => {
    tunnels.push(req.url ?? '');
    if (req.headers['proxy-authorization']) credentials.push(req.headers['proxy-authorization']);
  });
  if (auth) {
    const expected = `Basic ${Buffer.from(`${auth.user}:${auth.password}`).toString('base64')}`;
    server.authenticate = (req) => req.headers['proxy-authorization'] === expected;
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    tunnels,
    credentials,
    requests,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
