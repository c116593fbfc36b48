import { beforeEach, describe, expect, it } from 'vitest';
import electron, { app, BrowserWindow, FakeMenu, type FakeEvent, ipcMain, invokeEventFrom, resetElectronFake, safeStorage } from '../support/electron';

// Other tests lean on the fake behaving like Electron where it matters; these pin those behaviours.
beforeEach(() => resetElectronFake());

describe('electron fake', () => {
  it('has a default export for `import electron from "electron"` (electron-store)', () => {
    expect(electron.app).toBe(app);
    expect(electron.ipcMain).toBe(ipcMain);
    expect(typeof electron.shell.openPath).toBe('function');
  });

  it('runs quit through a preventable before-quit, then will-quit and quit', () => {
    const seen: string[] = [];
    let prevent = true;
    app.on('before-quit', (e: FakeEvent) => {
      seen.push('before-quit');
      if (prevent) e.preventDefault();
    });
    app.on('will-quit', () => seen.push('will-quit'));
    app.on('quit', () => seen.push('quit'));
    app.quit();
    prevent = false;
    app.quit();
    expect(seen).toEqual(['before-quit', 'before-quit', 'will-quit', 'quit']);
  });

  it('closes a window only when close is not prevented, and announces new webContents', () => {
    const created: unknown[] = [];
    app.on('web-contents-created', (_e, contents) => created.push(contents));
    const win = new BrowserWindow();
    expect(created).toEqual([win.webContents]);
    win.once('close', (e: FakeEvent) => e.preventDefault());
    win.close();
    expect(win.isDestroyed()).toBe(false);
    win.close();
    expect(win.isDestroyed()).toBe(true);
    expect(BrowserWindow.getAllWindows()).toEqual([]);
    expect(BrowserWindow.fromWebContents(win.webContents)).toBeNull();
  });

  it('refuses a second handler for a channel, like Electron', async () => {
    ipcMain.handle('x', () => 1);
    expect(() => ipcMain.handle('x', () => 2)).toThrow(/second handler/);
    const win = new BrowserWindow();
    expect(await ipcMain.invokeHandler('x', invokeEventFrom(win.webContents))).toBe(1);
  });

  it('round-trips safeStorage without storing plain text, and fails when unavailable', async () => {
    const sealed = await safeStorage.encryptStringAsync('hunter2 ✓');
    expect(sealed.toString('utf8')).not.toContain('hunter2');
    expect(await safeStorage.decryptStringAsync(sealed)).toEqual({ shouldReEncrypt: false, result: 'hunter2 ✓' });
    await expect(safeStorage.decryptStringAsync(Buffer.from('plain'))).rejects.toThrow();
    safeStorage.available = false;
    expect(await safeStorage.isAsyncEncryptionAvailable()).toBe(false);
    await expect(safeStorage.encryptStringAsync('x')).rejects.toThrow();
  });

  it('finds and clicks menu items in submenus, and refuses disabled ones', () => {
    const clicked: string[] = [];
    const menu = FakeMenu.buildFromTemplate([
      { label: 'Top', submenu: [{ label: 'Inner', click: () => clicked.push('inner') }] },
      { label: 'Off', enabled: false, click: () => clicked.push('off') },
    ]);
    menu.click('Inner');
    expect(() => menu.click('Off')).toThrow(/disabled/);
    expect(() => menu.click('Missing')).toThrow(/No menu item/);
    expect(clicked).toEqual(['inner']);
  });

  it('resets app state between tests', () => {
    app.enableSandbox();
    app.on('ready', () => undefined);
    resetElectronFake();
    expect(app.fake.sandboxEnabled).toBe(false);
    expect(app.listenerCount('ready')).toBe(0);
  });
});
