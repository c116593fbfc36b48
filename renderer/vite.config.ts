import { defineConfig, type Plugin } from 'vite';
import { ALARM_SOUND_PATH } from '../app/common/alarm.ts';
import { alarmWav } from '../scripts/alarm-sound.ts';

/** The alarm sound is made at build time (scripts/alarm-sound.ts), not kept as a binary in git. */
const alarmSound: Plugin = {
  name: 'clay-alarm-sound',
  generateBundle() {
    this.emitFile({ type: 'asset', fileName: ALARM_SOUND_PATH, source: alarmWav() });
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
