/**
 * The CLI as users run it: the esbuild bundle of app/cli/main.ts in a child process. Each test file
 * builds into its own folder, so a concurrent `npm run build` (which empties dist/) cannot pull it away.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

export interface BuiltCli {
  readonly path: string;
  /** The private folder it was built into, for anything else a test builds beside it. */
  readonly dir: string;
  remove(): void;
}

export async function buildCli(name: string): Promise<BuiltCli> {
  const outDir = path.resolve('test-output', `${name}-${process.pid}`);
  mkdirSync(outDir, { recursive: true });
  const cli = path.join(outDir, 'cli.js');
  await build({
    entryPoints: [path.resolve('app/cli/main.ts')],
    outfile: cli,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    packages: 'external',
    logLevel: 'error',
  });
  return { path: cli, dir: outDir, remove: () => rmSync(outDir, { recursive: true, force: true }) };
}

export interface Child {
  readonly out: () => string;
  readonly err: () => string;
  readonly exit: Promise<number | null>;
  kill(signal: NodeJS.Signals): void;
}

export function runCli(cli: BuiltCli, args: readonly string[], env: Record<string, string> = {}, nodeOptions: readonly string[] = []): Child {
  const child = spawn(process.execPath, [...nodeOptions, cli.path, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (s: string) => (out += s));
  child.stderr.setEncoding('utf8').on('data', (s: string) => (err += s));
  const exit = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { out: () => out, err: () => err, exit, kill: (signal) => child.kill(signal) };
}

/** Polls until `predicate` holds; the generous limit only turns a hang into a readable failure. */
export async function waitFor(predicate: () => boolean, what: string, limitMs = 30_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** stdout as parsed JSON lines. */
export function jsonLines(text: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}
