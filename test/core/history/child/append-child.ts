/**
 * Runs in a child process (bundled by the test): appends to a history store as fast as it can and
 * reports on stdout, with a synchronous write after each append, how many appends returned. The
 * parent kills it or limits its file size, then checks what the store kept against that count.
 *
 * argv: mode directory run base baseTime maxEvents
 * - kill: append until killed, compacting all the while; every 16th event is 1 MB, a write long
 *   enough that a kill often lands inside it and tears it.
 * - fill: append until a write fails (the parent set a file size limit), then 5 more, then try
 *   flush; prints one JSON line of findings and exits without closing.
 * - recover: as fill, then lower retention so compaction writes a small new file, flush, close.
 */
import { writeSync } from 'node:fs';
import type { ClayEvent } from '../../../../app/common/models';
import { HistoryStore } from '../../../../app/core/history';
import { clayEvent } from '../../../support/events';

const [mode, directory, run, baseText, baseTimeText, maxEventsText] = process.argv.slice(2);
if (mode === undefined || directory === undefined || run === undefined) throw new Error('usage: mode directory run base baseTime maxEvents');
const base = Number(baseText);
const baseTime = Number(baseTimeText);
const maxEvents = Number(maxEventsText);

function event(index: number, big: boolean): ClayEvent {
  const time = new Date(baseTime + (base + index) * 1000).toISOString();
  const id = `r${run}-${index}`;
  return clayEvent({
    site: 'site-a',
    siteName: 'Head Office',
    id,
    time,
    lock: { id: 'lock-1', name: 'Front door' },
    accessor: 'acc-1',
    accessBy: 'tag',
    raw: JSON.stringify({ id, event_category: 'lock_opened', padding: big ? 'x'.repeat(1 << 20) : '' }),
  });
}

function say(text: string): void {
  writeSync(1, `${text}\n`);
}

const store = await HistoryStore.open({ directory, maxEvents });
say('ready');

if (mode === 'kill') {
  for (let i = 0; ; i += 1) {
    store.append(event(i, i % 16 === 15));
    say(String(i + 1));
    // A change of limits starts a compaction; flipping them keeps one running most of the time, and
    // yielding lets it make progress, so many kills land in the middle of one. The live set always
    // holds the newest maxEvents, which is all the parent expects.
    if (i % 32 === 0) {
      store.setRetention({ maxEvents: maxEvents + ((i / 32) % 2), maxDays: 90 });
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
} else {
  process.on('SIGXFSZ', () => undefined);
  let persisted = 0;
  while (store.lastWriteError === null) {
    store.append(event(persisted, false));
    if (store.lastWriteError === null) persisted += 1;
  }
  const firstError = store.lastWriteError;
  for (let i = 1; i <= 5; i += 1) store.append(event(persisted + i, false));
  const inMemory = store.query({ offset: 0, limit: 0 }).total;
  const flushError = await store.flush().then(
    () => null,
    (error: unknown) => (error instanceof Error ? `${error.name}: ${error.message}` : String(error)),
  );
  if (mode === 'recover') {
    store.setRetention({ maxEvents: 10, maxDays: 90 });
    await store.flush();
    say(JSON.stringify({ persisted, inMemory, firstError, flushError, afterRecovery: store.lastWriteError }));
    await store.close();
  } else {
    say(JSON.stringify({ persisted, inMemory, firstError, flushError }));
  }
}
