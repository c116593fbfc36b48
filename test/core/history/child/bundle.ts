import { build } from 'esbuild';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Bundles a child (and the real store it imports) into one plain .mjs, so each of the many child
 * processes starts as fast as `node` itself rather than paying for a TS loader.
 */
export async function bundleAppendChild(): Promise<string> {
  return bundleChild('append-child');
}

export async function bundleChild(name: 'append-child' | 'acknowledge-child'): Promise<string> {
  const outfile = join(await mkdtemp(join(tmpdir(), 'clay-history-child-')), `${name}.mjs`);
  await build({
    entryPoints: [fileURLToPath(new URL(`./${name}.ts`, import.meta.url))],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'error',
    // The app core pulls in CommonJS packages (ws, @microsoft/signalr) that `require` Node's modules.
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
  });
  return outfile;
}
