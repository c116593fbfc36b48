import { afterEach, describe, expect, it } from 'vitest';
import { HistoryStore } from '../../../app/core/history';
import { until } from '../../support/until';
import { tempDir, hub, settingsFor, makeCore, pushes, runCleanups } from './core-harness';

afterEach(runCleanups);

describe('AppCore with the dev hub (static token)', () => {
  it('coalesces a burst into few pushes and keeps every event', async () => {
    const h = await hub();
    const { core, events } = await makeCore(settingsFor(h), { token: h.issueToken() });
    await core.start();
    await until('connected', () => core.status.get().aggregate === 'connected');
    for (let i = 0; i < 40; i += 1) h.emitGenerated('incident', h.sites[0]!.id);
    await until('40 events added', () => pushes(events, 'clay:history:did-add').flat().length === 40);
    const addPushes = pushes(events, 'clay:history:did-add');
    expect(addPushes.length).toBeLessThan(40);
    const statusPushes = pushes(events, 'clay:status:did-change').length;
    expect(statusPushes).toBeLessThan(40);
  });

  it('stops cleanly: connections closed, history on disk', async () => {
    const h = await hub();
    const dir = tempDir();
    const { core } = await makeCore(settingsFor(h), { token: h.issueToken() }, dir);
    await core.start();
    await until('connected', () => core.status.get().aggregate === 'connected');
    const payload = h.emitGenerated('incident', h.sites[0]!.id);
    await until('stored', () => core.status.get().unread === 1);
    await core.stop();
    await until('hub sees no connection', () => h.connections().length === 0);
    const reopened = await HistoryStore.open({ directory: dir });
    try {
      expect(reopened.query({ offset: 0, limit: 5 }).items).toMatchObject([{ kind: 'event', event: { id: payload.id } }]);
    } finally {
      await reopened.close();
    }
  });
});
