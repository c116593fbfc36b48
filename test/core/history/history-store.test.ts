import { appendFile, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HistoryItem, HistoryQuery } from '../../../app/common/models';
import { ManualClock } from '../../support/clock';
import { HistoryStore, REJECTED_FILE_MAX_BYTES, type HistoryOptions } from '../../../app/core/history';
import { makeEvent, makeGap, RecordingLogger, scratchDir, T0 } from './support';

const DAY = 86_400_000;
let dir: Awaited<ReturnType<typeof scratchDir>>;
let logFile: string;
const open: HistoryStore[] = [];

beforeEach(async () => {
  dir = await scratchDir('store');
  logFile = join(dir.path, 'history.jsonl');
});

afterEach(async () => {
  for (const store of open.splice(0)) await store.close().catch(() => undefined);
  await dir.remove();
});

async function openStore(options: Partial<HistoryOptions> = {}): Promise<HistoryStore> {
  const store = await HistoryStore.open({ directory: dir.path, clock: new ManualClock(T0 + 10 * DAY), ...options });
  open.push(store);
  return store;
}

async function reopen(store: HistoryStore, options: Partial<HistoryOptions> = {}): Promise<HistoryStore> {
  await store.close();
  open.splice(open.indexOf(store), 1);
  return openStore(options);
}

function keys(items: readonly HistoryItem[]): string[] {
  return items.map((item) => (item.kind === 'event' ? item.event.key : item.gap.key));
}

function all(store: HistoryStore, filter: Omit<HistoryQuery, 'offset' | 'limit'> = {}): string[] {
  return keys(store.query({ ...filter, offset: 0, limit: 1_000_000 }).items);
}

describe('HistoryStore persistence', () => {
  it('reads back events, gaps and read marks after a reopen', async () => {
    const store = await openStore();
    const events = [1, 2, 3].map((n) => makeEvent({ n }));
    for (const event of events) expect(store.append(event)).toBe(true);
    store.appendGap(makeGap('gap:1', 150, 170));
    expect(store.markRead(['entry:ev-2'])).toBe(1);

    const again = await reopen(store);
    expect(all(again)).toEqual(['entry:ev-3', 'gap:1', 'entry:ev-2', 'entry:ev-1']);
    expect(again.get('entry:ev-1')).toEqual({ kind: 'event', event: events[0], read: false, ack: null });
    expect(again.get('entry:ev-2')).toEqual({ kind: 'event', event: events[1], read: true, ack: null });
    expect(again.get('gap:1')).toEqual({ kind: 'gap', gap: makeGap('gap:1', 150, 170) });
    expect(again.get('entry:nope')).toBeNull();
    expect(again.unreadCount()).toBe(2);
  });

  it('refuses a key it holds already, also after a restart', async () => {
    const store = await openStore();
    expect(store.append(makeEvent({ n: 1 }))).toBe(true);
    expect(store.append(makeEvent({ n: 1 }))).toBe(false);
    const again = await reopen(store);
    expect(again.append(makeEvent({ n: 1, detail: 'changed' }))).toBe(false);
    expect(again.query({ offset: 0, limit: 10 }).total).toBe(1);
  });

  it('keeps a stored copy that the caller cannot change afterwards', async () => {
    const store = await openStore();
    const event = { ...makeEvent({ n: 1 }), extra: 'not part of the model' };
    store.append(event);
    const stored = store.get(event.key);
    expect(stored?.kind === 'event' && stored.event).toEqual(makeEvent({ n: 1 }));
  });

  it('replaces a gap stored again under its key with the longer span', async () => {
    const store = await openStore();
    store.appendGap(makeGap('gap:1', 0, 60));
    store.appendGap(makeGap('gap:1', 0, 600));
    const again = await reopen(store);
    expect(again.get('gap:1')).toEqual({ kind: 'gap', gap: makeGap('gap:1', 0, 600) });
    expect(again.query({ offset: 0, limit: 10 }).total).toBe(1);
  });

  it('makes appends durable on flush and refuses every call after close', async () => {
    const store = await openStore();
    store.append(makeEvent({ n: 1 }));
    await store.flush();
    const lines = (await readFile(logFile, 'utf8')).trim().split('\n');
    expect(lines.map((line) => JSON.parse(line).t)).toEqual(['h', 'e']);
    await store.close();
    open.splice(open.indexOf(store), 1);
    expect(() => store.append(makeEvent({ n: 2 }))).toThrow(/closed/);
    expect(() => store.query({ offset: 0, limit: 1 })).toThrow(/closed/);
    await expect(store.flush()).rejects.toThrow(/closed/);
    await expect(store.close()).rejects.toThrow(/closed/);
  });

  it('keeps the file private to the user', async () => {
    const store = await openStore();
    store.append(makeEvent({ n: 1 }));
    await store.flush();
    expect((await stat(logFile)).mode & 0o077).toBe(0);
  });
});

describe('HistoryStore queries', () => {
  let store: HistoryStore;

  beforeEach(async () => {
    store = await openStore();
    // 40 events a minute apart: streams alternate, sites cycle a/b/c, categories cycle.
    const categories = ['lock_opened', 'lock_rejected', 'door_left_open', 'tamper'];
    for (let n = 0; n < 40; n += 1) {
      store.append(
        makeEvent({
          n,
          stream: n % 2 === 0 ? 'entry' : 'incident',
          site: ['site-a', 'site-b', 'site-c'][n % 3] as string,
          siteName: ['Head Office', 'Warehouse', null][n % 3] as string | null,
          category: categories[n % 4] as string,
          lockName: n === 17 ? 'Server Room (B+)' : `Door ${n % 7}`,
          accessor: n === 23 ? 'Ada Lovelace' : null,
          raw: JSON.stringify({ id: `ev-${n}`, note: n === 31 ? 'Ünïcode Façade' : 'plain' }),
        }),
      );
    }
    store.appendGap(makeGap('gap:entry', 20.5 * 60, 21.5 * 60, 'entry', null));
    store.appendGap(makeGap('gap:incident-b', 30.5 * 60, 31.5 * 60, 'incident', 'site-b'));
  });

  it('lists newest first with gaps placed at the time they end', async () => {
    const list = all(store);
    expect(list).toHaveLength(42);
    expect(list.slice(0, 3)).toEqual([keyOf(39), keyOf(38), keyOf(37)]);
    expect(list.indexOf('gap:entry')).toBe(list.indexOf(keyOf(22)) + 1);
    expect(list.indexOf('gap:entry')).toBe(list.indexOf(keyOf(21)) - 1);
    expect(list.indexOf('gap:incident-b')).toBe(list.indexOf(keyOf(31)) - 1);
  });

  it('pages by offset over the filtered list and reports the total', async () => {
    const full = all(store);
    const pages: string[] = [];
    for (let offset = 0; offset < full.length; offset += 10) {
      const page = store.query({ offset, limit: 10 });
      expect(page.total).toBe(42);
      pages.push(...keys(page.items));
    }
    expect(pages).toEqual(full);
    expect(store.query({ offset: 40, limit: 10 }).items).toHaveLength(2);
    expect(store.query({ offset: 100, limit: 10 }).items).toEqual([]);
    const filteredPage = store.query({ streams: ['incident'], offset: 5, limit: 3 });
    expect(keys(filteredPage.items)).toEqual(all(store, { streams: ['incident'] }).slice(5, 8));
  });

  it('filters by stream, site and category; gaps only by stream and site', async () => {
    const incidents = all(store, { streams: ['incident'] });
    expect(incidents.filter((k) => k.startsWith('entry:'))).toEqual([]);
    expect(incidents).toContain('gap:incident-b');
    expect(incidents).not.toContain('gap:entry');
    expect(incidents.filter((k) => k.startsWith('incident:'))).toHaveLength(20);

    const siteB = all(store, { sites: ['site-b'] });
    expect(siteB.filter((k) => !k.startsWith('gap:')).map((k) => Number(k.split('-')[1]) % 3)).toEqual(new Array(13).fill(1));
    // The all-sites subscription's gap hid site-b's events too.
    expect(siteB).toEqual(expect.arrayContaining(['gap:entry', 'gap:incident-b']));
    expect(all(store, { sites: ['site-a'] })).not.toContain('gap:incident-b');

    const tamper = all(store, { categories: ['tamper', 'lock_opened'] });
    expect(tamper.filter((k) => !k.startsWith('gap:')).every((k) => [0, 3].includes(Number(k.split('-')[1]) % 4))).toBe(true);
    expect(tamper.filter((k) => !k.startsWith('gap:'))).toHaveLength(20);
    expect(tamper).toEqual(expect.arrayContaining(['gap:entry', 'gap:incident-b']));
    expect(all(store, { streams: [], sites: [], categories: [] })).toEqual(all(store));
  });

  it('filters by an inclusive date range; a gap shows when it overlaps the range', async () => {
    const from = new Date(T0 + 10 * 60_000).toISOString();
    const to = new Date(T0 + 20 * 60_000).toISOString();
    const inRange = all(store, { from, to });
    expect(inRange).toEqual(Array.from({ length: 11 }, (_, i) => keyOf(20 - i)));
    const acrossGap = all(store, { from: new Date(T0 + 21 * 60_000).toISOString(), to: new Date(T0 + 21 * 60_000).toISOString() });
    expect(acrossGap).toEqual(['gap:entry', keyOf(21)]);
    expect(() => store.query({ from: 'yesterday', offset: 0, limit: 1 })).toThrow(/'from' is not a date/);
  });

  it('searches text case-insensitively over lock, site name, accessor, category and raw, literally', async () => {
    expect(all(store, { text: 'server room (b+)' })).toEqual(['gap:incident-b', 'gap:entry', keyOf(17)]);
    expect(all(store, { text: 'ADA love', streams: ['incident'] })).toEqual(['gap:incident-b', keyOf(23)]);
    expect(all(store, { text: 'ünïcode façade', streams: ['entry'] })).toEqual(['gap:entry']);
    expect(all(store, { text: 'ünïcode façade', streams: ['incident'] })).toEqual(['gap:incident-b', keyOf(31)]);
    expect(all(store, { text: 'warehouse', streams: ['entry'] }).filter((k) => !k.startsWith('gap:'))).toEqual([34, 28, 22, 16, 10, 4].map(keyOf));
    expect(all(store, { text: 'TAMPER', sites: ['site-a'] }).filter((k) => !k.startsWith('gap:'))).toEqual([39, 27, 15, 3].map(keyOf));
    expect(all(store, { text: '.*' }).filter((k) => !k.startsWith('gap:'))).toEqual([]);
  });

  it('keeps a gap under stream, site, date, category and text filters, and hides every gap under unread-only', async () => {
    // Events the gap's span hid might have matched any of these, so the gap must stay in view.
    const around = { from: new Date(T0 + 20 * 60_000).toISOString(), to: new Date(T0 + 22 * 60_000).toISOString() };
    const narrow = { ...around, streams: ['entry' as const], sites: ['site-b'], categories: ['tamper'], text: 'no event has this text' };
    expect(all(store, narrow)).toEqual(['gap:entry']);
    expect(store.query({ ...narrow, offset: 0, limit: 10 }).total).toBe(1);

    // A gap cannot be marked read: under unread-only it would never leave the list.
    const unread = all(store, { unreadOnly: true });
    expect(unread).toHaveLength(40);
    expect(unread.filter((k) => k.startsWith('gap:'))).toEqual([]);
    expect(all(store, { ...narrow, unreadOnly: true })).toEqual([]);
    expect(store.query({ unreadOnly: true, offset: 0, limit: 1 }).total).toBe(40);
    expect(store.query({ offset: 0, limit: 1 }).total).toBe(42);
  });

  it('combines filters with AND and exports the same events without gaps, newest first', async () => {
    const filter = { streams: ['incident' as const], sites: ['site-b'], text: 'door', to: new Date(T0 + 30 * 60_000).toISOString() };
    const listed = all(store, filter).filter((k) => !k.startsWith('gap:'));
    expect(listed).toEqual([25, 19, 13, 7, 1].map(keyOf));
    expect([...store.filtered(filter)].map(({ event }) => event.key)).toEqual(listed);
  });
});

function keyOf(n: number): string {
  return `${n % 2 === 0 ? 'entry' : 'incident'}:ev-${n}`;
}

describe('HistoryStore unread tracking', () => {
  it('counts unread, marks some or all read, filters unread only, and keeps it over a reopen', async () => {
    const store = await openStore();
    for (let n = 0; n < 6; n += 1) store.append(makeEvent({ n }));
    store.appendGap(makeGap('gap:1', 90, 100));
    expect(store.unreadCount()).toBe(6);
    expect(store.markRead(['entry:ev-1', 'entry:ev-1', 'entry:ev-4', 'gap:1', 'entry:missing'])).toBe(2);
    expect(store.markRead(['entry:ev-1'])).toBe(0);
    const page = store.query({ unreadOnly: true, offset: 0, limit: 100 });
    expect(keys(page.items)).toEqual(['entry:ev-5', 'entry:ev-3', 'entry:ev-2', 'entry:ev-0']);
    expect(page.unread).toBe(4);

    let again = await reopen(store);
    expect(again.unreadCount()).toBe(4);
    expect(again.markAllRead()).toBe(4);
    expect(again.markAllRead()).toBe(0);
    again.append(makeEvent({ n: 6 }));

    again = await reopen(again);
    expect(again.unreadCount()).toBe(1);
    expect(all(again, { unreadOnly: true })).toEqual(['entry:ev-6']);
    expect(all(again)).toContain('gap:1');
  });
});

describe('HistoryStore retention', () => {
  it('keeps the newest maxEvents by event time, also when an old event arrives late', async () => {
    const store = await openStore({ maxEvents: 5 });
    for (let n = 10; n < 17; n += 1) store.append(makeEvent({ n }));
    expect(store.append(makeEvent({ n: 3 }))).toBe(true);
    expect(store.append(makeEvent({ n: 14 }))).toBe(false);
    expect(all(store)).toEqual([16, 15, 14, 13, 12].map((n) => `entry:ev-${n}`));
    expect(store.unreadCount()).toBe(5);
    const again = await reopen(store, { maxEvents: 5 });
    expect(all(again)).toEqual([16, 15, 14, 13, 12].map((n) => `entry:ev-${n}`));
  });

  it('drops events older than maxDays as the clock moves, and by the new limit when set at runtime', async () => {
    const clock = new ManualClock(T0);
    const store = await openStore({ maxDays: 2, clock });
    for (let day = 0; day < 4; day += 1) store.append(makeEvent({ n: day, at: day * 86_400 }));
    store.appendGap(makeGap('gap:old', 100, 200));
    clock.advanceTo(T0 + 3 * DAY);
    expect(all(store)).toEqual(['entry:ev-3', 'entry:ev-2', 'entry:ev-1']);
    clock.advanceTo(T0 + 3.5 * DAY);
    expect(all(store)).toEqual(['entry:ev-3', 'entry:ev-2']);
    store.setRetention({ maxEvents: 50_000, maxDays: 1 });
    expect(all(store)).toEqual(['entry:ev-3']);
    store.setRetention({ maxEvents: 1, maxDays: 30 });
    store.append(makeEvent({ n: 9, at: 3.2 * 86_400 }));
    expect(all(store)).toEqual(['entry:ev-9']);
    await store.flush();
    // The compaction a change of limits runs keeps dropped events from coming back under wider limits.
    const again = await reopen(store, { maxDays: 30, clock });
    expect(all(again)).toEqual(['entry:ev-9']);
  });

  it('drops gaps older than the oldest kept event once the event cap is reached', async () => {
    const store = await openStore({ maxEvents: 3 });
    store.appendGap(makeGap('gap:early', 10, 20));
    for (let n = 1; n < 4; n += 1) store.append(makeEvent({ n }));
    expect(all(store)).toContain('gap:early');
    store.append(makeEvent({ n: 4 }));
    expect(all(store)).toEqual(['entry:ev-4', 'entry:ev-3', 'entry:ev-2']);
  });

  it('rejects limits that are not positive numbers', async () => {
    const store = await openStore();
    expect(() => store.setRetention({ maxEvents: 0, maxDays: 90 })).toThrow(/maxEvents/);
    expect(() => store.setRetention({ maxEvents: 10, maxDays: Number.NaN })).toThrow(/maxDays/);
    await expect(HistoryStore.open({ directory: dir.path, maxEvents: 2.5 })).rejects.toThrow(/maxEvents/);
  });
});

describe('HistoryStore damage on disk', () => {
  it('cuts off a torn last line and keeps every record before it', async () => {
    const logger = new RecordingLogger();
    const store = await openStore();
    for (let n = 0; n < 5; n += 1) store.append(makeEvent({ n }));
    await store.close();
    open.splice(0);
    const whole = (await stat(logFile)).size;
    const line = `${JSON.stringify({ t: 'e', e: makeEvent({ n: 99 }) })}\n`;
    await appendFile(logFile, line.slice(0, line.length / 2));

    const again = await openStore({ logger });
    expect(all(again)).toEqual([4, 3, 2, 1, 0].map((n) => `entry:ev-${n}`));
    expect((await stat(logFile)).size).toBe(whole);
    expect(logger.at('warn').map((entry) => entry.message)).toEqual([expect.stringMatching(/torn last record/)]);
    again.append(makeEvent({ n: 5 }));
    const third = await reopen(again);
    expect(all(third)).toHaveLength(6);
  });

  it('keeps a last record whose newline was lost', async () => {
    const store = await openStore();
    store.append(makeEvent({ n: 0 }));
    await store.close();
    open.splice(0);
    await appendFile(logFile, JSON.stringify({ t: 'e', e: makeEvent({ n: 1 }) }));
    const again = await openStore();
    again.append(makeEvent({ n: 2 }));
    const third = await reopen(again);
    expect(all(third)).toEqual(['entry:ev-2', 'entry:ev-1', 'entry:ev-0']);
  });

  it('skips a corrupt line in the middle, logs it, keeps it aside and loads the rest', async () => {
    const logger = new RecordingLogger();
    const store = await openStore();
    for (let n = 0; n < 4; n += 1) store.append(makeEvent({ n }));
    await store.close();
    open.splice(0);
    const lines = (await readFile(logFile, 'utf8')).split('\n');
    lines.splice(2, 0, '{"t":"e","e":{"key":"entry:ev-x"', '{"t":"e","e":{"key":"entry:ev-y","stream":"bogus"}}', '\u0000\u0000\u0000');
    await writeFile(logFile, lines.join('\n'));

    const again = await openStore({ logger });
    expect(all(again)).toEqual([3, 2, 1, 0].map((n) => `entry:ev-${n}`));
    const [warning] = logger.at('warn');
    expect(warning?.message).toMatch(/skipped unreadable records/);
    expect(warning?.fields?.lines).toEqual(['3: not JSON', '4: bad event: stream must be "incident" or "entry"', '5: not JSON']);
    const rejected = await readFile(join(dir.path, 'history.rejected.jsonl'), 'utf8');
    expect(rejected.split('\n')).toEqual([lines[2], lines[3], lines[4], '']);
  });

  it('loads only the model\'s fields from a record that carries more', async () => {
    const padded = { ...makeEvent({ n: 1 }), injected: '<script>', lock: { id: 'l', name: 'n', extra: 1 } };
    await writeFile(logFile, `${JSON.stringify({ t: 'h', v: 1 })}\n${JSON.stringify({ t: 'e', e: padded })}\n`);
    const store = await openStore();
    expect(store.get(padded.key)).toEqual({ kind: 'event', event: { ...makeEvent({ n: 1 }), lock: { id: 'l', name: 'n' } }, read: false, ack: null });
  });

  it('refuses a file from a newer format and leaves it untouched', async () => {
    const content = `${JSON.stringify({ t: 'h', v: 99 })}\n${JSON.stringify({ t: 'e', e: makeEvent({ n: 1 }) })}\nnot even json`;
    await writeFile(logFile, content);
    await expect(HistoryStore.open({ directory: dir.path })).rejects.toThrow(/newer version of the app \(format 99\).*left untouched/);
    expect(await readFile(logFile, 'utf8')).toBe(content);
  });

  it('says so when the log path is not a file', async () => {
    await mkdir(logFile);
    await expect(HistoryStore.open({ directory: dir.path })).rejects.toThrow(/is not a regular file/);
  });
});

describe('HistoryStore stray records and the set-aside file', () => {
  async function storeWith(events: number): Promise<string[]> {
    const store = await openStore();
    for (let n = 0; n < events; n += 1) store.append(makeEvent({ n }));
    await store.close();
    open.splice(0);
    return (await readFile(logFile, 'utf8')).split('\n');
  }

  it('sets a stray clear mark mid-file aside instead of removing the events before it', async () => {
    const lines = await storeWith(499);
    lines.splice(400, 0, '{"t":"c"}', '{"t":"c","n":3}');
    await writeFile(logFile, lines.join('\n'));
    const logger = new RecordingLogger();
    const again = await openStore({ logger });
    expect(again.query({ offset: 0, limit: 1 }).total).toBe(499);
    expect(logger.at('warn')[0]?.fields?.lines).toEqual(['401: clear mark without its position', '402: a clear mark written for record 3, found at record 400']);
    expect(await readFile(join(dir.path, 'history.rejected.jsonl'), 'utf8')).toBe('{"t":"c"}\n{"t":"c","n":3}\n');
  });

  it('sets a header after line 1 aside, also one from a newer format, and loads everything else', async () => {
    const lines = await storeWith(10);
    lines.splice(5, 0, '{"t":"h","v":2}', '{"t":"h","v":1}');
    await writeFile(logFile, lines.join('\n'));
    const again = await openStore();
    expect(all(again)).toHaveLength(10);
    expect(await readFile(join(dir.path, 'history.rejected.jsonl'), 'utf8')).toBe('{"t":"h","v":2}\n{"t":"h","v":1}\n');
  });

  it('still honours a real clear, also after a reopen with the clear still in the log', async () => {
    const store = await openStore();
    for (let n = 0; n < 3; n += 1) store.append(makeEvent({ n }));
    await store.close();
    open.splice(0);
    // A clear whose compaction never ran: the mark sits after the records it removed.
    const header = (await readFile(logFile, 'utf8')).split('\n').length - 1;
    await appendFile(logFile, `${JSON.stringify({ t: 'c', n: header })}\n${JSON.stringify({ t: 'e', e: makeEvent({ n: 9 }) })}\n`);
    const again = await openStore();
    expect(all(again)).toEqual(['entry:ev-9']);
  });

  it('sets a bad line aside once: the set-aside file does not grow across opens and the log loses the line', async () => {
    const lines = await storeWith(5);
    const bad = `{"t":"e","e":"${'x'.repeat(200_000)}`;
    lines.splice(3, 0, bad);
    await writeFile(logFile, lines.join('\n'));
    const rejectedFile = join(dir.path, 'history.rejected.jsonl');
    const sizes: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      const store = await openStore();
      expect(all(store)).toHaveLength(5);
      await store.flush();
      await store.close();
      open.splice(0);
      sizes.push((await stat(rejectedFile)).size);
      expect(await readFile(logFile, 'utf8')).not.toContain('xxxx');
    }
    expect(sizes).toEqual([bad.length + 1, bad.length + 1, bad.length + 1]);
  });

  it('caps the set-aside file and says which lines were too large to keep', async () => {
    const lines = await storeWith(3);
    const small = '{"t":"e","e":"small"';
    const huge = `{"t":"e","e":"${'y'.repeat(REJECTED_FILE_MAX_BYTES)}`;
    lines.splice(2, 0, small, huge);
    await writeFile(logFile, lines.join('\n'));
    const logger = new RecordingLogger();
    const store = await openStore({ logger });
    await store.flush();
    expect(all(store)).toHaveLength(3);
    const rejected = join(dir.path, 'history.rejected.jsonl');
    expect(await readFile(rejected, 'utf8')).toBe(`${small}\n`);
    expect((await stat(rejected)).size).toBeLessThanOrEqual(REJECTED_FILE_MAX_BYTES);
    const dropped = logger.at('warn').find((entry) => /too large to keep aside/.test(entry.message));
    expect(dropped?.message).toContain(`capped at ${REJECTED_FILE_MAX_BYTES} bytes`);
    expect(dropped?.fields?.lines).toEqual([`4 (${huge.length + 1} bytes)`]);
  });
});

describe('HistoryStore clear and compaction', () => {
  it('clears everything, and the clear holds after a reopen with the old records gone from disk', async () => {
    const store = await openStore();
    for (let n = 0; n < 3; n += 1) store.append(makeEvent({ n, lockName: 'Vault door' }));
    store.appendGap(makeGap('gap:1', 0, 10));
    expect(await store.clear()).toBe(3);
    expect(store.query({ offset: 0, limit: 10 })).toEqual({ items: [], total: 0, unread: 0 });
    expect(await readFile(logFile, 'utf8')).not.toContain('Vault door');
    store.append(makeEvent({ n: 7 }));
    const again = await reopen(store);
    expect(all(again)).toEqual(['entry:ev-7']);
    expect(again.append(makeEvent({ n: 1 }))).toBe(true);
  });

  it('compacts a log that outgrew the live set and keeps events, order and read marks', async () => {
    const store = await openStore({ maxEvents: 100 });
    for (let n = 0; n < 3000; n += 1) {
      store.append(makeEvent({ n }));
      if (n % 3 === 0) store.markRead([`entry:ev-${n}`]);
    }
    await store.flush();
    const lines = (await readFile(logFile, 'utf8')).trim().split('\n');
    expect(lines.length).toBeLessThan(1500);
    const before = store.query({ offset: 0, limit: 1000 });
    const again = await reopen(store, { maxEvents: 100 });
    expect(again.query({ offset: 0, limit: 1000 })).toEqual(before);
    expect(before.items).toHaveLength(100);
    const kept = Array.from({ length: 100 }, (_, i) => 2900 + i);
    expect(before.unread).toBe(kept.filter((n) => n % 3 !== 0).length);
    expect(before.items.filter((item) => item.kind === 'event' && !item.read)).toHaveLength(before.unread);
  });

  it('keeps what is appended and marked while a compaction is copying', async () => {
    const store = await openStore({ maxEvents: 20_000 });
    const big = 'x'.repeat(2000);
    for (let n = 0; n < 4000; n += 1) store.append(makeEvent({ n, raw: `${n}${big}` }));
    store.setRetention({ maxEvents: 19_000, maxDays: 90 });
    // The copy is written in 1 MB pieces; every turn of the event loop here lands between two.
    for (let n = 4000; n < 4200; n += 1) {
      await new Promise((resolve) => setImmediate(resolve));
      store.append(makeEvent({ n }));
      store.markRead([`entry:ev-${n - 4000}`]);
      if (n === 4100) store.appendGap(makeGap('gap:during', 4100 * 60 - 30, 4100 * 60 - 10));
    }
    await store.flush();
    const before = store.query({ offset: 0, limit: 10_000 });
    const again = await reopen(store, { maxEvents: 19_000 });
    expect(again.query({ offset: 0, limit: 10_000 })).toEqual(before);
    expect(before.total).toBe(4201);
    expect(before.unread).toBe(4000);
  });

  it('reports a compaction that cannot write its copy and loses nothing; the next one works', async () => {
    const store = await openStore({ maxEvents: 10 });
    for (let n = 0; n < 10; n += 1) store.append(makeEvent({ n }));
    // A directory where the copy goes: the OS refuses to open it as a file, even for root.
    const copyPath = join(dir.path, 'history.jsonl.tmp');
    await mkdir(copyPath);
    await writeFile(join(copyPath, 'keep'), '');
    store.setRetention({ maxEvents: 8, maxDays: 90 });
    await store.flush();
    expect(store.lastWriteError).toMatch(/^History compaction failed \(.*EISDIR.*\); the log at .*history\.jsonl is intact/);
    store.append(makeEvent({ n: 10 }));
    await store.flush();

    let again = await reopen(store, { maxEvents: 8 });
    expect(all(again)).toEqual([10, 9, 8, 7, 6, 5, 4, 3].map((n) => `entry:ev-${n}`));
    again.setRetention({ maxEvents: 6, maxDays: 90 });
    await again.flush();
    expect(again.lastWriteError).toMatch(/compaction failed/);
    await rm(copyPath, { recursive: true });
    again.setRetention({ maxEvents: 4, maxDays: 90 });
    await again.flush();
    expect(again.lastWriteError).toBeNull();
    expect((await readFile(logFile, 'utf8')).trim().split('\n')).toHaveLength(5);
    again = await reopen(again, { maxEvents: 50 });
    expect(all(again)).toEqual([10, 9, 8, 7].map((n) => `entry:ev-${n}`));
  });
});

describe('HistoryStore bad input', () => {
  it('rejects an event or gap that is not one, naming the field, and stays usable', async () => {
    const store = await openStore();
    const bad = { ...makeEvent({ n: 1 }), raw: { not: 'text' } } as unknown as ReturnType<typeof makeEvent>;
    expect(() => store.append(bad)).toThrow(/not a ClayEvent: raw must be a string/);
    expect(() => store.append({ ...makeEvent({ n: 1 }), stream: 'door' } as unknown as ReturnType<typeof makeEvent>)).toThrow(/stream/);
    expect(() => store.appendGap({ ...makeGap('g', 0, 1), to: 'later' })).toThrow(/not an OfflineGap: to/);
    expect(() => store.query({ offset: -1, limit: 10 })).toThrow(/'offset' must be a whole number/);
    expect(() => store.query({ offset: 0, limit: 1.5 })).toThrow(/'limit' must be a whole number/);
    expect(store.append(makeEvent({ n: 1 }))).toBe(true);
    const again = await reopen(store);
    expect(all(again)).toEqual(['entry:ev-1']);
  });
});
