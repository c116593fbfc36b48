/**
 * "Done when": a crash (kill -9) right after acknowledging loses no acknowledgement that was
 * confirmed to the user. The child acknowledges through AppCore, as the window does, and is killed
 * the moment it reports a confirmation; the reopened history must hold that one and every earlier one.
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HistoryStore } from '../../../app/core/history';
import { bundleChild } from './child/bundle';
import { scratchDir } from './support';

const RUNS = 6;
const INCIDENTS = 40;

let child: string;
const dirs: Awaited<ReturnType<typeof scratchDir>>[] = [];

beforeAll(async () => {
  child = await bundleChild('acknowledge-child');
}, 60_000);

afterAll(async () => {
  for (const dir of dirs) await dir.remove();
});

/** Runs the child and SIGKILLs it as soon as it has confirmed `killAfter` acknowledgements; returns the last confirmed number. */
function acknowledgeAndKill(directory: string, killAfter: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [child, directory, String(INCIDENTS)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let confirmed = 0;
    proc.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const numbers = out.split('\n').slice(0, -1).filter((line) => /^\d+$/.test(line));
      confirmed = numbers.length === 0 ? 0 : Number(numbers.at(-1));
      if (confirmed >= killAfter) proc.kill('SIGKILL');
    });
    proc.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    proc.on('error', reject);
    proc.on('close', (_code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`child ended by itself (${String(signal)}): ${err}`));
      else resolve(confirmed);
    });
  });
}

describe('acknowledging, then killed with SIGKILL', () => {
  it(`keeps every confirmed acknowledgement with who, when and the note (${RUNS} runs)`, async () => {
    for (let run = 0; run < RUNS; run += 1) {
      const dir = await scratchDir(`ack-kill-${run}`);
      dirs.push(dir);
      // The first run is killed right after the very first confirmation; later ones further in.
      const killAfter = run === 0 ? 1 : 1 + Math.floor(Math.random() * (INCIDENTS - 1));
      const confirmed = await acknowledgeAndKill(dir.path, killAfter);
      expect(confirmed).toBeGreaterThanOrEqual(killAfter);

      const store = await HistoryStore.open({ directory: dir.path });
      try {
        for (let i = 0; i < confirmed; i += 1) {
          const item = store.get(`incident:inc-${i}`);
          expect(item?.kind === 'event' ? item.ack : 'missing', `run ${run}, acknowledgement ${i + 1}`).toMatchObject({ by: 'night-guard', note: `note ${i}` });
        }
        const acknowledged = [...store.filtered({ acknowledgement: 'done' })].length;
        // At most the one being written when the kill landed is there unconfirmed.
        expect(acknowledged - confirmed).toBeGreaterThanOrEqual(0);
        expect(acknowledged - confirmed).toBeLessThanOrEqual(1);
        expect(store.unacknowledgedWhere((event) => event.category === 'intrusion')).toBe(INCIDENTS - acknowledged);
      } finally {
        await store.close();
      }
    }
  }, 180_000);
});
