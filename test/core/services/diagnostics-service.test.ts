import { afterEach, describe, expect, it } from 'vitest';
import { until } from '../../support/until';
import { hub, settingsFor, makeCore, runCleanups } from './core-harness';

afterEach(runCleanups);

describe('DiagnosticsService (AppCore)', () => {
  it('copies diagnostics with versions and states but no secret', async () => {
    const h = await hub();
    const settings = settingsFor(h, { auth: { mode: 'client-credentials', clientId: h.credentials.clientId } });
    const { core } = await makeCore(settings, { 'client-secret': h.credentials.clientSecret });
    await core.start();
    await until('connected', () => core.status.get().aggregate === 'connected');
    const text = core.diagnostics.text();
    if (!text.ok) throw new Error(text.error.message);
    expect(text.value).toContain('0.1.0-test');
    expect(text.value).toContain(`incident:${h.sites[0]!.id}: connected`);
    expect(text.value).toContain('Secret kept in: keychain');
    expect(text.value).not.toContain(h.credentials.clientSecret);
    expect(text.value).not.toMatch(/eyJ[A-Za-z0-9_-]{4,}\./);
    expect(text.value).toContain('Crash reports\n  none');
  });

  it('includes the last raw payloads, with a leaked secret redacted and the id kept', async () => {
    const h = await hub();
    const settings = settingsFor(h, { auth: { mode: 'client-credentials', clientId: h.credentials.clientId } });
    const { core } = await makeCore(settings, { 'client-secret': h.credentials.clientSecret });
    await core.start();
    await until('connected', () => core.status.get().aggregate === 'connected');
    h.emit('incident', { id: 'sample-1', event_category: 'tamper', note: h.credentials.clientSecret, api_key: 'k-42' }, h.sites[0]!.id);
    await until('the event', () => core.status.get().lastEvent?.id === 'sample-1');
    const text = core.diagnostics.text();
    if (!text.ok) throw new Error(text.error.message);
    expect(text.value).toContain('Last raw payloads (secrets redacted, ids kept), oldest first');
    expect(text.value).toContain('"id":"sample-1"');
    expect(text.value).toContain('"api_key":"[redacted]"');
    expect(text.value).not.toContain(h.credentials.clientSecret);
  });
});
