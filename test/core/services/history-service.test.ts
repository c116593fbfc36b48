import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { HistoryItem } from '../../../app/common/models';
import type { AppCore } from '../../../app/core/services/app-core';
import { HistoryStore } from '../../../app/core/history';
import { DEFAULT_SETTINGS } from '../../../app/core/settings/settings';
import { until } from '../../support/until';
import { tempDir, hub, settingsFor, makeCore, pushes, runCleanups, type Harness } from './core-harness';

afterEach(runCleanups);

describe('HistoryService (AppCore) with the dev hub (static token)', () => {
  it('marks read and clears, announcing each change', async () => {
    const h = await hub();
    const { core, events } = await makeCore(settingsFor(h), { token: h.issueToken() });
    await core.start();
    await until('connected', () => core.status.get().aggregate === 'connected');
    h.emitGenerated('incident', h.sites[0]!.id);
    h.emitGenerated('incident', h.sites[0]!.id);
    const items = await until('2 added', () => {
      const all = pushes(events, 'clay:history:did-add').flat();
      return all.length === 2 ? all : null;
    });
    const firstKey = (items[0] as Extract<HistoryItem, { kind: 'event' }>).event.key;
    expect(core.history.markRead([firstKey, 'incident:unknown'])).toEqual({ ok: true, value: 1 });
    expect(core.status.get().unread).toBe(1);
    expect(core.history.markAllRead()).toEqual({ ok: true, value: 1 });
    expect(core.status.get().unread).toBe(0);
    expect(pushes(events, 'clay:history:did-change')).toHaveLength(2);
    expect(await core.history.clear()).toEqual({ ok: true, value: 2 });
    expect(core.status.get().lastEvent).toBeNull();
    expect(core.history.query({ offset: 0, limit: 10 })).toMatchObject({ ok: true, value: { total: 0 } });
  });
});

describe('HistoryService (AppCore) export and urgent count', () => {
  it('exports CSV safe for spreadsheets and JSON', async () => {
    const h = await hub();
    const { core } = await makeCore(settingsFor(h), { token: h.issueToken() });
    await core.start();
    await until('connected', () => core.status.get().aggregate === 'connected');
    h.emit('incident', { id: 'evil-1', event_category: 'tamper', lock_customer_reference: '=HYPERLINK("http://x","y")', collection_id: h.sites[0]!.id }, h.sites[0]!.id);
    h.emit('incident', { id: 'plain-2', event_category: 'intrusion', lock_customer_reference: 'Door, "north"\nwing' }, h.sites[0]!.id);
    await until('2 stored', () => core.history.query({ offset: 0, limit: 5 }).ok && core.status.get().unread === 2);

    const dir = tempDir();
    const names: string[] = [];
    const saveAs = (file: string) => async (suggested: string): Promise<string> => {
      names.push(suggested);
      return path.join(dir, file);
    };
    const csv = await core.history.export({ format: 'csv', filter: {} }, saveAs('out.csv'));
    expect(csv).toEqual({ ok: true, value: { saved: true, path: path.join(dir, 'out.csv'), count: 2 } });
    expect(names[0]).toMatch(/^clay-tray-history-\d{4}-\d{2}-\d{2}\.csv$/);
    const csvText = readFileSync(path.join(dir, 'out.csv'), 'utf8');
    expect(csvText).toContain(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvText).toContain('"Door, ""north""\nwing"');
    expect(csvText.split('\r\n')[0]).toMatch(/^key,stream,site,/);

    const json = await core.history.export({ format: 'json', filter: { categories: ['tamper'] } }, saveAs('out.json'));
    expect(json).toMatchObject({ ok: true, value: { saved: true, count: 1 } });
    const parsed = JSON.parse(readFileSync(path.join(dir, 'out.json'), 'utf8')) as { id: string; raw: string }[];
    expect(parsed.map((e) => e.id)).toEqual(['evil-1']);
    expect(JSON.parse(parsed[0]!.raw)).toMatchObject({ id: 'evil-1' });
    expect(readdirSync(dir).sort()).toEqual(['out.csv', 'out.json']);
  });

  it('asks where to save before reading anything, runs one export at a time, and pushes progress', async () => {
    const dir = tempDir();
    const seed = await HistoryStore.open({ directory: dir });
    const padding = 'p'.repeat(2000);
    for (let n = 0; n < 3000; n += 1) {
      seed.append({ key: `entry:${n}`, stream: 'entry', site: null, siteName: null, id: String(n), category: 'lock_opened', detail: null, time: null, localTime: null, lock: { id: null, name: null }, accessor: null, accessBy: null, receivedAt: new Date(Date.now() - 3_600_000 + n * 1000).toISOString(), raw: `${n}${padding}` });
    }
    await seed.close();
    const { core, events } = await makeCore(DEFAULT_SETTINGS, {}, dir);
    let choose: (file: string | null) => void = () => undefined;
    const chosen = new Promise<string | null>((resolve) => {
      choose = resolve;
    });
    const first = core.history.export({ format: 'json', filter: {} }, () => chosen);
    const whileChoosing = await core.history.export({ format: 'csv', filter: {} }, async () => path.join(dir, 'never.csv'));
    expect(whileChoosing).toEqual({ ok: false, error: { code: 'export-busy', message: 'An export is already running (waiting for you to choose a file). Wait for it to finish, then try again.' } });
    expect(pushes(events, 'clay:history:export-progress')).toEqual([]);
    // Asked from inside the first progress push: the export is then certainly running.
    let whileWriting: ReturnType<AppCore['history']['export']> | null = null;
    core.onDidEmit((event) => {
      if (event.channel === 'clay:history:export-progress') whileWriting ??= core.history.export({ format: 'csv', filter: {} }, async () => path.join(dir, 'never.csv'));
    });
    choose(path.join(dir, 'all.json'));
    expect(await first).toMatchObject({ ok: true, value: { saved: true, count: 3000 } });
    expect(await whileWriting).toEqual({ ok: false, error: { code: 'export-busy', message: 'An export is already running (0 of 3,000 events written). Wait for it to finish, then try again.' } });
    const progress = pushes(events, 'clay:history:export-progress');
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(progress.at(-1)).toEqual({ format: 'json', written: 3000, total: 3000 });
    expect(progress.every((p, i) => i === 0 || p.written >= progress[i - 1]!.written)).toBe(true);
    const items = JSON.parse(readFileSync(path.join(dir, 'all.json'), 'utf8')) as { key: string }[];
    expect(items).toHaveLength(3000);
    expect(items[0]!.key).toBe('entry:2999');
    expect(existsSync(path.join(dir, 'never.csv'))).toBe(false);
    // Done: the next export runs.
    expect(await core.history.export({ format: 'csv', filter: {} }, async () => null)).toEqual({ ok: true, value: { saved: false } });
  });

  it('leaves no half-written file behind when an export cannot be written', async () => {
    const dir = tempDir();
    const { core } = await makeCore(DEFAULT_SETTINGS, {}, dir);
    const answer = await core.history.export({ format: 'json', filter: {} }, async () => path.join(dir, 'missing-folder', 'out.json'));
    expect(answer).toMatchObject({ ok: false, error: { code: 'export-failed', message: expect.stringMatching(/^The export could not be saved: /) } });
    expect(readdirSync(dir).filter((name) => name.includes('.part'))).toEqual([]);
  });

  it('counts an always-notify incident, in any spelling of its family, as urgent until it is acknowledged (what holds back an update restart)', async () => {
    const h = await hub();
    const { core, events } = await makeCore(settingsFor(h), { token: h.issueToken() });
    await core.start();
    await until('connected', () => core.status.get().aggregate === 'connected');
    h.emit('incident', { id: 'dlo-1', event_category: 'door_left_open' }, h.sites[0]!.id);
    await until('first added', () => pushes(events, 'clay:history:did-add').flat().length === 1);
    expect(core.history.hasUnacknowledgedUrgentIncident()).toBe(false);
    h.emit('incident', { id: 'intr-1', event_category: 'IntrusionAlarm' }, h.sites[0]!.id);
    await until('second added', () => pushes(events, 'clay:history:did-add').flat().length === 2);
    expect(core.history.hasUnacknowledgedUrgentIncident()).toBe(true);
    expect(core.status.get().unacknowledgedUrgent).toBe(1);
    // Read is not acknowledged.
    core.history.markAllRead();
    expect(core.history.hasUnacknowledgedUrgentIncident()).toBe(true);
    const key = pushes(events, 'clay:history:did-add').flat().find((item) => item.kind === 'event' && item.event.id === 'intr-1');
    if (key?.kind !== 'event') throw new Error('intrusion not pushed');
    expect(await core.history.acknowledge({ keys: [key.event.key], note: null })).toEqual({ ok: true, value: 1 });
    expect(core.history.hasUnacknowledgedUrgentIncident()).toBe(false);
  });
});

describe('HistoryService (AppCore) acknowledgements', () => {
  async function seeded(): Promise<Harness> {
    const dir = tempDir();
    const store = await HistoryStore.open({ directory: dir });
    const incident = (id: string, category: string, minute: number) => ({
      key: `incident:${id}`, stream: 'incident' as const, site: 's1', siteName: null, id, category, detail: null,
      time: new Date(Date.UTC(2026, 10, 28, 8, minute)).toISOString(), localTime: null, lock: { id: 'l1', name: 'Door 3' },
      accessor: null, accessBy: null, receivedAt: new Date(Date.UTC(2026, 10, 28, 8, minute)).toISOString(), raw: JSON.stringify({ id }),
    });
    store.append(incident('a', 'intrusion', 1));
    store.append(incident('b', 'tamper', 2));
    store.append(incident('c', 'door_left_open', 3));
    await store.close();
    const h = await makeCore(DEFAULT_SETTINGS, {}, dir);
    return h;
  }

  it('records who, when and the note, counts what urgent is left, and says so in a push', async () => {
    const { core, events } = await seeded();
    // intrusion and tamper are the always-notify (urgent) categories by default; door_left_open is not.
    expect(core.status.get().unacknowledgedUrgent).toBe(2);
    const before = Date.now();
    expect(await core.history.acknowledge({ keys: ['incident:a'], note: '  Guard on the way  ' })).toEqual({ ok: true, value: 1 });
    const item = core.history.get('incident:a');
    if (!item.ok || item.value?.kind !== 'event' || item.value.ack === null) throw new Error('not acknowledged');
    expect(item.value.ack.note).toBe('Guard on the way');
    expect(item.value.ack.by).toBe(userInfo().username);
    expect(Date.parse(item.value.ack.at)).toBeGreaterThanOrEqual(before - 1000);
    expect(core.status.get().unacknowledgedUrgent).toBe(1);
    expect(events.some((e) => e.channel === 'clay:history:did-change')).toBe(true);
    await until('a status push with one urgent left', () => pushes(events, 'clay:status:did-change').some((s) => s.unacknowledgedUrgent === 1));
  });

  it('acknowledges everything a filter shows with one note, and exports who and when', async () => {
    const harness = await seeded();
    const { core } = harness;
    expect(await core.history.acknowledge({ filter: { acknowledgement: 'needed' }, note: '' })).toEqual({ ok: true, value: 3 });
    expect(await core.history.acknowledge({ filter: {}, note: null })).toEqual({ ok: true, value: 0 });
    expect(core.status.get().unacknowledgedUrgent).toBe(0);
    const { dir } = harness;
    const csvPath = path.join(dir, 'acknowledged.csv');
    expect(await core.history.export({ format: 'csv', filter: { acknowledgement: 'done' } }, async () => csvPath)).toMatchObject({ ok: true, value: { count: 3 } });
    const [header, first] = readFileSync(csvPath, 'utf8').split('\r\n');
    expect(header).toContain('read,acknowledged_by,acknowledged_at,acknowledgement_note,raw');
    expect(first).toContain(`,${userInfo().username},`);
    const jsonPath = path.join(dir, 'all.json');
    expect(await core.history.export({ format: 'json', filter: {} }, async () => jsonPath)).toMatchObject({ ok: true });
    const rows = JSON.parse(readFileSync(jsonPath, 'utf8')) as { acknowledgement: { by: string; note: string | null } | null }[];
    expect(rows.map((row) => row.acknowledgement?.note)).toEqual([null, null, null]);
    expect(rows.every((row) => row.acknowledgement?.by === userInfo().username)).toBe(true);
  });
});
