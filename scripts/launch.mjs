#!/usr/bin/env node
// `npm start` / `npm run demo`: runs the built app (dist/) in Electron, passing our arguments through.
// A missing Electron binary is downloaded once (scripts/electron-binary.mjs); if that cannot work we
// say so in one line instead of a stack trace.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronEnvironment, findElectron } from './electron-binary.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

function fail(message) {
  process.stderr.write(`clay-tray: ${message}\n`);
  process.exit(1);
}

const electron = await findElectron();
if (!electron.binary) fail(electron.missing);
if (!existsSync(path.join(root, 'dist', 'main.js'))) fail('dist/main.js is missing; run "npm run build" first');

const child = spawn(electron.binary, ['.', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit', env: electronEnvironment() });
const forward = (signal) => child.kill(signal);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, forward);
child.on('error', (error) => fail(`Electron could not start: ${error.message}`));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
