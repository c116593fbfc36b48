/** Flow control: a consumer that is behind stops the reading, and nothing is lost when it resumes. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { staticTokenProvider } from '../../../app/core/streaming/auth';
import type { DevHub } from '../../../app/dev-hub/dev-hub';
import { startDevHub } from '../../../app/dev-hub/dev-hub';
import { FAST, harness, waitFor } from './stream-fixture';

let hub: DevHub;
beforeAll(async () => {
  hub = await startDevHub({ port: 0, ratePerSecond: 0, pingIntervalMs: 200 });
});
afterAll(() => hub.stop());

it('holds events back while reading is off, then delivers every one in order', async () => {
  // A generous server timeout: the pause below must not look like a dead server.
  const h = harness(hub, [{ stream: 'incident', site: null }], staticTokenProvider(async () => hub.issueToken()), { ...FAST, serverTimeoutMs: 20_000 });
  try {
    await h.waitConnected();
    h.supervisor.setReading(false);
    const big = 'x'.repeat(4_000);
    for (let i = 0; i < 2_000; i++) hub.emit('incident', { id: `p${i}`, event_category: 'tamper', note: big });
    await new Promise((resolve) => setTimeout(resolve, 500));
    // A little may already have been read when reading stopped; 8 MB of events cannot have been.
    expect(h.events.length).toBeLessThan(500);
    h.supervisor.setReading(true);
    await waitFor(() => h.events.length === 2_000, 'every event after reading resumed', 30_000);
    expect(h.events.map((e) => e.id)).toEqual(Array.from({ length: 2_000 }, (_, i) => `p${i}`));
    expect(h.gaps).toEqual([]);
  } finally {
    await h.stop();
  }
}, 60_000);
