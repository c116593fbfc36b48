import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../app/core/settings/settings';
import { until } from '../../support/until';
import { hub, settingsFor, makeCore, lastStatus, runCleanups } from './core-harness';

afterEach(runCleanups);

describe('StatusService (AppCore) without a usable configuration', () => {
  it('does not connect with default settings and says why', async () => {
    const { core } = await makeCore(DEFAULT_SETTINGS, {});
    await core.start();
    expect(core.status.get().aggregate).toBe('stopped');
    expect(core.status.get().subscriptions).toEqual([]);
    expect(core.status.notConnectingBecause).toMatch(/client id/i);
    expect(core.connection.reconnectNow()).toMatchObject({ ok: false, error: { code: 'not-configured' } });
    const report = await core.connection.test();
    expect(report).toMatchObject({ ok: true, value: { ok: false, steps: [{ step: 'settings', ok: false }] } });
  });
});

describe('StatusService (AppCore) setup problem in the status', () => {
  it('says why it is not connecting, pushes each change of reason, and clears it once connected', async () => {
    const h = await hub();
    const settings = settingsFor(h, { auth: { mode: 'client-credentials', clientId: '', scope: 'core_api.full' } });
    const { core, events } = await makeCore(settings, {});
    // Before start() nothing has been checked: starting is not a problem for the user to fix.
    expect(core.status.get().setupProblem).toBeNull();
    await core.start();
    expect(core.status.get()).toMatchObject({ aggregate: 'stopped', subscriptions: [], setupProblem: expect.stringMatching(/No client id is set/) });
    await until('client id problem pushed', () => lastStatus(events)?.setupProblem?.includes('client id'));
    expect(h.connections()).toEqual([]);

    await core.settings.update({ auth: { clientId: h.credentials.clientId } });
    await until('missing secret pushed', () => lastStatus(events)?.setupProblem?.includes('No client secret is stored'));
    expect(core.status.get().aggregate).toBe('stopped');
    expect(h.connections()).toEqual([]);

    await core.secrets.set({ kind: 'client-secret', value: h.credentials.clientSecret });
    await until('connected status push', () => lastStatus(events)?.aggregate === 'connected');
    expect(lastStatus(events)?.setupProblem).toBeNull();
    expect(core.status.get().setupProblem).toBeNull();
    expect(h.connections()).toHaveLength(1);
    expect(JSON.stringify(events)).not.toContain(h.credentials.clientSecret);
    expect(core.diagnostics.text()).toMatchObject({ ok: true, value: expect.not.stringContaining('Not connecting') });
  });

  it('quotes a bad address back without a secret pasted into it', async () => {
    const h = await hub();
    const token = h.issueToken();
    const { core, events } = await makeCore(settingsFor(h, { connection: { baseUrl: `http://[${token}` } }), { token });
    await core.start();
    const problem = core.status.get().setupProblem;
    expect(problem).toMatch(/is not a URL/);
    expect(problem).not.toContain(token);
    await until('bad address pushed', () => lastStatus(events)?.setupProblem?.includes('is not a URL'));
    expect(JSON.stringify(events)).not.toContain(token);
    const diagnostics = core.diagnostics.text();
    expect(diagnostics.ok && diagnostics.value).toContain(`Not connecting: ${problem}`);
  });
});
