/**
 * History store figures: opening a 100,000-event store against reading and JSON.parse-ing the same
 * records in one loop (measured in the same run, so the ratio holds on any machine), appends per
 * second, and a filtered query over 100,000 events. Also the record check alone: the line schema
 * (valibot, what every line went through if there were no quick path) against the quick path open
 * takes, both against JSON.parse of the same lines.
 */
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClayEvent } from '../../app/common/models';
import { HistoryStore } from '../../app/core/history';
import { clayEvent } from '../support/events';
import { checkEvent, decodeRecord } from '../../app/core/history/history-records';

const EVENTS = 100_000;
const ROUNDS = 5;
const SITES = ['Head Office', 'Warehouse', 'Lab', 'Depot', 'Annex', 'Studio', 'Garage', 'Library', 'Clinic', 'Hangar'];
const CATEGORIES = ['lock_opened', 'lock_opened', 'lock_opened', 'lock_rejected', 'easy_office_mode', 'door_left_open', 'tamper'];

function makeEvent(i: number, start: number): ClayEvent {
  const stream = i % 10 === 0 ? 'incident' : 'entry';
  const time = new Date(start + i * 1000).toISOString();
  const site = `site-${i % SITES.length}`;
  const lock = `lock-${i % 50}`;
  const category = CATEGORIES[i % CATEGORIES.length] as string;
  const payload = {
    id: `ev-${i}`,
    event_category: category,
    event_detail: category === 'lock_rejected' ? 'no_access' : null,
    utc_date_time: time,
    local_date_time: time.slice(0, 19),
    lock_id: lock,
    lock_customer_reference: `Door ${i % 50}`,
    lock_mac_address: `AA:BB:CC:DD:${(i % 256).toString(16).padStart(2, '0')}:01`,
    accessor_id: `acc-${i % 400}`,
    iq_id: `iq-${i % SITES.length}`,
    iq_customer_reference: null,
    collection_id: site,
    collection_customer_reference: SITES[i % SITES.length],
    exit_requested: false,
    access_by: 'tag',
    access_detail: null,
  };
  return clayEvent({
    stream,
    site,
    siteName: SITES[i % SITES.length] as string,
    id: `ev-${i}`,
    category,
    detail: payload.event_detail,
    time,
    localTime: payload.local_date_time,
    lock: { id: lock, name: payload.lock_customer_reference },
    accessor: payload.accessor_id,
    accessBy: 'tag',
    raw: JSON.stringify(payload),
  });
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

export function timed(task: () => void): number {
  const started = performance.now();
  task();
  return performance.now() - started;
}

async function timedAsync(task: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await task();
  return performance.now() - started;
}

export async function runHistoryBench(): Promise<void> {
  const directory = await mkdtemp(join(tmpdir(), 'clay-history-bench-'));
  const options = { directory, maxEvents: EVENTS };
  try {
    const start = Date.now() - EVENTS * 1000;
    const events = Array.from({ length: EVENTS }, (_, i) => makeEvent(i, start));

    // Appends, through the store: one write per record as it comes.
    const store = await HistoryStore.open(options);
    const appendMs = timed(() => {
      for (const event of events) store.append(event);
    });
    const flushMs = await timedAsync(() => store.flush());
    await store.close();
    // The floor for that: the same lines written one writeSync each, nothing else.
    const lines = events.map((event) => `${JSON.stringify({ t: 'e', e: event })}\n`);
    const rawPath = join(directory, 'raw.jsonl');
    const fd = openSync(rawPath, 'w');
    const rawWriteMs = timed(() => {
      for (const line of lines) writeSync(fd, line);
    });
    closeSync(fd);

    // Opening against the baseline, interleaved so both see the same machine state.
    const logPath = join(directory, 'history.jsonl');
    const openTimes: number[] = [];
    const baselineTimes: number[] = [];
    const keepTimes: number[] = [];
    let loaded = 0;
    let parsed = 0;
    for (let round = 0; round < ROUNDS; round += 1) {
      baselineTimes.push(
        timed(() => {
          parsed = 0;
          for (const line of readFileSync(logPath, 'utf8').split('\n')) {
            if (line !== '') {
              JSON.parse(line);
              parsed += 1;
            }
          }
        }),
      );
      // For context: the same, holding on to what it parsed as a store must (garbage collection grows).
      let keep: unknown[] = [];
      keepTimes.push(
        timed(() => {
          keep = readFileSync(logPath, 'utf8')
            .split('\n')
            .filter((line) => line !== '')
            .map((line) => JSON.parse(line) as unknown);
        }),
      );
      if (keep.length !== parsed) throw new Error('the two baselines read different files');
      keep = [];
      let opened: HistoryStore | null = null;
      openTimes.push(
        await timedAsync(async () => {
          opened = await HistoryStore.open(options);
        }),
      );
      const reopened = opened as HistoryStore | null;
      if (reopened === null) throw new Error('open did not finish');
      loaded = reopened.query({ offset: 0, limit: 0 }).total;
      await reopened.close();
    }
    if (loaded !== EVENTS) throw new Error(`loaded ${loaded} events, expected ${EVENTS}`);

    // The record check alone, on the same lines: JSON.parse only, decodeRecord (the quick path open
    // takes for event lines), and the valibot schema for every event (checkEvent, which also copies).
    const recordLines = readFileSync(logPath, 'utf8').split('\n').filter((line) => line.startsWith('{"t":"e"'));
    const parseOnly: number[] = [];
    const quickPath: number[] = [];
    const schemaOnly: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      parseOnly.push(timed(() => recordLines.forEach((line) => JSON.parse(line))));
      quickPath.push(timed(() => recordLines.forEach((line) => decodeRecord(line))));
      schemaOnly.push(timed(() => recordLines.forEach((line) => checkEvent((JSON.parse(line) as { e: unknown }).e))));
    }

    // Filtered queries over the whole set.
    const queried = await HistoryStore.open(options);
    const range = { from: new Date(start + 20_000 * 1000).toISOString(), to: new Date(start + 80_000 * 1000).toISOString() };
    const filtered = { ...range, streams: ['entry' as const], text: 'warehouse', offset: 0, limit: 100 };
    const queryTimes: number[] = [];
    const textOnlyTimes: number[] = [];
    const firstPageTimes: number[] = [];
    let total = 0;
    for (let round = 0; round < 9; round += 1) {
      queryTimes.push(timed(() => (total = queried.query(filtered).total)));
      textOnlyTimes.push(timed(() => queried.query({ text: 'door 17', offset: 0, limit: 100 })));
      firstPageTimes.push(timed(() => queried.query({ offset: 0, limit: 100 })));
    }
    await queried.close();

    const openMs = median(openTimes);
    const baselineMs = median(baselineTimes);
    const fileMb = readFileSync(logPath).length / 1e6;
    const rate = (ms: number): string => Math.round((EVENTS / ms) * 1000).toLocaleString('en-US');
    console.log(`history bench: ${EVENTS.toLocaleString('en-US')} events, log ${fileMb.toFixed(1)} MB`);
    console.log(`  open store:          ${openMs.toFixed(0)} ms (median of ${ROUNDS})`);
    console.log(`  baseline read+parse: ${baselineMs.toFixed(0)} ms (${parsed.toLocaleString('en-US')} lines, median of ${ROUNDS})`);
    console.log(`  ratio open/baseline: ${(openMs / baselineMs).toFixed(2)}x`);
    console.log(`  (parse and keep all: ${median(keepTimes).toFixed(0)} ms; open/that ${(openMs / median(keepTimes)).toFixed(2)}x)`);
    const parseMs = median(parseOnly);
    console.log(`  record check (${recordLines.length.toLocaleString('en-US')} event lines): parse only ${parseMs.toFixed(0)} ms; quick path ${(median(quickPath) / parseMs).toFixed(2)}x; valibot schema ${(median(schemaOnly) / parseMs).toFixed(2)}x (schema/quick ${(median(schemaOnly) / median(quickPath)).toFixed(2)}x)`);
    console.log(`  appends:             ${rate(appendMs)} per second (${appendMs.toFixed(0)} ms for all, flush ${flushMs.toFixed(0)} ms)`);
    console.log(`  raw writeSync floor: ${rate(rawWriteMs)} lines per second (ratio appends/floor ${(rawWriteMs / appendMs).toFixed(2)})`);
    console.log(`  filtered query (text + stream + date range, ${total.toLocaleString('en-US')} matches): ${median(queryTimes).toFixed(1)} ms (median of 9)`);
    console.log(`  text-only query over all: ${median(textOnlyTimes).toFixed(1)} ms; first page unfiltered: ${median(firstPageTimes).toFixed(2)} ms`);
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}
