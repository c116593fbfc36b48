import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HANDOVER_LIST_LIMIT } from '../../../app/common/handover';
import { HistoryStore } from '../../../app/core/history';
import { handoverPieces } from '../../../app/core/history/handover-export';
import { ExportJob } from '../../../app/core/services/export-job';
import { silentLogger } from '../../../app/core/ports';
import { ManualClock } from '../../support/clock';
import { makeEvent, makeGap, scratchDir, T0 } from './support';

let dir: Awaited<ReturnType<typeof scratchDir>>;
let store: HistoryStore;
const clock = new ManualClock(T0 + 10 * 3_600_000);
const ack = { by: 'desk', at: new Date(T0).toISOString(), note: null };

beforeEach(async () => {
  dir = await scratchDir('handover');
  store = await HistoryStore.open({ directory: join(dir.path, 'history'), clock, maxDays: 100_000 });
});

afterEach(async () => {
  await store.close();
  await dir.remove();
});

/** Minutes after T0. */
const since = (minutes: number): number => T0 + minutes * 60_000;

describe('shift handover', () => {
  it('lists the unacknowledged incidents of the span newest first, and counts per site and per door', () => {
    store.append(makeEvent({ n: 1, stream: 'incident', category: 'door_left_open', lockName: 'Gate' })); // before the span
    store.append(makeEvent({ n: 10, stream: 'incident', category: 'door_left_open', lockName: 'Gate' }));
    store.append(makeEvent({ n: 11, stream: 'incident', category: 'tamper', lockName: 'Gate' }));
    store.append(makeEvent({ n: 12, stream: 'incident', category: 'intrusion', lockName: 'Lab door', site: 'site-b', siteName: 'Lab' }));
    store.append(makeEvent({ n: 13, stream: 'entry', lockName: 'Gate' }));
    store.append(makeEvent({ n: 14, stream: 'entry', lockName: 'Lab door', site: 'site-b', siteName: 'Lab' }));
    store.acknowledge({ keys: ['incident:ev-11'] }, ack);

    const handover = store.handover(since(5), clock.now());

    expect(handover.since).toBe(new Date(since(5)).toISOString());
    expect(handover.totals).toEqual({ incidents: 3, unacknowledged: 2, entries: 2, gaps: 0, gapsNotRecovered: 0 });
    expect(handover.unacknowledged.map((e) => e.key)).toEqual(['incident:ev-12', 'incident:ev-10']);
    expect(handover.sites).toEqual([
      { site: 'site-a', siteName: 'Head Office', incidents: 2, unacknowledged: 1, entries: 1 },
      { site: 'site-b', siteName: 'Lab', incidents: 1, unacknowledged: 1, entries: 1 },
    ]);
    // Same door name, different lock ids (lock-3 and lock-4 in the fixtures): two doors, by id.
    expect(handover.doors.map((d) => [d.door, d.lockId, d.incidents, d.unacknowledged, d.entries])).toEqual([
      ['Gate', 'lock-3', 1, 1, 0],
      ['Lab door', 'lock-5', 1, 1, 0],
      ['Gate', 'lock-4', 1, 0, 0],
      ['Gate', 'lock-6', 0, 0, 1],
      ['Lab door', 'lock-0', 0, 0, 1],
    ]);
  });

  it('shows the gaps overlapping the span with their recovery state, and counts those still missing', () => {
    store.appendGap(makeGap('gap-old', 0, 60)); // ends before the span
    store.appendGap({ ...makeGap('gap-done', 400, 500), recovery: { state: 'done', recovered: 3, reason: null } });
    store.appendGap({ ...makeGap('gap-failed', 700, 800, 'incident', 'site-a'), recovery: { state: 'failed', recovered: 0, reason: 'the sign-in was refused' } });
    store.appendGap(makeGap('gap-untried', 200, 330));

    const handover = store.handover(since(5), clock.now());

    expect(handover.gaps.map((g) => [g.key, g.recovery?.state ?? null])).toEqual([
      ['gap-failed', 'failed'],
      ['gap-done', 'done'],
      ['gap-untried', null],
    ]);
    expect(handover.totals.gaps).toBe(3);
    expect(handover.totals.gapsNotRecovered).toBe(2);
  });

  it('lists at most a page of incidents but counts them all', () => {
    const count = HANDOVER_LIST_LIMIT + 20;
    for (let n = 0; n < count; n += 1) store.append(makeEvent({ n, stream: 'incident', category: 'tamper', at: n }));
    const handover = store.handover(T0, clock.now());
    expect(handover.unacknowledged).toHaveLength(HANDOVER_LIST_LIMIT);
    expect(handover.totals.unacknowledged).toBe(count);
    expect(handover.unacknowledged[0]?.key).toBe(`incident:ev-${count - 1}`);
  });

  it('exports every unacknowledged incident, the gaps and the counts as CSV and JSON, and a PDF from the shell', async () => {
    for (let n = 10; n < 14; n += 1) store.append(makeEvent({ n, stream: 'incident', category: 'tamper', lockName: n === 13 ? '=HYPERLINK("x")' : 'Gate' }));
    store.appendGap({ ...makeGap('gap-1', 620, 700), recovery: { state: 'waiting', recovered: 0, reason: 'no Core REST address' } });
    const job = new ExportJob({ history: store, clock, logger: silentLogger, emit: () => undefined });
    const request = { since: new Date(since(5)).toISOString() };
    const csvPath = join(dir.path, 'handover.csv');
    const csv = await job.run({ format: 'csv', handover: request }, async () => csvPath);
    expect(csv).toEqual({ ok: true, value: { saved: true, path: csvPath, count: 4 } });
    const lines = (await readFile(csvPath, 'utf8')).trim().split('\r\n');
    expect(lines[0]).toBe('section,time,until,site,site_name,door,lock_id,category,detail,recovery,recovered,reason,incidents,unacknowledged,entries,key');
    expect(lines.map((l) => l.split(',')[0])).toEqual(['section', 'span', 'unacknowledged', 'unacknowledged', 'unacknowledged', 'unacknowledged', 'gap', 'site', 'door', 'door', 'door', 'door']);
    // A door named like a formula stays text in a spreadsheet.
    expect(lines[2]).toContain(`"'=HYPERLINK(""x"")"`);
    expect(lines[6]).toContain('waiting,0,no Core REST address');

    const jsonPath = join(dir.path, 'handover.json');
    await job.run({ format: 'json', handover: request }, async () => jsonPath);
    const json = JSON.parse(await readFile(jsonPath, 'utf8')) as { totals: { unacknowledged: number }; unacknowledged: { key: string; read: boolean }[]; gaps: unknown[]; sites: unknown[] };
    expect(json.totals.unacknowledged).toBe(4);
    expect(json.unacknowledged.map((e) => e.key)).toEqual(['incident:ev-13', 'incident:ev-12', 'incident:ev-11', 'incident:ev-10']);
    expect(json.gaps).toHaveLength(1);
    expect(json.sites).toHaveLength(1);

    const pdfPath = join(dir.path, 'handover.pdf');
    const pdf = await job.run({ format: 'pdf', handover: request }, async (name) => (name.endsWith('.pdf') ? pdfPath : null), async () => Buffer.from('%PDF-1.7 test'));
    expect(pdf).toEqual({ ok: true, value: { saved: true, path: pdfPath, count: 4 } });
    expect(await readFile(pdfPath, 'utf8')).toBe('%PDF-1.7 test');
    const failed = await job.run({ format: 'pdf', handover: request }, async () => join(dir.path, 'other.pdf'), () => Promise.reject(new Error('the window was closed before it could be printed')));
    expect(failed).toEqual({ ok: false, error: { code: 'export-failed', message: 'The handover could not be saved: the window was closed before it could be printed' } });
  });

  it('writes valid JSON with no incidents at all', () => {
    const handover = store.handover(T0, clock.now());
    const text = [...handoverPieces('json', handover, [])].join('');
    expect(JSON.parse(text)).toMatchObject({ unacknowledged: [], totals: { incidents: 0 } });
  });
});
