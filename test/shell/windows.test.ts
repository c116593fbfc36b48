import { beforeEach, describe, expect, it } from 'vitest';
import { BrowserWindow, resetElectronFake, type FakeBrowserWindow } from '../support/electron';
import { getWindowOptions, MainWindow } from '../../app/shell/windows';
import type { WebContents } from 'electron';

beforeEach(() => resetElectronFake());

describe('getWindowOptions', () => {
  it('pins the security defaults', () => {
    const options = getWindowOptions('/app/dist/preload.cjs');
    expect(options.webPreferences).toEqual({
      preload: '/app/dist/preload.cjs',
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      autoplayPolicy: 'no-user-gesture-required',
      sandbox: true,
    });
    expect(options.show).toBe(false);
  });

  it('lets no override weaken them, and applies sandbox last', () => {
    const options = getWindowOptions('/p.cjs', {
      width: 400,
      webPreferences: { sandbox: false, nodeIntegration: true, contextIsolation: false, webviewTag: true, preload: '/evil.js', spellcheck: true },
    });
    expect(options.width).toBe(400);
    expect(options.webPreferences).toMatchObject({ sandbox: true, nodeIntegration: false, contextIsolation: true, webviewTag: false, preload: '/p.cjs', spellcheck: true });
    expect(Object.keys(options.webPreferences ?? {}).at(-1)).toBe('sandbox');
  });
});

describe('MainWindow', () => {
  const paths = { preload: '/dist/preload.cjs', pageUrl: 'app://clay-tray/index.html' };

  function only(): FakeBrowserWindow {
    const all = BrowserWindow.getAllWindows();
    expect(all).toHaveLength(1);
    return all[0] as FakeBrowserWindow;
  }

  it('creates the window lazily with the pinned options and loads the renderer', () => {
    const main = new MainWindow(paths);
    expect(BrowserWindow.getAllWindows()).toHaveLength(0);
    main.show();
    const win = only();
    expect(win.options).toEqual(getWindowOptions(paths.preload));
    expect(win.loaded).toEqual({ kind: 'url', target: 'app://clay-tray/index.html' });
    expect(win.isVisible()).toBe(true);
    expect(win.focusCalls).toBe(1);
  });

  it('hides instead of closing, until quitting', () => {
    const main = new MainWindow(paths);
    main.show();
    const win = only();
    win.close();
    expect(win.isDestroyed()).toBe(false);
    expect(win.isVisible()).toBe(false);
    main.show();
    expect(only()).toBe(win);
    main.allowClose();
    win.close();
    expect(win.isDestroyed()).toBe(true);
  });

  it('restores a minimised window and asks the page for a view', () => {
    const main = new MainWindow(paths);
    main.show();
    const win = only();
    win.webContents.emit('did-finish-load');
    win.minimize();
    main.show('settings');
    expect(win.isMinimized()).toBe(false);
    expect(win.webContents.sent).toEqual([{ channel: 'clay:navigation:did-request-view', args: ['settings'] }]);
  });

  it('knows its own webContents and no other', () => {
    const main = new MainWindow(paths);
    const stranger = new BrowserWindow();
    expect(main.isOwnContents(stranger.webContents as unknown as WebContents)).toBe(false);
    main.show();
    const win = BrowserWindow.getAllWindows().find((w) => w !== stranger) as FakeBrowserWindow;
    expect(main.isOwnContents(win.webContents as unknown as WebContents)).toBe(true);
    main.destroy();
    expect(main.isOwnContents(win.webContents as unknown as WebContents)).toBe(false);
  });

  it('drops events when there is no window', () => {
    const main = new MainWindow(paths);
    main.send('clay:history:did-change', null);
    expect(BrowserWindow.getAllWindows()).toHaveLength(0);
  });

  it('holds events until the page has loaded, then delivers them in order', () => {
    const main = new MainWindow(paths);
    main.show('history');
    main.send('clay:navigation:did-request-event', 'incident:42');
    const win = only();
    expect(win.webContents.sent).toEqual([]);
    win.webContents.emit('did-finish-load');
    expect(win.webContents.sent).toEqual([
      { channel: 'clay:navigation:did-request-view', args: ['history'] },
      { channel: 'clay:navigation:did-request-event', args: ['incident:42'] },
    ]);
    main.send('clay:history:did-change', null);
    expect(win.webContents.sent.at(-1)).toEqual({ channel: 'clay:history:did-change', args: [null] });
  });

  it('creates a fresh window after the old one was destroyed', () => {
    const main = new MainWindow(paths);
    main.show();
    const first = only();
    first.destroy();
    main.show();
    const second = only();
    expect(second).not.toBe(first);
    expect(main.current()).toBe(second);
  });
});
