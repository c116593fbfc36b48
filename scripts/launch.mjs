#!/usr/bin/env node
// `npm start` / `npm run demo`: runs the built app (dist/) in Electron, passing our arguments through.
// package.json denies electron's own install script (its download would fail `npm install` where the
// host is unreachable), so on the first start the binary may be missing: we download it once here,
// and if that cannot work we say so in one line instead of a stack trace.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const require = createRequire(import.meta.url);
const DOWNLOAD_LIMIT_MS = 15 * 60_000;
const INSTALL_HINT = 'on a machine with internet run "node node_modules/electron/install.js"';

function fail(message) {
  process.stderr.write(`clay-tray: ${message}\n`);
  process.exit(1);
}

/** The binary's path, or null when electron's package says it was never downloaded. */
function electronBinary() {
  const entry = require.resolve('electron');
  delete require.cache[entry]; // it reads path.txt once; look again after a download
  try {
    const binary = require('electron');
    return typeof binary === 'string' && existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
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

async function ensureElectron() {
  let packageDir;
  try {
    packageDir = path.dirname(require.resolve('electron/package.json'));
  } catch {
    fail('the electron package is not installed; run "npm install" in the clay-tray folder');
  }
  const found = electronBinary();
  if (found) return found;

  let reason;
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
    reason = 'ELECTRON_SKIP_BINARY_DOWNLOAD is set, so no download was tried';
  } else {
    process.stdout.write('clay-tray: first start: downloading the Electron binary...\n');
    reason = await download(path.join(packageDir, 'install.js'));
  }
  const binary = electronBinary();
  if (binary) return binary;
  fail(`the Electron binary is not installed and could not be downloaded (${reason ?? 'the download left no binary'}); ${INSTALL_HINT}`);
}

const electron = await ensureElectron();
if (!existsSync(path.join(root, 'dist', 'main.js'))) fail('dist/main.js is missing; run "npm run build" first');
// A parent shell (e.g. an editor's terminal) may set this, which would run Electron as plain Node.
const env = { ...process.env };
delete env.ELECTRON_RUN_AS_NODE;

const child = spawn(electron, ['.', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit', env });
const forward = (signal) => child.kill(signal);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, forward);
child.on('error', (error) => fail(`Electron could not start: ${error.message}`));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
