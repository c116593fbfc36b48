/**
 * One export measured in a process of its own, so each approach starts from the same memory:
 * builds the history's events (300k × 2 KB by default) as the store holds them, then exports them
 * with either the streaming writer or main's former in-memory build, while a worker thread samples
 * the process's RSS (the main thread is blocked during an in-memory build, a worker is not).
 * Prints one JSON line: the time, the RSS before, the peak during, and the error if it failed.
 */
import { writeFile } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import type { ExportFormat } from '../../app/common/ipc-contract';
import type { ClayEvent } from '../../app/common/models';
import { writeExportFile, type ExportRow } from '../../app/core/history/history-export';
import { clayEvent } from '../support/events';
import { inMemoryExportText } from './export-baseline';

const [approach, format, countText, rawBytesText, outPath] = process.argv.slice(2) as [string, ExportFormat, string, string, string];
const count = Number(countText);
const rawBytes = Number(rawBytesText);

function makeEvent(i: number, start: number): ClayEvent {
  const time = new Date(start + i * 1000).toISOString();
  const head = JSON.stringify({ id: `ev-${i}`, event_category: 'lock_opened', utc_date_time: time, lock_customer_reference: `Door ${i % 50}`, note: '' });
  // A realistic payload: quotes (doubled in CSV, escaped in JSON) and plain text up to the size.
  // Flattened through a Buffer: 'x'.repeat shares its halves, which would make every payload nearly free.
  const raw = Buffer.from(head.slice(0, -2) + 'x'.repeat(Math.max(0, rawBytes - head.length)) + '"}').toString('utf8');
  return clayEvent({
    site: `site-${i % 10}`,
    siteName: `Site ${i % 10}`,
    id: `ev-${i}`,
    time,
    localTime: time.slice(0, 19),
    lock: { id: `lock-${i % 50}`, name: `Door ${i % 50}` },
    accessor: `acc-${i % 400}`,
    accessBy: 'tag',
    raw,
  });
}

const start = Date.now() - count * 1000;
const events = Array.from({ length: count }, (_, i) => makeEvent(i, start));
function* rows(): Generator<ExportRow> {
  for (const event of events) yield { event, read: false, ack: null };
}

const sampler = new Worker(
  `const { parentPort } = require('node:worker_threads');
   let peak = process.memoryUsage.rss();
   const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage.rss()); }, 5);
   parentPort.on('message', () => { clearInterval(timer); parentPort.postMessage(Math.max(peak, process.memoryUsage.rss())); });`,
  { eval: true },
);
const peakRss = (): Promise<number> =>
  new Promise((resolve) => {
    sampler.once('message', (peak: number) => resolve(peak));
    sampler.postMessage('stop');
  });

(globalThis as { gc?: () => void }).gc?.();
await new Promise((resolve) => setTimeout(resolve, 100));
const rssBefore = process.memoryUsage.rss();
const started = performance.now();
let error: string | null = null;
let written = 0;
try {
  if (approach === 'streaming') {
    written = await writeExportFile(outPath, format, rows());
  } else {
    const { text, count: built } = inMemoryExportText(format, rows());
    await writeFile(outPath, text, 'utf8');
    written = built;
  }
} catch (caught) {
  error = caught instanceof Error ? `${caught.name}: ${caught.message}` : String(caught);
}
const ms = performance.now() - started;
const peak = await peakRss();
await sampler.terminate();
process.stdout.write(`${JSON.stringify({ approach, format, written, ms, rssBefore, peak, error })}\n`);
