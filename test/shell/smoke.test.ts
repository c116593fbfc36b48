/**
 * The in-app half of `npm run smoke` (app/shell/smoke.ts), driven through the whole demo app with
 * Electron faked: the real run needs an Electron binary, which cannot be had here. Each failure
 * names its step.
 */
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../app/core/settings';
import { MemorySettings } from '../../app/core/app-core-settings';
import { runApp, type AppHost, type RunningApp } from '../../app/shell/app-lifecycle';
import { SmokeRun } from '../../app/shell/smoke';
import { app, BrowserWindow, FakeNotification, resetElectronFake, type FakeBrowserWindow } from '../fakes/electron';
import { MemorySecretStore } from '../fakes/memory-secret-store';

let running: RunningApp | null = null;
const lines: string[] = [];
const exits: number[] = [];
const io = { out: (line: string) => lines.push(line), exit: (code: number) => exits.push(code) };

beforeEach(() => {
  resetElectronFake();
  lines.length = 0;
  exits.length = 0;
});

afterEach(async () => {
  if (running) {
    running.quit();
    await running.stopped;
    running = null;
  }
});

function demoHost(): AppHost {
  return {
    paths: { preload: '/dist/preload.cjs', indexHtml: '/dist/renderer/index.html', trayIcons: path.resolve('build/tray') },
    platform: 'linux',
    demo: true,
    versions: { 'Clay Tray': '0.1.0-test' },
    openSettings: () => new MemorySettings(DEFAULT_SETTINGS),
    openSecrets: async () => new MemorySecretStore({}, 'keychain'),
    autostart: { directory: path.join(app.getPath('userData'), 'autostart'), executable: '/opt/clay-tray' },
  };
}

async function until<T>(what: string, probe: () => T | undefined | null | false, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function startDemo(): Promise<RunningApp> {
  const r = await runApp(demoHost());
  if (!r) throw new Error('runApp returned null');
  running = r;
  return r;
}

const theWindow = (): Promise<FakeBrowserWindow> => until('the window', () => BrowserWindow.getAllWindows()[0] as FakeBrowserWindow | undefined);

describe('smoke run inside the app', () => {
  it('passes tray, window, notification and clean quit, then exits 0', async () => {
    const r = await startDemo();
    const smoke = new SmokeRun(io);
    const done = smoke.run(r);
    const win = await theWindow();
    win.webContents.emit('console-message', { message: 'History loaded' });
    win.webContents.emit('did-finish-load');
    await done;
    running = null;
    expect(lines).toEqual(['clay-tray smoke: passed: tray, window without CSP violations, notification, clean quit']);
    expect(exits).toEqual([0]);
    expect(FakeNotification.shown().length).toBeGreaterThan(0);
    expect(win.isDestroyed()).toBe(true);
  });

  it('fails at "window" when the page reports a CSP violation', async () => {
    const r = await startDemo();
    const done = new SmokeRun(io).run(r);
    const win = await theWindow();
    win.webContents.emit('console-message', { message: "Refused to apply inline style because it violates the following Content Security Policy directive: \"style-src 'self'\"." });
    win.webContents.emit('did-finish-load');
    await done;
    expect(exits).toEqual([1]);
    expect(lines[0]).toMatch(/^clay-tray smoke: FAILED at step "window": the page broke its Content-Security-Policy: Refused to apply inline style/);
  });

  it('fails at "window" when the page does not load', async () => {
    const r = await startDemo();
    const done = new SmokeRun(io).run(r);
    const win = await theWindow();
    win.webContents.emit('did-fail-load', {}, -6, 'ERR_FILE_NOT_FOUND', 'file:///dist/renderer/index.html');
    await done;
    expect(exits).toEqual([1]);
    expect(lines).toEqual(['clay-tray smoke: FAILED at step "window": the page did not load: ERR_FILE_NOT_FOUND (-6) at file:///dist/renderer/index.html']);
  });

  it('fails at "notification" when the system has no notifications', async () => {
    FakeNotification.setSupported(false);
    const r = await startDemo();
    const done = new SmokeRun(io).run(r);
    (await theWindow()).webContents.emit('did-finish-load');
    await done;
    expect(lines).toEqual(['clay-tray smoke: FAILED at step "notification": this system offers no notifications (Notification.isSupported() is false)']);
    expect(exits).toEqual([1]);
  });

  it('names the step in progress when the time runs out, once', async () => {
    const r = await startDemo();
    const done = new SmokeRun(io, 500).run(r);
    await until('the watchdog', () => exits.length > 0);
    expect(lines).toEqual(['clay-tray smoke: FAILED at step "window": did not finish within 0.5 s']);
    (await theWindow()).webContents.emit('did-finish-load');
    await done;
    expect(exits).toEqual([1]);
  });
});
