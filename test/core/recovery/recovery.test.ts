import { afterEach, describe, expect, it } from 'vitest';
import type { ClayEvent, OfflineGap } from '../../../app/common/models';
import { staticTokenProvider } from '../../../app/core/streaming/auth';
import { CoreRestClient } from '../../../app/core/recovery/core-rest';
import { RecoveryCoordinator, type RecoveryProgress, type RecoveryTiming } from '../../../app/core/recovery/recovery';
import { startDevHub, type DevHub } from '../../../app/dev-hub/dev-hub';
import { ManualClock } from '../../support/clock';
import { until } from '../../support/until';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const START = Date.UTC(2026, 10, 27, 10, 0, 0);

interface Harness {
  hub: DevHub;
  clock: ManualClock;
  history: Map<string, ClayEvent>;
  progress: RecoveryProgress[];
  coordinator: RecoveryCoordinator;
  site: string;
  /** Emits `count` incidents one second apart from `at`, with nobody connected. */
  emitDuring(at: number, count: number): string[];
  gap(from: number, to: number): OfflineGap;
  last(): RecoveryProgress | undefined;
}

async function harness(options: { lagMs?: number; timing?: Partial<RecoveryTiming>; pageSize?: number; maxPages?: number; token?: string } = {}): Promise<Harness> {
  const clock = new ManualClock(START);
  const hub = await startDevHub({ now: () => clock.now(), restLagMs: options.lagMs ?? 0, seed: 3 });
  cleanups.push(() => hub.stop());
  const token = options.token ?? hub.issueToken();
  const client = new CoreRestClient({
    baseUrl: hub.restUrl,
    tokenProvider: staticTokenProvider(() => Promise.resolve(token)),
    pageSize: options.pageSize ?? 3,
    maxPages: options.maxPages ?? 50,
  });
  const history = new Map<string, ClayEvent>();
  const progress: RecoveryProgress[] = [];
  const coordinator = new RecoveryCoordinator({
    source: () => ({ client }),
    store: (event) => {
      if (history.has(event.key)) return false;
      history.set(event.key, event);
      return true;
    },
    onProgress: (p) => progress.push(p),
    clock,
    timing: { recheckDelaysMs: [60_000, 300_000], retryBaseMs: 1_000, retryMaxMs: 4_000, attempts: 3, ...options.timing },
    random: () => 1,
  });
  cleanups.push(() => coordinator.dispose());
  const site = hub.sites[0]!.id;
  return {
    hub,
    clock,
    history,
    progress,
    coordinator,
    site,
    emitDuring(at, count) {
      const ids: string[] = [];
      for (let i = 0; i < count; i += 1) {
        clock.advanceTo(at + i * 1000);
        ids.push(String(hub.emitGenerated('incident', site).id));
      }
      return ids;
    },
    gap: (from, to) => ({ key: `gap:incident:${site}:${new Date(from).toISOString()}`, stream: 'incident', site, from: new Date(from).toISOString(), to: new Date(to).toISOString() }),
    last: () => progress[progress.length - 1],
  };
}

describe('recovering a gap from the Core REST API', () => {
  it('pages through empty pages and tokens, and marks every event recovered', async () => {
    const h = await harness();
    h.hub.rest.faults.emptyPages = 2;
    const ids = h.emitDuring(START + 10_000, 8);
    // Another site's events are not this gap's.
    h.hub.emitGenerated('incident', h.hub.sites[1]!.id);
    h.clock.advanceTo(START + 40_000);
    h.coordinator.recover(h.gap(START + 5_000, START + 30_000));
    await until('the first pass', () => h.progress.length === 1);
    expect([...h.history.keys()].sort()).toEqual(ids.map((id) => `incident:${id}`).sort());
    expect([...h.history.values()].every((e) => e.recovered === true && e.site === h.site)).toBe(true);
    expect(h.last()?.gap.recovery).toEqual({ state: 'checking', recovered: 8, reason: null });
    // 2 empty pages, then 8 items in pages of 3.
    expect(h.hub.rest.requestCount).toBe(5);
  });

  it('asks again after 1 and 5 minutes because REST lags, and only then calls the gap closed', async () => {
    const h = await harness({ lagMs: 50_000 });
    const early = h.emitDuring(START, 2);
    h.clock.advanceTo(START + 100_000);
    const late = h.emitDuring(START + 100_000, 3);
    h.coordinator.recover(h.gap(START - 1000, START + 103_000));
    await until('the first pass', () => h.progress.length === 1);
    expect(h.last()?.added).toBe(2);
    expect(h.last()?.gap.recovery?.state).toBe('checking');
    h.clock.advance(60_000);
    await until('the second pass', () => h.progress.length === 2);
    expect(h.last()?.added).toBe(3);
    h.clock.advance(240_000);
    await until('the last pass', () => h.progress.length === 3);
    expect(h.last()?.added).toBe(0);
    expect(h.last()?.gap.recovery).toEqual({ state: 'done', recovered: 5, reason: null });
    expect(h.last()?.recovered.map((e) => e.id).sort()).toEqual([...early, ...late].sort());
    expect(h.coordinator.active).toBe(0);
  });

  it('drops events history already holds (received live), and widens the span by the margin', async () => {
    const h = await harness({ timing: { recheckDelaysMs: [], marginMs: 60_000 } });
    const ids = h.emitDuring(START, 4);
    h.history.set(`incident:${ids[0]}`, { key: `incident:${ids[0]}` } as ClayEvent);
    // The gap starts 30 s after the first event: only the margin brings it (and it is already held).
    h.coordinator.recover(h.gap(START + 2_500, START + 2_600));
    await until('the pass', () => h.last()?.gap.recovery?.state === 'done');
    expect(h.last()?.gap.recovery?.recovered).toBe(3);
    expect(h.history.size).toBe(4);
  });

  it.each([
    [401, /refused the sign-in \("The audience 'user_api' is invalid"\)/],
    [403, /may not read incidents/],
    [404, /has no incidents collection \(HTTP 404\); check the REST address in Settings/],
  ])('stops at once on HTTP %i and says why in words', async (status, words) => {
    const h = await harness();
    h.hub.rest.faults.status = status;
    h.coordinator.recover(h.gap(START, START + 30_000));
    await until('the failure', () => h.last()?.gap.recovery?.state === 'failed');
    expect(h.last()?.gap.recovery?.reason).toMatch(words);
    // 401 is asked once more with a fresh token; nothing else is retried.
    expect(h.hub.rest.requestCount).toBe(status === 401 ? 2 : 1);
    expect(h.coordinator.active).toBe(0);
  });

  it('retries HTTP 500 with backoff, then gives up in words', async () => {
    const h = await harness();
    h.hub.rest.faults.status = 500;
    h.coordinator.recover(h.gap(START, START + 30_000));
    await until('the first attempt', () => h.hub.rest.requestCount === 1);
    await until('the retry timer', () => h.clock.pending() === 1);
    h.clock.advance(1_000);
    await until('the second attempt', () => h.hub.rest.requestCount === 2);
    await until('the retry timer', () => h.clock.pending() === 1);
    h.clock.advance(2_000);
    await until('the failure', () => h.last()?.gap.recovery?.state === 'failed');
    expect(h.last()?.gap.recovery?.reason).toBe('the Core REST API answered HTTP 500, 3 times in a row');
  });

  it('recovers once the server is back within the retries, and survives a slow answer', async () => {
    const h = await harness({ timing: { recheckDelaysMs: [] } });
    h.emitDuring(START, 2);
    h.hub.rest.faults.status = 500;
    h.coordinator.recover(h.gap(START, START + 5_000));
    await until('the retry timer', () => h.clock.pending() === 1);
    h.hub.rest.faults.status = null;
    h.hub.rest.faults.slowMs = 200;
    h.clock.advance(1_000);
    await until('the pass', () => h.last()?.gap.recovery?.state === 'done');
    expect(h.last()?.gap.recovery?.recovered).toBe(2);
  });

  it('stops at the page bound and says only part was fetched', async () => {
    const h = await harness({ pageSize: 2, maxPages: 2, timing: { recheckDelaysMs: [] } });
    h.emitDuring(START, 7);
    h.coordinator.recover(h.gap(START, START + 10_000));
    await until('the pass', () => h.last()?.gap.recovery?.state === 'done');
    expect(h.last()?.gap.recovery).toEqual({ state: 'done', recovered: 4, reason: 'only the newest 2 pages could be fetched' });
  });

  it('waits for a REST address, and goes on when told the settings changed', async () => {
    const h = await harness({ timing: { recheckDelaysMs: [] } });
    h.emitDuring(START, 1);
    const client = new CoreRestClient({ baseUrl: h.hub.restUrl, tokenProvider: staticTokenProvider(() => Promise.resolve(h.hub.issueToken())) });
    let address: string | null = null;
    const progress: RecoveryProgress[] = [];
    const coordinator = new RecoveryCoordinator({
      source: () => (address === null ? { reason: 'no Core REST address is known for production; enter it in Settings' } : { client }),
      store: () => true,
      onProgress: (p) => progress.push(p),
      clock: h.clock,
      timing: { recheckDelaysMs: [] },
    });
    cleanups.push(() => coordinator.dispose());
    coordinator.recover(h.gap(START, START + 5_000));
    await until('waiting', () => progress.length === 1);
    expect(progress[0]?.gap.recovery).toEqual({ state: 'waiting', recovered: 0, reason: 'no Core REST address is known for production; enter it in Settings' });
    address = h.hub.restUrl;
    coordinator.resumeWaiting();
    await until('recovered', () => progress[1]?.gap.recovery?.state === 'done');
    expect(progress[1]?.gap.recovery?.recovered).toBe(1);
  });
});
