/**
 * A reader of stdout that falls behind (a SIEM forwarder, `| less`) holds the hub back: the
 * command stops reading the hub instead of queueing output in memory, and when the reader goes on,
 * every event arrives, in order. The real command as a child process against the simulator.
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevHub } from '../../app/dev-hub/dev-hub';
import { startDevHub } from '../../app/dev-hub/dev-hub';
import type { BuiltCli } from './cli-child';
import { buildCli, jsonLines, waitFor } from './cli-child';
import { processCpuSeconds, processRssBytes } from '../support/proc';

const EVENTS = 40_000;
/** About 1.3 KB of output per event: some 50 MB in all, which the command must not hold. */
const DETAIL = 'x'.repeat(600);

let cli: BuiltCli;
let hub: DevHub;
beforeAll(async () => {
  cli = await buildCli('stream-backpressure');
  hub = await startDevHub({ port: 0, ratePerSecond: 0, pingIntervalMs: 1_000 });
});
afterAll(async () => {
  await hub.stop();
  cli.remove();
});

/** Resolves once the process has used no CPU for half a second: it has done all it can. */
async function settled(pid: number): Promise<void> {
  let last = processCpuSeconds(pid);
  for (let quiet = 0; quiet < 5; ) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const now = processCpuSeconds(pid);
    quiet = now === last ? quiet + 1 : 0;
    last = now;
  }
}

describe.runIf(process.platform === 'linux')('a reader that falls behind', () => {
  it('holds the hub back instead of filling memory, and loses nothing once the reader goes on', async () => {
    const child = spawn(process.execPath, [cli.path, 'stream', '--base-url', hub.url, '--token-env', 'TOKEN', '--stream', 'incident'], {
      env: { PATH: process.env.PATH ?? '', TOKEN: hub.issueToken(3600) },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    // Not read until later: the pipe fills and stays full.
    child.stdout.pause();
    await waitFor(() => hub.connections().length === 1, 'the command to connect');
    await settled(child.pid!);
    const before = processRssBytes(child.pid!);

    for (let i = 0; i < EVENTS; i++) {
      hub.emit('incident', { id: `e-${i}`, event_category: 'door_left_open', event_detail: DETAIL, utc_date_time: '2026-12-02T06:00:00Z' });
      if (i % 2000 === 1999) await new Promise((resolve) => setImmediate(resolve));
    }
    await settled(child.pid!);
    const grown = processRssBytes(child.pid!) - before;
    // Queueing the output would have taken over 50 MB; held back, the command keeps a few.
    expect(grown).toBeLessThan(25 * 1024 * 1024);

    let text = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
    child.stdout.resume();
    await waitFor(() => text.split('\n').length > EVENTS, `all ${EVENTS} lines`, 60_000);
    const ids = jsonLines(text).map((line) => line.id);
    expect(ids).toEqual(Array.from({ length: EVENTS }, (_, i) => `e-${i}`));
    child.kill('SIGINT');
    expect(await new Promise((resolve) => child.on('close', resolve))).toBe(0);
  }, 120_000);
});
