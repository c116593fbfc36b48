/**
 * The window's browser tests run against the test bridge's in-memory history, so it must list what
 * the real store lists. Both answer the same filters over the same seed here, gaps included.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HistoryFilter, HistoryItem, HistoryQuery } from '../../../app/common/models';
import { HistoryStore } from '../../../app/core/history';
import { createTestBridge } from '../../renderer/test-bridge';
import { makeEvent, makeGap, scratchDir, StillClock, T0 } from './support';

const DAY = 86_400_000;
const iso = (minutes: number): string => new Date(T0 + minutes * 60_000).toISOString();

// Event times are whole minutes and gaps end half-way between, so no two items share a time.
function seed(): HistoryItem[] {
  const categories = ['lock_opened', 'lock_rejected', 'door_left_open', 'tamper'];
  const events: HistoryItem[] = Array.from({ length: 30 }, (_, n) => ({
    kind: 'event',
    event: makeEvent({
      n,
      stream: n % 2 === 0 ? 'entry' : 'incident',
      site: ['site-a', 'site-b', null][n % 3] as string | null,
      category: categories[n % 4] as string,
      lockName: n === 11 ? 'Server Room' : `Door ${n % 5}`,
    }),
    read: n % 4 === 0,
    // Incidents are the odd ones; every third of them is acknowledged.
    ack: n % 6 === 1 ? { by: 'desk', at: iso(n + 1), note: null } : null,
  }));
  const gaps: HistoryItem[] = [
    { kind: 'gap', gap: makeGap('gap:all-sites', 4.2 * 60, 6.5 * 60, 'entry', null) },
    { kind: 'gap', gap: makeGap('gap:site-b', 12.1 * 60, 12.5 * 60, 'incident', 'site-b') },
    { kind: 'gap', gap: makeGap('gap:site-a', 25.3 * 60, 27.5 * 60, 'entry', 'site-a') },
  ];
  return [...events, ...gaps];
}

const FILTERS: readonly HistoryFilter[] = [
  {},
  { streams: ['entry'] },
  { streams: ['incident'] },
  { sites: ['site-b'] },
  { sites: ['site-a', 'site-b'], streams: ['entry'] },
  { categories: ['tamper'] },
  { text: 'server room' },
  { text: 'nothing matches this' },
  { from: iso(5), to: iso(12) },
  { from: iso(26), to: iso(26) },
  { unreadOnly: true },
  { unreadOnly: true, streams: ['entry'], categories: ['lock_opened'] },
  { streams: [], sites: [], categories: [] },
  { acknowledgement: 'needed' },
  { acknowledgement: 'done' },
  { acknowledgement: 'needed', sites: ['site-a'], unreadOnly: true },
  { streams: ['entry'], sites: ['site-a'], categories: ['door_left_open'], text: 'door', from: iso(0), to: iso(28) },
];

const keyOf = (item: HistoryItem): string => (item.kind === 'event' ? item.event.key : item.gap.key);

describe('test bridge and history store', () => {
  let dir: Awaited<ReturnType<typeof scratchDir>>;
  let store: HistoryStore;

  beforeEach(async () => {
    dir = await scratchDir('parity');
    store = await HistoryStore.open({ directory: dir.path, clock: new StillClock(T0 + DAY) });
  });

  afterEach(async () => {
    await store.close();
    await dir.remove();
  });

  it('list the same items in the same order for every filter, gaps included', async () => {
    const items = seed();
    for (const item of items) {
      if (item.kind === 'gap') store.appendGap(item.gap);
      else store.append(item.event);
    }
    store.markRead(items.flatMap((item) => (item.kind === 'event' && item.read ? [item.event.key] : [])));
    for (const item of items) if (item.kind === 'event' && item.ack !== null) store.acknowledge({ keys: [item.event.key] }, item.ack);
    const bridge = createTestBridge();
    bridge.control.seed(items);

    let gapsSeen = 0;
    for (const filter of FILTERS) {
      const query: HistoryQuery = { ...filter, offset: 0, limit: 1000 };
      const fromStore = store.query(query);
      const answer = await bridge.api.history.query(query);
      if (!answer.ok) throw new Error(answer.error.message);
      expect({ filter, keys: answer.value.items.map(keyOf), total: answer.value.total }).toEqual({
        filter,
        keys: fromStore.items.map(keyOf),
        total: fromStore.total,
      });
      gapsSeen += fromStore.items.filter((item) => item.kind === 'gap').length;
    }
    // The comparison is only worth something if gaps were in play under the filters above.
    expect(gapsSeen).toBeGreaterThan(10);
  });
});
