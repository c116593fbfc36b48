import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserWindow, invokeEventFrom, ipcMain, resetElectronFake, type FakeBrowserWindow } from '../support/electron';
import { MemorySecretStore } from '../support/memory-secret-store';
import { RecordingNotifier } from '../support/recording-notifier';
import { INVOKE_CHANNELS } from '../../app/common/ipc-contract';
import { AppCore } from '../../app/core/services/app-core';
import { MemorySettings } from '../../app/core/services/settings-access';
import { silentLogger } from '../../app/core/ports';
import { DEFAULT_SETTINGS } from '../../app/core/settings/settings';
import { updateHandlerStubs } from '../support/ipc-handler-stubs';
import { TestClipboard, TestDialogs } from '../support/dialogs';
import { createIpcHandlers } from '../../app/shell/ipc-handlers';
import { registerIpcHandlers } from '../../app/shell/ipc-main';

// Every channel, wired to the real handlers and core, fed junk: each answer must be a Result, and
// junk must be refused as invalid input, never reach the core and come back as an internal error.
let dir: string;
let core: AppCore;
let win: FakeBrowserWindow;

const junk: readonly unknown[] = [
  undefined,
  null,
  0,
  -1,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  true,
  '',
  'x'.repeat(1_000_000),
  '\u0000\u202e<script>alert(1)</script>',
  [],
  [[[[[]]]]],
  Array.from({ length: 20_000 }, () => 'k'),
  {},
  Object.create(null) as object,
  { offset: 0, limit: 10, text: 'x'.repeat(501) },
  { format: 'csv', filter: { streams: 'incident' } },
  { kind: 'token', value: ['array'] },
  { for: 'one-hour', extra: 1 },
  { connection: { sites: [{ id: 'x'.repeat(5000) }] } },
  new Date(0),
  new Uint8Array(16),
  new Map([['a', 1]]),
];

beforeAll(async () => {
  resetElectronFake();
  dir = mkdtempSync(path.join(tmpdir(), 'clay-hostile-'));
  core = await AppCore.create({
    settings: new MemorySettings(DEFAULT_SETTINGS),
    secrets: new MemorySecretStore({}),
    historyDirectory: dir,
    notifier: new RecordingNotifier(),
  });
  win = new BrowserWindow();
  registerIpcHandlers({
    handlers: createIpcHandlers({ core, logger: silentLogger, dialogs: new TestDialogs(), clipboard: new TestClipboard(), parentWindow: () => null, defaultDirectory: () => dir, ...updateHandlerStubs }),
    isOwnContents: (c) => c.id === win.webContents.id,
    logger: silentLogger,
  });
});

afterAll(async () => {
  await core.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('IPC with hostile input, end to end', () => {
  it.each(INVOKE_CHANNELS.map((c) => [c]))('%s refuses every piece of junk as invalid input', async (channel) => {
    for (const [index, value] of junk.entries()) {
      for (const args of [[value], [value, value]]) {
        const answer = (await ipcMain.invokeHandler(channel, invokeEventFrom(win.webContents), ...args)) as { ok: boolean; error?: { code: string; message: string } };
        if (answer.ok) {
          // Only a value that happens to be valid may pass; none of the junk above is valid with two arguments.
          expect(args).toHaveLength(1);
          continue;
        }
        expect(answer.error?.code, `${channel} junk #${index}`).toBe('invalid-argument');
        expect(answer.error?.message.length).toBeLessThan(300);
      }
    }
  });
});

describe('the network settings through IPC', () => {
  // A company chain is a few certificates of ~1.5 KiB each: past the 2 KiB other strings get.
  const block = `-----BEGIN CERTIFICATE-----\n${'MIIB'.repeat(400)}\n-----END CERTIFICATE-----`;
  const update = (patch: unknown) => ipcMain.invokeHandler('clay:settings:update', invokeEventFrom(win.webContents), patch) as Promise<{ ok: boolean; value?: { network: { extraCaPem: string | null; proxyMode: string } }; error?: { code: string; message: string } }>;

  it('saves a network patch with a certificate chain longer than other settings strings may be', async () => {
    const chain = `${block}\n${block}\n${block}`;
    expect(chain.length).toBeGreaterThan(4096);
    const answer = await update({ network: { ...DEFAULT_SETTINGS.network, proxyMode: 'direct', extraCaPem: chain } });
    expect(answer.ok).toBe(true);
    expect(answer.value?.network).toMatchObject({ proxyMode: 'direct', extraCaPem: `${chain}\n` });
  });

  it('still bounds it, and keeps other network strings at the usual limit', async () => {
    const tooLong = await update({ network: { ...DEFAULT_SETTINGS.network, extraCaPem: 'x'.repeat(200_001) } });
    expect(tooLong.error?.code).toBe('invalid-argument');
    const longName = await update({ network: { ...DEFAULT_SETTINGS.network, proxyUsername: 'x'.repeat(3000) } });
    expect(longName.error).toMatchObject({ code: 'invalid-argument', message: expect.stringContaining('"network.proxyUsername" is too long') });
  });
});
