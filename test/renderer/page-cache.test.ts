import { describe, expect, it } from 'vitest';
import type { HistoryItem, HistoryPage, HistoryQuery } from '../../app/common/models';
import type { Result } from '../../app/common/result';
import { PageCache } from '../../renderer/history/page-cache';
import { createTestBridge } from './test-bridge';
import { items } from './fixtures';

function setup(count: number, pageSize = 10, maxPages = 3) {
  const { api, control } = createTestBridge();
  control.seed(items(count));
  const requests: HistoryQuery[] = [];
  let filter = {};
  let updates = 0;
  const errors: string[] = [];
  const cache = new PageCache(
    (offset, limit) => {
      const query = { ...filter, offset, limit };
      requests.push(query);
      return api.history.query(query);
    },
    { onUpdate: () => (updates += 1), onError: (message) => errors.push(message) },
    pageSize,
    maxPages,
  );
  return { cache, requests, errors, setFilter: (f: object) => (filter = f), updates: () => updates };
}

const key = (item: HistoryItem | undefined): string | undefined => (item?.kind === 'event' ? item.event.key : undefined);

describe('PageCache', () => {
  it('fetches only the pages a range needs, once each', async () => {
    const { cache, requests } = setup(95, 10, 10);
    await cache.reload();
    expect(cache.total).toBe(95);
    await cache.ensure(5, 35);
    await cache.ensure(0, 30);
    expect(requests.map((r) => r.offset)).toEqual([0, 10, 20, 30]);
    expect(key(cache.item(34))).toBe('incident:e34');
    expect(cache.item(40)).toBeUndefined();
    await cache.ensure(90, 200);
    expect(requests.at(-1)).toEqual({ offset: 90, limit: 10 });
    expect(key(cache.item(94))).toBe('incident:e94');
  });

  it('keeps memory bounded by evicting the least recently used page', async () => {
    const { cache, requests } = setup(100, 10, 3);
    await cache.reload();
    await cache.ensure(10, 40);
    expect(cache.item(5)).toBeUndefined();
    await cache.ensure(0, 10);
    expect(requests.filter((r) => r.offset === 0)).toHaveLength(2);
  });

  it('drops answers to a filter that is no longer current', async () => {
    const { cache, setFilter } = setup(50);
    await cache.reload();
    const stale = cache.ensure(20, 30);
    setFilter({ streams: ['entry'] });
    await cache.reload();
    await stale;
    expect(cache.total).toBe(25);
    expect(key(cache.item(0))).toBe('entry:e1');
    expect(cache.item(20)).toBeUndefined();
  });

  it('patches cached rows in place and finds keys it holds', async () => {
    const { cache, updates } = setup(30);
    await cache.reload();
    const before = updates();
    cache.patch((item) => (item.kind === 'event' ? { ...item, read: true } : item));
    expect(updates()).toBe(before + 1);
    expect(cache.item(0)?.kind === 'event' && cache.item(0)).toMatchObject({ read: true });
    expect(cache.indexOfKey('entry:e7')).toBe(7);
    expect(cache.indexOfKey('entry:e27')).toBeNull();
  });

  it('reports a failed page and keeps what it had', async () => {
    const failing = (): Promise<Result<HistoryPage>> => Promise.resolve({ ok: false, error: { code: 'x', message: 'History is unavailable.' } });
    const errors: string[] = [];
    const cache = new PageCache(failing, { onUpdate: () => undefined, onError: (m) => errors.push(m) });
    const result = await cache.reload();
    expect(result.ok).toBe(false);
    expect(errors).toEqual(['History is unavailable.']);
    expect(cache.total).toBe(0);
    expect(() => new PageCache(failing, { onUpdate: () => undefined, onError: () => undefined }, 0)).toThrow(/positive integer/);
  });
});
