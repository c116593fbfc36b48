/**
 * The update feed for app/core/updates/update-policy.ts, backed by electron-updater. Which updater runs
 * follows how this copy was installed, the way electron-updater itself decides:
 * Windows NSIS, macOS zip (Squirrel.Mac) and Linux AppImage update themselves; a deb install only
 * hears that a version exists (its package manager updates it); a copy run from source or unpacked
 * does not update. The feed is the one electron-builder's `publish` config wrote into
 * `app-update.yml` (GitHub releases for the project's own builds), unless Settings names a generic
 * server. Errors become words here; the policy decides what is worth showing.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import electronUpdater, { type AppUpdater } from 'electron-updater';
import type { UpdateChannel } from '../common/settings';
import type { Logger } from '../core/ports';
import { UpdateFeedError, type InstallKind, type UpdateFeed } from '../core/updates/update-policy';

export interface UpdaterHost {
  readonly platform: NodeJS.Platform;
  readonly isPackaged: boolean;
  /** Electron's `process.resourcesPath`: holds `app-update.yml` and, for a deb, `package-type`. */
  readonly resourcesPath: string;
  /** Set by the AppImage runtime to the AppImage's own path. */
  readonly appImage: string | undefined;
  readonly demo: boolean;
  readonly logger: Logger;
}

type Flavour = 'nsis' | 'mac' | 'appimage' | 'deb';

/** What kind of install this is, from the same signals electron-updater reads. */
export function detectInstall(host: Omit<UpdaterHost, 'logger'>): { readonly install: InstallKind; readonly flavour: Flavour | null } {
  if (host.demo) return { install: { kind: 'none', reason: 'Demo mode does not look for updates.' }, flavour: null };
  if (!host.isPackaged) {
    return { install: { kind: 'none', reason: 'This copy of Clay Tray runs from source, so it does not update itself.' }, flavour: null };
  }
  if (host.platform === 'win32') return { install: { kind: 'self' }, flavour: 'nsis' };
  if (host.platform === 'darwin') return { install: { kind: 'self' }, flavour: 'mac' };
  if (host.appImage) return { install: { kind: 'self' }, flavour: 'appimage' };
  if (packageType(host.resourcesPath) === 'deb') return { install: { kind: 'package-manager' }, flavour: 'deb' };
  return {
    install: { kind: 'none', reason: 'This copy of Clay Tray was not installed from an AppImage or a package, so it does not update itself.' },
    flavour: null,
  };
}

function packageType(resourcesPath: string): string | null {
  const file = path.join(resourcesPath, 'package-type');
  try {
    return existsSync(file) ? readFileSync(file, 'utf8').trim() : null;
  } catch {
    return null;
  }
}

export function createUpdateFeed(host: UpdaterHost): UpdateFeed {
  const { install, flavour } = detectInstall(host);
  let updater: AppUpdater | null = null;
  let appliedFeed: string | null = null;

  function instance(): AppUpdater {
    if (updater) return updater;
    if (flavour === null) throw new UpdateFeedError('This copy of Clay Tray does not update itself.', false);
    const { NsisUpdater, MacUpdater, AppImageUpdater, DebUpdater } = electronUpdater;
    const created: AppUpdater =
      flavour === 'nsis' ? new NsisUpdater() : flavour === 'mac' ? new MacUpdater() : flavour === 'appimage' ? new AppImageUpdater() : new DebUpdater();
    created.autoDownload = false;
    // "Install on quit": a downloaded update replaces the app whenever it quits.
    created.autoInstallOnAppQuit = true;
    created.logger = updaterLogger(host.logger);
    // The policy reports failures; without a listener an 'error' event would throw.
    created.on('error', () => undefined);
    updater = created;
    return created;
  }

  return {
    install,
    async check(channel: UpdateChannel, feedUrl: string | null) {
      try {
        const u = instance();
        if (feedUrl !== null && feedUrl !== appliedFeed) u.setFeedURL({ provider: 'generic', url: feedUrl });
        appliedFeed = feedUrl;
        u.channel = channel === 'beta' ? 'beta' : 'latest';
        u.allowPrerelease = channel === 'beta';
        // Setting a channel allows downgrades; leaving beta must not roll the app back.
        u.allowDowngrade = false;
        const result = await u.checkForUpdates();
        if (result === null) throw new UpdateFeedError('This copy of Clay Tray does not update itself.', false);
        return result.isUpdateAvailable ? { version: result.updateInfo.version } : null;
      } catch (error) {
        throw inWords(error);
      }
    },
    async download() {
      try {
        await instance().downloadUpdate();
      } catch (error) {
        throw inWords(error);
      }
    },
    quitAndInstall() {
      // Silent on Windows (the user already chose), and start the new version afterwards.
      instance().quitAndInstall(true, true);
    },
  };
}

const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']);

/** electron-updater's and the network's errors, as something a person at a security desk can read. */
export function inWords(error: unknown): UpdateFeedError {
  if (error instanceof UpdateFeedError) return error;
  const code = typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : '';
  const message = error instanceof Error ? error.message : String(error);
  const status = typeof error === 'object' && error !== null && 'statusCode' in error ? Number((error as { statusCode: unknown }).statusCode) : NaN;
  if (UNREACHABLE_CODES.has(code) || /net::ERR_(INTERNET_DISCONNECTED|NAME_NOT_RESOLVED|CONNECTION_|NETWORK_|ADDRESS_UNREACHABLE|PROXY_|TIMED_OUT)/.test(message) || status >= 502) {
    return new UpdateFeedError('The update server could not be reached.', true);
  }
  if (code === 'ERR_UPDATER_CHANNEL_FILE_NOT_FOUND' || code === 'ERR_UPDATER_LATEST_VERSION_NOT_FOUND' || code === 'ERR_UPDATER_NO_PUBLISHED_VERSIONS' || status === 404) {
    return new UpdateFeedError('The update server has no release for this channel yet.', false);
  }
  if (code === 'ENOSPC') return new UpdateFeedError('There is not enough free disk space to download the update.', false);
  if (code === 'ERR_UPDATER_INVALID_SIGNATURE') {
    return new UpdateFeedError('The downloaded update is not signed by the Clay Tray developers, so it was not used.', false);
  }
  if (/sha512 checksum mismatch|checksum/i.test(message)) {
    return new UpdateFeedError('The downloaded update was damaged on the way (its checksum did not match), so it was not used.', false);
  }
  if (status === 401 || status === 403) return new UpdateFeedError('The update server refused the request.', false);
  return new UpdateFeedError('The update server gave an answer Clay Tray could not use.', false);
}

/** electron-updater logs through our redacting logger, one scope. */
function updaterLogger(logger: Logger): AppUpdater['logger'] {
  const scoped = logger.child('updater');
  return {
    info: (message?: unknown) => scoped.info(String(message)),
    warn: (message?: unknown) => scoped.warn(String(message)),
    error: (message?: unknown) => scoped.warn(String(message)),
    debug: (message: string) => scoped.debug(message),
  };
}

/**
 * The feed the core's update policy gets: this copy's feed, or "does not update" without one.
 * `beforeInstall` runs just before the updater quits the app (the window must then really close).
 */
export function policyFeed(feed: UpdateFeed | null, beforeInstall: () => void): UpdateFeed {
  return {
    install: feed?.install ?? { kind: 'none', reason: 'This copy of Clay Tray does not update itself.' },
    check: (channel, feedUrl) => (feed ? feed.check(channel, feedUrl) : Promise.resolve(null)),
    download: () => (feed ? feed.download() : Promise.resolve()),
    quitAndInstall: () => {
      beforeInstall();
      feed?.quitAndInstall();
    },
  };
}
