import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HubConnectionBuilder, HubConnectionState, HttpTransportType, LogLevel, type HubConnection, type IHttpConnectionOptions, type IRetryPolicy } from '@microsoft/signalr';
import { WebSocket } from 'ws';
import { startDevHub, type DevHub } from '../../app/dev-hub/dev-hub';

let hub: DevHub;
const connections: HubConnection[] = [];

async function fetchToken(): Promise<string> {
  const res = await fetch(`${hub.identityUrl}/connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: hub.credentials.clientId, client_secret: hub.credentials.clientSecret, scope: 'core_api.full' }),
  });
  return ((await res.json()) as { access_token: string }).access_token;
}

/** Retries every 20 ms, a few hundred times: enough for any restart here, never a give-up mid-test. */
const steadyRetry: IRetryPolicy = { nextRetryDelayInMilliseconds: (ctx) => (ctx.previousRetryCount < 500 ? 20 : null) };

function build(path: string, reconnect = false, tokenFactory: () => Promise<string> = fetchToken): HubConnection {
  // `WebSocket` is a documented option that the published typings leave out.
  const options: IHttpConnectionOptions & { WebSocket: unknown } = {
    skipNegotiation: true,
    transport: HttpTransportType.WebSockets,
    WebSocket,
    accessTokenFactory: tokenFactory,
  };
  let builder = new HubConnectionBuilder().withUrl(`${hub.url}${path}`, options).configureLogging(LogLevel.None);
  if (reconnect) builder = builder.withAutomaticReconnect(steadyRetry);
  const connection = builder.build();
  connections.push(connection);
  return connection;
}

beforeEach(async () => {
  hub = await startDevHub({ seed: 3 });
});
afterEach(async () => {
  await Promise.all(connections.splice(0).map((c) => c.stop()));
  await hub.stop();
});

describe('dev hub with the real @microsoft/signalr client', () => {
  it('delivers ReceiveMessage strings, honours collectionId and survives an invocation with an id', async () => {
    const site = hub.sites[1]?.id as string;
    const all = build('/hub/incident');
    const one = build(`/hub/incident?collectionId=${site}`);
    const got: Record<string, string[]> = { all: [], one: [] };
    all.on('receivemessage', (text: string) => got.all?.push(text));
    one.on('ReceiveMessage', (text: string) => got.one?.push(text));
    await Promise.all([all.start(), one.start()]);
    expect(hub.connections()).toHaveLength(2);
    expect(hub.tokensIssued).toBe(2);

    const other = hub.emitGenerated('incident', hub.sites[0]?.id);
    const mine = hub.emitGenerated('incident', site);
    expect(hub.emitWithInvocationId('incident', 'with id')).toBe(2);
    hub.emit('incident', 'last');
    while ((got.all?.length ?? 0) < 4 || (got.one?.length ?? 0) < 3) await new Promise((r) => setTimeout(r, 5));
    expect(got.all).toEqual([JSON.stringify(other), JSON.stringify(mine), 'with id', 'last']);
    expect(got.one).toEqual([JSON.stringify(mine), 'with id', 'last']);
    expect(all.state).toBe(HubConnectionState.Connected);
  });

  it('reconnects with a fresh token after the hub expires every token', async () => {
    const connection = build('/hub/entry', true);
    const reconnected = new Promise<void>((resolve) => connection.onreconnected(() => resolve()));
    await connection.start();
    const firstToken = hub.connections()[0]?.token;
    hub.faults.expireTokens();
    await reconnected;
    expect(hub.tokensIssued).toBe(2);
    expect(hub.connections()).toHaveLength(1);
    expect(hub.connections()[0]?.token).not.toBe(firstToken);
  });

  it('fails start() when the upgrade is refused with 401', async () => {
    hub.faults.refuseTokens(true);
    await expect(build('/hub/incident').start()).rejects.toThrow();
    expect(hub.connections()).toHaveLength(0);
  });

  it('fails start() with the handshake error', async () => {
    hub.faults.failHandshake('Nope');
    await expect(build('/hub/incident').start()).rejects.toThrow(/Nope/);
  });

  it('carries on across a hub restart with the same signing key, on the same static token', async () => {
    await hub.stop();
    const key = 'restart-key-'.padEnd(40, 'x');
    hub = await startDevHub({ tokenSigningKey: key });
    const port = Number(new URL(hub.url).port);
    const token = hub.issueToken();
    const connection = build('/hub/incident', true, () => Promise.resolve(token));
    const got: string[] = [];
    connection.on('ReceiveMessage', (text: string) => got.push(text));
    const reconnected = new Promise<void>((resolve) => connection.onreconnected(() => resolve()));
    await connection.start();
    hub.emit('incident', 'before');
    while (got.length < 1) await new Promise((r) => setTimeout(r, 5));
    await hub.stop();
    hub = await startDevHub({ tokenSigningKey: key, port });
    await reconnected;
    hub.emit('incident', 'after');
    while (got.length < 2) await new Promise((r) => setTimeout(r, 5));
    expect(got).toEqual(['before', 'after']);
  });

  it('also serves a client that negotiates first', async () => {
    const options: IHttpConnectionOptions & { WebSocket: unknown } = { transport: HttpTransportType.WebSockets, WebSocket, accessTokenFactory: fetchToken };
    const connection = new HubConnectionBuilder().withUrl(`${hub.url}/hub/entry`, options).configureLogging(LogLevel.None).build();
    connections.push(connection);
    const got = new Promise<string>((resolve) => connection.on('ReceiveMessage', resolve));
    await connection.start();
    expect(connection.connectionId).toEqual(expect.any(String));
    hub.emit('entry', 'negotiated');
    expect(await got).toBe('negotiated');
  });
});
