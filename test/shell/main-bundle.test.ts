import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type BuildOptions, type Metafile } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';

// The bundled composition root, run for real in a child Node process in demo mode: only the
// `electron` import is swapped for the typed fake (no Electron binary exists here). This catches
// what unit tests cannot: ESM/CJS interop of the bundled dependencies, and the wiring order.
const root = path.resolve('.');
const outDir = path.join(root, 'test-output', 'main-bundle');

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

/** The same options scripts/build.mjs uses for dist/main.js (and dist/demo-hub.js, its own chunk). */
async function buildMain(): Promise<Metafile> {
  const script = pathToFileURL(path.join(root, 'scripts/main-build.mjs')).href;
  const { mainBuildOptions } = (await import(script)) as { mainBuildOptions: (root: string, outdir: string) => BuildOptions };
  const result = await build({ ...mainBuildOptions(root, outDir), sourcemap: false, logLevel: 'silent', metafile: true });
  return result.metafile;
}

/** The source files in an output and in everything it imports statically (what loads without `--demo`). */
function staticInputs(metafile: Metafile, output: string): Set<string> {
  const inputs = new Set<string>();
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const out = metafile.outputs[file];
    if (out === undefined) return;
    for (const input of Object.keys(out.inputs)) inputs.add(input);
    for (const imported of out.imports) if (imported.kind === 'import-statement' && !imported.external) visit(imported.path);
  };
  visit(output);
  return inputs;
}

const outputPath = (name: string): string => path.relative(root, path.join(outDir, name));

describe('dist main bundle', () => {
  it('starts in demo mode and connects every subscription to the simulator', async () => {
    mkdirSync(outDir, { recursive: true });
    await buildMain();
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

  it('keeps the hub simulator out of main.js: demo mode loads it from its own file', async () => {
    mkdirSync(outDir, { recursive: true });
    const metafile = await buildMain();
    const simulator = (input: string): boolean => input.startsWith('app/dev-hub/') || input === 'app/shell/demo.ts';
    const main = [...staticInputs(metafile, outputPath('main.js'))];
    expect(main).toContain('app/main.ts');
    expect(main.filter(simulator)).toEqual([]);
    // The check can fail: the demo file holds the simulator, and main.js reaches it only by a dynamic import.
    expect([...staticInputs(metafile, outputPath('demo-hub.js'))].filter(simulator)).toEqual(expect.arrayContaining(['app/dev-hub/dev-hub.ts', 'app/shell/demo.ts']));
    const mainOutput = metafile.outputs[outputPath('main.js')];
    expect(mainOutput?.imports).toContainEqual(expect.objectContaining({ path: outputPath('demo-hub.js'), kind: 'dynamic-import' }));
    // And in the text: none of the simulator's names is in main.js or the chunks it loads.
    const loaded = Object.keys(metafile.outputs).filter((file) => file.endsWith('.js') && !file.endsWith('demo-hub.js'));
    for (const file of loaded) expect(readFileSync(path.join(root, file), 'utf8')).not.toMatch(/startDevHub|EventGenerator|SIM_SITES/);
    expect(readFileSync(path.join(outDir, 'demo-hub.js'), 'utf8')).toMatch(/startDevHub/);
  });
});
