import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { WebSocket } from 'ws';
import { WebSocketServer } from 'ws';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SubscriptionState } from '../../../app/common/models';
import { ClientCredentialsTokenProvider, staticTokenProvider } from '../../../app/core/streaming/auth';
import { MAX_HUB_MESSAGE_BYTES } from '../../../app/core/streaming/hub-socket';
import { aggregatePhase } from '../../../app/core/streaming/aggregate-phase';
import { probeHub } from '../../../app/core/streaming/hub-probe';
import type { DevHub } from '../../../app/dev-hub/dev-hub';
import { startDevHub } from '../../../app/dev-hub/dev-hub';
import type { Harness } from './stream-fixture';
import { FAST, harness, waitFor } from './stream-fixture';

let hub: DevHub;
let running: Harness[] = [];

beforeEach(async () => {
  hub = await startDevHub({ port: 0, ratePerSecond: 0, pingIntervalMs: 200, seed: 7 });
  running = [];
});
afterEach(async () => {
  await Promise.all(running.map((h) => h.stop()));
  await hub.stop();
});

const freshTokens = () => staticTokenProvider(async () => hub.issueToken());
function start(...args: Parameters<typeof harness>): Harness {
  const h = harness(...args);
  running.push(h);
  return h;
}
/** A bare WebSocket server on loopback, for server behaviour the dev hub does not have. */
async function handWrittenServer(onConnection: (ws: WebSocket) => void): Promise<{ readonly url: string; close(): Promise<void> }> {
  const server = createHttpServer();
  const wss = new WebSocketServer({ server });
  wss.on('connection', onConnection);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      // Stop the clients first, so that they do not reconnect to a closing server.
      await Promise.all(running.map((h) => h.stop()));
      running = [];
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const phase = (h: Harness, i = 0) => h.supervisor.states()[i]!.status.phase;
const site = (i: number) => hub.sites[i]!.id;

describe('Supervisor against the dev hub', () => {
  it('delivers incidents and entries from both hubs', async () => {
    const h = start(hub, [{ stream: 'incident', site: null }, { stream: 'entry', site: null }], freshTokens());
    await h.waitConnected();
    expect(h.supervisor.aggregate()).toBe('connected');
    hub.emit('incident', { id: 'i1', event_category: 'tamper', lock_customer_reference: 'Door A' });
    hub.emit('entry', { Id: 'e1', EventCategory: 'LockOpened', AccessBy: 'tag' });
    await waitFor(() => h.events.length === 2, 'two events');
    const byStream = Object.fromEntries(h.events.map((e) => [e.stream, e]));
    expect(byStream.incident).toMatchObject({ id: 'i1', category: 'tamper', site: null, lock: { name: 'Door A' } });
    expect(byStream.entry).toMatchObject({ id: 'e1', category: 'lock_opened', accessBy: 'tag' });
    expect(h.supervisor.states().every((s) => s.lastEventAt !== null)).toBe(true);
  });

  it('subscribes per site with collectionId and gets only that site', async () => {
    const h = start(hub, [{ stream: 'incident', site: site(0) }], freshTokens());
    await h.waitConnected();
    expect(hub.connections()[0]).toMatchObject({ stream: 'incident', site: site(0) });
    expect(hub.emit('incident', { id: 'other', event_category: 'tamper' }, site(1))).toBe(0);
    hub.emitGenerated('incident', site(0));
    await waitFor(() => h.events.length === 1, 'the site event');
    expect(h.events[0]!.site).toBe(site(0));
    expect(h.events.some((e) => e.id === 'other')).toBe(false);
  });

  it('suppresses duplicates within and across subscriptions', async () => {
    const h = start(hub, [{ stream: 'incident', site: null }, { stream: 'incident', site: site(0) }], freshTokens());
    await h.waitConnected();
    expect(hub.emit('incident', { id: 'dup', event_category: 'intrusion' }, site(0))).toBe(2);
    hub.emit('incident', { id: 'dup', event_category: 'intrusion' });
    hub.emit('incident', { id: 'last', event_category: 'tamper' });
    await waitFor(() => h.events.some((e) => e.id === 'last'), 'the last event');
    await waitFor(() => h.supervisor.states().every((s) => s.lastEventAt !== null), 'both subscriptions saw events');
    // The second subscription's copy of "last" may still be in flight; a repeat of it must not add an event.
    hub.emit('incident', { id: 'last', event_category: 'tamper' });
    hub.emit('incident', { id: 'end', event_category: 'tamper' }, site(0));
    await waitFor(() => h.events.some((e) => e.id === 'end'), 'the end marker');
    expect(h.events.map((e) => e.id)).toEqual(['dup', 'last', 'end']);
  });

  it('survives hostile payloads on a live connection', async () => {
    const h = start(hub, [{ stream: 'incident', site: null }], freshTokens());
    await h.waitConnected();
    const since = h.supervisor.states()[0]!.status;
    const hostile: unknown[] = ['{"id": ', 'null', '[1,2]', '42', '<img src=x onerror=alert(1)>', 'x'.repeat(1024 * 1024), '{"a":'.repeat(5000) + '1' + '}'.repeat(5000)];
    for (const payload of hostile) hub.emit('incident', payload);
    hub.emitArguments('incident', [[1, 2, 3]]);
    hub.emitArguments('incident', [null]);
    hub.emitArguments('incident', [{ id: 'obj', event_category: 'low_battery' }, 'second argument']);
    hub.emitArguments('incident', []);
    hub.emitWithInvocationId('incident', { id: 'with-invocation', event_category: 'tamper' });
    hub.emit('incident', { id: 'after', event_category: 'tamper' });
    await waitFor(() => h.events.some((e) => e.id === 'after'), 'the event after the hostile ones');
    // The invocation without an argument is skipped with a log line, not passed on as an empty payload.
    expect(h.events.length).toBe(hostile.length + 5);
    expect(h.logs.some((r) => r.level === 'warn' && r.message.includes('without an argument'))).toBe(true);
    expect(h.events.every((e) => typeof e.raw === 'string')).toBe(true);
    expect(h.events.find((e) => e.id === 'obj')?.category).toBe('low_battery');
    expect(h.events.find((e) => e.id === 'with-invocation')?.category).toBe('tamper');
    expect(h.events.filter((e) => e.category === null).length).toBe(hostile.length + 2);
    expect(h.supervisor.states()[0]!.status).toEqual(since);
    expect(h.gaps).toEqual([]);
  });

  it('fetches a fresh token when the server closes on token expiry, and records the gap', async () => {
    const tokens = new ClientCredentialsTokenProvider({
      identityUrl: hub.identityUrl,
      clientId: hub.credentials.clientId,
      clientSecret: async () => hub.credentials.clientSecret,
      scope: 'core_api.full',
    });
    const h = start(hub, [{ stream: 'incident', site: null }], tokens);
    await h.waitConnected();
    const first = hub.connections()[0]!.token;
    const issued = hub.tokensIssued;
    hub.faults.expireTokens();
    await waitFor(() => h.gaps.length === 1 && h.connected() && hub.connections().length === 1, 'the reconnect');
    expect(hub.connections()[0]!.token).not.toBe(first);
    expect(hub.tokensIssued).toBe(issued + 1);
    const gap = h.gaps[0]!;
    expect(gap).toMatchObject({ stream: 'incident', site: null });
    expect(Date.parse(gap.to)).toBeGreaterThanOrEqual(Date.parse(gap.from));
    hub.emit('incident', { id: 'after-expiry' });
    await waitFor(() => h.events.length === 1, 'an event after the reconnect');
  });

  const recoverable: [string, (hub: DevHub) => void][] = [
    ['an abrupt drop', (hub) => hub.faults.drop()],
    ['close 1011', (hub) => hub.faults.closeSocket(1011, 'server error')],
    ['a Close with allowReconnect', (hub) => hub.faults.sendClose({ error: 'restarting', allowReconnect: true })],
  ];
  it.each(recoverable)('recovers from %s', async (_, fault) => {
    const h = start(hub, [{ stream: 'entry', site: null }], freshTokens());
    await h.waitConnected();
    fault(hub);
    await waitFor(() => h.gaps.length === 1 && h.connected(), 'the reconnect');
    const lost = h.history.find((states) => states[0]!.status.phase === 'reconnecting' && states[0]!.lastError !== null);
    expect(lost?.[0]!.offlineSince).not.toBeNull();
    expect(h.supervisor.states()[0]!.lastError).toBeNull();
    hub.emit('entry', { id: 'back' });
    await waitFor(() => h.events.length === 1, 'an event after the reconnect');
  });

  it('waits longer after a Close without allowReconnect, then reconnects anyway', async () => {
    const h = start(hub, [{ stream: 'incident', site: null }], freshTokens());
    await h.waitConnected();
    hub.faults.sendClose({ error: 'maintenance' });
    await waitFor(() => phase(h) === 'reconnecting', 'the reconnecting state');
    const state = h.supervisor.states()[0]!;
    expect(state.lastError).toContain('maintenance');
    if (state.status.phase !== 'reconnecting') throw new Error('unreachable');
    const wait = Date.parse(state.status.nextRetryAt!) - Date.parse(state.offlineSince!);
    expect(wait).toBeGreaterThanOrEqual(FAST.closedByServerDelayMs!);
    await waitFor(() => h.connected() && h.gaps.length === 1, 'the reconnect');
  });

  it('recovers from a handshake error and keeps trying past 50 failures in a row', async () => {
    hub.faults.failHandshake('Requested protocol is not available.');
    const h = start(hub, [{ stream: 'incident', site: null }], freshTokens(), { ...FAST, baseDelayMs: 1, maxDelayMs: 4 });
    await waitFor(() => {
      const status = h.supervisor.states()[0]!.status;
      return status.phase === 'offline' && status.attempt > 51;
    }, 'more than 50 failed attempts');
    expect(h.supervisor.states()[0]!.lastError).toContain('Requested protocol is not available');
    expect(h.supervisor.aggregate()).toBe('offline');
    hub.faults.failHandshake(null);
    await h.waitConnected();
    expect(h.supervisor.states()[0]!.lastError).toBeNull();
  });

  it('treats repeated 401s on upgrade as auth-failed, keeps retrying, and recovers', async () => {
    let reads = 0;
    const tokens = staticTokenProvider(async () => {
      reads += 1;
      return hub.issueToken();
    });
    const h = start(hub, [{ stream: 'incident', site: null }], tokens);
    await h.waitConnected();
    hub.faults.refuseTokens(true);
    hub.faults.drop();
    await waitFor(() => phase(h) === 'auth-failed', 'auth-failed');
    expect(h.supervisor.states()[0]!.lastError).toContain('401');
    expect(h.supervisor.aggregate()).toBe('auth-failed');
    const readsAtAuthFailed = reads;
    await waitFor(() => reads > readsAtAuthFailed + 1, 'further attempts while auth-failed');
    hub.faults.refuseTokens(false);
    await h.waitConnected();
  });

  it('reconnects after server silence past the client timeout', async () => {
    const h = start(hub, [{ stream: 'entry', site: null }], freshTokens());
    await h.waitConnected();
    hub.faults.silence(true);
    await waitFor(() => phase(h) !== 'connected', 'the server timeout');
    expect(h.supervisor.states()[0]!.lastError).toMatch(/timeout|timed out|No answer/i);
    hub.faults.silence(false);
    await waitFor(() => h.connected() && h.gaps.length === 1, 'the reconnect', 15_000);
  });

  it('rides out the identity server being down for a while', async () => {
    const tokens = new ClientCredentialsTokenProvider({
      identityUrl: hub.identityUrl,
      clientId: hub.credentials.clientId,
      clientSecret: async () => hub.credentials.clientSecret,
      scope: 'core_api.full',
      failureBackoff: { baseDelayMs: 10, maxDelayMs: 50 },
    });
    const h = start(hub, [{ stream: 'incident', site: null }, { stream: 'entry', site: null }], tokens);
    await h.waitConnected();
    hub.faults.identityDown(true);
    hub.faults.expireTokens();
    await waitFor(() => h.supervisor.states().every((s) => s.status.phase === 'offline'), 'offline while the identity server is down');
    expect(h.supervisor.states()[0]!.lastError).toMatch(/identity server/i);
    hub.faults.identityDown(false);
    await h.waitConnected();
    expect(h.gaps.length).toBe(2);
  });

  it('says auth-failed at once for a wrong client secret, without leaking it, and keeps retrying', async () => {
    const tokens = new ClientCredentialsTokenProvider({
      identityUrl: hub.identityUrl,
      clientId: hub.credentials.clientId,
      clientSecret: async () => 'wrong-secret-value',
      scope: 'core_api.full',
      failureBackoff: { baseDelayMs: 10, maxDelayMs: 20 },
    });
    const h = start(hub, [{ stream: 'incident', site: null }], tokens);
    await waitFor(() => phase(h) === 'auth-failed', 'auth-failed');
    const state = h.supervisor.states()[0]!;
    expect(state.lastError).toMatch(/client id or secret/);
    await waitFor(() => {
      const status = h.supervisor.states()[0]!.status;
      return status.phase === 'auth-failed' && status.attempt > 3;
    }, 'more attempts');
    const text = JSON.stringify([h.logs, h.history]);
    expect(text).not.toContain('wrong-secret-value');
  });

  it('never writes a token or the client secret to its log or state', async () => {
    const tokens = new ClientCredentialsTokenProvider({
      identityUrl: hub.identityUrl,
      clientId: hub.credentials.clientId,
      clientSecret: async () => hub.credentials.clientSecret,
      scope: 'core_api.full',
    });
    const h = start(hub, [{ stream: 'incident', site: null }], tokens);
    await h.waitConnected();
    const seen = new Set(hub.connections().map((c) => c.token));
    hub.faults.refuseTokens(true);
    hub.faults.expireTokens();
    await waitFor(() => phase(h) === 'auth-failed', 'auth-failed');
    hub.faults.refuseTokens(false);
    await h.waitConnected();
    for (const c of hub.connections()) seen.add(c.token);
    const text = JSON.stringify([h.logs, h.history]);
    expect(h.logs.length).toBeGreaterThan(5);
    for (const token of seen) expect(text).not.toContain(token);
    expect(text).not.toContain(hub.credentials.clientSecret);
    expect(text).not.toMatch(/eyJ[\w-]+\.[\w-]+/);
  });

  it('retries at once on reconnectNow instead of waiting out the backoff', async () => {
    hub.faults.failHandshake('not yet');
    const h = start(hub, [{ stream: 'incident', site: null }], freshTokens(), { ...FAST, baseDelayMs: 60_000, maxDelayMs: 60_000 });
    await waitFor(() => phase(h) === 'reconnecting', 'the first failure');
    hub.faults.failHandshake(null);
    h.supervisor.reconnectNow();
    await h.waitConnected();
  });

  it('replaces a live connection on renewConnections and records the gap from when the machine slept', async () => {
    const h = start(hub, [{ stream: 'incident', site: null }], freshTokens());
    await h.waitConnected();
    const firstToken = hub.connections()[0]!.token;
    await new Promise((resolve) => setTimeout(resolve, 50));
    const sleptAt = Date.now() - 20;
    h.supervisor.renewConnections(sleptAt);
    await waitFor(() => h.gaps.length === 1 && h.connected(), 'a renewed connection and its gap');
    expect(h.gaps[0]).toMatchObject({ stream: 'incident', site: null, from: new Date(sleptAt).toISOString() });
    expect(Date.parse(h.gaps[0]!.to)).toBeGreaterThanOrEqual(sleptAt);
    await waitFor(() => hub.connections().length === 1, 'the old socket closed');
    expect(hub.connections()[0]!.token).not.toBe(firstToken);
    hub.emit('incident', { id: 'after-wake', event_category: 'tamper' });
    await waitFor(() => h.events.some((e) => e.id === 'after-wake'), 'an event on the new connection');
  });

  it('keeps retrying a first start against a closed port, and stops cleanly', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const h = start({ ...hub, url: `http://127.0.0.1:${port}` }, [{ stream: 'incident', site: null }], freshTokens());
    await waitFor(() => phase(h) === 'offline', 'offline');
    expect(h.supervisor.states()[0]!.lastError).toMatch(/ECONNREFUSED/);
    await h.stop();
    expect(phase(h)).toBe('stopped');
    expect(h.supervisor.aggregate()).toBe('stopped');
  });

  it('reconfigures to new subscriptions', async () => {
    const h = start(hub, [{ stream: 'incident', site: null }], freshTokens());
    await h.waitConnected();
    await h.supervisor.reconfigure({ baseUrl: hub.url, subscriptions: [{ stream: 'entry', site: site(1) }], tokenProvider: freshTokens() });
    await waitFor(() => h.connected() && hub.connections().length === 1 && hub.connections()[0]!.stream === 'entry', 'the new subscription');
    expect(h.supervisor.states().map((s) => s.id)).toEqual([`entry:${site(1)}`]);
  });

  it('probes a hub for "Test connection" with plain-language failures', async () => {
    const good = await probeHub({ baseUrl: hub.url, stream: 'incident', site: null, tokenProvider: freshTokens(), timeoutMs: 2_000 });
    expect(good).toEqual({ ok: true, value: null });
    const bad = await probeHub({ baseUrl: hub.url, stream: 'incident', site: null, tokenProvider: staticTokenProvider(async () => 'not-a-token'), timeoutMs: 2_000 });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.error.code).toBe('refused');
      expect(bad.error.message).toMatch(/refused the token \(HTTP 401\)/);
      expect(bad.error.message).not.toContain('not-a-token');
    }
    const missing = await probeHub({ baseUrl: `${hub.url}/nope`, stream: 'incident', site: null, tokenProvider: freshTokens(), timeoutMs: 2_000 });
    expect(missing.ok || missing.error.code).toBe('http');
  });
});

describe('Supervisor: bounded hub messages', () => {
  const MiB = 1024 * 1024;

  it('takes a 1 MiB event intact, and an id too long for a key, over a real socket', async () => {
    const h = start(hub, [{ stream: 'incident', site: null }], freshTokens());
    await h.waitConnected();
    // Quotes and backslashes double in the frame: the message on the wire is about 1.7 MiB.
    const payload = JSON.stringify({ id: 'big', event_category: 'tamper', note: 'a"b\\c'.repeat(MiB / 6) });
    expect(payload.length).toBeGreaterThan(MiB);
    hub.emit('incident', payload);
    hub.emit('incident', { id: 'L'.repeat(10_000), event_category: 'tamper' });
    await waitFor(() => h.events.length === 2, 'both events');
    expect(h.events[0]!.raw).toBe(payload);
    expect(h.events[0]!.category).toBe('tamper');
    expect(h.events[1]!.key).toMatch(/^incident:id-hash:[0-9a-f]{32}$/);
    expect(h.events[1]!.id).toHaveLength(10_000);
  });

  it('reads 100,000-deep arrays and 10,000-deep objects as their real text with distinct keys, and logs what it could not read', async () => {
    const h = start(hub, [{ stream: 'incident', site: null }], freshTokens());
    await h.waitConnected();
    const deepArray = '['.repeat(100_000) + ']'.repeat(100_000);
    const deepObject = (inner: string): string => '{"a":'.repeat(10_000) + inner + '}'.repeat(10_000);
    hub.emitArgumentJson('incident', deepArray);
    hub.emitArgumentJson('incident', deepObject('1'));
    hub.emitArgumentJson('incident', deepObject('2'));
    hub.emit('incident', { id: 'after', event_category: 'tamper' });
    await waitFor(() => h.events.some((e) => e.id === 'after'), 'the event after the deep ones');
    expect(h.events.map((e) => e.raw)).toEqual([deepArray, deepObject('1'), deepObject('2'), JSON.stringify({ id: 'after', event_category: 'tamper' })]);
    expect(new Set(h.events.map((e) => e.key)).size).toBe(4);
    expect(h.logs.some((r) => r.level === 'warn' && /A message had no field this app knows; it is kept in history as raw text/.test(r.message))).toBe(true);
    expect(h.supervisor.states()[0]!.status.phase).toBe('connected');
  });

  it('drops a message over the size limit, reconnects once, and waits for Reconnect when the hub sends it again', async () => {
    const h = start(hub, [{ stream: 'incident', site: null }], freshTokens());
    await h.waitConnected();
    const oversize = JSON.stringify('z'.repeat(MAX_HUB_MESSAGE_BYTES));
    hub.emitArgumentJson('incident', oversize);
    await waitFor(() => h.gaps.length === 1 && h.connected(), 'a reconnect after the first oversize message');
    expect(h.logs.some((r) => /Dropped a hub message larger than 16 MiB \(the connection closed with it\); reconnecting/.test(r.message))).toBe(true);
    hub.emitArgumentJson('incident', oversize);
    await waitFor(() => h.supervisor.states()[0]!.status.phase === 'offline', 'offline after the second oversize message');
    const state = h.supervisor.states()[0]!;
    expect(state.status).toMatchObject({ phase: 'offline', nextRetryAt: null });
    expect(state.lastError).toMatch(/keeps sending a message larger than 16 MiB right after connecting, so this connection waits instead of looping\. Reconnect/);
    const attempts = h.history.length;
    // Many backoff periods (FAST waits at most 200 ms): nothing reconnects on its own.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(h.history.length).toBe(attempts);
    expect(hub.connections()).toHaveLength(0);
    expect(h.events).toEqual([]);
    h.supervisor.reconnectNow();
    await h.waitConnected();
    hub.emit('incident', { id: 'back', event_category: 'tamper' });
    await waitFor(() => h.events.some((e) => e.id === 'back'), 'an event after Reconnect');
  });
});

describe('Supervisor against a hand-written server', () => {
  it('takes an event in the same packet as the handshake answer, and records the gap before it', async () => {
    // Like ASP.NET Core under load: the handshake answer and the first invocation share one frame.
    let connection = 0;
    const server = await handWrittenServer((ws) => {
      connection += 1;
      const id = connection === 1 ? 'first' : 'second';
      ws.once('message', () => {
        ws.send(`{}\x1e{"type":1,"target":"receivemessage","arguments":[{"Id":"${id}","EventCategory":"Tamper"}]}\x1e{"type":6}\x1e`);
        if (connection === 1) setTimeout(() => ws.terminate(), 50);
      });
    });
    const order: string[] = [];
    try {
      const h = start({ ...hub, url: server.url }, [{ stream: 'incident', site: null }], staticTokenProvider(async () => 'opaque'));
      h.supervisor.onDidReceive((e) => order.push(`event:${e.id}:${e.category}`));
      h.supervisor.onDidRecordGap(() => order.push('gap'));
      await waitFor(() => order.length === 3, 'two events and a gap');
      expect(order).toEqual(['event:first:tamper', 'gap', 'event:second:tamper']);
      expect(phase(h)).toBe('connected');
    } finally {
      await server.close();
    }
  });
});

describe('Supervisor against a server that accepts and hangs up at once', () => {
  it('waits longer after each short-lived connection, and less again after reconnectNow', async () => {
    const server = await handWrittenServer((ws) => ws.once('message', () => ws.send('{}\x1e', () => setTimeout(() => ws.close(1000), 30))));
    try {
      const h = start({ ...hub, url: server.url }, [{ stream: 'incident', site: null }], staticTokenProvider(async () => 'opaque'), FAST, () => 1);
      const waits = (): number[] =>
        h.history
          .map((states) => states[0]!)
          .filter((s) => s.status.phase === 'reconnecting' && s.status.nextRetryAt !== null && s.status.attempt === 1)
          .map((s) => (s.status.phase === 'reconnecting' ? Date.parse(s.status.nextRetryAt!) - Date.parse(s.offlineSince!) : 0));
      await waitFor(() => waits().length >= 5, 'five short-lived connections');
      // nextRetryAt is read a millisecond or so after offlineSince; the doubling is what matters.
      expect(waits().slice(0, 5).map((w) => Math.round(w / 10) * 10)).toEqual([20, 40, 80, 160, 200]);
      h.supervisor.reconnectNow();
      const before = waits().length;
      await waitFor(() => waits().length > before, 'the next short-lived connection');
      expect(waits()[before]).toBeLessThan(30);
    } finally {
      await server.close();
    }
  });
});

describe('aggregatePhase', () => {
  const s = (status: SubscriptionState['status']): SubscriptionState => ({ id: 'x', stream: 'incident', site: null, status, lastError: null, lastEventAt: null, offlineSince: null });
  it('shows the worst phase', () => {
    const connected = s({ phase: 'connected', since: '2026-01-01T00:00:00Z' });
    expect(aggregatePhase([])).toBe('stopped');
    expect(aggregatePhase([connected, s({ phase: 'stopped' })])).toBe('connected');
    expect(aggregatePhase([connected, s({ phase: 'reconnecting', attempt: 1, nextRetryAt: null })])).toBe('connecting');
    expect(aggregatePhase([s({ phase: 'connecting', attempt: 1 }), s({ phase: 'offline', attempt: 4, nextRetryAt: null })])).toBe('offline');
    expect(aggregatePhase([s({ phase: 'offline', attempt: 4, nextRetryAt: null }), s({ phase: 'auth-failed', attempt: 2, nextRetryAt: null })])).toBe('auth-failed');
  });
});
