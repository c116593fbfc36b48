/** One AppCore over a temp folder, memory settings and secrets, and the dev hub, for the service tests. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { EventChannel, IpcEventMap } from '../../../app/common/ipc-contract';
import type { StatusSnapshot } from '../../../app/common/models';
import type { Settings } from '../../../app/common/settings';
import { AppCore } from '../../../app/core/services/app-core';
import type { CoreEvent } from '../../../app/core/services/pushes';
import { MemorySettings } from '../../../app/core/services/settings-access';
import { DEFAULT_SETTINGS } from '../../../app/core/settings/settings';
import { startDevHub, type DevHub } from '../../../app/dev-hub/dev-hub';
import { MemorySecretStore } from '../../support/memory-secret-store';
import { RecordingNotifier } from '../../support/recording-notifier';
import { until } from '../../support/until';

const cleanups: (() => Promise<void> | void)[] = [];

/** Each test file calls `afterEach(runCleanups)`: stops cores and hubs, removes folders, newest first. */
export async function runCleanups(): Promise<void> {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
}

export function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'clay-core-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export async function hub(): Promise<DevHub> {
  const h = await startDevHub({ port: 0, ratePerSecond: 0 });
  cleanups.push(() => h.stop());
  return h;
}

export function settingsFor(h: DevHub, patch: { auth?: Partial<Settings['auth']>; connection?: Partial<Settings['connection']> } = {}): Settings {
  return {
    ...DEFAULT_SETTINGS,
    connection: { ...DEFAULT_SETTINGS.connection, baseUrl: h.url, streams: { incident: true, entry: false }, sites: [{ id: h.sites[0]!.id, name: 'Harbour' }], ...patch.connection },
    auth: { ...DEFAULT_SETTINGS.auth, mode: 'token', identityUrl: h.identityUrl, ...patch.auth },
  };
}

export interface Harness {
  core: AppCore;
  events: CoreEvent[];
  notifier: RecordingNotifier;
  secrets: MemorySecretStore;
  settings: MemorySettings;
  dir: string;
}

export async function makeCore(settings: Settings, secrets: Record<string, string>, dir = tempDir()): Promise<Harness> {
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

export function pushes<C extends EventChannel>(events: readonly CoreEvent[], channel: C): IpcEventMap[C][] {
  return events.filter((e) => e.channel === channel).map((e) => e.payload as IpcEventMap[C]);
}

export function lastStatus(events: readonly CoreEvent[]): StatusSnapshot | undefined {
  return pushes(events, 'clay:status:did-change').at(-1);
}


/** A core connected to a fresh simulator's incident stream for its first site. */
export async function connectedToHub(): Promise<Harness & { readonly h: DevHub; readonly site: string }> {
  const h = await hub();
  const harness = await makeCore(settingsFor(h), { token: h.issueToken() });
  await harness.core.start();
  await until('connected', () => lastStatus(harness.events)?.aggregate === 'connected');
  return { ...harness, h, site: h.sites[0]!.id };
}
