// How dist/main.js is built, shared by scripts/build.mjs and the bundle test so both build the same thing.
// Code splitting keeps demo mode's hub simulator (app/shell/demo.ts and app/dev-hub/) out of main.js:
// the composition root (app/compose-app.ts) loads it with a dynamic import only when `--demo` is given, so esbuild writes it to its
// own file, dist/demo-hub.js, and puts code both need into dist/chunks/.
import path from 'node:path';

/** What every Node-side bundle (main, CLI, preload) shares. */
export const NODE_BUILD = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  // Dependencies stay in node_modules: keytar is native, and electron-builder ships production deps.
  packages: 'external',
};

/** esbuild options for the main process, writing into `outdir` (dist/ for the real build). */
export function mainBuildOptions(root, outdir) {
  return {
    ...NODE_BUILD,
    format: 'esm',
    splitting: true,
    entryPoints: { main: path.join(root, 'app/main.ts'), 'demo-hub': path.join(root, 'app/shell/demo.ts') },
    outdir,
    entryNames: '[name]',
    chunkNames: 'chunks/[name]-[hash]',
  };
}
