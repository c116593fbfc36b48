/**
 * vitest's `electron` alias reaches ES modules only. CommonJS packages that `require('electron')`
 * themselves (electron-updater) load natively, so the fake is put in Node's require cache under the
 * real package's path: their `require('electron')` then returns the same typed fake.
 */
import { createRequire } from 'node:module';
import electron from './electron';

export function useElectronFakeForRequire(): void {
  const require = createRequire(import.meta.url);
  const id = require.resolve('electron');
  require.cache[id] = { id, filename: id, loaded: true, exports: electron, children: [], paths: [] } as unknown as NodeJS.Module;
}
