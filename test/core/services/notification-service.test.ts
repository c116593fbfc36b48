import { afterEach, describe, expect, it } from 'vitest';
import { newAlertRule } from '../../../app/common/alert-rules';
import type { AlertAction, AlertRule, RuleSound } from '../../../app/common/alert-rules';
import type { Settings } from '../../../app/common/settings';
import { STORM_TAG } from '../../../app/core/alerts/alerts';
import { DEFAULT_SETTINGS } from '../../../app/core/settings/settings';
import { until } from '../../support/until';
import { makeCore, pushes, lastStatus, connectedToHub, runCleanups, hub, settingsFor } from './core-harness';

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

describe('NotificationService (AppCore) alert rules', () => {
  it('sounds a rule’s alarm for a fresh incident only, keeps a silent one in history and an ignored one out of it, and counts as urgent what the rules make urgent', async () => {
    const h = await hub();
    const rule = (name: string, doors: string[], action: AlertAction, sound: RuleSound = 'default'): AlertRule => ({ ...newAlertRule(name), doors, action, sound });
    const settings: Settings = {
      ...settingsFor(h),
      alertRules: { ...DEFAULT_SETTINGS.alertRules, rules: [rule('Server room', ['Server room'], 'urgent', 'siren'), rule('Test panel', ['Test panel'], 'silent'), rule('Noise', ['Noise'], 'ignore')] },
    };
    const { core, events, notifier } = await makeCore(settings, { token: h.issueToken() });
    await core.start();
    await until('connected', () => lastStatus(events)?.aggregate === 'connected');
    const site = h.sites[0]!.id;
    const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString().replace(/\.\d+Z$/, 'Z');
    // Ten minutes late: notified as urgent and waiting for acknowledgement, but it does not sound.
    h.emit('incident', { id: 'late', event_category: 'door_left_open', lock_customer_reference: 'Server room', utc_date_time: minutesAgo(10) }, site);
    h.emit('incident', { id: 'panel', event_category: 'intrusion', lock_customer_reference: 'Test panel', utc_date_time: minutesAgo(0) }, site);
    h.emit('incident', { id: 'noise', event_category: 'intrusion', lock_customer_reference: 'Noise', utc_date_time: minutesAgo(0) }, site);
    h.emit('incident', { id: 'now', event_category: 'door_left_open', lock_customer_reference: 'Server room', utc_date_time: minutesAgo(0) }, site);
    await until('three stored', () => core.status.get().unread === 3);
    expect(pushes(events, 'clay:alarm:did-ring')).toEqual([{ sound: 'siren', volume: 0.8, repeat: 0, bringToFront: false, flashTaskbar: true, bounceDock: true, open: 1 }]);
    expect(notifier.shown.map((alert) => [alert.eventKey, alert.urgent])).toEqual([['incident:late', true], ['incident:now', true]]);
    const page = core.history.query({ offset: 0, limit: 10 });
    const keys = page.ok ? page.value.items.flatMap((item) => (item.kind === 'event' ? [item.event.key] : [])) : [];
    expect(keys.sort()).toEqual(['incident:late', 'incident:now', 'incident:panel']);
    // The tray counts what the rules made urgent: both Server room incidents, not the silenced intrusion.
    expect(core.status.get().unacknowledgedUrgent).toBe(2);
    expect(core.history.hasUnacknowledgedUrgentIncident()).toBe(true);
    // A change the decision does not read keeps the test, so history keeps its count instead of counting again.
    const test = core.notifications.urgentTest();
    expect((await core.settings.update({ notifications: { escalation: { ...settings.notifications.escalation, volume: 40 } } })).ok).toBe(true);
    expect(core.notifications.urgentTest()).toBe(test);
    // Without the rules, "always notify" decides again: only the intrusion is urgent.
    expect((await core.settings.update({ alertRules: { ...settings.alertRules, rules: [] } })).ok).toBe(true);
    expect(core.notifications.urgentTest()).not.toBe(test);
    expect(core.status.get().unacknowledgedUrgent).toBe(1);
    expect(await core.history.acknowledge({ keys: ['incident:panel'], note: null })).toEqual({ ok: true, value: 1 });
    expect(core.status.get().unacknowledgedUrgent).toBe(0);
    expect(core.history.hasUnacknowledgedUrgentIncident()).toBe(false);
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
