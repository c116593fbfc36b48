import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthError, staticTokenProvider } from '../../../app/core/streaming/auth';
import { silentLogger } from '../../../app/core/ports';
import type { HubSessionOptions } from '../../../app/core/streaming/stream';
import { connectHub, HubConnectFailure } from '../../../app/core/streaming/stream';
import type { DevHub } from '../../../app/dev-hub/dev-hub';
import { startDevHub } from '../../../app/dev-hub/dev-hub';
import { waitFor } from './stream-fixture';

let hub: DevHub;
beforeAll(async () => {
  hub = await startDevHub({ port: 0, ratePerSecond: 0, pingIntervalMs: 200 });
});
afterAll(async () => {
  await hub.stop();
});

function options(overrides: Partial<HubSessionOptions> = {}): HubSessionOptions {
  return {
    url: `${hub.url}/hub/incident`,
    tokenProvider: staticTokenProvider(async () => hub.issueToken()),
    serverTimeoutMs: 2_000,
    keepAliveMs: 500,
    connectTimeoutMs: 1_000,
    onMessage: () => undefined,
    logger: silentLogger,
    ...overrides,
  };
}

async function failure(promise: Promise<unknown>): Promise<HubConnectFailure> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof HubConnectFailure) return error;
    throw error;
  }
  throw new Error('expected connectHub to fail');
}

describe('connectHub', () => {
  it('opens with the token and hands over each ReceiveMessage argument', async () => {
    const received: unknown[] = [];
    const session = await connectHub(options({ onMessage: (a) => received.push(a) }));
    await waitFor(() => hub.connections().length === 1, 'the connection');
    expect(hub.connections()[0]!.token).toBe(session.token);
    hub.emitArguments('incident', [{ id: 1 }]);
    hub.emit('incident', 'text');
    await waitFor(() => received.length === 2, 'two messages');
    expect(received).toEqual([{ id: 1 }, 'text']);
    await session.stop();
    await waitFor(() => hub.connections().length === 0, 'the close');
  });

  it.each([
    [{ allowReconnect: true, error: 'restarting' }, true],
    [{ error: 'go away' }, false],
  ])('reports a server Close %j with its allowReconnect flag', async (close, allow) => {
    const session = await connectHub(options());
    await waitFor(() => hub.connections().length === 1, 'the connection');
    hub.faults.sendClose(close);
    const closed = await session.closed;
    expect(closed.serverClose).toEqual({ allowReconnect: allow, error: close.error });
    expect(closed.reason).toContain(close.error);
    await waitFor(() => hub.connections().length === 0, 'the close');
  });

  it('reports an abrupt drop without a server Close', async () => {
    const session = await connectHub(options());
    await waitFor(() => hub.connections().length === 1, 'the connection');
    hub.faults.drop();
    const closed = await session.closed;
    expect(closed.serverClose).toBeNull();
    expect(closed.reason).toMatch(/1006/);
  });

  it('classifies a 401 on upgrade as refused, with the token it used', async () => {
    const error = await failure(connectHub(options({ tokenProvider: staticTokenProvider(async () => 'not-a-valid-token') })));
    expect([error.kind, error.status, error.token]).toEqual(['refused', 401, 'not-a-valid-token']);
    expect(error.message).not.toContain('not-a-valid-token');
  });

  it('classifies a wrong path, a closed port, a handshake error, silence, a token failure and an abort', async () => {
    expect((await failure(connectHub(options({ url: `${hub.url}/hub/nothing` })))).status).toBe(404);

    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    expect((await failure(connectHub(options({ url: `http://127.0.0.1:${port}/hub/incident` })))).kind).toBe('network');

    hub.faults.failHandshake('protocol not supported');
    try {
      const handshake = await failure(connectHub(options()));
      expect(handshake.kind).toBe('handshake');
      expect(handshake.message).toContain('protocol not supported');
    } finally {
      hub.faults.failHandshake(null);
    }

    hub.faults.silence(true);
    try {
      expect((await failure(connectHub(options()))).kind).toBe('timeout');
    } finally {
      hub.faults.silence(false);
    }

    const token = await failure(
      connectHub(
        options({
          tokenProvider: {
            getToken: async () => {
              throw new AuthError('invalid_client', 'wrong secret');
            },
            invalidate: () => undefined,
          },
        }),
      ),
    );
    expect(token.kind).toBe('token');
    expect(token.cause).toBeInstanceOf(AuthError);

    const abort = new AbortController();
    abort.abort();
    expect((await failure(connectHub(options({ signal: abort.signal })))).kind).toBe('aborted');
  });

  it('sends the token as an Authorization header on the upgrade, not in the URL', async () => {
    const seen: { authorization: string | undefined; url: string | undefined }[] = [];
    const server = createServer();
    const wss = new WebSocketServer({ noServer: true });
    server.on('upgrade', (req, socket, head) => {
      seen.push({ authorization: req.headers.authorization, url: req.url });
      wss.handleUpgrade(req, socket, head, (ws) => {
        ws.once('message', () => ws.send('{}\x1e'));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as AddressInfo).port;
      const session = await connectHub(options({ url: `http://127.0.0.1:${port}/hub/entry?collectionId=S1`, tokenProvider: staticTokenProvider(async () => 'tok123') }));
      await session.stop();
      expect(seen).toEqual([{ authorization: 'Bearer tok123', url: '/hub/entry?collectionId=S1' }]);
    } finally {
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
