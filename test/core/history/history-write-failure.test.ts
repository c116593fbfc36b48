import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HistoryStore } from '../../../app/core/history';
import { bundleAppendChild } from './child/bundle';
import { makeEvent, RecordingLogger, scratchDir } from './support';

/**
 * A real failing write: the child runs under a file size limit (`ulimit -f`, which root cannot
 * shrug off the way it does chmod), so the kernel cuts a write short and then refuses with EFBIG,
 * the same path a full disk (ENOSPC) takes.
 */
interface Findings {
  readonly persisted: number;
  readonly inMemory: number;
  readonly firstError: string;
  readonly flushError: string | null;
  readonly afterRecovery?: string | null;
}

let child: string;
let dir: Awaited<ReturnType<typeof scratchDir>>;
const baseTime = Date.now() - 3_600_000;

beforeAll(async () => {
  child = await bundleAppendChild();
});

afterAll(async () => {
  await dir?.remove();
});

function runLimited(mode: 'fill' | 'recover', directory: string): Promise<Findings> {
  return new Promise((resolve, reject) => {
    const args = [child, mode, directory, '0', '0', String(baseTime), '50000'].map((arg) => `'${arg}'`).join(' ');
    // 128 blocks: 64 KiB in sh's 512-byte units (128 KiB where the shell counts in KiB).
    const proc = spawn('sh', ['-c', `ulimit -f 128 && exec '${process.execPath}' ${args}`], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    proc.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    proc.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    proc.on('error', reject);
    proc.on('close', (code) => {
      const last = out.trim().split('\n').pop() ?? '';
      if (code !== 0 || !last.startsWith('{')) reject(new Error(`child failed (${String(code)}): ${err || out}`));
      else resolve(JSON.parse(last) as Findings);
    });
  });
}

function storedKeys(store: HistoryStore): string[] {
  return store.query({ offset: 0, limit: 100_000 }).items.map((item) => (item.kind === 'event' ? item.event.key : item.gap.key));
}

describe('HistoryStore when writes fail', () => {
  it('says what failed, keeps memory whole, and leaves every stored record readable', async () => {
    dir = await scratchDir('write-failure');
    const found = await runLimited('fill', dir.path);
    expect(found.persisted).toBeGreaterThan(10);
    expect(found.firstError).toMatch(/^History could not be saved to .*history\.jsonl: EFBIG: file too large, write\. 1 change is kept in memory/);
    expect(found.flushError).toMatch(/^HistoryWriteError: History could not be saved to .*6 changes are kept in memory/);
    // The failed append and the five after it are still in memory for the window.
    expect(found.inMemory).toBe(found.persisted + 6);

    const logger = new RecordingLogger();
    const store = await HistoryStore.open({ directory: dir.path, logger });
    const keys = storedKeys(store);
    expect(keys).toEqual(Array.from({ length: found.persisted }, (_, i) => `entry:r0-${found.persisted - 1 - i}`));
    // The short write was rolled back: no torn line, nothing skipped.
    expect(logger.at('warn')).toEqual([]);
    expect(store.append(makeEvent({ n: 1, time: new Date().toISOString() }))).toBe(true);
    await store.close();
    const reopened = await HistoryStore.open({ directory: dir.path });
    expect(storedKeys(reopened)).toHaveLength(found.persisted + 1);
    await reopened.close();
    const lines = (await readFile(join(dir.path, 'history.jsonl'), 'utf8')).split('\n');
    expect(lines.pop()).toBe('');
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    await dir.remove();
  });

  it('writes what it kept in memory once the file can be written again, losing nothing', async () => {
    dir = await scratchDir('write-recovery');
    const found = await runLimited('recover', dir.path);
    expect(found.flushError).toMatch(/EFBIG/);
    // Compacting to the ten newest made a file under the limit, and the queue went with it.
    expect(found.afterRecovery).toBeNull();

    const store = await HistoryStore.open({ directory: dir.path });
    const newest = found.persisted + 5;
    expect(storedKeys(store)).toEqual(Array.from({ length: 10 }, (_, i) => `entry:r0-${newest - i}`));
    await store.close();
  });
});
