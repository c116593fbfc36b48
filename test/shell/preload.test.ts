import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { contextBridge, ipcRenderer, resetElectronFake } from '../support/electron';
import { BRIDGE_GLOBAL, EVENT_CHANNELS, INVOKE_CHANNELS } from '../../app/common/ipc-contract';

/** The whole `window.clay` surface, pinned: adding or renaming anything must change this list. */
const EXPECTED_SURFACE: readonly [path: string, channel: string, kind: 'invoke' | 'listen'][] = [
  ['about.get', 'clay:about:get', 'invoke'],
  ['alarm.onDidRing', 'clay:alarm:did-ring', 'listen'],
  ['connection.reconnectNow', 'clay:connection:reconnect', 'invoke'],
  ['connection.test', 'clay:connection:test', 'invoke'],
  ['diagnostics.copy', 'clay:diagnostics:copy', 'invoke'],
  ['handover.get', 'clay:handover:get', 'invoke'],
  ['history.acknowledge', 'clay:history:acknowledge', 'invoke'],
  ['history.clear', 'clay:history:clear', 'invoke'],
  ['history.export', 'clay:history:export', 'invoke'],
  ['history.get', 'clay:history:get', 'invoke'],
  ['history.markAllRead', 'clay:history:mark-all-read', 'invoke'],
  ['history.markRead', 'clay:history:mark-read', 'invoke'],
  ['history.onDidAdd', 'clay:history:did-add', 'listen'],
  ['history.onDidChange', 'clay:history:did-change', 'listen'],
  ['history.onExportProgress', 'clay:history:export-progress', 'listen'],
  ['history.query', 'clay:history:query', 'invoke'],
  ['navigation.onDidRequestEvent', 'clay:navigation:did-request-event', 'listen'],
  ['navigation.onDidRequestView', 'clay:navigation:did-request-view', 'listen'],
  ['notifications.pause', 'clay:notifications:pause', 'invoke'],
  ['notifications.resume', 'clay:notifications:resume', 'invoke'],
  ['secrets.allowNewServer', 'clay:secret:allow-new-server', 'invoke'],
  ['secrets.clear', 'clay:secret:clear', 'invoke'],
  ['secrets.set', 'clay:secret:set', 'invoke'],
  ['settings.get', 'clay:settings:get', 'invoke'],
  ['settings.onDidChange', 'clay:settings:did-change', 'listen'],
  ['settings.update', 'clay:settings:update', 'invoke'],
  ['status.get', 'clay:status:get', 'invoke'],
  ['status.onDidChange', 'clay:status:did-change', 'listen'],
  ['updates.onDidChange', 'clay:updates:did-change', 'listen'],
  ['updates.restart', 'clay:updates:restart', 'invoke'],
  ['updates.setEditing', 'clay:updates:set-editing', 'invoke'],
];

let api: Record<string, unknown>;

function leafPaths(value: unknown, prefix = ''): [string, unknown][] {
  if (typeof value !== 'object' || value === null) return [[prefix, value]];
  return Object.entries(value).flatMap(([k, v]) => leafPaths(v, prefix ? `${prefix}.${k}` : k));
}

function at(path: string): (...args: unknown[]) => unknown {
  return path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], api) as (...args: unknown[]) => unknown;
}

beforeAll(async () => {
  resetElectronFake();
  await import('../../app/preload');
  api = contextBridge.exposed.get(BRIDGE_GLOBAL) as Record<string, unknown>;
});

describe('preload surface', () => {
  it('exposes exactly one global, window.clay', () => {
    expect([...contextBridge.exposed.keys()]).toEqual(['clay']);
  });

  it('exposes exactly the pinned paths, all functions', () => {
    const leaves = leafPaths(api);
    expect(leaves.map(([p]) => p).sort()).toEqual(EXPECTED_SURFACE.map(([p]) => p));
    for (const [p, v] of leaves) expect(typeof v, p).toBe('function');
  });

  it('covers every contract channel once', () => {
    const invokes = EXPECTED_SURFACE.filter(([, , k]) => k === 'invoke').map(([, c]) => c);
    const listens = EXPECTED_SURFACE.filter(([, , k]) => k === 'listen').map(([, c]) => c);
    expect(invokes.sort()).toEqual([...INVOKE_CHANNELS].sort());
    expect(listens.sort()).toEqual([...EVENT_CHANNELS].sort());
  });

  it('never exposes ipcRenderer or a generic invoke', () => {
    const text = JSON.stringify(leafPaths(api).map(([p]) => p));
    expect(text).not.toMatch(/ipc|invoke|send|require/i);
  });
});

describe('preload invokes', () => {
  it.each(EXPECTED_SURFACE.filter(([, , k]) => k === 'invoke'))('%s invokes %s with its arguments', async (path, channel) => {
    ipcRenderer.invocations.length = 0;
    const answer = await at(path)('arg-1');
    expect(ipcRenderer.invocations).toEqual([{ channel, args: ['arg-1'] }]);
    expect(answer).toEqual({ ok: true, value: channel });
  });
});

describe('preload listeners', () => {
  it.each(EXPECTED_SURFACE.filter(([, , k]) => k === 'listen'))('%s listens on %s and unsubscribes', (path, channel) => {
    const got: unknown[] = [];
    const unsubscribe = at(path)((payload: unknown) => got.push(payload)) as () => void;
    ipcRenderer.emit(channel, { sender: 'event-object' }, { value: 1 });
    expect(got).toEqual([{ value: 1 }]);
    unsubscribe();
    ipcRenderer.emit(channel, { sender: 'event-object' }, { value: 2 });
    expect(got).toEqual([{ value: 1 }]);
    expect(ipcRenderer.listenerCount(channel)).toBe(0);
  });

  it('refuses a listener that is not a function', () => {
    expect(() => at('status.onDidChange')('not a function')).toThrow(TypeError);
  });
});

describe('preload bundle', () => {
  it('needs nothing but electron at runtime, as a sandboxed preload must', async () => {
    // The same settings scripts/build.mjs uses for dist/preload.cjs.
    const result = await build({
      entryPoints: ['app/preload.ts'],
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      external: ['electron'],
      write: false,
      logLevel: 'silent',
    });
    const code = result.outputFiles[0]!.text;
    const required = [...code.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]);
    expect([...new Set(required)]).toEqual(['electron']);
    expect(code).not.toMatch(/\bimport\s*\(/);
  });
});
