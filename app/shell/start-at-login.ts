/**
 * "Start at login" as a setting. macOS and Windows have it through `app.setLoginItemSettings`;
 * on Linux Electron has no such API, so the freedesktop autostart entry is written instead.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from '../core/ports';
import type { SetLoginItem } from './host-ports';

export interface StartAtLoginOptions {
  readonly platform: NodeJS.Platform;
  readonly logger: Logger;
  /** macOS and Windows: the login item (Electron's app.setLoginItemSettings). */
  readonly setLoginItem: SetLoginItem;
  /** The Linux autostart folder, normally `$XDG_CONFIG_HOME/autostart` or `~/.config/autostart`. */
  readonly autostartDirectory: string;
  /** What the autostart entry runs: the AppImage path or the installed executable. */
  readonly executable: string;
}

export const AUTOSTART_FILE = 'clay-tray.desktop';

export function linuxAutostartEntry(executable: string): string {
  // Desktop-entry Exec quoting: wrap in quotes and escape the characters the spec reserves.
  const quoted = `"${executable.replace(/(["`$\\])/g, '\\$1')}"`;
  return ['[Desktop Entry]', 'Type=Application', 'Name=Clay Tray', `Exec=${quoted}`, 'X-GNOME-Autostart-enabled=true', 'Terminal=false', ''].join('\n');
}

export function applyStartAtLogin(enabled: boolean, options: StartAtLoginOptions): void {
  try {
    if (options.platform === 'linux') {
      const file = path.join(options.autostartDirectory, AUTOSTART_FILE);
      if (enabled) {
        mkdirSync(options.autostartDirectory, { recursive: true });
        writeFileSync(file, linuxAutostartEntry(options.executable), { mode: 0o644 });
      } else {
        rmSync(file, { force: true });
      }
    } else {
      options.setLoginItem({ openAtLogin: enabled });
    }
    options.logger.info('Start at login', { enabled });
  } catch (error) {
    options.logger.warn('Could not change start at login', { enabled, reason: error instanceof Error ? error.message : String(error) });
  }
}
