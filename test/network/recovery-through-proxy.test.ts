import { afterEach, describe, expect, it } from 'vitest';
import { staticTokenProvider } from '../../app/core/streaming/auth';
import { CoreRestClient } from '../../app/core/recovery/core-rest';
import { networkFetch } from '../../app/core/network/network';
import { startDevHub, type DevHub } from '../../app/dev-hub/dev-hub';
import { startProxy, type LoopbackProxy } from './loopback-proxy';

let hub: DevHub | null = null;
let proxy: LoopbackProxy | null = null;
afterEach(async () => {
  await proxy?.stop();
  await hub?.stop();
  hub = proxy = null;
});

describe('recovery behind a proxy', () => {
  it('queries the Core REST API through the configured proxy, continuation tokens included', async () => {
    hub = await startDevHub({ seed: 4 });
    proxy = await startProxy(null);
    const site = hub.sites[0]!.id;
    const ids = [hub.emitGenerated('incident', site).id, hub.emitGenerated('incident', site).id, hub.emitGenerated('incident', site).id];
    const token = hub.issueToken();
    const client = new CoreRestClient({
      baseUrl: hub.restUrl,
      tokenProvider: staticTokenProvider(() => Promise.resolve(token)),
      pageSize: 2,
      fetch: networkFetch({ proxyFor: () => Promise.resolve(proxy!.url), caHint: 'the extra CA certificate setting' }),
    });
    const result = await client.fetchSpan({ stream: 'incident', site, from: Date.now() - 60_000, to: Date.now() + 60_000 });
    expect(result.items.map((i) => (i as { id: string }).id).sort()).toEqual(ids.map(String).sort());
    expect(result.pages).toBe(2);
    expect(proxy.requests.filter((u) => u.startsWith(`${hub!.restUrl}/incidents?`))).toHaveLength(2);
  });
});
