// Finds the Electron binary for `npm start`, `npm run demo` and `npm run smoke`. package.json denies
// electron's own install script (its download would fail `npm install` where the host is
// unreachable), so on first use the binary may be missing: it is downloaded once here, and when that
// cannot work the caller gets the reason in words instead of a stack trace.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const DOWNLOAD_LIMIT_MS = 15 * 60_000;
export const INSTALL_HINT = 'on a machine with internet run "node node_modules/electron/install.js"';

/**
 * The binary's path, or null when it was never downloaded. Read the way electron's index.js reads
 * it (path.txt, ELECTRON_OVERRIDE_DIST_PATH) rather than by requiring it: since Electron 45 a
 * `require('electron')` without the binary starts a download itself and prints its stack traces.
 */
function electronBinary(packageDir) {
  const pathFile = path.join(packageDir, 'path.txt');
  const executable = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const binary = override ? path.join(override, executable || 'electron') : executable ? path.join(packageDir, 'dist', executable) : null;
  return binary !== null && existsSync(binary) ? binary : null;
}

/** Runs electron's own install script; resolves with why it did not work, or null. */
function download(installScript) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [installScript], { stdio: ['ignore', 'ignore', 'pipe'] });
    let errors = '';
    child.stderr.on('data', (chunk) => (errors += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), DOWNLOAD_LIMIT_MS);
    child.on('error', (error) => resolve(error.message));
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) return resolve(null);
      // The script prints a stack; its first line names the failure.
      const first = errors.split('\n').find((line) => line.trim() !== '')?.trim();
      resolve(signal ? `gave up after ${DOWNLOAD_LIMIT_MS / 60_000} minutes` : (first ?? `install script exited ${code}`).slice(0, 200));
    });
  });
}

/**
 * `{ binary }`, downloading it first if needed, or `{ missing }`: why there is none, in words.
 * `announce` false keeps the "downloading" notice off stdout (the smoke run reports in one line).
 */
export async function findElectron({ announce = true } = {}) {
  let packageDir;
  try {
    packageDir = path.dirname(require.resolve('electron/package.json'));
  } catch {
    return { missing: 'the electron package is not installed; run "npm install" in the clay-tray folder' };
  }
  const found = electronBinary(packageDir);
  if (found) return { binary: found };

  let reason;
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
    reason = 'ELECTRON_SKIP_BINARY_DOWNLOAD is set, so no download was tried';
  } else {
    if (announce) process.stdout.write('clay-tray: first start: downloading the Electron binary...\n');
    reason = await download(path.join(packageDir, 'install.js'));
  }
  const binary = electronBinary(packageDir);
  if (binary) return { binary };
  return { missing: `the Electron binary is not installed and could not be downloaded (${reason ?? 'the download left no binary'}); ${INSTALL_HINT}` };
}

/** The environment Electron should run in: a parent shell (e.g. an editor's terminal) may set ELECTRON_RUN_AS_NODE, which would run it as plain Node. */
export function electronEnvironment() {
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  return env;
}
