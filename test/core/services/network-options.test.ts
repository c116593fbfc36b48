/**
 * The app's core on a company network, on loopback: settings choose the proxy (the operating
 * system's, as the host resolves it, or a manual one with Basic authentication whose password is
 * a stored secret), an extra CA certificate, and where the token goes; "Test connection" says
 * whether the other placement would work.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { NetworkSettings, Settings } from '../../../app/common/settings';
import { AppCore } from '../../../app/core/services/app-core';
import { PROXY_PASSWORD } from '../../../app/core/services/network-options';
import { MemorySettings } from '../../../app/core/services/settings-access';
import { DEFAULT_SETTINGS } from '../../../app/core/settings/settings';
import { startDevHub, type DevHub, type TokenAcceptance } from '../../../app/dev-hub/dev-hub';
import { createDevCertificates, type DevCertificates } from '../../../app/dev-hub/dev-hub-certificate';
import { MemorySecretStore } from '../../support/memory-secret-store';
import { RecordingNotifier } from '../../support/recording-notifier';
import { startProxy, type LoopbackProxy } from '../../network/loopback-proxy';
import { waitFor } from '../streaming/stream-fixture';

const PROXY_USER = 'CORP\\desk';
const PROXY_PASSWORD_VALUE = 'pw-for-the-proxy-42';
let certificates: DevCertificates;
const hubs = new Map<TokenAcceptance, DevHub>();
let guarded: LoopbackProxy;

beforeAll(async () => {
  certificates = await createDevCertificates();
  for (const tokenIn of ['either', 'query', 'header'] as const) hubs.set(tokenIn, await startDevHub({ port: 0, ratePerSecond: 0, tls: certificates, tokenIn }));
  guarded = await startProxy({ user: PROXY_USER, password: PROXY_PASSWORD_VALUE });
});
afterAll(async () => {
  for (const hub of hubs.values()) await hub.stop();
  await guarded.stop();
});

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function settingsFor(hub: DevHub, network: Partial<NetworkSettings>, auth: Partial<Settings['auth']> = {}): Settings {
  return {
    ...DEFAULT_SETTINGS,
    connection: { ...DEFAULT_SETTINGS.connection, baseUrl: hub.url, streams: { incident: true, entry: false } },
    auth: { ...DEFAULT_SETTINGS.auth, mode: 'token', identityUrl: hub.identityUrl, ...auth },
    network: { ...DEFAULT_SETTINGS.network, extraCaPem: certificates.caCert, ...network },
  };
}

async function makeCore(settings: Settings, secrets: Record<string, string>, systemProxy?: (url: string) => Promise<string | null>): Promise<AppCore> {
  const dir = mkdtempSync(path.join(tmpdir(), 'clay-core-net-'));
  const core = await AppCore.create({
    settings: new MemorySettings(settings),
    secrets: new MemorySecretStore(secrets, 'keychain'),
    historyDirectory: dir,
    notifier: new RecordingNotifier(),
    timing: { baseDelayMs: 100, maxDelayMs: 500 },
    ...(systemProxy ? { systemProxy } : {}),
  });
  cleanups.push(async () => {
    await core.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  return core;
}

const connected = (core: AppCore, what: string): Promise<void> => waitFor(() => core.status.get().aggregate === 'connected', what, 20_000);

const hub = (tokenIn: TokenAcceptance = 'either'): DevHub => hubs.get(tokenIn)!;
const hostOf = (url: string) => new URL(url).host;

describe('AppCore through a proxy with Basic authentication', () => {
  it('uses the manual proxy with the stored password for the token request and the hub, and passes the test', async () => {
    const before = guarded.tunnels.length;
    const target = hub();
    const settings = settingsFor(target, { proxyMode: 'manual', proxyUrl: guarded.url, proxyUsername: PROXY_USER }, { mode: 'client-credentials', clientId: target.credentials.clientId });
    const core = await makeCore(settings, { 'client-secret': target.credentials.clientSecret, [PROXY_PASSWORD]: PROXY_PASSWORD_VALUE });
    await core.start();
    await connected(core, 'connected through the proxy');
    const report = await core.connection.test();
    expect(report.ok && report.value.ok).toBe(true);
    expect(guarded.tunnels.slice(before).filter((t) => t === hostOf(target.url)).length).toBeGreaterThanOrEqual(4);
    const diagnostics = core.diagnostics.text();
    expect(diagnostics.ok && diagnostics.value).toContain(`Network: manual proxy ${guarded.url}, proxy sign-in set, extra CA certificates: 1; token sent in the Authorization header`);
    expect(JSON.stringify(diagnostics)).not.toContain(PROXY_PASSWORD_VALUE);
  });

  it('says the proxy wants a sign-in when no proxy password is stored, and works once the window stores one', async () => {
    const core = await makeCore(settingsFor(hub(), { proxyMode: 'manual', proxyUrl: guarded.url, proxyUsername: PROXY_USER }), { token: hub().issueToken() });
    const report = await core.connection.test();
    expect(report.ok && report.value.steps.at(-1)).toMatchObject({ step: 'connect', ok: false, message: expect.stringContaining('proxy asks for a sign-in (HTTP 407)') });
    const stored = await core.secrets.set({ kind: PROXY_PASSWORD, value: PROXY_PASSWORD_VALUE });
    expect(stored).toEqual({ ok: true, value: { location: 'keychain', tokenValidUntil: null } });
    const again = await core.connection.test();
    expect(again.ok && again.value.ok).toBe(true);
    expect(core.secrets.known).toContain(PROXY_PASSWORD_VALUE);
  });

  it("follows the operating system's proxy as the host resolves it, with the same credentials", async () => {
    const before = guarded.tunnels.length;
    const asked: string[] = [];
    const core = await makeCore(settingsFor(hub(), { proxyMode: 'system', proxyUsername: PROXY_USER }), { token: hub().issueToken(), [PROXY_PASSWORD]: PROXY_PASSWORD_VALUE }, (url) => {
      asked.push(url);
      return Promise.resolve(guarded.url);
    });
    const report = await core.connection.test();
    expect(report.ok && report.value.ok).toBe(true);
    // The hub is asked for as the client opens it (wss:); the shell hands Chromium its https twin.
    expect(asked.some((url) => url.startsWith(`${hub().url.replace(/^https/, 'wss')}/hub/incident`))).toBe(true);
    expect(guarded.tunnels.length).toBeGreaterThan(before);
  });

  it('goes direct for a host in the manual proxy\'s "no proxy for" list, and with proxy mode direct', async () => {
    const before = guarded.tunnels.length;
    for (const network of [{ proxyMode: 'manual', proxyUrl: guarded.url, noProxy: '127.0.0.1' }, { proxyMode: 'direct', proxyUrl: guarded.url }] as const) {
      const core = await makeCore(settingsFor(hub(), network), { token: hub().issueToken() }, () => Promise.resolve(guarded.url));
      const report = await core.connection.test();
      expect(report.ok && report.value.ok).toBe(true);
    }
    expect(guarded.tunnels.length).toBe(before);
  });
});

describe('AppCore and certificates', () => {
  it('explains an untrusted hub certificate, pointing at the setting', async () => {
    const core = await makeCore(settingsFor(hub(), { proxyMode: 'direct', extraCaPem: null }), { token: hub().issueToken() });
    const report = await core.connection.test();
    const last = report.ok ? report.value.steps.at(-1) : null;
    expect(last).toMatchObject({ step: 'connect', ok: false });
    expect(last!.message).toContain('is not trusted: issued by Clay Tray dev-hub CA');
    expect(last!.message).toContain('Settings › Network › Extra CA certificate');
  });
});

describe('"Test connection" and where the token goes', () => {
  it('tells a header user that the query works on a query-only hub', async () => {
    const core = await makeCore(settingsFor(hub('query'), { proxyMode: 'direct', tokenIn: 'header' }), { token: hub('query').issueToken() });
    const report = await core.connection.test();
    const last = report.ok ? report.value.steps.at(-1) : null;
    expect(last).toMatchObject({ step: 'connect', ok: false });
    expect(last!.message).toContain('refused the token (HTTP 401)');
    expect(last!.message).toContain('Sent in the address (access_token) instead, the same token was accepted');
  });

  it('connects with the token in the query when chosen, and tells a query user that the header works on a header-only hub', async () => {
    const query = await makeCore(settingsFor(hub('query'), { proxyMode: 'direct', tokenIn: 'query' }), { token: hub('query').issueToken() });
    await query.start();
    await connected(query, 'connected with the token in the query');
    const core = await makeCore(settingsFor(hub('header'), { proxyMode: 'direct', tokenIn: 'query' }), { token: hub('header').issueToken() });
    const report = await core.connection.test();
    expect(report.ok && report.value.steps.at(-1)!.message).toContain('Sent in the Authorization header instead, the same token was accepted');
  });

  it('says the token itself is the problem when both ways are refused', async () => {
    const core = await makeCore(settingsFor(hub(), { proxyMode: 'direct' }), { token: 'not-a-token-at-all' });
    const report = await core.connection.test();
    expect(report.ok && report.value.steps.at(-1)!.message).toContain('refused as well, so the token itself is the problem');
  });
});
