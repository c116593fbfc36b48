/**
 * Recovery end to end: the app core against the simulator over real WebSockets and real HTTP. The
 * app and the simulator share a clock that runs with real time plus an offset the test moves
 * forward, so a 30 s outage and a lagging REST side take well under a second of test time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ClayEvent, HistoryItem, OfflineGap } from '../../../app/common/models';
import type { Settings } from '../../../app/common/settings';
import { AppCore } from '../../../app/core/services/app-core';
import { createLogger } from '../../../app/core/diagnostics/logger';
import { MemorySettings } from '../../../app/core/services/settings-access';
import { ManualClock } from '../../support/clock';
import { DEFAULT_SETTINGS } from '../../../app/core/settings/settings';
import { startDevHub, type DevHub } from '../../../app/dev-hub/dev-hub';
import { MemorySecretStore } from '../../support/memory-secret-store';
import { RecordingNotifier } from '../../support/recording-notifier';
import { until } from '../../support/until';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Harness {
  hub: DevHub;
  core: AppCore;
  clock: ManualClock;
  notifier: RecordingNotifier;
  site: string;
  dir: string;
  items(): HistoryItem[];
  events(): ClayEvent[];
  gaps(): OfflineGap[];
}

async function harness(options: { restLagMs?: number; recovery?: Partial<Settings['recovery']>; dir?: string; clock?: ManualClock } = {}): Promise<Harness> {
  const clock = options.clock ?? new ManualClock(Date.now(), { timers: 'real', flowing: true });
  const hub = await startDevHub({ now: () => clock.now(), restLagMs: options.restLagMs ?? 0, seed: 7 });
  cleanups.push(() => hub.stop());
  const dir = options.dir ?? mkdtempSync(path.join(tmpdir(), 'clay-recovery-'));
  if (!options.dir) cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const site = hub.sites[0]!.id;
  const settings: Settings = {
    ...DEFAULT_SETTINGS,
    connection: { ...DEFAULT_SETTINGS.connection, baseUrl: hub.url, streams: { incident: true, entry: false }, sites: [{ id: site, name: 'Harbour' }] },
    auth: { ...DEFAULT_SETTINGS.auth, mode: 'token', identityUrl: hub.identityUrl },
    recovery: { ...DEFAULT_SETTINGS.recovery, ...options.recovery },
  };
  const notifier = new RecordingNotifier();
  const core = await AppCore.create({
    settings: new MemorySettings(settings),
    secrets: new MemorySecretStore({ token: hub.issueToken() }, 'keychain'),
    historyDirectory: dir,
    notifier,
    clock,
    timeZone: 'UTC',
    timing: { baseDelayMs: 50, maxDelayMs: 200 },
    recoveryTiming: { recheckDelaysMs: [1_000, 2_000], retryBaseMs: 50, retryMaxMs: 200 },
    ...(process.env.DEBUG_RECOVERY ? { logger: createLogger((r) => console.log(JSON.stringify(r))) } : {}),
  });
  cleanups.push(() => core.stop());
  const items = (): HistoryItem[] => {
    const page = core.history.query({ offset: 0, limit: 10_000 });
    return page.ok ? [...page.value.items] : [];
  };
  return {
    hub,
    core,
    clock,
    notifier,
    site,
    dir,
    items,
    events: () => items().flatMap((i) => (i.kind === 'event' ? [i.event] : [])),
    gaps: () => items().flatMap((i) => (i.kind === 'gap' ? [i.gap] : [])),
  };
}

const connected = (h: Harness): boolean => h.core.status.get().aggregate === 'connected';

describe('recovering missed events in the app', () => {
  it('recovers every event of a 30 s hub outage exactly once, marked recovered, through lagging REST', async () => {
    const h = await harness({ restLagMs: 45_000 });
    await h.core.start();
    await until('connected', () => connected(h));
    const live = [h.hub.emitGenerated('incident', h.site).id, h.hub.emitGenerated('incident', h.site).id];
    await until('the live events', () => h.events().length === 2);

    h.hub.faults.hubsDown(true);
    await until('offline', () => !connected(h));
    const missed: unknown[] = [];
    for (let i = 0; i < 10; i += 1) {
      h.clock.advance(3_000);
      missed.push(h.hub.emitGenerated('incident', h.site).id);
    }
    h.hub.faults.hubsDown(false);

    // REST lags 45 s: the first query finds only what was emitted early in the outage.
    const gap = await until('the first pass', () => h.gaps().find((g) => g.recovery?.state === 'checking'));
    expect(gap.recovery!.recovered).toBeLessThan(10);
    expect(Date.parse(gap.to) - Date.parse(gap.from)).toBeGreaterThanOrEqual(30_000);
    h.clock.advance(60_000);
    const closed = await until('the gap closed', () => h.gaps().find((g) => g.recovery?.state === 'done'));
    expect(closed.recovery).toEqual({ state: 'done', recovered: 10, reason: null });

    const events = h.events();
    for (const id of missed) expect(events.filter((e) => e.id === id)).toEqual([expect.objectContaining({ recovered: true })]);
    for (const id of live) expect(events.filter((e) => e.id === id)).toEqual([expect.not.objectContaining({ recovered: true })]);
    expect(events).toHaveLength(12);

    // One summary for the gap, replaced in place as passes find more; never a notification per old event.
    const shown = h.notifier.shown.filter((a) => a.tag.startsWith('clay:recovery:'));
    expect(new Set(shown.map((a) => a.tag)).size).toBe(1);
    expect(shown.at(-1)!.body).toMatch(/^While offline \d\d:\d\d–\d\d:\d\d: 10 incidents recovered(, \d+ (intrusion|tamper alarm))*\.$/);
    expect(h.notifier.shown.filter((a) => a.eventKey !== null && missed.some((id) => a.eventKey === `incident:${String(id)}`))).toEqual([]);

    // The hub sending one of them again later (a late delivery) does not make a second copy.
    const again = h.hub.emit('incident', events.find((e) => e.id === missed[0])!.raw, h.site);
    expect(again).toBe(1);
    h.hub.emitGenerated('incident', h.site);
    await until('the next live event', () => h.events().length === 13);
    expect(h.events().filter((e) => e.id === missed[0])).toHaveLength(1);
  });

  it.each([
    [401, "could not be recovered: the Core REST API refused the sign-in (\"The audience 'user_api' is invalid\")"],
    [404, 'the Core REST address has no incidents collection (HTTP 404); check the REST address in Settings'],
    [500, 'the Core REST API answered HTTP 500, 4 times in a row'],
  ])('ends a gap in words when REST answers %i', async (status, words) => {
    const h = await harness();
    await h.core.start();
    await until('connected', () => connected(h));
    h.hub.rest.faults.status = status;
    h.hub.faults.hubsDown(true);
    await until('offline', () => !connected(h));
    h.clock.advance(30_000);
    h.hub.faults.hubsDown(false);
    const gap = await until('the failure', () => h.gaps().find((g) => g.recovery?.state === 'failed'));
    expect(`could not be recovered: ${gap.recovery!.reason}`).toContain(words.replace(/^could not be recovered: /, ''));
  });

  it('on start, recovers the time since the last clean shutdown', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'clay-recovery-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const clock = new ManualClock(Date.now(), { timers: 'real', flowing: true });
    const first = await harness({ dir, clock });
    await first.core.start();
    await until('connected', () => connected(first));
    await first.core.stop();
    await first.hub.stop();

    const second = await harness({ dir, clock });
    clock.advance(600_000);
    const whileClosed = [second.hub.emitGenerated('incident', second.site).id, second.hub.emitGenerated('incident', second.site).id];
    clock.advance(60_000);
    await second.core.start();
    const gap = await until('the start gap closed', () => second.gaps().find((g) => g.recovery?.state === 'done'));
    expect(gap.recovery?.recovered).toBe(2);
    expect(Date.parse(gap.to) - Date.parse(gap.from)).toBeGreaterThanOrEqual(660_000);
    expect(second.events().map((e) => e.id).sort()).toEqual(whileClosed.sort());
  });

  it('does nothing when recovery is off', async () => {
    const h = await harness({ recovery: { enabled: false } });
    await h.core.start();
    await until('connected', () => connected(h));
    h.hub.faults.hubsDown(true);
    await until('offline', () => !connected(h));
    h.hub.emitGenerated('incident', h.site);
    h.hub.faults.hubsDown(false);
    await until('the gap', () => h.gaps().length === 1);
    await new Promise((r) => setTimeout(r, 300));
    expect(h.gaps()[0]!.recovery).toBeUndefined();
    expect(h.hub.rest.requestCount).toBe(0);
  });
});
