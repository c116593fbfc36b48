import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { userInfo } from 'node:os';
import type { CrashReporterStartOptions } from 'electron';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  app,
  BrowserWindow,
  FakeTray,
  invokeEventFrom,
  ipcMain,
  protocol,
  resetElectronFake,
  session,
  type FakeBrowserWindow,
} from '../support/electron';
import { MemorySecretStore } from '../support/memory-secret-store';
import { INVOKE_CHANNELS } from '../../app/common/ipc-contract';
import type { AboutInfo, StatusSnapshot, UpdateState } from '../../app/common/models';
import { AUTO_RESTART_AFTER_MS, FIRST_CHECK_DELAY_MS, type UpdateFeed } from '../../app/core/updates/update-policy';
import { ManualClock } from '../support/clock';
import { MemorySettings } from '../../app/core/services/settings-access';
import { silentLogger } from '../../app/core/ports';
import { DEFAULT_SETTINGS } from '../../app/core/settings/settings';
import { composeApp } from '../../app/compose-app';
import type { AppHost, RunningApp } from '../../app/shell/app-host';
import { APP_USER_MODEL_ID } from '../../app/shell/app-lifecycle';
import { startApp } from '../../app/shell/app-start';
import { SmokeRun } from '../../app/shell/smoke';
import { SettingsStore } from '../../app/shell/settings-store';
import { until } from '../support/until';
import { testHostPorts } from '../support/host-ports';
import { TestDialogs } from '../support/dialogs';
import { TestNotifications } from '../support/notifications';

const running: RunningApp[] = [];
let notifications = new TestNotifications();
let dialog = new TestDialogs();
let crashReporterStarts: CrashReporterStartOptions[] = [];
type ProcessListener = (...args: never[]) => unknown;
let processListeners: { uncaught: ProcessListener[]; rejection: ProcessListener[] };

beforeEach(() => {
  resetElectronFake();
  notifications = new TestNotifications();
  dialog = new TestDialogs();
  crashReporterStarts = [];
  processListeners = { uncaught: process.listeners('uncaughtException'), rejection: process.listeners('unhandledRejection') };
});

afterEach(async () => {
  for (const r of running.splice(0)) {
    r.quit();
    await r.stopped;
  }
  for (const l of process.listeners('uncaughtException')) if (!processListeners.uncaught.includes(l)) process.removeListener('uncaughtException', l);
  for (const l of process.listeners('unhandledRejection')) if (!processListeners.rejection.includes(l)) process.removeListener('unhandledRejection', l);
});

function host(overrides: Partial<AppHost> = {}): AppHost {
  return {
    paths: { preload: '/dist/preload.cjs', renderer: '/dist/renderer', trayIcons: path.resolve('build/tray') },
    platform: 'linux',
    demo: false,
    versions: { 'Clay Tray': '0.1.0-test' },
    openSettings: () => new MemorySettings(DEFAULT_SETTINGS),
    openSecrets: async () => new MemorySecretStore({}, 'keychain'),
    autostart: { directory: path.join(app.getPath('userData'), 'autostart'), executable: '/opt/clay-tray' },
    ports: testHostPorts({ notifications, dialogs: dialog, crashReporters: crashReporterStarts }),
    ...overrides,
  };
}

async function start(h: AppHost): Promise<RunningApp> {
  const r = await composeApp(h);
  if (!r) throw new Error('composeApp returned null');
  running.push(r);
  return r;
}

function theWindow(): FakeBrowserWindow {
  const all = BrowserWindow.getAllWindows();
  expect(all).toHaveLength(1);
  return all[0]!;
}

describe('composeApp start-up', () => {
  it('quits at once when another instance holds the lock', async () => {
    app.fake.singleInstanceLock = false;
    expect(await composeApp(host())).toBeNull();
    expect(app.fake.quitCalls).toBe(1);
    expect(FakeTray.all()).toHaveLength(0);
    expect(app.fake.sandboxEnabled).toBe(false);
  });

  it('enables the sandbox, guards, IPC and the tray; opens Settings when not set up', async () => {
    await start(host());
    expect(app.fake.sandboxEnabled).toBe(true);
    expect(app.fake.appUserModelId).toBeNull();
    expect(session.defaultSession.permissionRequestHandler).not.toBeNull();
    expect([...ipcMain.handlers.keys()].sort()).toEqual([...INVOKE_CHANNELS].sort());
    expect(FakeTray.all()).toHaveLength(1);
    expect(FakeTray.all()[0]!.image.path).toMatch(/tray-offline\.png$/);
    const win = theWindow();
    expect(win.isVisible()).toBe(true);
    win.webContents.emit('did-finish-load');
    expect(win.webContents.sent).toContainEqual({ channel: 'clay:navigation:did-request-view', args: ['settings'] });
    expect(win.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, preload: '/dist/preload.cjs' });
  });

  it('makes app:// privileged before ready and loads the window from it, not from file://', async () => {
    app.fake.ready = false;
    const starting = start(host());
    await Promise.resolve();
    expect(protocol.privileged).toEqual([{ schemes: [{ scheme: 'app', privileges: { standard: true, secure: true } }], whenReady: false }]);
    expect(protocol.isProtocolHandled('app')).toBe(false);
    app.fake.ready = true;
    app.emit('ready');
    await starting;
    expect(protocol.isProtocolHandled('app')).toBe(true);
    expect(theWindow().loaded).toEqual({ kind: 'url', target: 'app://clay-tray/index.html' });
  });

  it('sets the AppUserModelID on Windows', async () => {
    await start(host({ platform: 'win32' }));
    expect(app.fake.appUserModelId).toBe(APP_USER_MODEL_ID);
    expect(FakeTray.all()[0]!.image.path).toMatch(/win[/\\]tray-offline\.ico$/);
  });

  it('logs uncaught errors and keeps running', async () => {
    const r = await start(host());
    const added = process.listeners('uncaughtException').filter((l) => !processListeners.uncaught.includes(l));
    expect(added).toHaveLength(1);
    (added[0] as (e: Error) => void)(new Error('a stray bug'));
    const rejection = process.listeners('unhandledRejection').filter((l) => !processListeners.rejection.includes(l));
    (rejection[0] as (r: unknown) => void)('a stray rejection');
    const text = readFileSync(r.log.file.path, 'utf8');
    expect(text).toContain('a stray bug');
    expect(text).toContain('a stray rejection');
    expect(app.fake.quitCalls).toBe(0);
  });
});

describe('composeApp window and instance behaviour', () => {
  it('hides the window on close and shows it again on a second launch', async () => {
    await start(host());
    const win = theWindow();
    win.close();
    expect(win.isDestroyed()).toBe(false);
    expect(win.isVisible()).toBe(false);
    app.emit('second-instance', {}, ['clay-tray'], '/');
    expect(win.isVisible()).toBe(true);
    expect(win.focusCalls).toBeGreaterThanOrEqual(2);
  });

  it('answers IPC only from its own window', async () => {
    await start(host());
    const win = theWindow();
    const answer = (await ipcMain.invokeHandler('clay:status:get', invokeEventFrom(win.webContents))) as { ok: boolean; value: StatusSnapshot };
    expect(answer.ok).toBe(true);
    expect(answer.value.aggregate).toBe('stopped');
    const stranger = new BrowserWindow();
    expect(await ipcMain.invokeHandler('clay:status:get', invokeEventFrom(stranger.webContents))).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('tells the user when the settings file had to be replaced', async () => {
    const settings = Object.assign(new MemorySettings(DEFAULT_SETTINGS), { recovery: { message: 'Your settings could not be used: bad JSON. The file was kept as config.bad.json.' } });
    await start(host({ openSettings: () => settings }));
    const shown = notifications.shown();
    expect(shown.map((n) => n.options.body)).toContain('Your settings could not be used: bad JSON. The file was kept as config.bad.json.');
    expect(theWindow().isVisible()).toBe(true);
  });

  it('runs on the real electron-store settings and saves a change made over IPC', async () => {
    const directory = app.getPath('userData');
    await start(host({ openSettings: (logger) => SettingsStore.open({ directory, logger }) }));
    const win = theWindow();
    const answer = await ipcMain.invokeHandler('clay:settings:update', invokeEventFrom(win.webContents), { history: { maxDays: 30 } });
    expect(answer).toMatchObject({ ok: true, value: { history: { maxDays: 30 } } });
    const reopened = SettingsStore.open({ directory, logger: silentLogger });
    expect(reopened.get().history.maxDays).toBe(30);
  });

  it('writes start at login when the setting changes', async () => {
    const settings = new MemorySettings(DEFAULT_SETTINGS);
    const h = host({ openSettings: () => settings });
    await start(h);
    const win = theWindow();
    await ipcMain.invokeHandler('clay:settings:update', invokeEventFrom(win.webContents), { general: { startAtLogin: true } });
    expect(readFileSync(path.join(h.autostart.directory, 'clay-tray.desktop'), 'utf8')).toContain('Exec="/opt/clay-tray"');
  });
});

describe('composeApp demo mode and quit', () => {
  it('connects to the simulator, notifies, opens the event on click, and quits cleanly', async () => {
    const r = await start(host({ demo: true }));
    expect(r.demo).not.toBeNull();
    const tray = FakeTray.all()[0]!;
    await until('tray shows connected', () => /tray-(connected|paused)(-unread)?\.png$/.test(tray.image.path ?? '') && tray.tooltip.includes('Connected'));
    const shown = await until('a notification', () => notifications.shown()[0]);
    await until('unread marker', () => tray.image.path?.endsWith('-unread.png'));
    // Nothing on screen yet; an urgent demo incident may already have made the window, hidden, to sound the alarm.
    expect(BrowserWindow.getAllWindows().filter((w) => w.isVisible())).toEqual([]);

    shown.click();
    const win = theWindow();
    expect(win.isVisible()).toBe(true);
    win.webContents.emit('did-finish-load');
    const opened = win.webContents.sent.find((m) => m.channel === 'clay:navigation:did-request-event');
    expect(opened?.args[0]).toMatch(/^incident:/);

    const hub = r.demo!.hub;
    expect(hub.connections().length).toBeGreaterThan(0);
    tray.contextMenu!.click('Quit');
    await r.stopped;
    running.splice(running.indexOf(r), 1);
    expect(win.isDestroyed()).toBe(true);
    expect(tray.isDestroyed()).toBe(true);
    expect(app.fake.quitCalls).toBe(2);
    const log = readFileSync(r.log.file.path, 'utf8');
    expect(log).toContain('Stopped: connections closed and history flushed');
    expect(log).not.toMatch(/eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\./);
  });
});

describe('a start that never fails silently', () => {
  async function statusOf(win: FakeBrowserWindow): Promise<StatusSnapshot> {
    const answer = (await ipcMain.invokeHandler('clay:status:get', invokeEventFrom(win.webContents))) as { ok: true; value: StatusSnapshot };
    return answer.value;
  }

  it('starts with session-only history when the history file is a folder, and says so in the window and a notification', async () => {
    const historyDirectory = path.join(app.getPath('userData'), 'history');
    mkdirSync(path.join(historyDirectory, 'history.jsonl'), { recursive: true });
    const r = await start(host());
    expect(app.fake.exitCodes).toEqual([]);
    expect(FakeTray.all()).toHaveLength(1);
    const win = theWindow();
    expect(win.isVisible()).toBe(true);
    const notices = (await statusOf(win)).startupNotices;
    expect(notices).toEqual([
      `Your event history could not be opened: a folder is where the history file should be. The history at ${path.join(historyDirectory, 'history.jsonl')} was left as it is (it is a folder, not a file). Until this is fixed, events are kept only until Clay Tray quits.`,
    ]);
    expect(notifications.shown().map((n) => n.options.body)).toEqual(notices);
    expect(r.core.history.query({ offset: 0, limit: 10 })).toMatchObject({ ok: true, value: { total: 0 } });
  });

  it('copies a history file from a newer version aside, leaves it untouched, and starts', async () => {
    const historyDirectory = path.join(app.getPath('userData'), 'history');
    mkdirSync(historyDirectory, { recursive: true });
    const newer = '{"t":"h","v":99}\n{"t":"future","x":1}\n';
    writeFileSync(path.join(historyDirectory, 'history.jsonl'), newer);
    await start(host());
    const copies = readdirSync(historyDirectory).filter((name) => name.startsWith('history.unreadable-'));
    expect(copies).toHaveLength(1);
    const copy = path.join(historyDirectory, copies[0]!);
    expect(readFileSync(copy, 'utf8')).toBe(newer);
    expect(readFileSync(path.join(historyDirectory, 'history.jsonl'), 'utf8')).toBe(newer);
    const [notice] = (await statusOf(theWindow())).startupNotices;
    expect(notice).toBe(`Your event history could not be opened: it was written by a newer version of Clay Tray. A copy of the history file was kept as ${copy}. Until this is fixed, events are kept only until Clay Tray quits.`);
    expect(notifications.shown().map((n) => n.options.body)).toEqual([notice]);
  });

  it('falls back to default settings and a session-only secret store when opening them throws', async () => {
    const r = await start(
      host({
        openSettings: () => {
          throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
        },
        openSecrets: () => Promise.reject(new Error('keychain locked')),
      }),
    );
    const status = await statusOf(theWindow());
    expect(status.startupNotices).toEqual([
      'Your settings could not be opened (EACCES), so Clay Tray started with default settings. Changes you make now last only until it quits.',
      'The place Clay Tray keeps your client secret could not be opened (keychain locked). A secret you enter now is kept only until Clay Tray quits.',
    ]);
    expect(status.secret.location).toBe('none');
    expect(notifications.shown()).toHaveLength(2);
    expect(r.core.settings.get()).toMatchObject({ ok: true, value: DEFAULT_SETTINGS });
    expect(readFileSync(r.log.file.path, 'utf8')).toContain('Secret store could not be opened');
  });

  it('shows a native error box before exiting when the start fails outright', async () => {
    const broken = host();
    Object.defineProperty(broken, 'paths', {
      get() {
        throw new Error('the app folder is damaged');
      },
    });
    expect(await startApp(broken, composeApp)).toBeNull();
    expect(dialog.errorBoxes).toHaveLength(1);
    expect(dialog.errorBoxes[0]).toEqual({
      title: 'Clay Tray could not start',
      content: expect.stringMatching(/^Clay Tray could not start: the app folder is damaged\n\nDetails are in the log files in .+logs\. /) as unknown as string,
    });
    expect(app.fake.exitCodes).toEqual([1]);
    expect(existsSync(app.getPath('userData'))).toBe(true);
  });

  it('opens no modal error box in a headless (smoke) run, which would hang it', async () => {
    const broken = host({ headless: true });
    Object.defineProperty(broken, 'paths', {
      get() {
        throw new Error('the app folder is damaged');
      },
    });
    expect(await startApp(broken, composeApp)).toBeNull();
    expect(dialog.errorBoxes).toEqual([]);
    expect(app.fake.exitCodes).toEqual([1]);
  });
});


describe('composeApp: the alarm and notification buttons (Windows)', () => {
  it('creates the window hidden so its page can sound the alarm, and "Acknowledge" on a notification acknowledges the incident as this user', async () => {
    const r = await start(host({ demo: true, platform: 'win32' }));
    const hub = r.demo!.hub;
    await until('connected to the simulator', () => hub.connections().length > 0 && r.core.status.get().aggregate === 'connected');
    hub.emit('incident', { id: 'alarm-test-1', event_category: 'intrusion', lock_customer_reference: 'Alarm test door' }, hub.sites[0]!.id);
    await until('stored', () => r.core.history.get('incident:alarm-test-1').ok && (r.core.history.get('incident:alarm-test-1') as { value: unknown }).value !== null);
    const win = await until('a window for the alarm', () => BrowserWindow.getAllWindows()[0]);
    expect(win.isVisible()).toBe(false);
    win.webContents.emit('did-finish-load');
    await until('the ring reached the page', () => win.webContents.sent.some((m) => m.channel === 'clay:alarm:did-ring'));

    const notification = await until('its notification', () => notifications.shown().find((n) => n.options.body?.includes('Alarm test door')));
    expect(notification.options.actions?.map((a) => a.text)).toEqual(['Acknowledge', 'Open']);
    notification.chooseAction(0);
    const acknowledged = await until('acknowledged', () => {
      const item = r.core.history.get('incident:alarm-test-1');
      return item.ok && item.value?.kind === 'event' ? item.value.ack : null;
    });
    expect(acknowledged).toMatchObject({ by: userInfo().username, note: null });
  });
});

describe('composeApp crash reports, About and updates', () => {
  it('keeps crash reports local, and after a run that never quit tells the window when it ended', async () => {
    const first = await start(host());
    expect(crashReporterStarts).toEqual([expect.objectContaining({ uploadToServer: false })]);
    expect(app.getPath('crashDumps')).toBe(path.join(app.fake.userData, 'crash-reports'));
    const about = await ipcMain.invokeHandler('clay:about:get', invokeEventFrom(theWindow().webContents));
    expect(about).toMatchObject({ ok: true, value: { crashedAt: null, license: expect.any(String), update: { phase: 'unavailable' } } });
    expect((about as { value: AboutInfo }).value.dataFolders.map((f) => f.path)).toContain(path.join(app.fake.userData, 'crash-reports'));
    first.quit();
    await first.stopped;
    running.splice(running.indexOf(first), 1);

    // A run that is killed leaves its marker behind; the next start reads it.
    writeFileSync(path.join(app.fake.userData, 'run-marker.json'), JSON.stringify({ aliveAt: '2026-11-30T10:02:00.000Z' }));
    const userData = app.fake.userData;
    resetElectronFake();
    app.fake.userData = userData;
    await start(host());
    const after = await ipcMain.invokeHandler('clay:about:get', invokeEventFrom(theWindow().webContents));
    expect(after).toMatchObject({ ok: true, value: { crashedAt: '2026-11-30T10:02:00.000Z' } });
  });

  it('holds a downloaded update while Settings has unsaved changes, and installs it on "Restart to update"', async () => {
    const installs: string[] = [];
    const feed: UpdateFeed = {
      install: { kind: 'self' },
      check: () => Promise.resolve({ version: '9.9.9' }),
      download: () => Promise.resolve(),
      quitAndInstall: () => installs.push('install'),
    };
    const clock = new ManualClock(Date.now());
    const r = await start(host({ updateFeed: () => feed, clock }));
    const win = theWindow();
    win.webContents.emit('did-finish-load');
    await ipcMain.invokeHandler('clay:updates:set-editing', invokeEventFrom(win.webContents), true);
    clock.advance(FIRST_CHECK_DELAY_MS);
    await until('update ready', () => r.core.updates.current().phase === 'ready');
    expect(r.core.updates.current().message).toContain('while Settings has changes that are not saved');
    expect(win.webContents.sent.some((m) => m.channel === 'clay:updates:did-change' && (m.args[0] as UpdateState).phase === 'ready')).toBe(true);
    clock.advance(AUTO_RESTART_AFTER_MS);
    expect(installs).toEqual([]);
    FakeTray.all()[0]!.contextMenu!.click('Restart to update (Clay Tray 9.9.9)');
    expect(installs).toEqual(['install']);
  });
});

describe('composeApp --smoke (the in-app half of npm run smoke)', () => {
  const lines: string[] = [];
  const exits: number[] = [];
  const io = { out: (line: string) => lines.push(line), exit: (code: number) => exits.push(code) };
  const windowOpened = (): Promise<FakeBrowserWindow> => until('the window', () => BrowserWindow.getAllWindows()[0] as FakeBrowserWindow | undefined);
  beforeEach(() => {
    lines.length = 0;
    exits.length = 0;
  });

  it('passes tray, window, notification and clean quit, then exits 0', async () => {
    const r = await start(host({ demo: true }));
    const done = new SmokeRun(io).run(r);
    const win = await windowOpened();
    win.webContents.emit('console-message', { message: 'History loaded' });
    win.webContents.emit('did-finish-load');
    await done;
    running.splice(running.indexOf(r), 1);
    expect(lines).toEqual(['clay-tray smoke: passed: tray, window without CSP violations, notification, clean quit']);
    expect(exits).toEqual([0]);
    expect(notifications.shown().length).toBeGreaterThan(0);
    expect(win.isDestroyed()).toBe(true);
  });

  it('fails at "window" when the page reports a CSP violation', async () => {
    const r = await start(host({ demo: true }));
    const done = new SmokeRun(io).run(r);
    const win = await windowOpened();
    win.webContents.emit('console-message', { message: "Refused to apply inline style because it violates the following Content Security Policy directive: \"style-src 'self'\"." });
    win.webContents.emit('did-finish-load');
    await done;
    expect(exits).toEqual([1]);
    expect(lines[0]).toMatch(/^clay-tray smoke: FAILED at step "window": the page broke its Content-Security-Policy: Refused to apply inline style/);
  });

  it('fails at "window" when the page does not load', async () => {
    const r = await start(host({ demo: true }));
    const done = new SmokeRun(io).run(r);
    const win = await windowOpened();
    win.webContents.emit('did-fail-load', {}, -6, 'ERR_FILE_NOT_FOUND', 'file:///dist/renderer/index.html');
    await done;
    expect(exits).toEqual([1]);
    expect(lines).toEqual(['clay-tray smoke: FAILED at step "window": the page did not load: ERR_FILE_NOT_FOUND (-6) at file:///dist/renderer/index.html']);
  });

  it('fails at "notification" when the system has no notifications', async () => {
    notifications.supported = false;
    const r = await start(host({ demo: true }));
    const done = new SmokeRun(io).run(r);
    (await windowOpened()).webContents.emit('did-finish-load');
    await done;
    expect(lines).toEqual(['clay-tray smoke: FAILED at step "notification": this system offers no notifications (Notification.isSupported() is false)']);
    expect(exits).toEqual([1]);
  });

  it('names the step in progress when the time runs out, once', async () => {
    const r = await start(host({ demo: true }));
    const done = new SmokeRun(io, 500).run(r);
    await until('the watchdog', () => exits.length > 0);
    expect(lines).toEqual(['clay-tray smoke: FAILED at step "window": did not finish within 0.5 s']);
    (await windowOpened()).webContents.emit('did-finish-load');
    await done;
    expect(exits).toEqual([1]);
  });
});
