import { afterEach, describe, expect, it } from 'vitest';
import { until } from '../../support/until';
import { hub, settingsFor, makeCore, runCleanups } from './core-harness';

afterEach(runCleanups);

describe('SecretsService (AppCore) without a usable configuration', () => {
  it('waits for a secret, then connects once one is stored', async () => {
    const h = await hub();
    const { core } = await makeCore(settingsFor(h), {});
    await core.start();
    expect(core.status.notConnectingBecause).toMatch(/No access token/);
    expect(core.status.get().secret).toEqual({ location: 'none', tokenValidUntil: null });
    const token = h.issueToken();
    const stored = await core.secrets.set({ kind: 'token', value: `  ${token}\n` });
    expect(stored).toMatchObject({ ok: true, value: { location: 'keychain', tokenValidUntil: expect.any(String) } });
    await until('connected', () => core.status.get().aggregate === 'connected');
    const cleared = await core.secrets.clear();
    expect(cleared).toEqual({ ok: true, value: { location: 'none', tokenValidUntil: null } });
    expect(core.status.get().aggregate).toBe('stopped');
  });

  it('reports a failing secret store without the secret', async () => {
    const h = await hub();
    const { core, secrets } = await makeCore(settingsFor(h), {});
    secrets.failWith(new Error('keychain locked while saving hunter2-secret'));
    const answer = await core.secrets.set({ kind: 'token', value: 'hunter2-secret' });
    expect(answer).toMatchObject({ ok: false, error: { code: 'secret-store-failed' } });
    expect(JSON.stringify(answer)).not.toContain('hunter2-secret');
  });
});
