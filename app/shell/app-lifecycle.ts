/**
 * The desktop app's life from launch to quit: single instance, sandbox, AppUserModelID, the
 * error handlers that keep it alive, then core + shell wired together, living in the tray until
 * Quit. `app/main.ts` passes the real host pieces; tests pass fakes, which is why this is a
 * function and not top-level code.
 */
import path from 'node:path';
import { app } from 'electron';
import { Emitter } from '../common/event';
import type { AboutInfo, AlarmRing, NotificationPermission, StatusSnapshot, UpdateState } from '../common/models';
import type { Settings } from '../common/settings';
import { AppCore } from '../core/services/app-core';
import type { SettingsSource } from '../core/services/settings-access';
import { crashReportLines, RunMarker } from '../core/diagnostics/crash-reports';
import { SecretMemory } from '../core/diagnostics/secret-memory';
import { readNotices } from '../core/diagnostics/notices';
import { systemClock, type Clock, type Logger, type SecretStore } from '../core/ports';
import type { UpdateFeed } from '../core/updates/update-policy';
import { appPageUrl, registerAppScheme, serveAppScheme } from './app-protocol';
import { startCrashReporting } from './crash-reporting';
import type { Demo } from './demo';
import { createIpcHandlers } from './ipc-handlers';
import { registerIpcHandlers } from './ipc-main';
import { createAppLog, type AppLog } from './log';
import { ShellNotifier } from './notifier';
import type { HostPorts } from './host-ports';
import { watchPowerAndNetwork } from './power';
import { installSecurityGuards } from './security';
import { systemProxyResolver } from './system-proxy';
import { applyStartAtLogin } from './start-at-login';
import { TrayIcon, type TrayPlatform } from './tray';
import { UrgentAttention } from './urgent-attention';
import { UrgentBadge } from './urgent-badge';
import { openSecretsOrSession, openSettingsOrDefaults } from './startup-fallback';
import { MainWindow } from './windows';
import { CONTRACT } from '../common/ipc-contract';
import { t } from '../common/messages/catalog';

export const APP_USER_MODEL_ID = 'dev.claytray.app';
/** A quit waits this long for connections to close and history to flush, then goes anyway. */
export const QUIT_TIMEOUT_MS = 5_000;

export interface HostPaths {
  readonly preload: string;
  /** The built renderer folder (dist/renderer/), served to the window as app://clay-tray/. */
  readonly renderer: string;
  /** The folder holding `linux/`, `win/` and `mac/` tray icon sets. */
  readonly trayIcons: string;
  /** dist/notices.json, written by the build (scripts/notices.mjs). */
  readonly notices?: string;
}

export interface AppHost {
  readonly paths: HostPaths;
  readonly platform: NodeJS.Platform;
  readonly demo: boolean;
  readonly versions: Readonly<Record<string, string>>;
  /** `recovery` says the settings file was unusable and what was done with it. */
  readonly openSettings: (logger: Logger) => SettingsSource & { readonly recovery?: { readonly message: string } | null };
  readonly openSecrets: (logger: Logger) => Promise<SecretStore & { readonly fallbackReason?: string | null }>;
  /** Linux start-at-login: the autostart folder and the command it should run. */
  readonly autostart: { readonly directory: string; readonly executable: string };
  /** Power, network and proxy facts from the host (Electron's, built by app/main.ts). */
  readonly ports: HostPorts;
  readonly clock?: Clock;
  /** Also print log lines here (stderr in development). */
  readonly echoLog?: (line: string) => void;
  /** Where updates come from (app/shell/updater.ts); without one this copy does not update. */
  readonly updateFeed?: (logger: Logger) => UpdateFeed;
  /** No native error box when the start fails (the smoke run reports in its own line; a modal box would hang it). */
  readonly headless?: boolean;
}

export interface RunningApp {
  readonly core: AppCore;
  readonly window: MainWindow;
  readonly tray: TrayIcon;
  readonly log: AppLog;
  readonly demo: Demo | null;
  readonly notifier: ShellNotifier;
  /** The Quit menu item: stops everything cleanly, then exits. */
  quit(): void;
  /** Resolves once the stop after a quit has finished; `clean` false when part of it failed or timed out. */
  readonly stopped: Promise<{ readonly clean: boolean }>;
}

function trayPlatform(platform: NodeJS.Platform): TrayPlatform {
  return platform === 'win32' || platform === 'darwin' ? platform : 'linux';
}

/** Returns null when another instance already runs (this one then quits at once). */
export async function runApp(host: AppHost): Promise<RunningApp | null> {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return null;
  }
  app.enableSandbox();
  // Schemes can only be made privileged before the app is ready.
  registerAppScheme();
  if (host.platform === 'win32') app.setAppUserModelId(APP_USER_MODEL_ID);
  const crashDirectory = startCrashReporting();

  const clock = host.clock ?? systemClock;
  // Made first and shared: the log redacts what the core's secrets service remembers.
  const knownSecrets = new SecretMemory();
  const log = createAppLog({ directory: path.join(app.getPath('userData'), 'logs'), secrets: () => knownSecrets.values(), ...(host.echoLog ? { echo: host.echoLog } : {}) });
  const logger = log.logger;
  keepAliveOnErrors(logger);
  const runMarker = RunMarker.start(path.join(app.getPath('userData'), host.demo ? 'run-marker-demo.json' : 'run-marker.json'), clock, logger.child('crash'));
  // With no listener Electron quits when the last window closes; this app lives in the tray.
  app.on('window-all-closed', () => undefined);

  await app.whenReady();
  // `session` may only be touched once the app is ready; no window exists before this point.
  installSecurityGuards(logger.child('security'));
  serveAppScheme(host.paths.renderer, logger.child('app-scheme'));
  logger.info('Starting', { ...host.versions, demo: host.demo });

  // Loaded only in demo mode: the simulator lives in its own bundle (dist/demo-hub.js), not in main.js.
  const demo = host.demo ? await (await import('./demo')).startDemo({ logger: logger.child('demo'), clock }) : null;
  let settings: SettingsSource;
  let secrets: SecretStore;
  let secretNote: string | null = null;
  const startupNotices: string[] = [];
  if (demo) {
    settings = demo.settings;
    secrets = demo.secrets;
  } else {
    const opened = openSettingsOrDefaults(host, logger);
    settings = opened.settings;
    if (opened.notice !== null) startupNotices.push(opened.notice);
    const openedSecrets = await openSecretsOrSession(host, logger);
    secrets = openedSecrets.secrets;
    secretNote = openedSecrets.secrets.fallbackReason ?? null;
    if (openedSecrets.notice !== null) startupNotices.push(openedSecrets.notice);
  }
  // What the window and notifier report before the core exists is relayed once it does (see below).
  const windowShown = new Emitter<void>();
  const acknowledgeRequests = new Emitter<string>();
  const permissionChanges = new Emitter<void>();
  const window = new MainWindow({ preload: host.paths.preload, pageUrl: appPageUrl(), onDidShow: () => windowShown.fire() });
  const badge = new UrgentBadge({ platform: trayPlatform(host.platform), window: () => window.current() });
  const attention = new UrgentAttention({ platform: trayPlatform(host.platform), window: () => window.current() });
  windowShown.event(() => badge.apply());
  const notifier = new ShellNotifier({
    logger: logger.child('notifier'),
    platform: host.platform,
    onClick: (eventKey) => {
      window.show('history');
      if (eventKey !== null) window.send(CONTRACT.navigation.onDidRequestEvent.channel, eventKey);
    },
    onAcknowledge: (eventKey) => acknowledgeRequests.fire(eventKey),
    onDidChangePermission: () => permissionChanges.fire(),
  });
  const historyDirectory = path.join(app.getPath('userData'), demo ? 'demo-history' : 'history');
  const feed = host.updateFeed?.(logger.child('updates')) ?? null;
  const running = await AppCore.create({
    settings,
    secrets,
    historyDirectory,
    notifier,
    clock,
    logger,
    versions: host.versions,
    notificationPermission: (): NotificationPermission => notifier.permission(),
    recentProblems: () => log.recentProblems(),
    secretNote,
    startupNotices,
    systemProxy: systemProxyResolver(host.ports.resolveProxy, logger.child('proxy')),
    crashReports: () => crashReportLines(crashDirectory),
    knownSecrets,
    // Updates never restart the app on their own under an unacknowledged urgent incident or unsaved settings.
    updateFeed: {
      install: feed?.install ?? { kind: 'none', reason: 'This copy of Clay Tray does not update itself.' },
      check: (channel, feedUrl) => (feed ? feed.check(channel, feedUrl) : Promise.resolve(null)),
      download: () => (feed ? feed.download() : Promise.resolve()),
      quitAndInstall: () => {
        // The updater quits the app; the window must really close rather than hide.
        window.allowClose();
        feed?.quitAndInstall();
      },
    },
  });
  acknowledgeRequests.event((eventKey) => {
    void running.history.acknowledge({ keys: [eventKey], note: null }).then((result) => {
      if (!result.ok) logger.warn('Acknowledging from a notification failed', { reason: result.error.message });
    });
  });
  permissionChanges.event(() => running.status.notificationPermissionChanged());

  const quit = (): void => {
    window.allowClose();
    app.quit();
  };

  const tray = new TrayIcon(
    {
      iconDirectory: host.paths.trayIcons,
      platform: trayPlatform(host.platform),
      actions: {
        openHistory: () => window.show('history'),
        openSettings: () => window.show('settings'),
        pause: (request) => running.notifications.pause(request),
        resume: () => running.notifications.resume(),
        reconnectNow: () => running.connection.reconnectNow(),
        restartToUpdate: () => running.updates.restartNow(),
        quit,
      },
    },
    running.status.get(),
  );
  badge.update(running.status.get().unacknowledgedUrgent);

  const notices = readNotices(host.paths.notices ?? '');
  const about = (): AboutInfo => ({
    versions: host.versions,
    dataFolders: [
      { label: 'Settings and history', path: app.getPath('userData') },
      { label: 'Logs', path: path.join(app.getPath('userData'), 'logs') },
      { label: 'Crash reports (kept on this computer, never sent)', path: crashDirectory },
    ],
    ...notices,
    update: running.updates.current(),
    crashedAt: runMarker.previousRunEndedAt,
  });

  const startAtLogin = (s: Settings): void =>
    applyStartAtLogin(s.general.startAtLogin, { platform: host.platform, logger: logger.child('login-item'), ...autostartOf(host) });
  let lastStartAtLogin = settings.get().general.startAtLogin;
  running.onDidEmit((event) => {
    if (event.channel === CONTRACT.alarm.onDidRing.channel) {
      const ring = event.payload as AlarmRing;
      // The sound plays in the window's page: a hidden window plays it too, but it has to exist.
      if (ring.bringToFront) window.show('history');
      else window.prepare();
      attention.ring(ring);
    }
    window.send(event.channel, event.payload as never);
    if (event.channel === CONTRACT.updates.onDidChange.channel) tray.showUpdate(event.payload as UpdateState);
    if (event.channel === CONTRACT.status.onDidChange.channel) {
      tray.update(event.payload as StatusSnapshot);
      badge.update((event.payload as StatusSnapshot).unacknowledgedUrgent);
      attention.update((event.payload as StatusSnapshot).unacknowledgedUrgent);
    }
    if (event.channel === CONTRACT.settings.onDidChange.channel) {
      const s = event.payload as Settings;
      if (s.general.startAtLogin !== lastStartAtLogin) {
        lastStartAtLogin = s.general.startAtLogin;
        startAtLogin(s);
      }
    }
  });
  if (!demo) startAtLogin(settings.get());

  registerIpcHandlers({
    handlers: createIpcHandlers({
      core: running,
      logger: logger.child('ipc'),
      parentWindow: () => window.current(),
      defaultDirectory: () => app.getPath('documents'),
      about,
      setEditingSettings: (editing) => running.updates.settingsBeingEdited(editing),
      restartToUpdate: () => running.updates.restartNow(),
    }),
    isOwnContents: (contents) => window.isOwnContents(contents),
    logger: logger.child('ipc'),
  });

  app.on('second-instance', () => window.show());
  app.on('activate', () => window.show());

  const stopWatching = watchPowerAndNetwork({
    power: host.ports.power,
    reconnectNow: () => running.connection.reconnectNow(),
    renewConnections: (_reason, lostAt) => running.connection.renewConnections(lostAt),
    clock,
    logger: logger.child('power'),
  });

  let cleanedUp = false;
  let cleaning = false;
  const stopped = new Promise<{ clean: boolean }>((resolve) => {
    app.on('before-quit', (event) => {
      // An OS-initiated quit (logout, Cmd+Q) must close the window for real, too.
      window.allowClose();
      if (cleanedUp) return;
      event.preventDefault();
      if (cleaning) return;
      cleaning = true;
      void cleanUp().then((clean) => {
        cleanedUp = true;
        resolve({ clean });
        app.quit();
      });
    });
  });

  async function cleanUp(): Promise<boolean> {
    let clean = true;
    logger.info('Quitting');
    stopWatching();
    running.updates.stop();
    notifier.closeAll();
    await withTimeout(
      (async () => {
        await running.stop();
        await demo?.stop();
      })(),
      QUIT_TIMEOUT_MS,
      clock,
    ).catch((error: unknown) => {
      clean = false;
      logger.error('A clean stop failed', { reason: error instanceof Error ? error.message : String(error) });
    });
    tray.destroy();
    window.destroy();
    runMarker.stop();
    return clean;
  }

  await running.start();
  running.updates.start();
  // Shown in the window's status area too (StatusSnapshot.startupNotices), which opens on Settings.
  running.startupNotices.forEach((notice, index) => {
    notifier.show({ tag: `clay:startup-notice:${index}`, title: t('startup.title'), body: notice, eventKey: null, urgent: false });
  });
  if (running.startupNotices.length > 0 || (!demo && running.status.notConnectingBecause !== null)) window.show('settings');
  logger.info('Running', { notConnectingBecause: running.status.notConnectingBecause });
  return { core: running, window, tray, log, demo, notifier, quit, stopped };
}

function autostartOf(host: AppHost): { autostartDirectory: string; executable: string } {
  return { autostartDirectory: host.autostart.directory, executable: host.autostart.executable };
}

/** Logged and survived: one bad event or callback must not take the tray away. */
function keepAliveOnErrors(logger: Logger): void {
  process.on('uncaughtException', (error) => {
    logger.error('Uncaught exception', { error: error instanceof Error ? `${error.name}: ${error.message}\n${error.stack ?? ''}` : String(error) });
  });
  process.on('unhandledRejection', (reason) => {
    logger.error('Unhandled promise rejection', { reason: reason instanceof Error ? `${reason.name}: ${reason.message}` : String(reason) });
  });
}

function withTimeout(work: Promise<void>, ms: number, clock: Clock): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = clock.setTimeout(() => reject(new Error(`did not finish within ${ms} ms`)), ms);
    work.then(
      () => {
        clock.clearTimeout(timer);
        resolve();
      },
      (error: unknown) => {
        clock.clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
