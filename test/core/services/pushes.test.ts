import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Settings } from '../../../app/common/settings';
import { AppCore } from '../../../app/core/services/app-core';
import { HISTORY_PUSH_DELAY_MS, HISTORY_PUSH_MAX_ITEMS, STATUS_PUSH_DELAY_MS, type CoreEvent } from '../../../app/core/services/pushes';
import { MemorySettings } from '../../../app/core/services/settings-access';
import { DEFAULT_SETTINGS } from '../../../app/core/settings/settings';
import { startDevHub, type DevHub } from '../../../app/dev-hub/dev-hub';
import { ManualClock } from '../../support/clock';
import { MemorySecretStore } from '../../support/memory-secret-store';
import { RecordingNotifier } from '../../support/recording-notifier';

// Pushes are timed by the core's clock: a manual clock shows exactly how bursts are coalesced,
// while the events themselves travel over a real socket from the simulator.
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function until(what: string, probe: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function setup(): Promise<{ hub: DevHub; core: AppCore; clock: ManualClock; events: CoreEvent[]; site: string }> {
  const hub = await startDevHub({ port: 0 });
  cleanups.push(() => hub.stop());
  const dir = mkdtempSync(path.join(tmpdir(), 'clay-pushes-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const site = hub.sites[0]!.id;
  const settings: Settings = {
    ...DEFAULT_SETTINGS,
    connection: { ...DEFAULT_SETTINGS.connection, baseUrl: hub.url, streams: { incident: true, entry: false }, sites: [{ id: site, name: 'Harbour' }] },
    auth: { ...DEFAULT_SETTINGS.auth, mode: 'token' },
    // Storm summaries are the alert policy's business; keep its timers out of this test's count.
    notifications: { ...DEFAULT_SETTINGS.notifications, incidentCategories: { door_left_open: false, tamper: false, intrusion: false, low_battery: false } },
  };
  const clock = new ManualClock(Date.now());
  const core = await AppCore.create({
    settings: new MemorySettings(settings),
    secrets: new MemorySecretStore({ token: hub.issueToken() }),
    historyDirectory: dir,
    notifier: new RecordingNotifier(),
    clock,
  });
  cleanups.push(() => core.stop());
  const events: CoreEvent[] = [];
  core.onDidEmit((e) => events.push(e));
  await core.start();
  await until('connected', () => core.status.get().aggregate === 'connected');
  clock.advance(STATUS_PUSH_DELAY_MS);
  events.length = 0;
  return { hub, core, clock, events, site };
}

describe('AppCore push coalescing', () => {
  it('sends a burst as one history push and one status push', async () => {
    const { hub, core, clock, events, site } = await setup();
    for (let i = 0; i < 25; i += 1) hub.emitGenerated('incident', site);
    await until('25 stored', () => core.status.get().unread === 25);
    expect(events).toEqual([]);
    clock.advance(Math.max(HISTORY_PUSH_DELAY_MS, STATUS_PUSH_DELAY_MS));
    const adds = events.filter((e) => e.channel === 'clay:history:did-add');
    const statuses = events.filter((e) => e.channel === 'clay:status:did-change');
    expect(adds).toHaveLength(1);
    expect(adds[0]!.payload).toHaveLength(25);
    expect(statuses).toHaveLength(1);
    expect(statuses[0]!.payload).toMatchObject({ unread: 25, aggregate: 'connected' });
  });

  it('asks the renderer to re-query instead of pushing a flood item by item', async () => {
    const { hub, core, clock, events, site } = await setup();
    const count = HISTORY_PUSH_MAX_ITEMS + 50;
    for (let i = 0; i < count; i += 1) hub.emitGenerated('incident', site);
    await until(`${count} stored`, () => core.status.get().unread === count);
    clock.advance(HISTORY_PUSH_DELAY_MS);
    expect(events.filter((e) => e.channel === 'clay:history:did-add')).toEqual([]);
    expect(events.filter((e) => e.channel === 'clay:history:did-change')).toHaveLength(1);
    const page = core.history.query({ offset: 0, limit: 1 });
    expect(page.ok && page.value.total).toBe(count);
  });

  it('pushes a state change within a second', async () => {
    const { hub, core, clock, events } = await setup();
    hub.faults.drop();
    await until('not connected', () => core.status.get().aggregate !== 'connected');
    clock.advance(STATUS_PUSH_DELAY_MS);
    expect(STATUS_PUSH_DELAY_MS).toBeLessThan(1_000);
    const pushed = events.filter((e) => e.channel === 'clay:status:did-change').at(-1);
    expect(pushed?.payload).toMatchObject({ aggregate: expect.not.stringMatching(/^connected$/) });
  });
});
