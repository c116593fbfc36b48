#!/usr/bin/env node
// `npm run smoke`: the check to run on a machine with internet before a release. Builds, then runs
// the real Electron app with `--demo --smoke` (under xvfb-run when there is no display). The app
// itself checks, in order, that its tray exists, its window loaded the page without a CSP violation,
// the first demo incident was handed to the OS notifier and a clean quit finished (app/shell/smoke.ts),
// and exits 0, or 1 with a line naming the step that failed. This script allows it 60 s.
// Where no Electron binary can be had (no network, or ELECTRON_SKIP_BINARY_DOWNLOAD as on CI) it
// says so in one line and exits 0: there is nothing to launch, and that is not a failed check.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronEnvironment, findElectron } from './electron-binary.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
export const SMOKE_TIMEOUT_MS = 60_000;

function say(text) {
  process.stdout.write(`clay-tray smoke: ${text}\n`);
}

const build = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) {
  say('FAILED at step "build": scripts/build.mjs did not finish (see above)');
  process.exit(1);
}

const electron = await findElectron({ announce: false });
if (!electron.binary) {
  say(`skipped, no Electron binary here: ${electron.missing}`);
  process.exit(0);
}

let command = electron.binary;
// Chromium refuses to run as root with its sandbox on; the app's own renderer sandbox still applies.
let args = ['.', '--demo', '--smoke', ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])];
if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
  if (spawnSync('xvfb-run', ['--help'], { stdio: 'ignore' }).error) {
    say('FAILED at step "display": there is no display and xvfb-run is not installed (apt-get install xvfb)');
    process.exit(1);
  }
  args = ['-a', command, ...args];
  command = 'xvfb-run';
}

const child = spawn(command, args, { cwd: root, stdio: 'inherit', env: electronEnvironment() });
const timer = setTimeout(() => {
  say(`FAILED: the app did not exit within ${SMOKE_TIMEOUT_MS / 1000} s`);
  child.kill('SIGKILL');
  process.exit(1);
}, SMOKE_TIMEOUT_MS);
child.on('error', (error) => {
  say(`FAILED at step "start": Electron could not start: ${error.message}`);
  process.exit(1);
});
child.on('exit', (code, signal) => {
  clearTimeout(timer);
  if (code !== 0 && code !== 1) say(`FAILED: the app ended with ${signal ?? `exit code ${code}`} before reporting a result`);
  process.exit(code === 0 ? 0 : 1);
});
