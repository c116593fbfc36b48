/**
 * scripts/smoke.mjs (`npm run smoke`), run for real from a scratch copy of the project layout with a
 * stand-in build step, so the shared dist/ is not rebuilt under other tests. Without an Electron
 * binary (as here and on CI) it must say so in one line and exit 0; with one (a stand-in that
 * reports how it was run) it runs the app with --demo --smoke, under xvfb-run without a display,
 * and passes the app's verdict on.
 */
import { execFile } from 'node:child_process';
import { chmod, copyFile, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

let project: string;
let standIn: string;
let report: string;

interface Outcome {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function smoke(env: NodeJS.ProcessEnv): Promise<Outcome> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(project, 'scripts', 'smoke.mjs')], { cwd: project, env, timeout: 90_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
    });
  });
}

/** No Electron knobs from this machine; a display unless `display` is false. */
function environment(extra: NodeJS.ProcessEnv, display = true): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(electron_|ELECTRON_|npm_config_electron|DISPLAY$|WAYLAND_DISPLAY$)/i.test(key)) env[key] = value;
  }
  return { ...env, electron_config_cache: path.join(project, 'electron-cache'), ...(display ? { DISPLAY: ':99' } : {}), ...extra };
}

beforeAll(async () => {
  project = await mkdtemp(path.join(tmpdir(), 'clay-smoke-'));
  await mkdir(path.join(project, 'scripts'));
  await mkdir(path.join(project, 'node_modules'));
  await mkdir(path.join(project, 'electron-cache'));
  for (const script of ['smoke.mjs', 'electron-binary.mjs']) await copyFile(path.join(root, 'scripts', script), path.join(project, 'scripts', script));
  // The build step is the real script's job elsewhere; here it only leaves a mark.
  await writeFile(path.join(project, 'scripts', 'build.mjs'), "import { writeFileSync } from 'node:fs';\nwriteFileSync('built.txt', 'yes');\n");
  await symlink(path.join(root, 'node_modules', 'electron'), path.join(project, 'node_modules', 'electron'), 'dir');
  standIn = path.join(project, 'stand-in-electron');
  report = path.join(project, 'electron-run.txt');
  await mkdir(standIn);
  await writeFile(path.join(standIn, 'electron'), `#!/bin/sh\nprintf '%s\\n' "args=$*" > '${report}'\necho "clay-tray smoke: passed"\nexit "\${STAND_IN_EXIT:-0}"\n`);
  await chmod(path.join(standIn, 'electron'), 0o755);
});

afterAll(async () => {
  await rm(project, { recursive: true, force: true });
});

describe('npm run smoke', () => {
  it('without an Electron binary: builds, then says so in one line and exits 0', async () => {
    const empty = path.join(project, 'no-electron');
    await mkdir(empty, { recursive: true });
    const outcome = await smoke(environment({ ELECTRON_OVERRIDE_DIST_PATH: empty, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' }));
    expect(outcome.code).toBe(0);
    expect(await readFile(path.join(project, 'built.txt'), 'utf8')).toBe('yes');
    expect(outcome.stdout).toBe(
      'clay-tray smoke: skipped, no Electron binary here: the Electron binary is not installed and could not be downloaded (ELECTRON_SKIP_BINARY_DOWNLOAD is set, so no download was tried); on a machine with internet run "node node_modules/electron/install.js"\n',
    );
    expect(outcome.stderr).toBe('');
  });

  it.runIf(process.platform === 'linux')('runs the app with --demo --smoke and passes its exit code on', async () => {
    const passed = await smoke(environment({ ELECTRON_OVERRIDE_DIST_PATH: standIn }));
    expect(passed).toMatchObject({ code: 0, stdout: 'clay-tray smoke: passed\n' });
    expect(await readFile(report, 'utf8')).toMatch(/^args=\. --demo --smoke( --no-sandbox)?\n$/);
    const failed = await smoke(environment({ ELECTRON_OVERRIDE_DIST_PATH: standIn, STAND_IN_EXIT: '1' }));
    expect(failed.code).toBe(1);
    const crashed = await smoke(environment({ ELECTRON_OVERRIDE_DIST_PATH: standIn, STAND_IN_EXIT: '139' }));
    expect(crashed.code).toBe(1);
    expect(crashed.stdout).toContain('clay-tray smoke: FAILED: the app ended with exit code 139 before reporting a result');
  });

  it.runIf(process.platform === 'linux')('without a display and without xvfb-run, names the missing piece and fails', async () => {
    // A PATH holding only node: no xvfb-run to be found.
    const bin = path.join(project, 'only-node');
    await mkdir(bin, { recursive: true });
    await symlink(process.execPath, path.join(bin, 'node')).catch(() => undefined);
    const outcome = await smoke(environment({ ELECTRON_OVERRIDE_DIST_PATH: standIn, PATH: bin }, false));
    expect(outcome.code).toBe(1);
    expect(outcome.stdout).toBe('clay-tray smoke: FAILED at step "display": there is no display and xvfb-run is not installed (apt-get install xvfb)\n');
  });
});
