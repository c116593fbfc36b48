import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startDevHub, type DevHub } from '../../app/dev-hub/dev-hub';
import { connectRaw, hubUrl, isInvocation, openRaw, refusal, type RawClient } from './raw-client';

let hub: DevHub;
const clients: RawClient[] = [];
const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });
async function connect(stream: 'incident' | 'entry' = 'incident', token = hub.issueToken()): Promise<RawClient> {
  const client = await connectRaw(hubUrl(hub.url, stream), bearer(token));
  clients.push(client);
  return client;
}
const until = async (condition: () => boolean): Promise<void> => {
  while (!condition()) await new Promise((r) => setTimeout(r, 5));
};
const typeOf = (r: unknown): unknown => (r as { type?: unknown }).type;

beforeEach(async () => {
  hub = await startDevHub({ pingIntervalMs: 20 });
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.socket.terminate();
  await hub.stop();
});

describe('dev hub: faults', () => {
  it('drop destroys sockets without a close frame (1006)', async () => {
    const a = await connect('incident');
    const b = await connect('entry');
    hub.faults.drop();
    expect((await a.closed).code).toBe(1006);
    expect((await b.closed).code).toBe(1006);
    await until(() => hub.connections().length === 0);
  });

  it('closeSocket sends a close frame with the code, and refuses codes that cannot be sent', async () => {
    const client = await connect();
    expect(() => hub.faults.closeSocket(1006)).toThrow(/cannot be sent/);
    hub.emit('incident', 'last words');
    hub.faults.closeSocket(1011, 'boom');
    expect(await client.closed).toEqual({ code: 1011, reason: 'boom' });
    // What was emitted before the fault still went out first.
    expect(client.records.filter(isInvocation).map((r) => r.arguments[0])).toEqual(['last words']);
  });

  it('sendClose sends the SignalR Close message, with and without allowReconnect', async () => {
    const a = await connect();
    hub.faults.sendClose({ error: 'Server restarting', allowReconnect: true });
    expect(await a.waitFor((r) => typeOf(r) === 7)).toEqual({ type: 7, error: 'Server restarting', allowReconnect: true });
    expect((await a.closed).code).toBe(1000);
    const b = await connect();
    hub.faults.sendClose({ error: 'Go away' });
    expect(await b.waitFor((r) => typeOf(r) === 7)).toEqual({ type: 7, error: 'Go away' });
  });

  it('silence stops pings, events and handshake answers until lifted', async () => {
    const client = await connect();
    await client.waitFor((r) => typeOf(r) === 6);
    hub.faults.silence(true);
    const mark = client.records.length;
    expect(hub.emit('incident', 'hidden')).toBe(0);
    const newcomer = await openRaw(hubUrl(hub.url, 'incident'), bearer(hub.issueToken()));
    clients.push(newcomer);
    newcomer.send({ protocol: 'json', version: 1 });
    // Several ping intervals pass in silence: a round trip through the server proves time went by.
    for (let i = 0; i < 5; i += 1) await fetch(`${hub.url}/.well-known/openid-configuration`).then(() => new Promise((r) => setTimeout(r, 20)));
    expect(client.records.length).toBe(mark);
    expect(newcomer.records).toEqual([]);
    hub.faults.silence(false);
    expect(hub.emit('incident', 'heard')).toBe(1);
    await client.waitFor((r) => isInvocation(r) && r.arguments[0] === 'heard', mark);
    await client.waitFor((r) => typeOf(r) === 6, mark);
  });

  it('refuseTokens answers every upgrade with 401 while on', async () => {
    const url = hubUrl(hub.url, 'incident');
    hub.faults.refuseTokens(true);
    expect((await refusal(url, bearer(hub.issueToken()))).status).toBe(401);
    hub.faults.refuseTokens(false);
    await connect();
  });

  it('failHandshake answers new handshakes with the error and closes them', async () => {
    hub.faults.failHandshake('Hub is overloaded');
    const client = await openRaw(hubUrl(hub.url, 'incident'), bearer(hub.issueToken()));
    client.send({ protocol: 'json', version: 1 });
    expect(await client.waitFor(() => true)).toEqual({ error: 'Hub is overloaded' });
    expect((await client.closed).code).toBe(1000);
    hub.faults.failHandshake(null);
    expect((await connect()).records[0]).toEqual({});
  });

  it('expireTokens closes live connections with allowReconnect and refuses the old tokens', async () => {
    const token = hub.issueToken();
    const client = await connect('incident', token);
    hub.faults.expireTokens();
    expect(await client.waitFor((r) => typeOf(r) === 7)).toEqual({ type: 7, allowReconnect: true });
    expect((await refusal(hubUrl(hub.url, 'incident'), bearer(token))).status).toBe(401);
    await connect('incident', hub.issueToken());
  });

  it('closes a connection whose token runs out, with allowReconnect', async () => {
    const client = await connect('incident', hub.issueToken(1));
    expect(await client.waitFor((r) => typeOf(r) === 7)).toEqual({ type: 7, allowReconnect: true });
    expect((await client.closed).code).toBe(1000);
  });

  it('stop tells live clients they may reconnect, and frees the port', async () => {
    const client = await connect();
    const { url } = hub;
    await hub.stop();
    expect(client.records.find((r) => typeOf(r) === 7)).toEqual({ type: 7, allowReconnect: true });
    await expect(fetch(`${url}/.well-known/openid-configuration`)).rejects.toThrow();
    hub = await startDevHub();
  });

  it('closes a client that sends nothing for the client timeout, and keeps one that pings', async () => {
    await hub.stop();
    hub = await startDevHub({ clientTimeoutMs: 150, pingIntervalMs: 1000 });
    const chatty = await connect('entry');
    const pinger = setInterval(() => chatty.send({ type: 6 }), 30);
    const quiet = await connect('incident');
    try {
      expect(await quiet.waitFor((r) => typeOf(r) === 7)).toEqual({ type: 7 });
      expect((await quiet.closed).code).toBe(1000);
      // The chatty one connected first, so without its pings it would have timed out first.
      expect(hub.connections().map((c) => c.stream)).toEqual(['entry']);
    } finally {
      clearInterval(pinger);
    }
  });
});
