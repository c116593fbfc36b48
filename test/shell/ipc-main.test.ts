import { beforeEach, describe, expect, it } from 'vitest';
import { BrowserWindow, FakeWebContents, FakeWebFrameMain, invokeEventFrom, ipcMain, resetElectronFake, type FakeBrowserWindow } from '../support/electron';
import { INVOKE_CHANNELS, REQUEST_ENTRIES, type InvokeChannel } from '../../app/common/ipc-contract';
import { LIMITS } from '../../app/common/ipc-schemas';
import { ok } from '../../app/common/result';
import { createLogger, type LogRecord } from '../../app/core/diagnostics/logger';
import { registerIpcHandlers, type InvokeHandlers } from '../../app/shell/ipc-main';

const calls: { channel: InvokeChannel; args: unknown[] }[] = [];
const records: LogRecord[] = [];
let win: FakeBrowserWindow;

function recordingHandlers(): InvokeHandlers {
  const handlers: Record<string, Record<string, (...args: unknown[]) => unknown>> = {};
  for (const { area, name, entry } of REQUEST_ENTRIES) {
    (handlers[area] ??= {})[name] = (...args: unknown[]) => {
      calls.push({ channel: entry.channel as InvokeChannel, args });
      return ok(null);
    };
  }
  return handlers as unknown as InvokeHandlers;
}

function invoke(channel: string, ...args: unknown[]): Promise<unknown> {
  return ipcMain.invokeHandler(channel, invokeEventFrom(win.webContents), ...args);
}

const validArgs: { readonly [C in InvokeChannel]: unknown[] } = {
  'clay:history:query': [{ offset: 0, limit: 50, streams: ['incident'], text: 'door', unreadOnly: true }],
  'clay:history:get': ['incident:1'],
  'clay:history:mark-read': [['incident:1', 'entry:2']],
  'clay:history:mark-all-read': [],
  'clay:history:acknowledge': [{ keys: ['incident:1'], note: 'Guard sent' }],
  'clay:history:clear': [],
  'clay:history:export': [{ format: 'csv', filter: { sites: ['s1'] } }],
  'clay:handover:get': [{ since: '2026-11-28T06:00:00.000Z' }],
  'clay:status:get': [],
  'clay:connection:reconnect': [],
  'clay:connection:test': [],
  'clay:settings:get': [],
  'clay:settings:update': [{ general: { startAtLogin: true } }],
  'clay:secret:set': [{ kind: 'token', value: 'eyJ.abc.def' }],
  'clay:secret:clear': [],
  'clay:secret:allow-new-server': [],
  'clay:notifications:pause': [{ for: 'one-hour' }],
  'clay:notifications:resume': [],
  'clay:diagnostics:copy': [],
  'clay:about:get': [],
  'clay:updates:set-editing': [true],
  'clay:updates:restart': [],
};

beforeEach(() => {
  resetElectronFake();
  calls.length = 0;
  records.length = 0;
  win = new BrowserWindow();
  const logger = createLogger((r) => records.push(r), { level: 'debug', secrets: () => ['s3cr3t-value'] });
  registerIpcHandlers({ handlers: recordingHandlers(), isOwnContents: (c) => (c as unknown) === win.webContents, logger });
});

describe('ipc-main registration', () => {
  it('registers exactly the contract channels', () => {
    expect([...ipcMain.handlers.keys()].sort()).toEqual([...INVOKE_CHANNELS].sort());
  });

  it('has no handler for an unknown channel', async () => {
    await expect(invoke('clay:shell:exec', 'rm -rf /')).rejects.toThrow(/No handler/);
    await expect(invoke('electron-store-get-data')).rejects.toThrow(/No handler/);
    expect(calls).toEqual([]);
  });

  it('passes valid arguments of every channel through to its handler', async () => {
    for (const channel of INVOKE_CHANNELS) {
      const answer = await invoke(channel, ...validArgs[channel]);
      expect(answer, channel).toEqual({ ok: true, value: null });
    }
    expect(calls.map((c) => c.channel)).toEqual([...INVOKE_CHANNELS]);
    expect(calls.find((c) => c.channel === 'clay:history:query')?.args[0]).toEqual({ offset: 0, limit: 50, streams: ['incident'], text: 'door', unreadOnly: true });
  });

  it('accepts the largest valid settings change', async () => {
    const sites = Array.from({ length: 500 }, (_, i) => ({ id: `site-${i}`, name: `Site ${i}` }));
    const categories = Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`category_${i}`, true]));
    const patch = {
      connection: { environment: 'accept', baseUrl: null, streams: { incident: true, entry: true }, sites },
      notifications: { incidentCategories: categories, entryCategories: categories, alwaysNotify: Object.keys(categories), quietHours: { enabled: true, start: '22:00', end: '07:00' } },
    };
    expect(await invoke('clay:settings:update', patch)).toEqual({ ok: true, value: null });
    expect(calls.at(-1)?.args[0]).toEqual(patch);
  });

  it('unregisters every channel', () => {
    resetElectronFake();
    win = new BrowserWindow();
    const off = registerIpcHandlers({ handlers: recordingHandlers(), isOwnContents: () => true, logger: createLogger(() => undefined) });
    off();
    expect(ipcMain.handlers.size).toBe(0);
  });
});

describe('ipc-main sender checks', () => {
  it('drops a request from a webContents the app did not create', async () => {
    const foreign = new FakeWebContents();
    const answer = await ipcMain.invokeHandler('clay:history:clear', invokeEventFrom(foreign));
    expect(answer).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(calls).toEqual([]);
  });

  it('drops a request from a sub-frame of our own window', async () => {
    const child = new FakeWebFrameMain('https://evil.example/', win.webContents.mainFrame);
    const answer = await ipcMain.invokeHandler('clay:history:clear', invokeEventFrom(win.webContents, child));
    expect(answer).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(calls).toEqual([]);
  });

  it("drops a request from our own window once it shows any page but the app's own", async () => {
    for (const url of ['https://evil.example/', 'file:///home/desk/index.html', 'app://clay-tray.evil.example/index.html', 'app://other/index.html']) {
      const answer = await ipcMain.invokeHandler('clay:history:clear', invokeEventFrom(win.webContents, new FakeWebFrameMain(url, null)));
      expect(answer).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(calls).toEqual([]);
    expect(await ipcMain.invokeHandler('clay:history:clear', invokeEventFrom(win.webContents))).toMatchObject({ ok: true });
  });

  it('drops a request whose frame is gone', async () => {
    const answer = await ipcMain.invokeHandler('clay:history:clear', invokeEventFrom(win.webContents, null));
    expect(answer).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});

describe('ipc-main hostile arguments', () => {
  const hostile: [InvokeChannel, unknown[]][] = [
    ['clay:history:query', []],
    ['clay:history:query', [null]],
    ['clay:history:query', ['{"offset":0}']],
    ['clay:history:query', [{ offset: -1, limit: 10 }]],
    ['clay:history:query', [{ offset: 0, limit: 1e9 }]],
    ['clay:history:query', [{ offset: 0.5, limit: 10 }]],
    ['clay:history:query', [{ offset: 0, limit: 10, streams: ['alarm'] }]],
    ['clay:history:query', [{ offset: 0, limit: 10, text: 'x'.repeat(LIMITS.filterText + 1) }]],
    ['clay:history:query', [{ offset: 0, limit: 10, from: 'yesterday-ish' }]],
    ['clay:history:query', [{ offset: 0, limit: 10, sites: [1, 2] }]],
    ['clay:history:query', [{ offset: 0, limit: 10, __proto__: { polluted: true }, constructor: 'x' }]],
    ['clay:history:query', [{ offset: 0, limit: 10 }, 'extra']],
    ['clay:history:get', [42]],
    ['clay:history:get', ['k'.repeat(LIMITS.key + 1)]],
    ['clay:history:get', ['']],
    ['clay:history:mark-read', ['incident:1']],
    ['clay:history:mark-read', [Array.from({ length: LIMITS.keysPerRequest + 1 }, (_, i) => `k${i}`)]],
    ['clay:history:mark-read', [[{}]]],
    ['clay:history:mark-all-read', ['everything']],
    ['clay:history:export', [{ format: 'xlsx', filter: {} }]],
    ['clay:history:export', [{ format: 'csv', filter: 'all' }]],
    ['clay:history:export', [{ format: 'csv', filter: {}, path: '/etc/passwd' }]],
    ['clay:history:export', [{ format: 'pdf', filter: {} }]],
    ['clay:history:export', [{ format: 'pdf', handover: { since: 'yesterday' } }]],
    ['clay:history:export', [{ format: 'csv', handover: { since: '2026-11-28T06:00:00Z' }, filter: {} }]],
    ['clay:handover:get', [{ since: 'not a date' }]],
    ['clay:handover:get', [{ since: '2026-11-28T06:00:00Z', until: 'now' }]],
    ['clay:handover:get', []],
    ['clay:settings:update', ['{}']],
    ['clay:settings:update', [{ secrets: { token: 'x' } }]],
    ['clay:settings:update', [{ connection: 'prod' }]],
    ['clay:settings:update', [{ connection: { baseUrl: 'h'.repeat(LIMITS.settingsString + 1) } }]],
    ['clay:settings:update', [{ notifications: { storm: { maxCount: Number.NaN } } }]],
    ['clay:settings:update', [{ notifications: { deep: [[[[[[[['x']]]]]]]] } }]],
    ['clay:settings:update', [{ connection: { sites: Array.from({ length: 3000 }, (_, i) => ({ id: `s${i}` })) } }]],
    ['clay:secret:set', ['plain-string-secret']],
    ['clay:secret:set', [{ kind: 'password', value: 's3cr3t-value' }]],
    ['clay:secret:set', [{ kind: 'token', value: '   ' }]],
    ['clay:secret:set', [{ kind: 'token', value: 'x'.repeat(LIMITS.secret + 1) }]],
    ['clay:secret:set', [{ kind: 'token', value: 12345 }]],
    ['clay:notifications:pause', [{ for: 'forever' }]],
    ['clay:notifications:pause', [{ for: 'one-hour', until: '2999-01-01' }]],
    ['clay:status:get', [{}]],
  ];

  it.each(hostile)('%s refuses %j without calling the handler', async (channel, args) => {
    const answer = await invoke(channel, ...args);
    expect(answer).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    expect(typeof (answer as { error: { message: string } }).error.message).toBe('string');
    expect(calls).toEqual([]);
  });

  it('never echoes a refused secret in the answer or the log', async () => {
    const answer = await invoke('clay:secret:set', { kind: 'password', value: 's3cr3t-value' });
    expect(JSON.stringify(answer)).not.toContain('s3cr3t-value');
    expect(JSON.stringify(records)).not.toContain('s3cr3t-value');
    expect(records.some((r) => r.level === 'warn')).toBe(true);
  });
});

describe('ipc-main failures', () => {
  it('turns a throwing handler into a generic internal failure and logs it redacted', async () => {
    resetElectronFake();
    win = new BrowserWindow();
    const recording = recordingHandlers();
    const handlers: InvokeHandlers = {
      ...recording,
      status: {
        get: () => {
          throw new Error('boom while using s3cr3t-value');
        },
      },
    };
    const logger = createLogger((r) => records.push(r), { secrets: () => ['s3cr3t-value'] });
    registerIpcHandlers({ handlers, isOwnContents: (c) => (c as unknown) === win.webContents, logger });
    const answer = await invoke('clay:status:get');
    expect(answer).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(answer)).not.toContain('boom');
    const logged = records.find((r) => r.level === 'error');
    expect(JSON.stringify(logged)).toContain('boom');
    expect(JSON.stringify(records)).not.toContain('s3cr3t-value');
  });
});
