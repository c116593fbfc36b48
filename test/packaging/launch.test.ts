/**
 * scripts/launch.mjs (`npm start`, `npm run demo`), run for real as a child process from a scratch
 * copy of the project layout (so the shared dist/ is neither needed nor touched). The Electron
 * binary is missing here; the download goes to a closed loopback port, so it fails fast and
 * nothing leaves the machine.
 */
import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { chmod, copyFile, mkdir, mkdtemp, readFile, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const LIMIT_MS = 60_000;

interface Outcome {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

let project: string;
let closedPort: number;
/** Where the binary is looked for in the failure cases: empty, even on a machine that has Electron. */
let noElectron: string;

function launch(args: readonly string[], env: NodeJS.ProcessEnv): Promise<Outcome> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(project, 'scripts', 'launch.mjs'), ...args], { cwd: project, env, timeout: LIMIT_MS }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** The environment with every Electron download/override knob removed, plus `extra`. */
function environment(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(electron_|ELECTRON_|npm_config_electron)/i.test(key)) env[key] = value;
  }
  return { ...env, electron_config_cache: path.join(project, 'electron-cache'), ...extra };
}

async function freePortThenClose(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

beforeAll(async () => {
  project = await mkdtemp(path.join(tmpdir(), 'clay-launch-'));
  await mkdir(path.join(project, 'scripts'));
  await mkdir(path.join(project, 'node_modules'));
  await mkdir(path.join(project, 'electron-cache'));
  noElectron = path.join(project, 'no-electron');
  await mkdir(noElectron);
  for (const script of ['launch.mjs', 'electron-binary.mjs']) await copyFile(path.join(root, 'scripts', script), path.join(project, 'scripts', script));
  // The real electron package, as installed here: its binary was never downloaded.
  await symlink(path.join(root, 'node_modules', 'electron'), path.join(project, 'node_modules', 'electron'), 'dir');
  closedPort = await freePortThenClose();
});

afterAll(async () => {
  await rm(project, { recursive: true, force: true });
});

describe('launch.mjs without the Electron binary', () => {
  it('tries the download, then explains in one line and exits 1', async () => {
    const outcome = await launch(['--demo'], environment({ ELECTRON_OVERRIDE_DIST_PATH: noElectron, ELECTRON_MIRROR: `http://127.0.0.1:${closedPort}/` }));

    expect(outcome.code).toBe(1);
    expect(outcome.stdout).toContain('downloading the Electron binary');
    const lines = outcome.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    // Electron 45's installer downloads with fetch, whose first line says only "fetch failed".
    expect(lines[0]).toMatch(/^clay-tray: the Electron binary is not installed and could not be downloaded \(.*(ECONNREFUSED|fetch failed).*\); on a machine with internet run "node node_modules\/electron\/install\.js"$/);
  });

  it('says why when downloads are switched off, without trying one', async () => {
    const outcome = await launch([], environment({ ELECTRON_OVERRIDE_DIST_PATH: noElectron, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' }));

    expect(outcome.code).toBe(1);
    expect(outcome.stdout).toBe('');
    expect(outcome.stderr).toBe(
      'clay-tray: the Electron binary is not installed and could not be downloaded (ELECTRON_SKIP_BINARY_DOWNLOAD is set, so no download was tried); on a machine with internet run "node node_modules/electron/install.js"\n',
    );
  });
});

describe('launch.mjs with an Electron binary', () => {
  let electronDir: string;

  beforeAll(async () => {
    // electron's index.js honours ELECTRON_OVERRIDE_DIST_PATH: a stand-in that reports how it was run.
    electronDir = path.join(project, 'stand-in-electron');
    await mkdir(electronDir);
    const report = path.join(project, 'electron-run.txt');
    await writeFile(
      path.join(electronDir, 'electron'),
      `#!/bin/sh\nprintf '%s\\n' "cwd=$PWD" "args=$*" "run-as-node=\${ELECTRON_RUN_AS_NODE:-unset}" > '${report}'\necho from-electron\nexit 7\n`,
    );
    await chmod(path.join(electronDir, 'electron'), 0o755);
  });

  it('refuses to start without a build, in one line', async () => {
    const outcome = await launch([], environment({ ELECTRON_OVERRIDE_DIST_PATH: electronDir }));
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toBe('clay-tray: dist/main.js is missing; run "npm run build" first\n');
  });

  it.runIf(process.platform !== 'win32')('runs Electron on the project folder with our arguments, inheriting stdio and its exit code', async () => {
    await mkdir(path.join(project, 'dist'), { recursive: true });
    await writeFile(path.join(project, 'dist', 'main.js'), '');
    const outcome = await launch(['--demo'], environment({ ELECTRON_OVERRIDE_DIST_PATH: electronDir, ELECTRON_RUN_AS_NODE: '1' }));

    expect(outcome.code).toBe(7);
    expect(outcome.stdout).toBe('from-electron\n');
    const report = await readFile(path.join(project, 'electron-run.txt'), 'utf8');
    expect(report).toBe(`cwd=${await realpath(project)}\nargs=. --demo\nrun-as-node=unset\n`);
  });
});
