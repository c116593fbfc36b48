import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Shell code imports `electron`; no binary runs here, so tests get a fake typed against electron.d.ts.
    alias: { electron: fileURLToPath(new URL('./test/support/electron.ts', import.meta.url)) },
  },
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/bench/**', 'node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // electron-store imports `electron` itself: inline it so the alias above reaches it too.
    server: { deps: { inline: ['electron-store'] } },
  },
});
