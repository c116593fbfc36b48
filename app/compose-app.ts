/**
 * The composition root: core and shell wired together in the order they start, from the
 * single-instance lock to the tray. app/main.ts runs it with Electron's host pieces; the shell
 * tests run the same function against the Electron fake. Behaviour lives in the modules it names;
 * here is only what is made from what, and when.
 */
import path from 'node:path';
import { app } from 'electron';
import { Emitter } from './common/event';
import { CONTRACT } from './common/ipc-contract';
import { t } from './common/messages/catalog';
import { crashReportLines, RunMarker } from './core/diagnostics/crash-reports';
import { readNotices } from './core/diagnostics/notices';
import { SecretMemory } from './core/diagnostics/secret-memory';
import { systemClock } from './core/ports';
import { AppCore } from './core/services/app-core';
import { aboutInfo } from './shell/about-info';
import type { AppHost, RunningApp } from './shell/app-host';
import { APP_USER_MODEL_ID, handleQuit, keepAliveOnErrors, quitApp } from './shell/app-lifecycle';
import { appPageUrl, registerAppScheme, serveAppScheme } from './shell/app-protocol';
import { startCrashReporting } from './shell/crash-reporting';
import { createIpcHandlers } from './shell/ipc-handlers';
import { registerIpcHandlers } from './shell/ipc-main';
import { createAppLog } from './shell/log';
import { ShellNotifier } from './shell/notifier';
import { watchPowerAndNetwork } from './shell/power';
import { routeCorePushes } from './shell/push-routing';
import { installSecurityGuards } from './shell/security';
import { applyStartAtLogin } from './shell/start-at-login';
import { openStores } from './shell/startup-fallback';
import { systemProxyResolver } from './shell/system-proxy';
import { TrayIcon, type TrayPlatform } from './shell/tray';
import { policyFeed } from './shell/updater';
import { UrgentAttention } from './shell/urgent-attention';
import { UrgentBadge } from './shell/urgent-badge';
import { MainWindow } from './shell/windows';

/** Returns null when another instance already runs (this one then quits at once). */
export async function composeApp(host: AppHost): Promise<RunningApp | null> {
  // One instance: a second launch only shows the first one's window (see 'second-instance').
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return null;
  }
  // Before ready: the sandbox, the privileged app:// scheme, the Windows AppUserModelID, crash dumps.
  app.enableSandbox();
  registerAppScheme();
  if (host.platform === 'win32') app.setAppUserModelId(APP_USER_MODEL_ID);
  const crashDirectory = startCrashReporting(host.ports.startCrashReporter);

  // Logging. The secret memory is shared: the log redacts what the core's secrets service remembers.
  const clock = host.clock ?? systemClock;
  const userData = app.getPath('userData');
  const logDirectory = path.join(userData, 'logs');
  const knownSecrets = new SecretMemory();
  const log = createAppLog({ directory: logDirectory, secrets: () => knownSecrets.values(), ...(host.echoLog ? { echo: host.echoLog } : {}) });
  const logger = log.logger;
  keepAliveOnErrors(logger);
  const runMarker = RunMarker.start(path.join(userData, host.demo ? 'run-marker-demo.json' : 'run-marker.json'), clock, logger.child('crash'));
  // With no listener Electron quits when the last window closes; this app lives in the tray.
  app.on('window-all-closed', () => undefined);

  await app.whenReady();
  // `session` may only be touched once the app is ready; no window exists before this point.
  installSecurityGuards(logger.child('security'));
  serveAppScheme(host.paths.renderer, logger.child('app-scheme'));
  logger.info('Starting', { ...host.versions, demo: host.demo });

  // Settings and secrets: the simulator's in demo mode (its own bundle, dist/demo-hub.js, loaded
  // only then), otherwise the real stores, each falling back with a notice when it cannot open.
  const demo = host.demo ? await (await import('./shell/demo')).startDemo({ logger: logger.child('demo'), clock }) : null;
  const stores = demo ? { settings: demo.settings, secrets: demo.secrets, secretNote: null, startupNotices: [] } : await openStores(host, logger);
  const historyDirectory = path.join(userData, demo ? 'demo-history' : 'history');

  // What the core drives: the window (alarm sound, pushes), its badge, and notifications. What
  // they report back (a click, "Acknowledge", a refused notification) is relayed to the core below.
  const platform = trayPlatform(host.platform);
  const windowShown = new Emitter<void>();
  const acknowledgeRequests = new Emitter<string>();
  const permissionChanges = new Emitter<void>();
  const window = new MainWindow({ preload: host.paths.preload, pageUrl: appPageUrl(), onDidShow: () => windowShown.fire() });
  const badge = new UrgentBadge({ platform, window: () => window.current() });
  const attention = new UrgentAttention({ platform, window: () => window.current() });
  windowShown.event(() => badge.apply());
  const notifier = new ShellNotifier({
    notifications: host.ports.notifications,
    logger: logger.child('notifier'),
    platform: host.platform,
    onClick: (eventKey) => {
      window.show('history');
      if (eventKey !== null) window.send(CONTRACT.navigation.onDidRequestEvent.channel, eventKey);
    },
    onAcknowledge: (eventKey) => acknowledgeRequests.fire(eventKey),
    onDidChangePermission: () => permissionChanges.fire(),
  });

  // The core: history, connections, alerts, settings, secrets, updates.
  const core = await AppCore.create({
    ...stores,
    historyDirectory,
    notifier,
    clock,
    logger,
    versions: host.versions,
    notificationPermission: () => notifier.permission(),
    recentProblems: () => log.recentProblems(),
    systemProxy: systemProxyResolver(host.ports.resolveProxy, logger.child('proxy')),
    crashReports: () => crashReportLines(crashDirectory),
    knownSecrets,
    // The updater quits the app to install; the window must then really close rather than hide.
    updateFeed: policyFeed(host.updateFeed?.(logger.child('updates')) ?? null, () => window.allowClose()),
  });
  acknowledgeRequests.event((eventKey) => {
    void core.history.acknowledge({ keys: [eventKey], note: null }).then((result) => {
      if (!result.ok) logger.warn('Acknowledging from a notification failed', { reason: result.error.message });
    });
  });
  permissionChanges.event(() => core.status.notificationPermissionChanged());

  // The shell around it: power and network, the tray, pushes, start at login, IPC, quit handling.
  const stopWatchingPower = watchPowerAndNetwork({
    power: host.ports.power,
    reconnectNow: () => core.connection.reconnectNow(),
    renewConnections: (_reason, lostAt) => core.connection.renewConnections(lostAt),
    clock,
    logger: logger.child('power'),
  });
  const tray = new TrayIcon(
    {
      iconDirectory: host.paths.trayIcons,
      platform,
      actions: {
        openHistory: () => window.show('history'),
        openSettings: () => window.show('settings'),
        pause: (request) => core.notifications.pause(request),
        resume: () => core.notifications.resume(),
        reconnectNow: () => core.connection.reconnectNow(),
        restartToUpdate: () => core.updates.restartNow(),
        quit: () => quitApp(window),
      },
    },
    core.status.get(),
  );
  badge.update(core.status.get().unacknowledgedUrgent);

  const startAtLogin = (enabled: boolean): void =>
    applyStartAtLogin(enabled, {
      platform: host.platform,
      logger: logger.child('login-item'),
      setLoginItem: host.ports.setLoginItem,
      autostartDirectory: host.autostart.directory,
      executable: host.autostart.executable,
    });
  const startAtLoginNow = stores.settings.get().general.startAtLogin;
  routeCorePushes(core, { window, tray, badge, attention, startAtLogin: { now: startAtLoginNow, apply: startAtLogin } });
  if (!demo) startAtLogin(startAtLoginNow);

  const notices = readNotices(host.paths.notices ?? '');
  registerIpcHandlers({
    handlers: createIpcHandlers({
      core,
      logger: logger.child('ipc'),
      dialogs: host.ports.dialogs,
      clipboard: host.ports.clipboard,
      parentWindow: () => window.current(),
      defaultDirectory: () => app.getPath('documents'),
      about: () =>
        aboutInfo({
          versions: host.versions,
          folders: { userData, logs: logDirectory, crashReports: crashDirectory },
          notices,
          update: core.updates.current(),
          crashedAt: runMarker.previousRunEndedAt,
        }),
      setEditingSettings: (editing) => core.updates.settingsBeingEdited(editing),
      restartToUpdate: () => core.updates.restartNow(),
    }),
    isOwnContents: (contents) => window.isOwnContents(contents),
    logger: logger.child('ipc'),
  });
  app.on('second-instance', () => window.show());
  app.on('activate', () => window.show());
  const stopped = handleQuit({
    allowWindowClose: () => window.allowClose(),
    stopAtOnce: [stopWatchingPower, () => core.updates.stop(), () => notifier.closeAll()],
    stopInTime: async () => {
      await core.stop();
      await demo?.stop();
    },
    takeDown: [() => tray.destroy(), () => window.destroy(), () => runMarker.stop()],
    clock,
    logger,
  });

  // Start: connect, look for updates, and say what went wrong on the way (also in the window's
  // status area, which opens on Settings).
  await core.start();
  core.updates.start();
  core.startupNotices.forEach((notice, index) => {
    notifier.show({ tag: `clay:startup-notice:${index}`, title: t('startup.title'), body: notice, eventKey: null, urgent: false });
  });
  if (core.startupNotices.length > 0 || (!demo && core.status.notConnectingBecause !== null)) window.show('settings');
  logger.info('Running', { notConnectingBecause: core.status.notConnectingBecause });
  return { core, window, tray, log, demo, notifier, quit: () => quitApp(window), stopped };
}

function trayPlatform(platform: NodeJS.Platform): TrayPlatform {
  return platform === 'win32' || platform === 'darwin' ? platform : 'linux';
}
