/**
 * What the composition root (app/compose-app.ts) is given and what it hands back. app/main.ts
 * fills an `AppHost` from Electron and the command line; the shell tests fill one with fakes.
 */
import type { SettingsSource } from '../core/services/settings-access';
import type { AppCore } from '../core/services/app-core';
import type { Clock, Logger, SecretStore } from '../core/ports';
import type { UpdateFeed } from '../core/updates/update-policy';
import type { Demo } from './demo';
import type { HostPorts } from './host-ports';
import type { AppLog } from './log';
import type { ShellNotifier } from './notifier';
import type { TrayIcon } from './tray';
import type { MainWindow } from './windows';

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
