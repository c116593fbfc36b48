import { defineConfig } from 'vite';

// Loaded by Electron through loadFile (file://), so every asset URL must be relative.
export default defineConfig({
  // import.meta.dirname, not node:url: renderer/ may not import Node built-ins (lint), even here.
  root: import.meta.dirname,
  base: './',
  logLevel: 'warn',
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
