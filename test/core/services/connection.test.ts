import { afterEach, describe, expect, it } from 'vitest';
import { until } from '../../support/until';
import { hub, settingsFor, makeCore, pushes, lastStatus, runCleanups } from './core-harness';

afterEach(runCleanups);

describe('ConnectionService (AppCore) with the dev hub (static token)', () => {
  it('connects, stores, notifies and pushes an incident', async () => {
    const h = await hub();
    const { core, events, notifier } = await makeCore(settingsFor(h), { token: h.issueToken() });
    await core.start();
    await until('connected status push', () => lastStatus(events)?.aggregate === 'connected');
    expect(core.status.get().subscriptions.map((s) => s.id)).toEqual([`incident:${h.sites[0]!.id}`]);

    const payload = h.emitGenerated('incident', h.sites[0]!.id);
    const added = await until('did-add', () => pushes(events, 'clay:history:did-add').flat()[0]);
    expect(added).toMatchObject({ kind: 'event', read: false, event: { id: payload.id, stream: 'incident', site: h.sites[0]!.id } });

    const page = core.history.query({ offset: 0, limit: 10 });
    expect(page.ok && page.value.items).toHaveLength(1);
    expect(notifier.shown).toHaveLength(1);
    expect(notifier.shown[0]!.body + notifier.shown[0]!.title).toContain('Harbour');
    await until('unread in status', () => lastStatus(events)?.unread === 1);
    expect(core.status.get().lastEvent?.id).toBe(payload.id);
    expect(core.status.get().secret).toEqual({ location: 'keychain', tokenValidUntil: expect.any(String) });
  });
});

describe('ConnectionService (AppCore) with client credentials', () => {
  it('connects with the identity server and passes the connection test', async () => {
    const h = await hub();
    const settings = settingsFor(h, { auth: { mode: 'client-credentials', clientId: h.credentials.clientId, scope: 'core_api.full' } });
    const { core } = await makeCore(settings, { 'client-secret': h.credentials.clientSecret });
    await core.start();
    await until('connected', () => core.status.get().aggregate === 'connected');
    expect(core.status.get().secret).toEqual({ location: 'keychain', tokenValidUntil: null });
    const report = await core.connection.test();
    expect(report.ok && report.value.ok).toBe(true);
    expect(report.ok && report.value.steps.map((s) => [s.step, s.ok])).toEqual([
      ['settings', true],
      ['secret', true],
      ['token', true],
      ['connect', true],
      ['rest', true],
    ]);
    expect(report.ok && report.value.steps[3]!.message).toContain('Harbour');
    expect(report.ok && report.value.steps[4]!.message).toBe(`The Core REST API at ${h.url}/v1.2 answered, with no incident stored yet. Missed events can be recovered.`);
    h.emitGenerated('incident', h.sites[0]!.id);
    const again = await core.connection.test();
    expect(again.ok && again.value.steps[4]!.message).toMatch(/the newest incident is from 20\d\d-.*Z\. Missed events can be recovered\.$/);
    h.rest.faults.status = 404;
    const broken = await core.connection.test();
    expect(broken.ok && broken.value).toMatchObject({ ok: false, steps: expect.arrayContaining([expect.objectContaining({ step: 'rest', ok: false, message: expect.stringMatching(/^Missed events cannot be recovered: the Core REST address has no incidents collection/) })]) });
  });

  it('explains a wrong secret at the token step, without the secret', async () => {
    const h = await hub();
    const settings = settingsFor(h, { auth: { mode: 'client-credentials', clientId: h.credentials.clientId } });
    const { core } = await makeCore(settings, { 'client-secret': 'definitely-wrong-secret' });
    const report = await core.connection.test();
    expect(report.ok).toBe(true);
    if (!report.ok) return;
    expect(report.value.ok).toBe(false);
    expect(report.value.steps.map((s) => s.step)).toEqual(['settings', 'secret', 'token']);
    expect(report.value.steps[2]!.ok).toBe(false);
    expect(JSON.stringify(report)).not.toContain('definitely-wrong-secret');
  });

  it('explains a hub that refuses the token at the connect step', async () => {
    const h = await hub();
    h.faults.refuseTokens(true);
    const { core } = await makeCore(settingsFor(h), { token: h.issueToken() });
    const report = await core.connection.test();
    expect(report).toMatchObject({ ok: true, value: { ok: false } });
    expect(report.ok && report.value.steps.at(-1)).toMatchObject({ step: 'connect', ok: false, message: expect.stringMatching(/refused/) });
  });
});
