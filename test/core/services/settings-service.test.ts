import { afterEach, describe, expect, it } from 'vitest';
import { until } from '../../support/until';
import { hub, settingsFor, makeCore, pushes, runCleanups } from './core-harness';

afterEach(runCleanups);

describe('SettingsService (AppCore) with the dev hub (static token)', () => {
  it('reconfigures when the streams change', async () => {
    const h = await hub();
    const { core } = await makeCore(settingsFor(h), { token: h.issueToken() });
    await core.start();
    await until('connected', () => core.status.get().aggregate === 'connected');
    const updated = await core.settings.update({ connection: { streams: { incident: true, entry: true } } });
    expect(updated.ok).toBe(true);
    await until('two subscriptions connected', () => core.status.get().subscriptions.length === 2 && core.status.get().aggregate === 'connected');
    await until('hub sees both streams', () => new Set(h.connections().map((c) => c.stream)).size === 2);
  });

  it('refuses a bad settings change and keeps the old settings', async () => {
    const h = await hub();
    const { core, events } = await makeCore(settingsFor(h), { token: h.issueToken() });
    const before = core.settings.get();
    const answer = await core.settings.update({ connection: { environment: 'staging' } });
    expect(answer.ok).toBe(false);
    expect(core.settings.get()).toEqual(before);
    expect(pushes(events, 'clay:settings:did-change')).toHaveLength(0);
  });
});
