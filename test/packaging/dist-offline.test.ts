/**
 * Issue 9, item 6: `npm run dist` without a network ends in one clear line, not a stack trace. The
 * downloads are pointed at a closed loopback port (never a real host), the cache at an empty folder.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';

const scratch = mkdtempSync(path.join(tmpdir(), 'clay-dist-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

it('ends in one line naming the download that failed, with the full output in a log file', async () => {
  const mirror = `http://127.0.0.1:${await closedPort()}/`;
  const output = path.join(scratch, 'out');
  const child = spawn(process.execPath, ['scripts/dist.mjs', '--linux', 'dir', '--config.npmRebuild=false', `--config.directories.output=${output}`], {
    env: { ...process.env, ELECTRON_MIRROR: mirror, ELECTRON_BUILDER_BINARIES_MIRROR: mirror, ELECTRON_BUILDER_CACHE: path.join(scratch, 'cache') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  let out = '';
  child.stderr.setEncoding('utf8').on('data', (s: string) => (err += s));
  child.stdout.setEncoding('utf8').on('data', (s: string) => (out += s));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  expect(code).not.toBe(0);
  const last = err.trimEnd().split('\n').at(-1)!;
  expect(last).toMatch(/^npm run dist: could not download what the installers need \(connect ECONNREFUSED 127\.0\.0\.1:\d+\): .*needs a network connection\. Full output: .*dist-error\.log$/);
  expect(out + err).not.toMatch(/^\s+at /m);
  expect(out + err).not.toContain('stackTrace=');
  expect(readFileSync(path.join(output, 'dist-error.log'), 'utf8')).toContain('ECONNREFUSED');
}, 240_000);
