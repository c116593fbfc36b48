import { afterEach, describe, expect, it } from 'vitest';
import { STORM_TAG } from '../../../app/core/alerts/alerts';
import { DEFAULT_SETTINGS } from '../../../app/core/settings/settings';
import { until } from '../../support/until';
import { makeCore, pushes, lastStatus, connectedToHub, runCleanups } from './core-harness';

afterEach(runCleanups);

describe('NotificationService (AppCore) pause', () => {
  it('pauses and resumes notifications, visible in the status', async () => {
    const { core, events } = await makeCore(DEFAULT_SETTINGS, {});
    const before = Date.now();
    const paused = core.notifications.pause({ for: 'one-hour' });
    expect(paused.ok).toBe(true);
    const until1 = Date.parse(core.status.get().paused?.until ?? '');
    expect(until1 - before).toBeGreaterThanOrEqual(3_600_000 - 5_000);
    expect(until1 - before).toBeLessThanOrEqual(3_600_000 + 5_000);
    expect(core.notifications.pause({ for: 'until-resumed' })).toEqual({ ok: true, value: { until: null } });
    const morning = core.notifications.pause({ for: 'until-morning' });
    expect(morning.ok && Date.parse(morning.value.until ?? '') > before).toBe(true);
    expect(core.notifications.resume()).toEqual({ ok: true, value: null });
    expect(core.status.get().paused).toBeNull();
    await until('status pushed', () => lastStatus(events)?.paused === null);
  });
});

describe('NotificationService (AppCore) alarm for urgent incidents', () => {
  it('rings once for a storm of urgent incidents, which still collapse into one summary, and not for other incidents', async () => {
    const { h, core, events, notifier, site } = await connectedToHub();
    h.emit('incident', { id: 'dlo-1', event_category: 'door_left_open', lock_customer_reference: 'Door 3' }, site);
    await until('first incident stored', () => core.status.get().unread === 1);
    expect(pushes(events, 'clay:alarm:did-ring')).toEqual([]);

    for (let i = 0; i < 12; i += 1) h.emit('incident', { id: `intr-${i}`, event_category: 'intrusion', lock_customer_reference: `Door ${i}` }, site);
    await until('all stored', () => core.status.get().unread === 13);
    expect(pushes(events, 'clay:alarm:did-ring')).toEqual([{ sound: 'alarm', volume: 0.8, repeat: 0, bringToFront: false, flashTaskbar: true, bounceDock: true, open: 1 }]);
    const { storm } = DEFAULT_SETTINGS.notifications;
    const summaries = notifier.shown.filter((alert) => alert.tag === STORM_TAG);
    expect(summaries.length).toBeGreaterThanOrEqual(1);
    expect(new Set(summaries.map((alert) => alert.tag)).size).toBe(1);
    expect(notifier.shown.length - summaries.length).toBeLessThanOrEqual(storm.maxCount);
    expect(core.status.get().unacknowledgedUrgent).toBe(12);

    expect(await core.history.acknowledge({ filter: { categories: ['intrusion'] }, note: 'Alarm test by the installer' })).toEqual({ ok: true, value: 12 });
    expect(core.status.get().unacknowledgedUrgent).toBe(0);
  });
});

describe('NotificationService (AppCore) doors that keep raising incidents', () => {
  it('escalates the fourth "door left open" from one door in 20 minutes once, as urgent, with the alarm', async () => {
    const { h, core, events, notifier, site } = await connectedToHub();
    for (let i = 0; i < 5; i += 1) h.emit('incident', { id: `dlo-${i}`, event_category: 'door_left_open', lock_id: 'lock-3', lock_customer_reference: 'Door 3' }, site);
    await until('all stored', () => core.status.get().unread === 5);
    const repeats = notifier.shown.filter((alert) => alert.tag.startsWith('repeat:'));
    expect(repeats).toEqual([expect.objectContaining({ title: 'Door left open 4 times in 20 min', body: 'Door 3 at Harbour: it keeps happening. Check the door.', urgent: true, eventKey: 'incident:dlo-3' })]);
    expect(pushes(events, 'clay:alarm:did-ring')).toEqual([expect.objectContaining({ repeat: 0, open: 1 })]);
  });
});
