import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../app/core/ports';
import { applyStartAtLogin, AUTOSTART_FILE, linuxAutostartEntry } from '../../app/shell/start-at-login';

let dir: string;
let loginItemSettings: { readonly openAtLogin: boolean }[] = [];
const setLoginItem = (settings: { readonly openAtLogin: boolean }): void => void loginItemSettings.push(settings);
beforeEach(() => {
  loginItemSettings = [];
  dir = mkdtempSync(path.join(tmpdir(), 'clay-autostart-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('start at login', () => {
  it('uses the login item API on macOS and Windows', () => {
    for (const platform of ['darwin', 'win32'] as const) {
      applyStartAtLogin(true, { platform, logger: silentLogger, setLoginItem, autostartDirectory: dir, executable: '/x' });
      applyStartAtLogin(false, { platform, logger: silentLogger, setLoginItem, autostartDirectory: dir, executable: '/x' });
    }
    expect(loginItemSettings).toEqual([{ openAtLogin: true }, { openAtLogin: false }, { openAtLogin: true }, { openAtLogin: false }]);
    expect(existsSync(path.join(dir, AUTOSTART_FILE))).toBe(false);
  });

  it('writes and removes a freedesktop autostart entry on Linux', () => {
    const autostart = path.join(dir, 'autostart');
    applyStartAtLogin(true, { platform: 'linux', logger: silentLogger, setLoginItem, autostartDirectory: autostart, executable: '/opt/Clay Tray/clay-tray' });
    const file = path.join(autostart, AUTOSTART_FILE);
    expect(readFileSync(file, 'utf8')).toContain('Exec="/opt/Clay Tray/clay-tray"');
    applyStartAtLogin(false, { platform: 'linux', logger: silentLogger, setLoginItem, autostartDirectory: autostart, executable: '/opt/Clay Tray/clay-tray' });
    expect(existsSync(file)).toBe(false);
    expect(loginItemSettings).toEqual([]);
  });

  it('quotes the reserved characters in Exec', () => {
    expect(linuxAutostartEntry('/a/$HOME/"x"`y`\\z')).toContain('Exec="/a/\\$HOME/\\"x\\"\\`y\\`\\\\z"');
  });
});
