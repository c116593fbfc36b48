import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventChannel, IpcEventMap } from '../../../app/common/ipc-contract';
import type { HistoryItem, StatusSnapshot } from '../../../app/common/models';
import type { Settings } from '../../../app/common/settings';
import { STORM_TAG } from '../../../app/core/alerts/alerts';
import { AppCore } from '../../../app/core/services/app-core';
import type { CoreEvent } from '../../../app/core/services/pushes';
import { MemorySettings } from '../../../app/core/services/settings-access';
import { HistoryStore } from '../../../app/core/history';
import { DEFAULT_SETTINGS } from '../../../app/core/settings/settings';
import { startDevHub, type DevHub } from '../../../app/dev-hub/dev-hub';
import { MemorySecretStore } from '../../fakes/memory-secret-store';
import { RecordingNotifier } from '../../fakes/recording-notifier';
import { until } from '../../support/until';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'clay-core-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function hub(): Promise<DevHub> {
  const h = await startDevHub({ port: 0, ratePerSecond: 0 });
  cleanups.push(() => h.stop());
  return h;
}

function settingsFor(h: DevHub, patch: { auth?: Partial<Settings['auth']>; connection?: Partial<Settings['connection']> } = {}): Settings {
  return {
    ...DEFAULT_SETTINGS,
    connection: { ...DEFAULT_SETTINGS.connection, baseUrl: h.url, streams: { incident: true, entry: false }, sites: [{ id: h.sites[0]!.id, name: 'Harbour' }], ...patch.connection },
    auth: { ...DEFAULT_SETTINGS.auth, mode: 'token', identityUrl: h.identityUrl, ...patch.auth },
  };
}

interface Harness {
  core: AppCore;
  events: CoreEvent[];
  notifier: RecordingNotifier;
  secrets: MemorySecretStore;
  settings: MemorySettings;
  dir: string;
}

async function makeCore(settings: Settings, secrets: Record<string, string>, dir = tempDir()): Promise<Harness> {
  const notifier = new RecordingNotifier();
  const secretStore = new MemorySecretStore(secrets, 'keychain');
  const source = new MemorySettings(settings);
  const core = await AppCore.create({
    settings: source,
    secrets: secretStore,
    historyDirectory: dir,
    notifier,
    versions: { 'Clay Tray': '0.1.0-test', Node: process.versions.node },
    timing: { baseDelayMs: 100, maxDelayMs: 500 },
  });
  cleanups.push(() => core.stop());
  const events: CoreEvent[] = [];
  core.onDidEmit((e) => events.push(e));
  return { core, events, notifier, secrets: secretStore, settings: source, dir };
}

function pushes<C extends EventChannel>(events: readonly CoreEvent[], channel: C): IpcEventMap[C][] {
  return events.filter((e) => e.channel === channel).map((e) => e.payload as IpcEventMap[C]);
}

function lastStatus(events: readonly CoreEvent[]): StatusSnapshot | undefined {
  return pushes(events, 'clay:status:did-change').at(-1);
}

describe('AppCore with the dev hub (static token)', () => {
  it('connects, stores, notifies and pushes an incident', async () => {
    const h = await hub();
    const { core, events, notifier } = await makeCore(settingsFor(h), { token: h.issueToken() });
    await core.start();
    await until('connected status push', () => lastStatus(events)?.aggregate === 'connected');
    expect(core.status().subscriptions.map((s) => s.id)).toEqual([`incident:${h.sites[0]!.id}`]);

    const payload = h.emitGenerated('incident', h.sites[0]!.id);
    const added = await until('did-add', () => pushes(events, 'clay:history:did-add').flat()[0]);
    expect(added).toMatchObject({ kind: 'event', read: false, event: { id: payload.id, stream: 'incident', site: h.sites[0]!.id } });

    const page = core.queryHistory({ offset: 0, limit: 10 });
    expect(page.ok && page.value.items).toHaveLength(1);
    expect(notifier.shown).toHaveLength(1);
    expect(notifier.shown[0]!.body + notifier.shown[0]!.title).toContain('Harbour');
    await until('unread in status', () => lastStatus(events)?.unread === 1);
    expect(core.status().lastEvent?.id).toBe(payload.id);
    expect(core.status().secret).toEqual({ location: 'keychain', tokenValidUntil: expect.any(String) });
  });

  it('coalesces a burst into few pushes and keeps every event', async () => {
    const h = await hub();
    const { core, events } = await makeCore(settingsFor(h), { token: h.issueToken() });
    await core.start();
    await until('connected', () => core.status().aggregate === 'connected');
    for (let i = 0; i < 40; i += 1) h.emitGenerated('incident', h.sites[0]!.id);
    await until('40 events added', () => pushes(events, 'clay:history:did-add').flat().length === 40);
    const addPushes = pushes(events, 'clay:history:did-add');
    expect(addPushes.length).toBeLessThan(40);
    const statusPushes = pushes(events, 'clay:status:did-change').length;
    expect(statusPushes).toBeLessThan(40);
  });

  it('marks read and clears, announcing each change', async () => {
    const h = await hub();
    const { core, events } = await makeCore(settingsFor(h), { token: h.issueToken() });
    await core.start();
    await until('connected', () => core.status().aggregate === 'connected');
    h.emitGenerated('incident', h.sites[0]!.id);
    h.emitGenerated('incident', h.sites[0]!.id);
    const items = await until('2 added', () => {
      const all = pushes(events, 'clay:history:did-add').flat();
      return all.length === 2 ? all : null;
    });
    const firstKey = (items[0] as Extract<HistoryItem, { kind: 'event' }>).event.key;
    expect(core.markRead([firstKey, 'incident:unknown'])).toEqual({ ok: true, value: 1 });
    expect(core.status().unread).toBe(1);
    expect(core.markAllRead()).toEqual({ ok: true, value: 1 });
    expect(core.status().unread).toBe(0);
    expect(pushes(events, 'clay:history:did-change')).toHaveLength(2);
    expect(await core.clearHistory()).toEqual({ ok: true, value: 2 });
    expect(core.status().lastEvent).toBeNull();
    expect(core.queryHistory({ offset: 0, limit: 10 })).toMatchObject({ ok: true, value: { total: 0 } });
  });

  it('stops cleanly: connections closed, history on disk', async () => {
    const h = await hub();
    const dir = tempDir();
    const { core } = await makeCore(settingsFor(h), { token: h.issueToken() }, dir);
    await core.start();
    await until('connected', () => core.status().aggregate === 'connected');
    const payload = h.emitGenerated('incident', h.sites[0]!.id);
    await until('stored', () => core.status().unread === 1);
    await core.stop();
    await until('hub sees no connection', () => h.connections().length === 0);
    const reopened = await HistoryStore.open({ directory: dir });
    try {
      expect(reopened.query({ offset: 0, limit: 5 }).items).toMatchObject([{ kind: 'event', event: { id: payload.id } }]);
    } finally {
      await reopened.close();
    }
  });

  it('reconfigures when the streams change', async () => {
    const h = await hub();
    const { core } = await makeCore(settingsFor(h), { token: h.issueToken() });
    await core.start();
    await until('connected', () => core.status().aggregate === 'connected');
    const updated = await core.updateSettings({ connection: { streams: { incident: true, entry: true } } });
    expect(updated.ok).toBe(true);
    await until('two subscriptions connected', () => core.status().subscriptions.length === 2 && core.status().aggregate === 'connected');
    await until('hub sees both streams', () => new Set(h.connections().map((c) => c.stream)).size === 2);
  });

  it('refuses a bad settings change and keeps the old settings', async () => {
    const h = await hub();
    const { core, events } = await makeCore(settingsFor(h), { token: h.issueToken() });
    const before = core.getSettings();
    const answer = await core.updateSettings({ connection: { environment: 'staging' } });
    expect(answer.ok).toBe(false);
    expect(core.getSettings()).toEqual(before);
    expect(pushes(events, 'clay:settings:did-change')).toHaveLength(0);
  });
});

describe('AppCore without a usable configuration', () => {
  it('does not connect with default settings and says why', async () => {
    const { core } = await makeCore(DEFAULT_SETTINGS, {});
    await core.start();
    expect(core.status().aggregate).toBe('stopped');
    expect(core.status().subscriptions).toEqual([]);
    expect(core.notConnectingBecause).toMatch(/client id/i);
    expect(core.reconnectNow()).toMatchObject({ ok: false, error: { code: 'not-configured' } });
    const report = await core.testConnection();
    expect(report).toMatchObject({ ok: true, value: { ok: false, steps: [{ step: 'settings', ok: false }] } });
  });

  it('waits for a secret, then connects once one is stored', async () => {
    const h = await hub();
    const { core } = await makeCore(settingsFor(h), {});
    await core.start();
    expect(core.notConnectingBecause).toMatch(/No access token/);
    expect(core.status().secret).toEqual({ location: 'none', tokenValidUntil: null });
    const token = h.issueToken();
    const stored = await core.setSecret({ kind: 'token', value: `  ${token}\n` });
    expect(stored).toMatchObject({ ok: true, value: { location: 'keychain', tokenValidUntil: expect.any(String) } });
    await until('connected', () => core.status().aggregate === 'connected');
    const cleared = await core.clearSecret();
    expect(cleared).toEqual({ ok: true, value: { location: 'none', tokenValidUntil: null } });
    expect(core.status().aggregate).toBe('stopped');
  });

  it('reports a failing secret store without the secret', async () => {
    const h = await hub();
    const { core, secrets } = await makeCore(settingsFor(h), {});
    secrets.failWith(new Error('keychain locked while saving hunter2-secret'));
    const answer = await core.setSecret({ kind: 'token', value: 'hunter2-secret' });
    expect(answer).toMatchObject({ ok: false, error: { code: 'secret-store-failed' } });
    expect(JSON.stringify(answer)).not.toContain('hunter2-secret');
  });
});

describe('AppCore setup problem in the status', () => {
  it('says why it is not connecting, pushes each change of reason, and clears it once connected', async () => {
    const h = await hub();
    const settings = settingsFor(h, { auth: { mode: 'client-credentials', clientId: '', scope: 'core_api.full' } });
    const { core, events } = await makeCore(settings, {});
    // Before start() nothing has been checked: starting is not a problem for the user to fix.
    expect(core.status().setupProblem).toBeNull();
    await core.start();
    expect(core.status()).toMatchObject({ aggregate: 'stopped', subscriptions: [], setupProblem: expect.stringMatching(/No client id is set/) });
    await until('client id problem pushed', () => lastStatus(events)?.setupProblem?.includes('client id'));
    expect(h.connections()).toEqual([]);

    await core.updateSettings({ auth: { clientId: h.credentials.clientId } });
    await until('missing secret pushed', () => lastStatus(events)?.setupProblem?.includes('No client secret is stored'));
    expect(core.status().aggregate).toBe('stopped');
    expect(h.connections()).toEqual([]);

    await core.setSecret({ kind: 'client-secret', value: h.credentials.clientSecret });
    await until('connected status push', () => lastStatus(events)?.aggregate === 'connected');
    expect(lastStatus(events)?.setupProblem).toBeNull();
    expect(core.status().setupProblem).toBeNull();
    expect(h.connections()).toHaveLength(1);
    expect(JSON.stringify(events)).not.toContain(h.credentials.clientSecret);
    expect(core.diagnostics()).toMatchObject({ ok: true, value: expect.not.stringContaining('Not connecting') });
  });

  it('quotes a bad address back without a secret pasted into it', async () => {
    const h = await hub();
    const token = h.issueToken();
    const { core, events } = await makeCore(settingsFor(h, { connection: { baseUrl: `http://[${token}` } }), { token });
    await core.start();
    const problem = core.status().setupProblem;
    expect(problem).toMatch(/is not a URL/);
    expect(problem).not.toContain(token);
    await until('bad address pushed', () => lastStatus(events)?.setupProblem?.includes('is not a URL'));
    expect(JSON.stringify(events)).not.toContain(token);
    const diagnostics = core.diagnostics();
    expect(diagnostics.ok && diagnostics.value).toContain(`Not connecting: ${problem}`);
  });
});

describe('AppCore with client credentials', () => {
  it('connects with the identity server and passes the connection test', async () => {
    const h = await hub();
    const settings = settingsFor(h, { auth: { mode: 'client-credentials', clientId: h.credentials.clientId, scope: 'core_api.full' } });
    const { core } = await makeCore(settings, { 'client-secret': h.credentials.clientSecret });
    await core.start();
    await until('connected', () => core.status().aggregate === 'connected');
    expect(core.status().secret).toEqual({ location: 'keychain', tokenValidUntil: null });
    const report = await core.testConnection();
    expect(report.ok && report.value.ok).toBe(true);
    expect(report.ok && report.value.steps.map((s) => [s.step, s.ok])).toEqual([
      ['settings', true],
      ['secret', true],
      ['token', true],
      ['connect', true],
      ['rest', true],
    ]);
    expect(report.ok && report.value.steps[3]!.message).toContain('Harbour');
    expect(report.ok && report.value.steps[4]!.message).toBe(`The Core REST API at ${h.url}/v1.2 answered, with no incident stored yet. Missed events can be recovered.`);
    h.emitGenerated('incident', h.sites[0]!.id);
    const again = await core.testConnection();
    expect(again.ok && again.value.steps[4]!.message).toMatch(/the newest incident is from 20\d\d-.*Z\. Missed events can be recovered\.$/);
    h.rest.faults.status = 404;
    const broken = await core.testConnection();
    expect(broken.ok && broken.value).toMatchObject({ ok: false, steps: expect.arrayContaining([expect.objectContaining({ step: 'rest', ok: false, message: expect.stringMatching(/^Missed events cannot be recovered: the Core REST address has no incidents collection/) })]) });
  });

  it('explains a wrong secret at the token step, without the secret', async () => {
    const h = await hub();
    const settings = settingsFor(h, { auth: { mode: 'client-credentials', clientId: h.credentials.clientId } });
    const { core } = await makeCore(settings, { 'client-secret': 'definitely-wrong-secret' });
    const report = await core.testConnection();
    expect(report.ok).toBe(true);
    if (!report.ok) return;
    expect(report.value.ok).toBe(false);
    expect(report.value.steps.map((s) => s.step)).toEqual(['settings', 'secret', 'token']);
    expect(report.value.steps[2]!.ok).toBe(false);
    expect(JSON.stringify(report)).not.toContain('definitely-wrong-secret');
  });

  it('explains a hub that refuses the token at the connect step', async () => {
    const h = await hub();
    h.faults.refuseTokens(true);
    const { core } = await makeCore(settingsFor(h), { token: h.issueToken() });
    const report = await core.testConnection();
    expect(report).toMatchObject({ ok: true, value: { ok: false } });
    expect(report.ok && report.value.steps.at(-1)).toMatchObject({ step: 'connect', ok: false, message: expect.stringMatching(/refused/) });
  });
});

describe('AppCore export, pause and diagnostics', () => {
  it('exports CSV safe for spreadsheets and JSON', async () => {
    const h = await hub();
    const { core } = await makeCore(settingsFor(h), { token: h.issueToken() });
    await core.start();
    await until('connected', () => core.status().aggregate === 'connected');
    h.emit('incident', { id: 'evil-1', event_category: 'tamper', lock_customer_reference: '=HYPERLINK("http://x","y")', collection_id: h.sites[0]!.id }, h.sites[0]!.id);
    h.emit('incident', { id: 'plain-2', event_category: 'intrusion', lock_customer_reference: 'Door, "north"\nwing' }, h.sites[0]!.id);
    await until('2 stored', () => core.queryHistory({ offset: 0, limit: 5 }).ok && core.status().unread === 2);

    const dir = tempDir();
    const names: string[] = [];
    const saveAs = (file: string) => async (suggested: string): Promise<string> => {
      names.push(suggested);
      return path.join(dir, file);
    };
    const csv = await core.exportHistory({ format: 'csv', filter: {} }, saveAs('out.csv'));
    expect(csv).toEqual({ ok: true, value: { saved: true, path: path.join(dir, 'out.csv'), count: 2 } });
    expect(names[0]).toMatch(/^clay-tray-history-\d{4}-\d{2}-\d{2}\.csv$/);
    const csvText = readFileSync(path.join(dir, 'out.csv'), 'utf8');
    expect(csvText).toContain(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvText).toContain('"Door, ""north""\nwing"');
    expect(csvText.split('\r\n')[0]).toMatch(/^key,stream,site,/);

    const json = await core.exportHistory({ format: 'json', filter: { categories: ['tamper'] } }, saveAs('out.json'));
    expect(json).toMatchObject({ ok: true, value: { saved: true, count: 1 } });
    const parsed = JSON.parse(readFileSync(path.join(dir, 'out.json'), 'utf8')) as { id: string; raw: string }[];
    expect(parsed.map((e) => e.id)).toEqual(['evil-1']);
    expect(JSON.parse(parsed[0]!.raw)).toMatchObject({ id: 'evil-1' });
    expect(readdirSync(dir).sort()).toEqual(['out.csv', 'out.json']);
  });

  it('asks where to save before reading anything, runs one export at a time, and pushes progress', async () => {
    const dir = tempDir();
    const seed = await HistoryStore.open({ directory: dir });
    const padding = 'p'.repeat(2000);
    for (let n = 0; n < 3000; n += 1) {
      seed.append({ key: `entry:${n}`, stream: 'entry', site: null, siteName: null, id: String(n), category: 'lock_opened', detail: null, time: null, localTime: null, lock: { id: null, name: null }, accessor: null, accessBy: null, receivedAt: new Date(Date.now() - 3_600_000 + n * 1000).toISOString(), raw: `${n}${padding}` });
    }
    await seed.close();
    const { core, events } = await makeCore(DEFAULT_SETTINGS, {}, dir);
    let choose: (file: string | null) => void = () => undefined;
    const chosen = new Promise<string | null>((resolve) => {
      choose = resolve;
    });
    const first = core.exportHistory({ format: 'json', filter: {} }, () => chosen);
    const whileChoosing = await core.exportHistory({ format: 'csv', filter: {} }, async () => path.join(dir, 'never.csv'));
    expect(whileChoosing).toEqual({ ok: false, error: { code: 'export-busy', message: 'An export is already running (waiting for you to choose a file). Wait for it to finish, then try again.' } });
    expect(pushes(events, 'clay:history:export-progress')).toEqual([]);
    // Asked from inside the first progress push: the export is then certainly running.
    let whileWriting: ReturnType<AppCore['exportHistory']> | null = null;
    core.onDidEmit((event) => {
      if (event.channel === 'clay:history:export-progress') whileWriting ??= core.exportHistory({ format: 'csv', filter: {} }, async () => path.join(dir, 'never.csv'));
    });
    choose(path.join(dir, 'all.json'));
    expect(await first).toMatchObject({ ok: true, value: { saved: true, count: 3000 } });
    expect(await whileWriting).toEqual({ ok: false, error: { code: 'export-busy', message: 'An export is already running (0 of 3,000 events written). Wait for it to finish, then try again.' } });
    const progress = pushes(events, 'clay:history:export-progress');
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(progress.at(-1)).toEqual({ format: 'json', written: 3000, total: 3000 });
    expect(progress.every((p, i) => i === 0 || p.written >= progress[i - 1]!.written)).toBe(true);
    const items = JSON.parse(readFileSync(path.join(dir, 'all.json'), 'utf8')) as { key: string }[];
    expect(items).toHaveLength(3000);
    expect(items[0]!.key).toBe('entry:2999');
    expect(existsSync(path.join(dir, 'never.csv'))).toBe(false);
    // Done: the next export runs.
    expect(await core.exportHistory({ format: 'csv', filter: {} }, async () => null)).toEqual({ ok: true, value: { saved: false } });
  });

  it('leaves no half-written file behind when an export cannot be written', async () => {
    const dir = tempDir();
    const { core } = await makeCore(DEFAULT_SETTINGS, {}, dir);
    const answer = await core.exportHistory({ format: 'json', filter: {} }, async () => path.join(dir, 'missing-folder', 'out.json'));
    expect(answer).toMatchObject({ ok: false, error: { code: 'export-failed', message: expect.stringMatching(/^The export could not be saved: /) } });
    expect(readdirSync(dir).filter((name) => name.includes('.part'))).toEqual([]);
  });

  it('pauses and resumes notifications, visible in the status', async () => {
    const { core, events } = await makeCore(DEFAULT_SETTINGS, {});
    const before = Date.now();
    const paused = core.pause({ for: 'one-hour' });
    expect(paused.ok).toBe(true);
    const until1 = Date.parse(core.status().paused?.until ?? '');
    expect(until1 - before).toBeGreaterThanOrEqual(3_600_000 - 5_000);
    expect(until1 - before).toBeLessThanOrEqual(3_600_000 + 5_000);
    expect(core.pause({ for: 'until-resumed' })).toEqual({ ok: true, value: { until: null } });
    const morning = core.pause({ for: 'until-morning' });
    expect(morning.ok && Date.parse(morning.value.until ?? '') > before).toBe(true);
    expect(core.resume()).toEqual({ ok: true, value: null });
    expect(core.status().paused).toBeNull();
    await until('status pushed', () => lastStatus(events)?.paused === null);
  });

  it('counts an always-notify incident, in any spelling of its family, as urgent until it is acknowledged (what holds back an update restart)', async () => {
    const h = await hub();
    const { core, events } = await makeCore(settingsFor(h), { token: h.issueToken() });
    await core.start();
    await until('connected', () => core.status().aggregate === 'connected');
    h.emit('incident', { id: 'dlo-1', event_category: 'door_left_open' }, h.sites[0]!.id);
    await until('first added', () => pushes(events, 'clay:history:did-add').flat().length === 1);
    expect(core.hasUnacknowledgedUrgentIncident()).toBe(false);
    h.emit('incident', { id: 'intr-1', event_category: 'IntrusionAlarm' }, h.sites[0]!.id);
    await until('second added', () => pushes(events, 'clay:history:did-add').flat().length === 2);
    expect(core.hasUnacknowledgedUrgentIncident()).toBe(true);
    expect(core.status().unacknowledgedUrgent).toBe(1);
    // Read is not acknowledged.
    core.markAllRead();
    expect(core.hasUnacknowledgedUrgentIncident()).toBe(true);
    const key = pushes(events, 'clay:history:did-add').flat().find((item) => item.kind === 'event' && item.event.id === 'intr-1');
    if (key?.kind !== 'event') throw new Error('intrusion not pushed');
    expect(await core.acknowledge({ keys: [key.event.key], note: null })).toEqual({ ok: true, value: 1 });
    expect(core.hasUnacknowledgedUrgentIncident()).toBe(false);
  });

  it('copies diagnostics with versions and states but no secret', async () => {
    const h = await hub();
    const settings = settingsFor(h, { auth: { mode: 'client-credentials', clientId: h.credentials.clientId } });
    const { core } = await makeCore(settings, { 'client-secret': h.credentials.clientSecret });
    await core.start();
    await until('connected', () => core.status().aggregate === 'connected');
    const text = core.diagnostics();
    if (!text.ok) throw new Error(text.error.message);
    expect(text.value).toContain('0.1.0-test');
    expect(text.value).toContain(`incident:${h.sites[0]!.id}: connected`);
    expect(text.value).toContain('Secret kept in: keychain');
    expect(text.value).not.toContain(h.credentials.clientSecret);
    expect(text.value).not.toMatch(/eyJ[A-Za-z0-9_-]{4,}\./);
    expect(text.value).toContain('Crash reports\n  none');
  });

  it('includes the last raw payloads, with a leaked secret redacted and the id kept', async () => {
    const h = await hub();
    const settings = settingsFor(h, { auth: { mode: 'client-credentials', clientId: h.credentials.clientId } });
    const { core } = await makeCore(settings, { 'client-secret': h.credentials.clientSecret });
    await core.start();
    await until('connected', () => core.status().aggregate === 'connected');
    h.emit('incident', { id: 'sample-1', event_category: 'tamper', note: h.credentials.clientSecret, api_key: 'k-42' }, h.sites[0]!.id);
    await until('the event', () => core.status().lastEvent?.id === 'sample-1');
    const text = core.diagnostics();
    if (!text.ok) throw new Error(text.error.message);
    expect(text.value).toContain('Last raw payloads (secrets redacted, ids kept), oldest first');
    expect(text.value).toContain('"id":"sample-1"');
    expect(text.value).toContain('"api_key":"[redacted]"');
    expect(text.value).not.toContain(h.credentials.clientSecret);
  });
});

describe('AppCore acknowledgements', () => {
  async function seeded(): Promise<Harness> {
    const dir = tempDir();
    const store = await HistoryStore.open({ directory: dir });
    const incident = (id: string, category: string, minute: number) => ({
      key: `incident:${id}`, stream: 'incident' as const, site: 's1', siteName: null, id, category, detail: null,
      time: new Date(Date.UTC(2026, 10, 28, 8, minute)).toISOString(), localTime: null, lock: { id: 'l1', name: 'Door 3' },
      accessor: null, accessBy: null, receivedAt: new Date(Date.UTC(2026, 10, 28, 8, minute)).toISOString(), raw: JSON.stringify({ id }),
    });
    store.append(incident('a', 'intrusion', 1));
    store.append(incident('b', 'tamper', 2));
    store.append(incident('c', 'door_left_open', 3));
    await store.close();
    const h = await makeCore(DEFAULT_SETTINGS, {}, dir);
    return h;
  }

  it('records who, when and the note, counts what urgent is left, and says so in a push', async () => {
    const { core, events } = await seeded();
    // intrusion and tamper are the always-notify (urgent) categories by default; door_left_open is not.
    expect(core.status().unacknowledgedUrgent).toBe(2);
    const before = Date.now();
    expect(await core.acknowledge({ keys: ['incident:a'], note: '  Guard on the way  ' })).toEqual({ ok: true, value: 1 });
    const item = core.getHistoryItem('incident:a');
    if (!item.ok || item.value?.kind !== 'event' || item.value.ack === null) throw new Error('not acknowledged');
    expect(item.value.ack.note).toBe('Guard on the way');
    expect(item.value.ack.by).toBe(userInfo().username);
    expect(Date.parse(item.value.ack.at)).toBeGreaterThanOrEqual(before - 1000);
    expect(core.status().unacknowledgedUrgent).toBe(1);
    expect(events.some((e) => e.channel === 'clay:history:did-change')).toBe(true);
    await until('a status push with one urgent left', () => pushes(events, 'clay:status:did-change').some((s) => s.unacknowledgedUrgent === 1));
  });

  it('acknowledges everything a filter shows with one note, and exports who and when', async () => {
    const harness = await seeded();
    const { core } = harness;
    expect(await core.acknowledge({ filter: { acknowledgement: 'needed' }, note: '' })).toEqual({ ok: true, value: 3 });
    expect(await core.acknowledge({ filter: {}, note: null })).toEqual({ ok: true, value: 0 });
    expect(core.status().unacknowledgedUrgent).toBe(0);
    const { dir } = harness;
    const csvPath = path.join(dir, 'acknowledged.csv');
    expect(await core.exportHistory({ format: 'csv', filter: { acknowledgement: 'done' } }, async () => csvPath)).toMatchObject({ ok: true, value: { count: 3 } });
    const [header, first] = readFileSync(csvPath, 'utf8').split('\r\n');
    expect(header).toContain('read,acknowledged_by,acknowledged_at,acknowledgement_note,raw');
    expect(first).toContain(`,${userInfo().username},`);
    const jsonPath = path.join(dir, 'all.json');
    expect(await core.exportHistory({ format: 'json', filter: {} }, async () => jsonPath)).toMatchObject({ ok: true });
    const rows = JSON.parse(readFileSync(jsonPath, 'utf8')) as { acknowledgement: { by: string; note: string | null } | null }[];
    expect(rows.map((row) => row.acknowledgement?.note)).toEqual([null, null, null]);
    expect(rows.every((row) => row.acknowledgement?.by === userInfo().username)).toBe(true);
  });
});

/** A core connected to a fresh simulator's incident stream for its first site. */
async function connectedToHub(): Promise<Harness & { readonly h: DevHub; readonly site: string }> {
  const h = await hub();
  const harness = await makeCore(settingsFor(h), { token: h.issueToken() });
  await harness.core.start();
  await until('connected', () => lastStatus(harness.events)?.aggregate === 'connected');
  return { ...harness, h, site: h.sites[0]!.id };
}

describe('AppCore alarm for urgent incidents', () => {
  it('rings once for a storm of urgent incidents, which still collapse into one summary, and not for other incidents', async () => {
    const { h, core, events, notifier, site } = await connectedToHub();
    h.emit('incident', { id: 'dlo-1', event_category: 'door_left_open', lock_customer_reference: 'Door 3' }, site);
    await until('first incident stored', () => core.status().unread === 1);
    expect(pushes(events, 'clay:alarm:did-ring')).toEqual([]);

    for (let i = 0; i < 12; i += 1) h.emit('incident', { id: `intr-${i}`, event_category: 'intrusion', lock_customer_reference: `Door ${i}` }, site);
    await until('all stored', () => core.status().unread === 13);
    expect(pushes(events, 'clay:alarm:did-ring')).toEqual([{ sound: 'alarm', volume: 0.8, repeat: 0, bringToFront: false, flashTaskbar: true, bounceDock: true, open: 1 }]);
    const { storm } = DEFAULT_SETTINGS.notifications;
    const summaries = notifier.shown.filter((alert) => alert.tag === STORM_TAG);
    expect(summaries.length).toBeGreaterThanOrEqual(1);
    expect(new Set(summaries.map((alert) => alert.tag)).size).toBe(1);
    expect(notifier.shown.length - summaries.length).toBeLessThanOrEqual(storm.maxCount);
    expect(core.status().unacknowledgedUrgent).toBe(12);

    expect(await core.acknowledge({ filter: { categories: ['intrusion'] }, note: 'Alarm test by the installer' })).toEqual({ ok: true, value: 12 });
    expect(core.status().unacknowledgedUrgent).toBe(0);
  });
});

describe('AppCore doors that keep raising incidents', () => {
  it('escalates the fourth "door left open" from one door in 20 minutes once, as urgent, with the alarm', async () => {
    const { h, core, events, notifier, site } = await connectedToHub();
    for (let i = 0; i < 5; i += 1) h.emit('incident', { id: `dlo-${i}`, event_category: 'door_left_open', lock_id: 'lock-3', lock_customer_reference: 'Door 3' }, site);
    await until('all stored', () => core.status().unread === 5);
    const repeats = notifier.shown.filter((alert) => alert.tag.startsWith('repeat:'));
    expect(repeats).toEqual([expect.objectContaining({ title: 'Door left open 4 times in 20 min', body: 'Door 3 at Harbour: it keeps happening. Check the door.', urgent: true, eventKey: 'incident:dlo-3' })]);
    expect(pushes(events, 'clay:alarm:did-ring')).toEqual([expect.objectContaining({ repeat: 0, open: 1 })]);
  });
});
