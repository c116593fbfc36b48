// `npm run dist`: electron-builder, with its failures ending in one clear line instead of a stack
// trace. The common one is no network: packaging downloads Electron and electron-builder's tools.
// The whole output is kept in dist-error.log in the output folder (release/ unless
// --config.directories.output says otherwise) for whoever needs the detail.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const require = createRequire(import.meta.url);
const cli = require.resolve('electron-builder/cli.js');
const electronVersion = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).devDependencies?.electron ?? '';

const NETWORK = /\b(getaddrinfo \w+ \S+|connect (?:ECONNREFUSED|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH) \S+|ENOTFOUND \S+|EAI_AGAIN \S+|ECONNRESET|ETIMEDOUT|socket hang up|dial tcp [^\n]*)/;

// The Linux targets unless a platform is named (`npm run dist -- --win`, `-- --mac`).
const PLATFORM_FLAG = /^(--(linux|win|windows|mac|macos)|-[lwm]+)$/;
const platformDefault = process.argv.slice(2).some((arg) => PLATFORM_FLAG.test(arg)) ? [] : ['--linux'];
const child = spawn(process.execPath, [cli, '--config', 'electron-builder.yml', ...platformDefault, ...process.argv.slice(2)], { cwd: root, stdio: ['inherit', 'pipe', 'pipe'] });
let log = '';
/** electron-builder's progress lines pass through; stack frames and the failure's own dump are only logged. */
const relay = (out) => (chunk) => {
  const text = chunk.toString('utf8');
  log += text;
  for (const line of text.split('\n')) {
    if (line === '' || /^\s+at /.test(line) || /^\s*⨯ /.test(line) || /stackTrace=/.test(line)) continue;
    out.write(`${line}\n`);
  }
};
child.stdout.on('data', relay(process.stdout));
child.stderr.on('data', relay(process.stderr));
const code = await new Promise((resolve) => child.on('close', (status) => resolve(status ?? 1)));
if (code !== 0) {
  const output = process.argv.find((arg) => arg.startsWith('--config.directories.output='))?.split('=')[1] ?? 'release';
  const logFile = path.resolve(root, output, 'dist-error.log');
  mkdirSync(path.dirname(logFile), { recursive: true });
  writeFileSync(logFile, log);
  const shown = path.relative(process.cwd(), logFile) || logFile;
  const network = NETWORK.exec(log)?.[1];
  const failure = /⨯\s+([^\n]*?)(?:\s+failedTask=|\s+stackTrace=|\n|$)/.exec(log)?.[1]?.trim();
  process.stderr.write(
    network
      ? `npm run dist: could not download what the installers need (${network}): packaging fetches Electron ${electronVersion} and electron-builder's tools from github.com, so it needs a network connection. Full output: ${shown}\n`
      : `npm run dist: electron-builder failed${failure ? `: ${failure}` : ` (exit code ${code})`}. Full output: ${shown}\n`,
  );
}
process.exit(code);
