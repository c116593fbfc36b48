/**
 * The audit's trap, over real sockets: the app is connected to the simulator with a client secret,
 * then one settings update points the base URL and/or identity URL at another loopback server. That
 * server must receive neither the secret nor a bearer token until the user enters the secret again
 * or confirms (the shell's native dialog, here the core call it makes).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Settings } from '../../../app/common/settings';
import { AppCore } from '../../../app/core/services/app-core';
import { MemorySettings } from '../../../app/core/services/settings-access';
import { DEFAULT_SETTINGS } from '../../../app/core/settings/settings';
import { startDevHub, type DevHub } from '../../../app/dev-hub/dev-hub';
import { MemorySecretStore } from '../../support/memory-secret-store';
import { RecordingNotifier } from '../../support/recording-notifier';
import { refuseDns } from '../../setup/refuse-dns';
import { until } from '../../support/until';

const cleanups: (() => Promise<void> | void)[] = [];
/** Every name lookup in this file is refused and recorded: whatever the code does, no real host is contacted. */
const lookups: string[] = [];
let restoreDns: () => void = () => undefined;
beforeEach(() => {
  lookups.length = 0;
  restoreDns = refuseDns((hostname) => lookups.push(hostname));
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  restoreDns();
  expect(lookups).toEqual([]);
});

interface Recorded {
  readonly method: string;
  readonly url: string;
  readonly authorization: string | null;
  readonly body: string;
}

/** Another server on loopback that records every request and upgrade it gets, and answers none usefully. */
async function strangerServer(): Promise<{ readonly url: string; readonly seen: Recorded[] }> {
  const seen: Recorded[] = [];
  const record = (req: IncomingMessage, body: string): void => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization ?? null, body });
  };
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      record(req, body);
      res.writeHead(500).end();
    });
  });
  server.on('upgrade', (req: IncomingMessage, socket) => {
    record(req, '');
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

async function connectedCore(): Promise<{ hub: DevHub; core: AppCore; secrets: MemorySecretStore }> {
  const hub = await startDevHub({ port: 0, ratePerSecond: 0 });
  cleanups.push(() => hub.stop());
  const dir = mkdtempSync(path.join(tmpdir(), 'clay-binding-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  // Neither the default identity server nor any other named host: no identity URL is set, so the
  // base URL's own origin (the simulator) must be used.
  const settings: Settings = {
    ...DEFAULT_SETTINGS,
    connection: { ...DEFAULT_SETTINGS.connection, baseUrl: hub.url, streams: { incident: true, entry: false } },
    auth: { ...DEFAULT_SETTINGS.auth, mode: 'client-credentials', clientId: hub.credentials.clientId, identityUrl: null },
  };
  const secrets = new MemorySecretStore({}, 'keychain');
  const core = await AppCore.create({ settings: new MemorySettings(settings), secrets, historyDirectory: dir, notifier: new RecordingNotifier(), timing: { baseDelayMs: 50, maxDelayMs: 200 } });
  cleanups.push(() => core.stop());
  await core.start();
  expect(await core.secrets.set({ kind: 'client-secret', value: hub.credentials.clientSecret })).toMatchObject({ ok: true });
  await until('connected', () => core.status.get().aggregate === 'connected');
  return { hub, core, secrets };
}

describe('a stored secret is bound to the servers it was entered for', () => {
  it('connects with a custom base URL and no identity URL without looking up any host name (no my-clay.com)', async () => {
    const { core } = await connectedCore();
    expect(core.status.get().subscriptions[0]?.status.phase).toBe('connected');
    expect(lookups).toEqual([]);
  });

  it.each([
    ['the base URL', (stranger: string) => ({ connection: { baseUrl: stranger } })],
    ['the identity URL', (stranger: string) => ({ auth: { identityUrl: stranger } })],
    ['the base URL, keeping the real identity server', (stranger: string, hub: DevHub) => ({ connection: { baseUrl: stranger }, auth: { identityUrl: hub.url } })],
  ])('one settings update pointing %s at another server sends it neither the secret nor a token', async (_, patchFor) => {
    const stranger = await strangerServer();
    const { hub, core } = await connectedCore();
    const secret = hub.credentials.clientSecret;
    expect(await core.settings.update(patchFor(stranger.url, hub))).toMatchObject({ ok: true });
    const problem = await until('the app to hold the secret back', () => core.status.get().setupProblem);
    expect(problem).toMatch(new RegExp(`^Your client secret was saved for ${hub.url}\\. Enter it again to use it with .*${stranger.url.replace(/[.]/g, '\\.')}`));
    expect(core.status.get().secret.serverChange).toEqual({ savedFor: hub.url, nowFor: expect.stringContaining(stranger.url) });
    expect(JSON.stringify(core.status.get())).not.toContain(secret);
    const test = await core.connection.test();
    expect(test.ok && test.value.steps.at(-1)).toMatchObject({ step: 'secret', ok: false, message: expect.stringContaining('was saved for') });
    // Well past several retry periods: nothing was sent.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(stranger.seen).toEqual([]);
  });

  it('sends the secret to the new server once the user confirms, and only then', async () => {
    const stranger = await strangerServer();
    const { hub, core } = await connectedCore();
    await core.settings.update({ connection: { baseUrl: stranger.url } });
    expect(await until('the server change', () => core.secrets.serverChange().then((change) => change))).toBeTruthy();
    expect(await core.secrets.serverChange()).toEqual({ savedFor: hub.url, nowFor: stranger.url });
    expect(stranger.seen).toEqual([]);
    expect(await core.secrets.allowOnCurrentServers()).toMatchObject({ ok: true, value: { location: 'keychain' } });
    await until('a token request at the new server', () => stranger.seen.some((r) => r.url === '/connect/token'));
    expect(stranger.seen.find((r) => r.url === '/connect/token')?.body).toContain(encodeURIComponent(hub.credentials.clientSecret));
    expect(core.status.get().secret.serverChange).toBeUndefined();
  });

  it('uses a secret entered again with the new servers at once', async () => {
    const { hub, core } = await connectedCore();
    const other = await startDevHub({ port: 0, ratePerSecond: 0 });
    cleanups.push(() => other.stop());
    await core.settings.update({ connection: { baseUrl: other.url }, auth: { clientId: other.credentials.clientId } });
    await until('the app to hold the secret back', () => core.status.get().setupProblem?.includes(hub.url));
    await core.secrets.set({ kind: 'client-secret', value: other.credentials.clientSecret });
    await until('connected to the other hub', () => core.status.get().aggregate === 'connected' && other.connections().length === 1);
    expect(core.status.get().setupProblem).toBeNull();
  });

  it('binds a secret stored by an earlier version to the servers in use, then guards it', async () => {
    const stranger = await strangerServer();
    const hub = await startDevHub({ port: 0, ratePerSecond: 0 });
    cleanups.push(() => hub.stop());
    const dir = mkdtempSync(path.join(tmpdir(), 'clay-binding-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const settings = new MemorySettings({
      ...DEFAULT_SETTINGS,
      connection: { ...DEFAULT_SETTINGS.connection, baseUrl: hub.url, streams: { incident: true, entry: false } },
      auth: { ...DEFAULT_SETTINGS.auth, mode: 'client-credentials', clientId: hub.credentials.clientId },
    });
    const secrets = new MemorySecretStore({ 'client-secret': hub.credentials.clientSecret }, 'keychain');
    const core = await AppCore.create({ settings, secrets, historyDirectory: dir, notifier: new RecordingNotifier() });
    cleanups.push(() => core.stop());
    await core.start();
    await until('connected', () => core.status.get().aggregate === 'connected');
    expect(await secrets.get('client-secret-sent-to')).toBe(JSON.stringify([hub.url]));
    await core.settings.update({ auth: { identityUrl: stranger.url } });
    await until('the app to hold the secret back', () => core.status.get().setupProblem?.startsWith('Your client secret was saved for'));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(stranger.seen).toEqual([]);
  });
});
