/**
 * History export at 300,000 events × 2 KB: the streaming writer against main's former in-memory
 * build (the baseline), each format and approach in a fresh child process with a 4 GB heap limit
 * (about what Electron's main process gets), so peak RSS growth is comparable. The in-memory build
 * is expected to fail on a string this large (RangeError: Invalid string length); that failure, and
 * the memory it took getting there, is the baseline outcome.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const EVENTS = 300_000;
const RAW_BYTES = 2048;

interface ChildResult {
  readonly approach: string;
  readonly format: string;
  readonly written: number;
  readonly ms: number;
  readonly rssBefore: number;
  readonly peak: number;
  readonly error: string | null;
}

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

export async function runExportBench(): Promise<void> {
  const directory = await mkdtemp(join(tmpdir(), 'clay-export-bench-'));
  try {
    const child = join(directory, 'export-child.mjs');
    await build({
      entryPoints: [fileURLToPath(new URL('./export-child.ts', import.meta.url))],
      outfile: child,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      logLevel: 'error',
    });
    console.log(`export bench: ${EVENTS.toLocaleString('en-US')} events × ${RAW_BYTES} B raw, each run in a fresh process`);
    for (const format of ['csv', 'json'] as const) {
      const results: Record<string, ChildResult> = {};
      for (const approach of ['in-memory', 'streaming'] as const) {
        const out = join(directory, `out-${approach}.${format}`);
        const run = spawnSync(process.execPath, ['--expose-gc', '--max-old-space-size=4096', child, approach, format, String(EVENTS), String(RAW_BYTES), out], {
          encoding: 'utf8',
          maxBuffer: 1 << 20,
        });
        const line = run.stdout.trim().split('\n').at(-1) ?? '';
        let result: ChildResult;
        try {
          result = JSON.parse(line) as ChildResult;
        } catch {
          result = { approach, format, written: 0, ms: NaN, rssBefore: 0, peak: 0, error: `the process ended (${run.signal ?? `exit ${run.status}`}): ${run.stderr.trim().split('\n').at(-1) ?? ''}` };
        }
        results[approach] = result;
        const size = await stat(out).then((s) => s.size, () => 0);
        const outcome = result.error === null ? `${result.written.toLocaleString('en-US')} rows, file ${mb(size)}` : `failed: ${result.error}`;
        console.log(`  ${format} ${approach.padEnd(9)}: ${result.ms.toFixed(0)} ms, peak RSS growth ${mb(result.peak - result.rssBefore)} (before ${mb(result.rssBefore)}); ${outcome}`);
        await rm(out, { force: true });
      }
      const base = results['in-memory']!;
      const streaming = results['streaming']!;
      const growth = (r: ChildResult): number => Math.max(1, r.peak - r.rssBefore);
      console.log(
        `  ${format} ratio streaming/in-memory: peak RSS growth ${(growth(streaming) / growth(base)).toFixed(3)}x, time ${(streaming.ms / base.ms).toFixed(2)}x` +
          (base.error === null ? '' : ' (the baseline failed, so its time is time to failure)'),
      );
    }
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}
