#!/usr/bin/env node
// The `clay-tray` command: a thin launcher for the bundled CLI (built by `npm install` / `npm run build`).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(fileURLToPath(cli))) {
  process.stderr.write('clay-tray: dist/cli.js is missing; run `npm run build` in the clay-tray folder first.\n');
  process.exit(2);
}
await import(cli.href);
