import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';

// The bundled composition root, run for real in a child Node process in demo mode: only the
// `electron` import is swapped for the typed fake (no Electron binary exists here). This catches
// what unit tests cannot: ESM/CJS interop of the bundled dependencies, and the wiring order.
const root = path.resolve('.');
const outDir = path.join(root, 'test-output', 'main-bundle');

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('dist main bundle', () => {
  it('starts in demo mode and connects every subscription to the simulator', async () => {
    mkdirSync(outDir, { recursive: true });
    // The same settings scripts/build.mjs uses for dist/main.js.
    await build({
      entryPoints: [path.join(root, 'app/main.ts')],
      outfile: path.join(outDir, 'main.js'),
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'esm',
      packages: 'external',
      logLevel: 'silent',
    });
    const fake = pathToFileURL(path.join(root, 'test/support/electron.ts')).href;
    const hookBody = `export async function resolve(s, c, next) { return next(s === 'electron' ? ${JSON.stringify(fake)} : s, c); }`;
    writeFileSync(
      path.join(outDir, 'electron-hook.mjs'),
      `import { register } from 'node:module';\nregister('data:text/javascript,' + encodeURIComponent(${JSON.stringify(hookBody)}));\n`,
    );

    const child = spawn(process.execPath, ['--import', 'tsx', '--import', './electron-hook.mjs', 'main.js', '--demo'], {
      cwd: outDir,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let log = '';
    child.stderr.setEncoding('utf8');
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no full connect within 30 s; log so far:\n${log}`)), 30_000);
        child.on('exit', (code) => {
          clearTimeout(timer);
          reject(new Error(`the app exited with ${code}:\n${log}`));
        });
        child.stderr.on('data', (chunk: string) => {
          log += chunk;
          if ((log.match(/Connected to http:\/\/127\.0\.0\.1:\d+\/hub\//g) ?? []).length >= 6) {
            clearTimeout(timer);
            resolve();
          }
        });
      });
    } finally {
      child.kill('SIGTERM');
    }
    expect(log).toContain('demo":true');
    expect(log).toContain('Running {"notConnectingBecause":null}');
    expect(log).not.toMatch(/ERROR/);
  });
});
