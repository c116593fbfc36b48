import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HistoryStore } from '../../../app/core/history';
import { ACKNOWLEDGE_STEP, acknowledgeIncidents } from '../../../app/core/services/acknowledge';
import { silentLogger } from '../../../app/core/ports';
import { ManualClock } from '../../support/clock';
import { makeEvent, scratchDir, T0 } from '../history/support';

let dir: Awaited<ReturnType<typeof scratchDir>>;
const clock = new ManualClock(T0 + 86_400_000);

beforeEach(async () => {
  dir = await scratchDir('ack-steps');
});

afterEach(async () => {
  await dir.remove();
});

describe('acknowledging many incidents', () => {
  it('works in steps that let main answer in between, all with one note, and answers once every step is on disk', async () => {
    const directory = join(dir.path, 'history');
    const store = await HistoryStore.open({ directory, clock, maxDays: 100_000 });
    const count = ACKNOWLEDGE_STEP * 2 + 17;
    for (let n = 0; n < count; n += 1) store.append(makeEvent({ n, stream: 'incident', category: 'tamper', at: n }));
    store.append(makeEvent({ n: count, stream: 'entry', at: count }));
    const steps: number[] = [];
    const acknowledge = store.acknowledge.bind(store);
    store.acknowledge = (target, ack) => {
      steps.push('keys' in target ? target.keys.length : -1);
      return acknowledge(target, ack);
    };
    let turns = 0;
    const ticker = setInterval(() => (turns += 1), 0);
    const result = await acknowledgeIncidents(
      { history: store, clock, logger: silentLogger, operator: 'desk', recheckEscalation: () => undefined, historyChanged: () => undefined },
      { filter: {}, note: '  end of shift  ' },
    );
    clearInterval(ticker);
    expect(result).toEqual({ ok: true, value: count });
    expect(steps).toEqual([ACKNOWLEDGE_STEP, ACKNOWLEDGE_STEP, 17]);
    expect(turns).toBeGreaterThan(0);
    await store.close();

    const reopened = await HistoryStore.open({ directory, clock, maxDays: 100_000 });
    expect(reopened.query({ acknowledgement: 'needed', offset: 0, limit: 1 }).total).toBe(0);
    const items = reopened.query({ acknowledgement: 'done', offset: 0, limit: 1000 }).items;
    expect(new Set(items.map((i) => (i.kind === 'event' ? JSON.stringify(i.ack) : '')))).toEqual(new Set([JSON.stringify({ by: 'desk', at: new Date(clock.now()).toISOString(), note: 'end of shift' })]));
    await reopened.close();
  });
});
