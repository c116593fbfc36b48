/**
 * The tray code and the committed icons agree: every path app/shell/tray.ts asks for, on every OS,
 * in every state, is a file in build/tray (and so, through extraResources, in resources/tray).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { trayIconPath, type TrayPlatform, type TrayState } from '../../app/shell/tray';

const trayDirectory = fileURLToPath(new URL('../../build/tray', import.meta.url));
const STATES: readonly TrayState[] = ['connected', 'connecting', 'offline', 'auth-failed', 'paused'];
const PLATFORMS: readonly TrayPlatform[] = ['linux', 'win32', 'darwin'];

describe('tray icon paths', () => {
  it.each(PLATFORMS)('%s: every state, with and without unread, has its icon file', (platform) => {
    const missing: string[] = [];
    for (const state of STATES) {
      for (const unread of [false, true]) {
        const file = trayIconPath(trayDirectory, platform, state, unread);
        if (!existsSync(file)) missing.push(path.relative(trayDirectory, file));
        // Electron picks the @2x file beside a PNG on high-DPI screens.
        if (file.endsWith('.png') && !existsSync(file.replace(/\.png$/, '@2x.png'))) missing.push(`${path.relative(trayDirectory, file)} @2x`);
      }
    }
    expect(missing).toEqual([]);
  });
});
