import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startDevHub, type DevHub } from '../../app/dev-hub/dev-hub';
import { connectRaw, hubUrl, isInvocation, openRaw, refusal, type RawClient } from './raw-client';

let hub: DevHub;
const clients: RawClient[] = [];
const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });
async function connect(stream: 'incident' | 'entry', query = '', token = hub.issueToken()): Promise<RawClient> {
  const client = await connectRaw(hubUrl(hub.url, stream, query), bearer(token));
  clients.push(client);
  return client;
}
const until = async (condition: () => boolean): Promise<void> => {
  while (!condition()) await new Promise((r) => setTimeout(r, 5));
};

beforeEach(async () => {
  hub = await startDevHub({ seed: 7 });
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.socket.terminate();
  await hub.stop();
});

describe('dev hub: protocol', () => {
  it('listens on loopback and reports its origin for both the Core API and identity', () => {
    expect(hub.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(hub.identityUrl).toBe(hub.url);
    expect(hub.credentials.clientId).toBe('clay-demo');
    expect(hub.credentials.clientSecret.length).toBeGreaterThanOrEqual(16);
  });

  it('answers the JSON handshake with an empty object record', async () => {
    const client = await connect('incident');
    expect(client.records[0]).toEqual({});
    await until(() => hub.connections().length === 1);
    expect(hub.connections()[0]).toMatchObject({ stream: 'incident', site: null });
  });

  it('accepts a handshake split across frames and records joined in one frame', async () => {
    const client = await openRaw(hubUrl(hub.url, 'entry'), bearer(hub.issueToken()));
    clients.push(client);
    client.sendText('{"protocol":"js');
    client.sendText('on","version":1}\x1e{"type":6}\x1e');
    expect(await client.waitFor(() => true)).toEqual({});
    await until(() => hub.connections().length === 1);
    expect(hub.emit('entry', 'x')).toBe(1);
  });

  it('refuses an unknown protocol and an unknown version with an error record, then closes', async () => {
    const a = await openRaw(hubUrl(hub.url, 'incident'), bearer(hub.issueToken()));
    a.send({ protocol: 'messagepack', version: 1 });
    expect(await a.waitFor(() => true)).toEqual({ error: "The protocol 'messagepack' is not supported." });
    expect((await a.closed).code).toBe(1000);
    const b = await openRaw(hubUrl(hub.url, 'incident'), bearer(hub.issueToken()));
    b.send({ protocol: 'json', version: 2 });
    expect(await b.waitFor(() => true)).toEqual({ error: "The server does not support version 2 of the 'json' protocol." });
    const c = await openRaw(hubUrl(hub.url, 'incident'), bearer(hub.issueToken()));
    c.sendText('not json\x1e');
    expect(await c.waitFor(() => true)).toMatchObject({ error: expect.stringContaining('handshake') });
    expect(hub.connections()).toHaveLength(0);
  });

  it('pings every interval when idle', async () => {
    await hub.stop();
    hub = await startDevHub({ pingIntervalMs: 30 });
    const client = await connect('incident');
    await client.waitFor((r) => (r as { type?: number }).type === 6);
    const secondPing = await client.waitFor((r) => (r as { type?: number }).type === 6, 2);
    expect(secondPing).toEqual({ type: 6 });
  });

  it('sends ReceiveMessage without an invocationId, the payload as one string argument', async () => {
    const client = await connect('incident');
    expect(hub.emit('incident', { id: 'a', event_category: 'tamper' })).toBe(1);
    expect(hub.emit('incident', 'plain text')).toBe(1);
    await client.waitFor((r) => isInvocation(r) && r.arguments[0] === 'plain text');
    const invocations = client.records.filter(isInvocation);
    expect(invocations).toEqual([
      { type: 1, target: 'ReceiveMessage', arguments: ['{"id":"a","event_category":"tamper"}'] },
      { type: 1, target: 'ReceiveMessage', arguments: ['plain text'] },
    ]);
    expect(client.records.some((r) => typeof r === 'object' && r !== null && 'unterminated' in r)).toBe(false);
  });

  it('sends arguments as given with emitArguments, and invocation ids with emitWithInvocationId', async () => {
    const client = await connect('entry');
    expect(hub.emitArguments('entry', [{ Id: 'obj' }, 2])).toBe(1);
    expect(hub.emitWithInvocationId('entry', 'answer me')).toBe(1);
    const withId = await client.waitFor((r) => isInvocation(r) && r.invocationId !== undefined);
    expect(withId).toMatchObject({ type: 1, target: 'ReceiveMessage', arguments: ['answer me'], invocationId: expect.any(String) });
    expect(client.records.filter(isInvocation)[0]).toEqual({ type: 1, target: 'ReceiveMessage', arguments: [{ Id: 'obj' }, 2] });
    // The client's answer, a ping and an unknown type must not break the connection.
    client.send({ type: 3, invocationId: (withId as { invocationId: string }).invocationId, error: 'Client did not provide a result.' });
    client.send({ type: 6 });
    client.send({ type: 42 });
    expect(hub.emit('entry', 'still here')).toBe(1);
    await client.waitFor((r) => isInvocation(r) && r.arguments[0] === 'still here');
  });

  it('packs a burst into frames of whole records, in order, none much over 64 KB', async () => {
    const client = await connect('incident');
    const framesBefore = client.frameLengths.length;
    const payloads = Array.from({ length: 500 }, (_, i) => `${i}:`.padEnd(1000, 'x'));
    for (const p of payloads) hub.emit('incident', p);
    await client.waitFor((r) => isInvocation(r) && r.arguments[0] === payloads[499]);
    expect(client.records.filter(isInvocation).map((r) => r.arguments[0])).toEqual(payloads);
    const frames = client.frameLengths.slice(framesBefore);
    expect(frames.length).toBeGreaterThan(1);
    expect(frames.length).toBeLessThan(payloads.length);
    expect(Math.max(...frames)).toBeLessThan(64 * 1024 + 1100);
    expect(client.records.some((r) => typeof r === 'object' && r !== null && 'unterminated' in r)).toBe(false);
  });

  it('rejects an undefined payload with a clear error', () => {
    expect(() => hub.emit('incident', undefined)).toThrow(/cannot send undefined/);
  });

  it('answers a client invocation with an id as a real server does, and ignores one without', async () => {
    const client = await connect('incident');
    client.send({ type: 1, target: 'Subscribe', arguments: [] });
    client.send({ type: 1, invocationId: '9', target: 'Subscribe', arguments: [] });
    expect(await client.waitFor((r) => (r as { type?: number }).type === 3)).toEqual({
      type: 3,
      invocationId: '9',
      error: "Failed to invoke 'Subscribe' due to an error on the server. HubException: Method does not exist.",
    });
    expect(client.records.filter((r) => (r as { type?: number }).type === 3)).toHaveLength(1);
  });

  it('closes with an error when the client sends an invalid record', async () => {
    const client = await connect('incident');
    client.sendText('{"nope":true}\x1e');
    expect(await client.waitFor((r) => (r as { type?: number }).type === 7)).toEqual({ type: 7, error: 'Connection closed with an error.' });
    expect((await client.closed).code).toBe(1000);
  });

  it('closes the socket when the client sends Close', async () => {
    const client = await connect('incident');
    client.send({ type: 7 });
    await client.closed;
    await until(() => hub.connections().length === 0);
  });
});

describe('dev hub: auth on upgrade', () => {
  it('accepts the token from the Authorization header or the access_token query', async () => {
    await connect('incident');
    const token = hub.issueToken();
    const viaQuery = await connectRaw(hubUrl(hub.url, 'entry', `?access_token=${encodeURIComponent(token)}`));
    clients.push(viaQuery);
    await until(() => hub.connections().length === 2);
    expect(hub.connections().map((c) => c.stream).sort()).toEqual(['entry', 'incident']);
    expect(hub.connections().find((c) => c.stream === 'entry')?.token).toBe(token);
  });

  it('refuses a missing, forged or expired token with 401 and a Bearer challenge', async () => {
    const url = hubUrl(hub.url, 'incident');
    const missing = await refusal(url);
    expect(missing.status).toBe(401);
    expect(missing.headers['www-authenticate']).toBe('Bearer');
    const token = hub.issueToken();
    const [head, , sig] = token.split('.');
    const forgedBody = Buffer.from(JSON.stringify({ aud: 'core_api', exp: 9_999_999_999 })).toString('base64url');
    expect((await refusal(url, bearer(`${head}.${forgedBody}.${sig}`))).status).toBe(401);
    expect((await refusal(url, bearer('garbage'))).status).toBe(401);
    const expired = await refusal(url, bearer(hub.issueToken(-5)));
    expect(expired.status).toBe(401);
    expect(expired.headers['www-authenticate']).toMatch(/invalid_token.*expired/);
  });

  it('answers 404 for any other path', async () => {
    expect((await refusal(`${hub.url.replace('http', 'ws')}/hub/other`, bearer(hub.issueToken()))).status).toBe(404);
  });

  it('offers negotiate (WebSockets only) to authorised clients that do not skip it', async () => {
    const unauthorised = await fetch(`${hub.url}/hub/incident/negotiate?negotiateVersion=1`, { method: 'POST' });
    expect(unauthorised.status).toBe(401);
    const res = await fetch(`${hub.url}/hub/incident/negotiate?negotiateVersion=1`, { method: 'POST', headers: bearer(hub.issueToken()) });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ negotiateVersion: 1, availableTransports: [{ transport: 'WebSockets' }] });
  });
});

describe('dev hub: sites', () => {
  it('serves three named sites', () => {
    expect(hub.sites).toHaveLength(3);
    for (const site of hub.sites) {
      expect(site.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(site.name.length).toBeGreaterThan(0);
    }
  });

  it('sends a site event only to that site and to connections without collectionId', async () => {
    const [a, b] = hub.sites as readonly [{ id: string }, { id: string }, ...unknown[]];
    const all = await connect('incident');
    const onlyA = await connect('incident', `?collectionId=${a.id}`);
    const onlyB = await connect('incident', `?collectionid=${b.id}`);
    const entries = await connect('entry');
    await until(() => hub.connections().length === 4);
    expect(hub.emit('incident', 'for-a', a.id)).toBe(2);
    expect(hub.emit('incident', 'for-everyone')).toBe(3);
    const generated = hub.emitGenerated('incident', b.id);
    expect(generated.collection_id).toBe(b.id);
    await all.waitFor((r) => isInvocation(r) && r.arguments[0] === JSON.stringify(generated));
    await onlyB.waitFor((r) => isInvocation(r) && r.arguments[0] === JSON.stringify(generated));
    await onlyA.waitFor((r) => isInvocation(r) && r.arguments[0] === 'for-everyone');
    const args = (c: RawClient): unknown[] => c.records.filter(isInvocation).map((r) => r.arguments[0]);
    expect(args(onlyA)).toEqual(['for-a', 'for-everyone']);
    expect(args(onlyB)).toEqual(['for-everyone', JSON.stringify(generated)]);
    expect(args(all)).toEqual(['for-a', 'for-everyone', JSON.stringify(generated)]);
    expect(args(entries)).toEqual([]);
    expect(hub.connections().filter((c) => c.site === b.id)).toHaveLength(1);
  });

  it('emits generated events at the configured rate per stream', async () => {
    await hub.stop();
    hub = await startDevHub({ ratePerSecond: 200, seed: 1 });
    const incidents = await connect('incident');
    const entries = await connect('entry');
    await incidents.waitFor((r) => isInvocation(r), 0);
    await entries.waitFor((r) => isInvocation(r), 0);
    const first = JSON.parse((incidents.records.find(isInvocation) as { arguments: string[] }).arguments[0] as string);
    expect(['door_left_open', 'tamper', 'intrusion', 'low_battery']).toContain(first.event_category);
    const entry = JSON.parse((entries.records.find(isInvocation) as { arguments: string[] }).arguments[0] as string);
    // Every category the generator makes for entries: which one comes first depends on how the two rate timers interleave.
    expect(['lock_opened', 'lock_rejected', 'easy_office_mode']).toContain(entry.event_category);
  });
});
