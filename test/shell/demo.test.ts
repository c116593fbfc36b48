import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AppCore } from '../../app/core/services/app-core';
import { silentLogger, systemClock } from '../../app/core/ports';
import { startDemo } from '../../app/shell/demo';
import { RecordingNotifier } from '../support/recording-notifier';
import { until } from '../support/until';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('demo mode', () => {
  it('takes its hubs down for a moment and the app recovers the gap from the simulated REST side', async () => {
    const demo = await startDemo({ logger: silentLogger, clock: systemClock, ratePerSecond: 20, outage: { afterMs: 300, forMs: 800 }, restLagMs: 0 });
    cleanups.push(() => demo.stop());
    const dir = mkdtempSync(path.join(tmpdir(), 'clay-demo-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const notifier = new RecordingNotifier();
    const core = await AppCore.create({
      settings: demo.settings,
      secrets: demo.secrets,
      historyDirectory: dir,
      notifier,
      timing: { baseDelayMs: 100, maxDelayMs: 300 },
      recoveryTiming: { recheckDelaysMs: [200] },
    });
    cleanups.push(() => core.stop());
    await core.start();
    const gap = await until('a recovered gap', () => {
      const page = core.history.query({ offset: 0, limit: 5000 });
      if (!page.ok) return null;
      for (const item of page.value.items) if (item.kind === 'gap' && item.gap.recovery?.state === 'done' && item.gap.recovery.recovered > 0) return item.gap;
      return null;
    });
    expect(Date.parse(gap.to) - Date.parse(gap.from)).toBeGreaterThanOrEqual(500);
    expect(notifier.shown.some((a) => a.title === 'Missed events recovered')).toBe(true);
  });
});
