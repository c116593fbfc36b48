import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Acknowledgement, ClayEvent, HistoryItem } from '../../../app/common/models';
import { ManualClock } from '../../support/clock';
import { HistoryStore } from '../../../app/core/history';
import { makeEvent, makeGap, scratchDir, T0 } from './support';

const DAY = 86_400_000;
const ACK: Acknowledgement = { by: 'desk-anna', at: new Date(T0 + 3_600_000).toISOString(), note: 'Guard sent to door 3' };
let dir: Awaited<ReturnType<typeof scratchDir>>;
const open: HistoryStore[] = [];

beforeEach(async () => {
  dir = await scratchDir('ack');
});

afterEach(async () => {
  for (const store of open.splice(0)) await store.close().catch(() => undefined);
  await dir.remove();
});

async function openStore(maxEvents?: number): Promise<HistoryStore> {
  const store = await HistoryStore.open({ directory: dir.path, clock: new ManualClock(T0 + 10 * DAY), ...(maxEvents === undefined ? {} : { maxEvents }) });
  open.push(store);
  return store;
}

async function reopen(store: HistoryStore): Promise<HistoryStore> {
  await store.close();
  open.splice(open.indexOf(store), 1);
  return openStore();
}

/** Six events: odd n are incidents (intrusion for 1 and 5, tamper for 3), even n entries. */
function seed(store: HistoryStore): void {
  for (let n = 0; n < 6; n += 1) {
    const incident = n % 2 === 1;
    store.append(makeEvent({ n, stream: incident ? 'incident' : 'entry', category: incident ? (n === 3 ? 'tamper' : 'intrusion') : 'lock_opened' }));
  }
  store.appendGap(makeGap('gap:1', 150, 170));
}

/** The test the tray's urgent count is given, here "always notify" for `categories` with no rules. */
function inCategories(...categories: string[]): (event: ClayEvent) => boolean {
  return (event) => event.category !== null && categories.includes(event.category);
}

const keysOf = (items: readonly HistoryItem[]): string[] => items.map((item) => (item.kind === 'event' ? item.event.key : item.gap.key));

describe('HistoryStore acknowledgements', () => {
  it('acknowledges incidents only, once, and keeps who, when and the note across a reopen', async () => {
    const store = await openStore();
    seed(store);
    expect(store.acknowledge({ keys: ['incident:ev-1', 'entry:ev-2', 'incident:nope'] }, ACK)).toBe(1);
    // Already acknowledged: the first acknowledgement stands.
    expect(store.acknowledge({ keys: ['incident:ev-1'] }, { ...ACK, by: 'someone-else' })).toBe(0);
    const again = await reopen(store);
    expect(again.get('incident:ev-1')).toMatchObject({ kind: 'event', ack: ACK, read: false });
    expect(again.get('entry:ev-2')).toMatchObject({ ack: null });
  });

  it('filters "needs acknowledgement" and "acknowledged", without entries or gaps', async () => {
    const store = await openStore();
    seed(store);
    store.acknowledge({ keys: ['incident:ev-3'] }, ACK);
    expect(keysOf(store.query({ acknowledgement: 'needed', offset: 0, limit: 100 }).items)).toEqual(['incident:ev-5', 'incident:ev-1']);
    expect(keysOf(store.query({ acknowledgement: 'done', offset: 0, limit: 100 }).items)).toEqual(['incident:ev-3']);
    expect(store.query({ offset: 0, limit: 100 }).items.some((item) => item.kind === 'gap')).toBe(true);
  });

  it('acknowledges everything a filter shows with one note, and counts what is left for a test', async () => {
    const store = await openStore();
    seed(store);
    // Kept across the changes below, so the count is the one kept up to date, not a fresh one.
    const intrusion = inCategories('intrusion');
    const urgent = inCategories('intrusion', 'tamper');
    expect(store.unacknowledgedWhere(intrusion)).toBe(2);
    expect(store.unacknowledgedWhere(urgent)).toBe(3);
    // A list of acknowledged incidents offers nothing to acknowledge.
    expect(store.acknowledge({ filter: { acknowledgement: 'done' } }, ACK)).toBe(0);
    expect(store.acknowledge({ filter: { categories: ['intrusion'] } }, ACK)).toBe(2);
    expect(store.unacknowledgedWhere(intrusion)).toBe(0);
    expect(store.unacknowledgedWhere(urgent)).toBe(1);
    expect(store.unacknowledgedWhere(inCategories('intrusion', 'tamper'))).toBe(1);
    // One record for the whole selection.
    await store.flush();
    const lines = (await readFile(join(dir.path, 'history.jsonl'), 'utf8')).split('\n').filter((line) => line.includes('"t":"a"'));
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] as string)).toEqual({ t: 'a', k: ['incident:ev-5', 'incident:ev-1'], a: ACK });
    const again = await reopen(store);
    expect(again.unacknowledgedWhere(urgent)).toBe(1);
  });

  it('keeps the count for a test as incidents come and are acknowledged, and counts again for a new test', async () => {
    const store = await openStore();
    seed(store);
    const urgent = inCategories('intrusion', 'tamper');
    expect(store.unacknowledgedWhere(urgent)).toBe(3);
    // A new incident counts when it passes the test, and not when it does not; an entry never does.
    store.append(makeEvent({ n: 9, stream: 'incident', category: 'tamper' }));
    store.append(makeEvent({ n: 11, stream: 'incident', category: 'door_left_open' }));
    store.append(makeEvent({ n: 10, stream: 'entry', category: 'tamper' }));
    expect(store.unacknowledgedWhere(urgent)).toBe(4);
    store.acknowledge({ keys: ['incident:ev-9', 'incident:ev-11'] }, ACK);
    expect(store.unacknowledgedWhere(urgent)).toBe(3);
    // An incident without a category can be urgent too (a rule for its door says so).
    store.append(makeEvent({ n: 13, stream: 'incident', category: null }));
    const byDoor = (event: ClayEvent): boolean => event.lock.name === 'Door 6';
    expect(store.unacknowledgedWhere(byDoor)).toBe(1);
    expect(store.unacknowledgedWhere(urgent)).toBe(3);
    await store.clear();
    expect(store.unacknowledgedWhere(urgent)).toBe(0);
  });

  it('survives compaction, and retention drops pruned incidents from the count', async () => {
    const store = await openStore();
    seed(store);
    store.acknowledge({ keys: ['incident:ev-5'] }, ACK);
    const urgent = inCategories('intrusion', 'tamper');
    expect(store.unacknowledgedWhere(urgent)).toBe(2);
    store.setRetention({ maxEvents: 3, maxDays: 90 });
    await store.flush();
    // The pruned ev-1 leaves the count kept for the same test.
    expect(store.unacknowledgedWhere(urgent)).toBe(1);
    const text = await readFile(join(dir.path, 'history.jsonl'), 'utf8');
    expect(text).not.toContain('"t":"a"');
    expect(text).toContain('"a":{"by":"desk-anna"');
    // ev-3, ev-4 and ev-5 are kept: ev-3 is the one unacknowledged incident left.
    expect(store.unacknowledgedWhere(inCategories('intrusion', 'tamper'))).toBe(1);
    const again = await reopen(store);
    expect(again.get('incident:ev-5')).toMatchObject({ ack: ACK });
    expect(again.unacknowledgedWhere(inCategories('intrusion', 'tamper'))).toBe(1);
  });

  it('refuses an acknowledgement without a name or with an overlong note, and stores nothing', async () => {
    const store = await openStore();
    seed(store);
    expect(() => store.acknowledge({ keys: ['incident:ev-1'] }, { ...ACK, by: '' })).toThrow(/by must be/);
    expect(() => store.acknowledge({ keys: ['incident:ev-1'] }, { ...ACK, note: 'x'.repeat(1001) })).toThrow(/note/);
    expect(store.get('incident:ev-1')).toMatchObject({ ack: null });
  });
});
