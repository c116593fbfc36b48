import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TestClipboard, TestDialogs } from '../support/dialogs';
import { BrowserWindow, resetElectronFake } from '../support/electron';
import { MemorySecretStore } from '../support/memory-secret-store';
import { clayEvent } from '../support/events';
import { RecordingNotifier } from '../support/recording-notifier';
import type { ClayEvent } from '../../app/common/models';
import { AppCore } from '../../app/core/services/app-core';
import { MemorySettings } from '../../app/core/services/settings-access';
import { HistoryStore } from '../../app/core/history';
import { silentLogger } from '../../app/core/ports';
import { DEFAULT_SETTINGS } from '../../app/core/settings/settings';
import { editingCalls, STUB_ABOUT, updateHandlerStubs } from '../support/ipc-handler-stubs';
import { createIpcHandlers } from '../../app/shell/ipc-handlers';
import type { InvokeHandlers } from '../../app/shell/ipc-main';

let dir: string;
let core: AppCore;
let handlers: InvokeHandlers;
let dialog = new TestDialogs();
let clipboard = new TestClipboard();

function event(id: string, category: string, lockName: string): ClayEvent {
  // Recent, or the 90-day retention would drop them on open.
  return clayEvent({ stream: 'incident', site: 's1', siteName: 'Harbour', id, category, time: new Date().toISOString(), lock: { id: 'l1', name: lockName } });
}

beforeEach(async () => {
  resetElectronFake();
  dialog = new TestDialogs();
  clipboard = new TestClipboard();
  dir = mkdtempSync(path.join(tmpdir(), 'clay-handlers-'));
  const history = await HistoryStore.open({ directory: path.join(dir, 'history') });
  history.append(event('1', 'tamper', '@SUM(A1:A9)'));
  history.append(event('2', 'intrusion', 'Back door'));
  await history.close();
  core = await AppCore.create({
    settings: new MemorySettings(DEFAULT_SETTINGS),
    secrets: new MemorySecretStore({ 'client-secret': 'super-secret-value' }, 'encrypted-file'),
    historyDirectory: path.join(dir, 'history'),
    notifier: new RecordingNotifier(),
  });
  handlers = createIpcHandlers({ core, logger: silentLogger, dialogs: dialog, clipboard, parentWindow: () => null, defaultDirectory: () => dir, ...updateHandlerStubs });
});

afterEach(async () => {
  await core.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('IPC handlers', () => {
  it('exports through the save dialog into the chosen file', async () => {
    const target = path.join(dir, 'out.csv');
    dialog.nextSavePath = target;
    const answer = await handlers.history.export({ format: 'csv', filter: {} });
    expect(answer).toEqual({ ok: true, value: { saved: true, path: target, count: 2 } });
    const text = readFileSync(target, 'utf8');
    expect(text).toContain("'@SUM(A1:A9)");
    expect(text.split('\r\n').filter(Boolean)).toHaveLength(3);
    expect(dialog.saveRequests[0]).toMatchObject({ defaultPath: expect.stringMatching(/clay-tray-history-.*\.csv$/), filters: [{ extensions: ['csv'] }] });
  });

  it('writes nothing when the user cancels the save dialog', async () => {
    dialog.nextSavePath = null;
    expect(await handlers.history.export({ format: 'json', filter: {} })).toEqual({ ok: true, value: { saved: false } });
  });

  it('reports a file that cannot be written as data, not a crash', async () => {
    dialog.nextSavePath = path.join(dir, 'missing-folder', 'out.json');
    const answer = await handlers.history.export({ format: 'json', filter: {} });
    expect(answer).toMatchObject({ ok: false, error: { code: 'export-failed' } });
  });

  it('saves the shift handover as a PDF printed from the window, through a PDF save dialog', async () => {
    const win = new BrowserWindow();
    const withWindow = createIpcHandlers({ core, logger: silentLogger, dialogs: dialog, clipboard, parentWindow: () => win as unknown as Electron.BrowserWindow, defaultDirectory: () => dir, ...updateHandlerStubs });
    const target = path.join(dir, 'handover.pdf');
    dialog.nextSavePath = target;
    const since = new Date(Date.now() - 3_600_000).toISOString();
    const answer = await withWindow.history.export({ format: 'pdf', handover: { since } });
    expect(answer).toEqual({ ok: true, value: { saved: true, path: target, count: 2 } });
    expect(readFileSync(target, 'utf8')).toMatch(/^%PDF-1\.7/);
    expect(win.webContents.pdfRequests).toEqual([{ printBackground: true, pageSize: 'A4' }]);
    expect(dialog.saveRequests[0]).toMatchObject({ title: 'Save the shift handover', defaultPath: expect.stringMatching(/clay-tray-handover-.*\.pdf$/), filters: [{ extensions: ['pdf'] }] });

    win.webContents.nextPdf = new Error('printing failed');
    dialog.nextSavePath = path.join(dir, 'again.pdf');
    expect(await withWindow.history.export({ format: 'pdf', handover: { since } })).toEqual({ ok: false, error: { code: 'export-failed', message: 'The handover could not be saved: printing failed' } });
    // With no window there is nothing to print: said in words, and no file is left behind.
    dialog.nextSavePath = path.join(dir, 'none.pdf');
    expect(await handlers.history.export({ format: 'pdf', handover: { since } })).toMatchObject({ ok: false, error: { message: expect.stringContaining('the window was closed') } });
    expect(readdirSync(dir).filter((name) => name.endsWith('.pdf'))).toEqual(['handover.pdf']);
  });

  it('answers the handover from the core', async () => {
    const answer = await handlers.handover.get({ since: new Date(Date.now() - 3_600_000).toISOString() });
    expect(answer).toMatchObject({ ok: true, value: { totals: { incidents: 2, unacknowledged: 2 }, sites: [{ site: 's1', incidents: 2 }] } });
  });

  it('copies diagnostics to the clipboard without the secret', async () => {
    await core.start();
    expect(await handlers.diagnostics.copy()).toEqual({ ok: true, value: null });
    expect(clipboard.text).toContain('Clay Tray diagnostics');
    expect(clipboard.text).toContain('Not connecting: No client id');
    expect(clipboard.text).not.toContain('super-secret-value');
  });

  it('answers About, passes the Settings-editing flag on, and refuses a restart with no update waiting', async () => {
    expect(await handlers.about.get()).toEqual({ ok: true, value: STUB_ABOUT });
    editingCalls.length = 0;
    expect(await handlers.updates.setEditing(true)).toEqual({ ok: true, value: null });
    expect(editingCalls).toEqual([true]);
    expect(await handlers.updates.restart()).toEqual({ ok: false, error: { code: 'no-update', message: 'There is no downloaded update to install yet.' } });
  });

  it('says so when the clipboard refuses the copy (Electron 45 clipboard is asynchronous)', async () => {
    clipboard.refuseNextWrite = new Error('no clipboard owner');
    expect(await handlers.diagnostics.copy()).toMatchObject({ ok: false, error: { code: 'clipboard-failed', message: 'The diagnostics could not be copied to the clipboard. Try again.' } });
    expect(clipboard.text).toBe('');
  });

  it('maps history and status requests to the core', async () => {
    const page = await handlers.history.query({ offset: 0, limit: 1 });
    expect(page).toMatchObject({ ok: true, value: { total: 2, unread: 2, items: [{ kind: 'event' }] } });
    expect(await handlers.history.markRead(['incident:1'])).toEqual({ ok: true, value: 1 });
    expect(await handlers.status.get()).toMatchObject({ ok: true, value: { unread: 1, aggregate: 'stopped' } });
    expect(await handlers.history.get('incident:2')).toMatchObject({ ok: true, value: { kind: 'event', read: false } });
  });
});

describe('letting a stored secret go to new servers', () => {
  async function heldBack(): Promise<{ core: AppCore; secrets: MemorySecretStore; handlers: InvokeHandlers }> {
    const secrets = new MemorySecretStore({ 'client-secret': 'super-secret-value', 'client-secret-sent-to': JSON.stringify(['https://old.example.test']) }, 'keychain');
    const held = await AppCore.create({ settings: new MemorySettings(DEFAULT_SETTINGS), secrets, historyDirectory: path.join(dir, 'history-held'), notifier: new RecordingNotifier() });
    await held.start();
    return { core: held, secrets, handlers: createIpcHandlers({ core: held, logger: silentLogger, dialogs: dialog, clipboard, parentWindow: () => null, defaultDirectory: () => dir, ...updateHandlerStubs }) };
  }

  it('asks in a native dialog, Cancel by default, and changes nothing when the user cancels', async () => {
    const { core: held, secrets, handlers: own } = await heldBack();
    dialog.nextMessageBoxResponse = 0;
    const answer = await own.secrets.allowNewServer();
    expect(answer).toMatchObject({ ok: true, value: { serverChange: { savedFor: 'https://old.example.test' } } });
    expect(dialog.messageBoxes).toHaveLength(1);
    const { options } = dialog.messageBoxes[0]!;
    expect(options).toMatchObject({ type: 'warning', defaultId: 0, cancelId: 0, buttons: ['Cancel', 'Send it to the new server'] });
    expect(options.message).toBe('Send your stored secret to https://identity.eu.my-clay.com and https://coreapi.my-clay.com?');
    expect(options.detail).toContain('It was saved for https://old.example.test.');
    expect(JSON.stringify(options)).not.toContain('super-secret-value');
    expect(await secrets.get('client-secret-sent-to')).toBe(JSON.stringify(['https://old.example.test']));
    await held.stop();
  });

  it('binds the secret to the new servers once the user confirms', async () => {
    const { core: held, secrets, handlers: own } = await heldBack();
    dialog.nextMessageBoxResponse = 1;
    const answer = await own.secrets.allowNewServer();
    expect(answer).toEqual({ ok: true, value: { location: 'keychain', tokenValidUntil: null } });
    expect(await secrets.get('client-secret-sent-to')).toBe(JSON.stringify(['https://identity.eu.my-clay.com', 'https://coreapi.my-clay.com']));
    // Nothing to confirm any more: no second dialog.
    expect(await own.secrets.allowNewServer()).toMatchObject({ ok: true });
    expect(dialog.messageBoxes).toHaveLength(1);
    await held.stop();
  });
});
