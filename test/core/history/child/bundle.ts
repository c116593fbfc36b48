import { build } from 'esbuild';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Bundles the append child (and the real store it imports) into one plain .mjs, so each of the
 * many child processes starts as fast as `node` itself rather than paying for a TS loader.
 */
export async function bundleAppendChild(): Promise<string> {
  const outfile = join(await mkdtemp(join(tmpdir(), 'clay-history-child-')), 'append-child.mjs');
  await build({
    entryPoints: [fileURLToPath(new URL('./append-child.ts', import.meta.url))],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'error',
  });
  return outfile;
}
