// Builds every runnable piece into dist/: the CLI (plain Node), Electron's main process and preload,
// and the renderer. Runs on `npm install` (prepare), so `npx clay-tray` works on a fresh clone.
import { build } from 'esbuild';
import { existsSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { mainBuildOptions, NODE_BUILD } from './main-build.mjs';
import { writeNotices } from './notices.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const at = (p) => path.join(root, p);

rmSync(at('dist'), { recursive: true, force: true });

await Promise.all([
  build({ ...NODE_BUILD, entryPoints: [at('app/cli/main.ts')], outfile: at('dist/cli.js'), format: 'esm' }),
  build(mainBuildOptions(root, at('dist'))),
  // A sandboxed preload cannot be an ES module, and can require nothing but electron: the contract's
  // schema library is bundled into it.
  build({ ...NODE_BUILD, entryPoints: [at('app/preload.ts')], outfile: at('dist/preload.cjs'), format: 'cjs', packages: undefined, external: ['electron'] }),
]);

if (existsSync(at('renderer/vite.config.ts'))) {
  const { build: viteBuild } = await import('vite');
  await viteBuild({ configFile: at('renderer/vite.config.ts'), logLevel: 'warn' });
}

// The About view's licence and third-party notices, from the production dependency tree.
writeNotices(root, at('dist/notices.json'));
