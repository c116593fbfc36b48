import { defineConfig, type Plugin } from 'vite';
import { ALARM_SOUND_IDS, alarmSoundPath } from '../app/common/alarm.ts';
import { alarmWav } from '../scripts/alarm-sound.ts';

/** The alarm sounds are made at build time (scripts/alarm-sound.ts), not kept as binaries in git. */
const alarmSound: Plugin = {
  name: 'clay-alarm-sound',
  generateBundle() {
    for (const sound of ALARM_SOUND_IDS) this.emitFile({ type: 'asset', fileName: alarmSoundPath(sound), source: alarmWav(sound) });
  },
};

// Loaded by Electron through loadFile (file://), so every asset URL must be relative.
export default defineConfig({
  // import.meta.dirname, not node:url: renderer/ may not import Node built-ins (lint), even here.
  root: import.meta.dirname,
  base: './',
  logLevel: 'warn',
  plugins: [alarmSound],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'chrome130',
    // The polyfill would be dead weight in Chromium, and vite must never inline a script the CSP blocks.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    sourcemap: true,
  },
});
