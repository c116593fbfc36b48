import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { HistoryItem } from '../../../app/common/models';
import type * as KindList from '../../../app/common/stream-kind-list';
import { STREAM_KINDS, type StreamKind } from '../../../app/common/stream-kinds';
import { parseOptions, STREAM_USAGE } from '../../../app/cli/stream-options';
import { silentLogger } from '../../../app/core/ports';
import { AppCore } from '../../../app/core/services/app-core';
import { MemorySettings } from '../../../app/core/services/settings-access';
import { startDevHub } from '../../../app/dev-hub/dev-hub';
import { demoSettings } from '../../../app/shell/demo';
import { MemorySecretStore } from '../../support/memory-secret-store';
import { RecordingNotifier } from '../../support/recording-notifier';
import { until } from '../../support/until';

// Issue 7: adding a hub is an entry in the stream-kind list (plus its category names and the
// simulator's content), nothing else. Here the list gets a third kind, `alarm` at /hub/alarm, and
// the whole core runs against the simulator: it subscribes to the third hub, keeps its events in
// history, notifies for them as the list says (alarms notify, like incidents) and recovers a gap in
// the third stream from the simulated REST collection `/alarms`. Nothing else is patched.

vi.mock('../../../app/common/stream-kind-list', async (importOriginal) => {
  const original = await importOriginal<typeof KindList>();
  const { ALARM_KIND } = await import('../../support/alarm-stream-kind');
  return { ...original, STREAM_KIND_LIST: [...original.STREAM_KIND_LIST, ALARM_KIND] };
});

const alarm = 'alarm' as StreamKind;

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const eventsOf = (items: readonly HistoryItem[], recovered: boolean): Set<string> =>
  new Set(items.flatMap((item) => (item.kind === 'event' && (item.event.recovered ?? false) === recovered ? [item.event.stream] : [])));

describe('a third stream kind, added to the list only', () => {
  it('is subscribed to, kept in history, notified and recovered from its REST collection', async () => {
    expect(STREAM_KINDS).toHaveLength(3);
    expect(STREAM_KINDS).toContain(alarm);

    const hub = await startDevHub({ port: 0, ratePerSecond: 0, logger: silentLogger, restLagMs: 0 });
    cleanups.push(() => hub.stop());
    const dir = mkdtempSync(path.join(tmpdir(), 'clay-third-kind-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const settings = demoSettings(hub);
    expect(settings.connection.streams).toEqual({ incident: true, entry: true, alarm: true });
    const notifier = new RecordingNotifier();
    const core = await AppCore.create({
      settings: new MemorySettings(settings),
      secrets: new MemorySecretStore({ token: hub.issueToken(3600) }),
      historyDirectory: dir,
      notifier,
      timing: { baseDelayMs: 100, maxDelayMs: 300 },
      recoveryTiming: { recheckDelaysMs: [200] },
    });
    cleanups.push(() => core.stop());
    await core.start();

    // One subscription per kind and site, the third hub included.
    const sites = hub.sites.length;
    await until('every hub connected', () => (hub.connections().length === 3 * sites ? true : null));
    expect(new Set(hub.connections().map((c) => c.stream))).toEqual(new Set(STREAM_KINDS));

    // Live: one event per kind reaches history; the alarm notifies (its kind notifies by default).
    for (const kind of STREAM_KINDS) hub.emitGenerated(kind, hub.sites[0]?.id);
    await until('one live event of each kind in history', () => {
      const page = core.history.query({ offset: 0, limit: 100 });
      return page.ok && eventsOf(page.value.items, false).size === 3 ? true : null;
    });
    const alarms = core.history.query({ offset: 0, limit: 100, streams: [alarm] });
    expect(alarms.ok && alarms.value.items.map((i) => (i.kind === 'event' ? i.event.stream : null))).toEqual([alarm]);
    await until('the alarm notified', () => (notifier.shown.some((a) => a.title === 'Unknown alarm type: alarm_raised') ? true : null));

    // A gap: while the hubs are down each kind gets an event, recovered afterwards from its REST collection.
    hub.faults.hubsDown(true);
    await until('every hub dropped', () => (hub.connections().length === 0 ? true : null));
    for (const kind of STREAM_KINDS) hub.emitGenerated(kind, hub.sites[0]?.id);
    hub.faults.hubsDown(false);
    await until(
      'one recovered event of each kind',
      () => {
        const page = core.history.query({ offset: 0, limit: 100 });
        return page.ok && eventsOf(page.value.items, true).size === 3 ? true : null;
      },
      30_000,
    );
    expect(notifier.shown.some((a) => a.title === 'Missed events recovered' && /1 alarm recovered/.test(a.body))).toBe(true);
  }, 60_000);

  it('is offered by the command line as --stream alarm, and in --stream all', () => {
    const only = parseOptions(['--base-url', 'http://127.0.0.1:5080', '--token-env', 'T', '--stream', 'alarm'], { T: 'x' });
    const all = parseOptions(['--base-url', 'http://127.0.0.1:5080', '--token-env', 'T'], { T: 'x' });
    expect(typeof only === 'object' && only.subscriptions.map((s) => s.stream)).toEqual([alarm]);
    expect(typeof all === 'object' && all.subscriptions.map((s) => s.stream)).toEqual(['incident', 'entry', alarm]);
    expect(STREAM_USAGE).toContain('[--stream incident|entry|alarm|all]');
  });
});
