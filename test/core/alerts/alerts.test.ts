import { afterEach, describe, expect, it } from 'vitest';
import { describeCategory } from '../../../app/common/category-names';
import type { PauseState, SubscriptionState, SubscriptionStatus } from '../../../app/common/models';
import type { NotificationSettings } from '../../../app/common/settings';
import { AlertPolicy, CONNECTION_TAG, STORM_TAG, pauseUntilMorning } from '../../../app/core/alerts/alerts';
import type { Alert } from '../../../app/core/ports';
import { DEFAULT_SETTINGS } from '../../../app/core/settings/settings';
import { ManualClock } from '../../support/clock';
import { alertEvent } from './alert-event';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const event = alertEvent;

function state(id: string, status: SubscriptionStatus): SubscriptionState {
  return { id, stream: 'incident', site: null, status, lastError: null, lastEventAt: null, offlineSince: null };
}
const connected = (id = 'incident'): SubscriptionState => state(id, { phase: 'connected', since: '2026-01-15T10:00:00Z' });
const reconnecting = (id = 'incident'): SubscriptionState => state(id, { phase: 'reconnecting', attempt: 1, nextRetryAt: null });
const offline = (id = 'incident'): SubscriptionState => state(id, { phase: 'offline', attempt: 7, nextRetryAt: null });

interface Harness {
  readonly clock: ManualClock;
  readonly policy: AlertPolicy;
  readonly alerts: Alert[];
  readonly pauses: (PauseState | null)[];
  settings: NotificationSettings;
}

const policies: AlertPolicy[] = [];
afterEach(() => {
  for (const policy of policies.splice(0)) policy.dispose();
});

function harness(options: { start?: string; timeZone?: string; settings?: Partial<NotificationSettings> } = {}): Harness {
  const clock = new ManualClock(options.start ?? '2026-01-15T10:00:00Z');
  const alerts: Alert[] = [];
  const pauses: (PauseState | null)[] = [];
  const h: Harness = {
    clock,
    alerts,
    pauses,
    settings: { ...DEFAULT_SETTINGS.notifications, ...options.settings },
    policy: undefined as unknown as AlertPolicy,
  };
  const policy = new AlertPolicy({
    clock,
    settings: () => h.settings,
    // Every test here runs against the default alert rules: they must reproduce the behaviour before rules.
    rules: () => DEFAULT_SETTINGS.alertRules,
    siteName: (id) => (id === 'site-1' ? 'HQ Amsterdam' : null),
    notify: (alert) => alerts.push(alert),
    timeZone: options.timeZone ?? 'UTC',
    onDidChangePause: (s) => pauses.push(s),
  });
  policies.push(policy);
  Object.assign(h, { policy });
  return h;
}

describe('AlertPolicy: what notifies and what it says', () => {
  it('turns an incident into one alert with the category in words, the door, the site and the local time', () => {
    const h = harness();
    const e = event({ localTime: '2026-01-15T10:02:13', time: '2026-01-15T09:02:13Z' });
    h.policy.handleEvent(e);
    expect(h.alerts).toEqual([
      { tag: 'lock-1:door_left_open', title: 'Door left open', body: 'Main entrance at HQ Amsterdam, 10:02', eventKey: e.key, urgent: false },
    ]);
  });

  it('takes the site name from settings, else the payload, else the id; and the lock id when the door has no name', () => {
    const h = harness();
    h.policy.handleEvent(event({ site: 'site-2', lock: { name: null, id: 'lock-77' } }));
    h.policy.handleEvent(event({ site: 'site-3', siteName: null, lock: { name: '  ' } }));
    h.policy.handleEvent(event({ site: null, siteName: null, lock: { id: null, name: null } }));
    expect(h.alerts.map((a) => a.body)).toEqual([
      'lock-77 at Payload site name, 10:00',
      'lock-1 at site-3, 10:00',
      'Unknown door, 10:00',
    ]);
    expect(h.alerts[2]?.tag).toBe('unknown-lock:door_left_open');
  });

  it('shows the UTC time in the app time zone when the service sent no local time, with the date when not today', () => {
    const h = harness({ timeZone: 'Europe/Amsterdam' });
    h.policy.handleEvent(event({ time: '2026-01-15T09:45:00Z' }));
    h.policy.handleEvent(event({ time: '2026-01-14T22:30:00Z', lock: { id: 'lock-2' } }));
    h.policy.handleEvent(event({ localTime: 'garbled', time: '2026-01-15T09:50:00Z', lock: { id: 'lock-3' } }));
    expect(h.alerts.map((a) => a.body.split(', ')[1])).toEqual(['10:45', '2026-01-14 23:30', '10:50']);
  });

  it('keeps entries silent by default and lets them notify once switched on, per category', () => {
    const h = harness();
    h.policy.handleEvent(event({ stream: 'entry', category: 'lock_rejected', detail: 'no_access' }));
    expect(h.alerts).toEqual([]);
    h.settings = { ...h.settings, entryCategories: { ...h.settings.entryCategories, lock_rejected: true } };
    h.policy.handleEvent(event({ stream: 'entry', category: 'lock_rejected', detail: 'no_access' }));
    h.policy.handleEvent(event({ stream: 'entry', category: 'lock_opened' }));
    h.policy.handleEvent(event({ stream: 'entry', category: null }));
    expect(h.alerts.map((a) => a.title)).toEqual(['Entry rejected: no access']);
  });

  it('silences an incident category switched off (its whole family), and still notifies unknown incident categories', () => {
    const h = harness({ settings: { incidentCategories: { low_battery: false } } });
    h.policy.handleEvent(event({ category: 'low_battery' }));
    h.policy.handleEvent(event({ category: 'battery_critical_level' }));
    h.policy.handleEvent(event({ category: 'sprinkler_fault' }));
    h.policy.handleEvent(event({ category: 'constructor' }));
    expect(h.alerts.map((a) => a.title)).toEqual(['Unknown incident type: sprinkler_fault', 'Unknown incident type: constructor']);
  });

  it('tags by lock and category, so a repeat replaces the shown alert instead of stacking', () => {
    const h = harness();
    h.policy.handleEvent(event());
    h.policy.handleEvent(event());
    h.policy.handleEvent(event({ lock: { id: 'lock-2' } }));
    h.policy.handleEvent(event({ category: 'tamper' }));
    expect(h.alerts.map((a) => a.tag)).toEqual(['lock-1:door_left_open', 'lock-1:door_left_open', 'lock-2:door_left_open', 'lock-1:tamper']);
    expect(new Set(h.alerts.map((a) => a.eventKey)).size).toBe(4);
  });

  it('makes a hostile event plain, bounded text', () => {
    const h = harness();
    const huge = `<img src=x onerror=alert(1)>\u202Egnp.exe\u0000\u0007\n${'🔥'.repeat(500_000)}`;
    h.policy.handleEvent(event({ category: null, detail: huge, lock: { id: huge, name: huge }, siteName: huge, site: 'site-9', localTime: huge }));
    expect(h.alerts).toHaveLength(1);
    const alert = h.alerts[0] as Alert;
    expect(alert.title).toBe('Unrecognised incident');
    for (const text of [alert.title, alert.body, alert.tag]) {
      expect(typeof text).toBe('string');
      expect(text).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
      expect(text).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
    }
    expect(alert.body.length).toBeLessThanOrEqual(240 * 2);
    expect(Array.from(alert.body).length).toBeLessThanOrEqual(240);
    expect(alert.body.startsWith('<img src=x onerror=alert(1)>gnp.exe')).toBe(true);
    expect(alert.body).toContain('…');
    expect(alert.tag.length).toBeLessThanOrEqual(300);
  });

  it('cuts a long detail in the title', () => {
    const h = harness();
    h.policy.handleEvent(event({ category: 'tamper', detail: 'x'.repeat(10_000) }));
    expect(Array.from(h.alerts[0]?.title ?? '').length).toBeLessThanOrEqual(80);
    expect(h.alerts[0]?.title).toMatch(/^Tamper alarm: x+…$/);
  });
});

describe('AlertPolicy: storms', () => {
  it('turns more than maxCount alerts in the window into one summary, refreshed as the storm goes on', () => {
    const h = harness();
    for (let i = 0; i < 12; i += 1) {
      h.policy.handleEvent(event({ lock: i < 9 ? {} : { id: `lock-x${i}`, name: `Side door ${i}` } }));
    }
    // Five alerts, then the summary at the sixth; the rest wait for the refresh.
    expect(h.alerts.slice(0, 5).every((a) => a.tag === 'lock-1:door_left_open')).toBe(true);
    expect(h.alerts.slice(5)).toEqual([
      {
        tag: STORM_TAG,
        title: 'Many incidents',
        body: '6 incidents in the last minute, all at Main entrance. Open the history to see them all.',
        eventKey: null,
        urgent: false,
      },
    ]);
    h.clock.advance(5_000);
    expect(h.alerts).toHaveLength(7);
    expect(h.alerts[6]?.tag).toBe(STORM_TAG);
    expect(h.alerts[6]?.body).toBe('12 incidents in the last minute, 9 at Main entrance. Open the history to see them all.');
    h.clock.advance(60_000);
    expect(h.alerts).toHaveLength(7);
  });

  it('goes back to single alerts once the window has passed', () => {
    const h = harness({ settings: { storm: { maxCount: 2, windowSeconds: 30 } } });
    for (let i = 0; i < 4; i += 1) h.policy.handleEvent(event());
    expect(h.alerts.map((a) => a.tag)).toEqual(['lock-1:door_left_open', 'lock-1:door_left_open', STORM_TAG]);
    // The fourth waited for the refresh, which still comes out while the window passes.
    h.clock.advance(29_999);
    expect(h.alerts.at(-1)).toMatchObject({ tag: STORM_TAG, body: expect.stringMatching(/^4 incidents in the last 30 seconds/) });
    h.policy.handleEvent(event({ category: 'tamper' }));
    expect(h.alerts.at(-1)?.tag).toBe(STORM_TAG);
    h.clock.advance(2);
    const before = h.alerts.length;
    h.policy.handleEvent(event({ category: 'tamper' }));
    expect(h.alerts.slice(before).map((a) => a.title)).toEqual(['Tamper alarm']);
  });

  it('counts events spread over the window, not just at one instant', () => {
    const h = harness();
    for (let i = 0; i < 6; i += 1) {
      h.policy.handleEvent(event({ lock: { id: `l${i}`, name: `Door ${i}` } }));
      h.clock.advance(11_000);
    }
    expect(h.alerts.at(-1)).toMatchObject({ tag: STORM_TAG, body: expect.stringMatching(/^6 incidents in the last minute, at 6 doors\./) });
  });

  it('keeps a flood to a handful of notifications that count every event', () => {
    const h = harness({ settings: { storm: { maxCount: 5, windowSeconds: 600 } } });
    const flood = Array.from({ length: 50_000 }, (_, i) => event({ lock: { id: `l${i % 7}`, name: `Door ${i % 7}` } }));
    for (const [i, e] of flood.entries()) {
      h.policy.handleEvent(e);
      if (i % 1000 === 999) h.clock.advance(1_000);
    }
    h.clock.advance(5_000);
    // Five single alerts, then one summary refreshed at most every five seconds.
    expect(h.alerts.length).toBeLessThanOrEqual(5 + 1 + 50 / 5 + 1);
    expect(h.alerts.at(-1)?.body).toBe('50,000 incidents in the last 10 minutes, 7,143 at Door 0. Open the history to see them all.');
  });

  it('summarises mixed streams as events and marks the summary urgent when an always-notify category is in it', () => {
    const h = harness({ settings: { entryCategories: { lock_opened: true }, storm: { maxCount: 2, windowSeconds: 120 } } });
    h.policy.handleEvent(event({ stream: 'entry', category: 'lock_opened' }));
    h.policy.handleEvent(event({ category: 'intrusion' }));
    h.policy.handleEvent(event({ category: 'door_left_open' }));
    expect(h.alerts.at(-1)).toMatchObject({ title: 'Many events', urgent: true, body: expect.stringMatching(/^3 events in the last 2 minutes/) });
  });

  it('summarises a burst right after a reconnect even below maxCount', () => {
    const h = harness();
    h.policy.handleStates([reconnecting()]);
    h.clock.advance(20_000);
    h.policy.handleStates([connected()]);
    h.policy.handleEvent(event());
    h.policy.handleEvent(event({ lock: { id: 'lock-2', name: 'Back door' } }));
    h.policy.handleEvent(event());
    expect(h.alerts.map((a) => a.tag)).toEqual(['lock-1:door_left_open', 'lock-2:door_left_open', STORM_TAG]);
    expect(h.alerts[2]?.body).toBe('3 incidents just after reconnecting, 2 at Main entrance. Open the history to see them all.');
    h.clock.advance(10_000);
    h.clock.advance(60_000);
    h.policy.handleEvent(event());
    expect(h.alerts.at(-1)?.tag).toBe('lock-1:door_left_open');
  });
});

describe('AlertPolicy: quiet hours, pause and overrides', () => {
  // January: Amsterdam is UTC+1.
  const quiet = { quietHours: { enabled: true, start: '22:00', end: '07:00' } };

  it.each([
    ['2026-01-15T20:59:00Z', '21:59', true],
    ['2026-01-15T21:00:00Z', '22:00', false],
    ['2026-01-15T22:30:00Z', '23:30', false],
    ['2026-01-15T23:00:00Z', '00:00', false],
    ['2026-01-16T05:59:00Z', '06:59', false],
    ['2026-01-16T06:00:00Z', '07:00', true],
  ])('at %s (%s local) across midnight: notifies = %s', (start, _local, notifies) => {
    const h = harness({ start, timeZone: 'Europe/Amsterdam', settings: quiet });
    h.policy.handleEvent(event());
    expect(h.alerts.length).toBe(notifies ? 1 : 0);
  });

  it('lets always-notify categories through quiet hours, as urgent', () => {
    const h = harness({ start: '2026-01-15T23:00:00Z', timeZone: 'Europe/Amsterdam', settings: quiet });
    h.policy.handleEvent(event({ category: 'door_left_open' }));
    h.policy.handleEvent(event({ category: 'intrusion' }));
    h.policy.handleEvent(event({ category: 'tamper' }));
    expect(h.alerts.map((a) => [a.title, a.urgent])).toEqual([
      ['Intrusion', true],
      ['Tamper alarm', true],
    ]);
  });

  it('marks always-notify alerts urgent outside quiet hours too', () => {
    const h = harness();
    h.policy.handleEvent(event({ category: 'intrusion' }));
    expect(h.alerts[0]?.urgent).toBe(true);
  });

  it('honours a category switched off even when it is in always-notify', () => {
    const h = harness({ settings: { incidentCategories: { tamper: false } } });
    h.policy.handleEvent(event({ category: 'tamper' }));
    expect(h.alerts).toEqual([]);
  });

  it('quiet hours off means quiet hours never apply', () => {
    const h = harness({ start: '2026-01-15T23:00:00Z', timeZone: 'Europe/Amsterdam' });
    h.policy.handleEvent(event());
    expect(h.alerts).toHaveLength(1);
  });

  it('pauses for one hour and clears itself on the clock', () => {
    const h = harness();
    const until = h.clock.now() + HOUR;
    expect(h.policy.pause(until)).toEqual({ until: '2026-01-15T11:00:00.000Z' });
    expect(h.pauses).toEqual([{ until: '2026-01-15T11:00:00.000Z' }]);
    h.policy.handleEvent(event());
    h.policy.handleEvent(event({ category: 'intrusion' }));
    expect(h.alerts.map((a) => a.title)).toEqual(['Intrusion']);
    h.clock.advance(HOUR - 1);
    expect(h.policy.pauseState()).toEqual({ until: '2026-01-15T11:00:00.000Z' });
    h.clock.advance(1);
    expect(h.pauses).toEqual([{ until: '2026-01-15T11:00:00.000Z' }, null]);
    expect(h.policy.pauseState()).toBeNull();
    h.policy.handleEvent(event());
    expect(h.alerts.map((a) => a.title)).toEqual(['Intrusion', 'Door left open']);
  });

  it('pauses until the next 08:00 local', () => {
    const h = harness({ start: '2026-01-15T21:30:00Z', timeZone: 'Europe/Amsterdam' });
    const until = pauseUntilMorning(h.clock.now(), 'Europe/Amsterdam');
    expect(new Date(until).toISOString()).toBe('2026-01-16T07:00:00.000Z');
    h.policy.pause(until);
    h.clock.advanceTo('2026-01-16T06:59:59Z');
    h.policy.handleEvent(event());
    expect(h.alerts).toEqual([]);
    h.clock.advanceTo('2026-01-16T07:00:00Z');
    expect(h.policy.pauseState()).toBeNull();
    h.policy.handleEvent(event());
    expect(h.alerts).toHaveLength(1);
  });

  it('pauses until resumed, through days', () => {
    const h = harness();
    expect(h.policy.pause(null)).toEqual({ until: null });
    h.clock.advance(72 * HOUR);
    expect(h.policy.pauseState()).toEqual({ until: null });
    h.policy.handleEvent(event());
    expect(h.alerts).toEqual([]);
    h.policy.resume();
    expect(h.policy.pauseState()).toBeNull();
    expect(h.pauses).toEqual([{ until: null }, null]);
    h.policy.handleEvent(event());
    expect(h.alerts).toHaveLength(1);
  });

  it('a new pause replaces the old one and its timer', () => {
    const h = harness();
    h.policy.pause(h.clock.now() + MINUTE);
    h.policy.pause(h.clock.now() + HOUR);
    h.clock.advance(2 * MINUTE);
    expect(h.policy.pauseState()).toEqual({ until: '2026-01-15T11:00:00.000Z' });
    h.policy.resume();
    expect(h.clock.pending()).toBe(0);
  });

  it('refuses a pause time that is not a number', () => {
    const h = harness();
    expect(() => h.policy.pause(Number.NaN)).toThrow(RangeError);
    expect(h.policy.pauseState()).toBeNull();
  });
});

describe('pauseUntilMorning', () => {
  it.each([
    ['2026-01-15T06:59:00Z', 'Europe/Amsterdam', '2026-01-15T07:00:00.000Z'],
    ['2026-01-15T07:01:00Z', 'Europe/Amsterdam', '2026-01-16T07:00:00.000Z'],
    ['2026-01-15T05:00:00Z', 'Europe/Amsterdam', '2026-01-15T07:00:00.000Z'],
    ['2026-01-15T07:00:00Z', 'Europe/Amsterdam', '2026-01-16T07:00:00.000Z'],
    ['2026-01-31T22:00:00Z', 'Europe/Amsterdam', '2026-02-01T07:00:00.000Z'],
    // The night clocks go forward (29 March 2026): 08:00 is then UTC+2.
    ['2026-03-28T22:00:00Z', 'Europe/Amsterdam', '2026-03-29T06:00:00.000Z'],
    // And back (25 October 2026): UTC+1 again.
    ['2026-10-24T22:00:00Z', 'Europe/Amsterdam', '2026-10-25T07:00:00.000Z'],
    ['2026-01-15T20:00:00Z', 'America/New_York', '2026-01-16T13:00:00.000Z'],
    ['2026-01-15T20:00:00Z', 'Asia/Kolkata', '2026-01-16T02:30:00.000Z'],
  ])('from %s in %s → %s', (now, zone, expected) => {
    expect(new Date(pauseUntilMorning(Date.parse(now), zone)).toISOString()).toBe(expected);
  });

  it('takes another hour, and refuses a bad one', () => {
    expect(new Date(pauseUntilMorning(Date.parse('2026-01-15T10:00:00Z'), 'UTC', 9)).toISOString()).toBe('2026-01-16T09:00:00.000Z');
    expect(() => pauseUntilMorning(0, 'UTC', 24)).toThrow(RangeError);
    expect(() => pauseUntilMorning(0, 'Not/AZone')).toThrow(RangeError);
  });
});

describe('AlertPolicy: staying offline', () => {
  it('notifies exactly once after offlineNoticeMinutes, then says what span was missed on reconnect', () => {
    const h = harness({ start: '2026-01-15T10:02:00Z' });
    h.policy.handleStates([connected('incident'), connected('entry')]);
    h.policy.handleStates([reconnecting('incident'), connected('entry')]);
    h.policy.handleStates([reconnecting('incident'), reconnecting('entry')]);
    h.clock.advance(5 * MINUTE - 1);
    expect(h.alerts).toEqual([]);
    h.clock.advance(1);
    expect(h.alerts).toEqual([
      {
        tag: CONNECTION_TAG,
        title: 'Clay Tray is offline',
        body: 'No connection since 10:02. Events sent while offline are not received; the app keeps retrying.',
        eventKey: null,
        urgent: false,
      },
    ]);
    h.policy.handleStates([offline('incident'), reconnecting('entry')]);
    h.clock.advance(HOUR);
    h.policy.handleStates([offline('incident'), offline('entry')]);
    expect(h.alerts).toHaveLength(1);
    h.policy.handleStates([connected('incident'), offline('entry')]);
    expect(h.alerts[1]).toEqual({
      tag: CONNECTION_TAG,
      title: 'Clay Tray is back online',
      body: 'Offline from 10:02 to 11:07: events in that span were not received.',
      eventKey: null,
      urgent: false,
    });
    h.policy.handleStates([connected('incident'), connected('entry')]);
    expect(h.alerts).toHaveLength(2);
  });

  it('says when the service refuses the sign-in, which retrying will not fix', () => {
    const h = harness({ start: '2026-01-15T10:02:00Z' });
    h.policy.handleStates([state('incident', { phase: 'auth-failed', attempt: 3, nextRetryAt: null }), reconnecting('entry')]);
    h.clock.advance(5 * MINUTE);
    expect(h.alerts).toEqual([
      {
        tag: CONNECTION_TAG,
        title: 'Clay Tray cannot sign in',
        body: 'No connection since 10:02: the service refused the sign-in. Check the client ID and secret, or the token, in Settings.',
        eventKey: null,
        urgent: false,
      },
    ]);
  });

  it('says nothing about a short drop', () => {
    const h = harness();
    h.policy.handleStates([connected()]);
    h.policy.handleStates([reconnecting()]);
    h.clock.advance(4 * MINUTE);
    h.policy.handleStates([connected()]);
    h.clock.advance(HOUR);
    expect(h.alerts).toEqual([]);
    expect(h.clock.pending()).toBe(0);
  });

  it('counts as offline only when every active subscription is down; stopped ones do not count', () => {
    const h = harness();
    h.policy.handleStates([connected('incident'), reconnecting('entry')]);
    h.clock.advance(HOUR);
    expect(h.alerts).toEqual([]);
    h.policy.handleStates([state('incident', { phase: 'stopped' }), reconnecting('entry')]);
    h.clock.advance(5 * MINUTE);
    expect(h.alerts.map((a) => a.title)).toEqual(['Clay Tray is offline']);
    h.policy.handleStates([state('incident', { phase: 'stopped' }), state('entry', { phase: 'stopped' })]);
    expect(h.alerts).toHaveLength(1);
  });

  it('includes the date when the missed span crosses midnight', () => {
    const h = harness({ start: '2026-01-15T23:50:00Z' });
    h.policy.handleStates([offline()]);
    h.clock.advance(30 * MINUTE);
    h.policy.handleStates([connected()]);
    expect(h.alerts.at(-1)?.body).toBe('Offline from 2026-01-15 23:50 to 00:20: events in that span were not received.');
  });

  it('stays silent when the notice is turned off (0 minutes)', () => {
    const h = harness({ settings: { offlineNoticeMinutes: 0 } });
    h.policy.handleStates([offline()]);
    h.clock.advance(24 * HOUR);
    h.policy.handleStates([connected()]);
    expect(h.alerts).toEqual([]);
  });

  it('holds the offline notice back while paused, and then does not announce the reconnect either', () => {
    const h = harness();
    h.policy.pause(null);
    h.policy.handleStates([offline()]);
    h.clock.advance(10 * MINUTE);
    h.policy.resume();
    h.policy.handleStates([connected()]);
    expect(h.alerts).toEqual([]);
  });
});

describe('AlertPolicy: lifecycle', () => {
  it('clears every timer on dispose and then ignores input', () => {
    const h = harness();
    h.policy.pause(h.clock.now() + HOUR);
    h.policy.handleStates([offline()]);
    h.policy.resume();
    h.policy.pause(h.clock.now() + HOUR);
    for (let i = 0; i < 8; i += 1) h.policy.handleEvent(event({ category: 'intrusion' }));
    expect(h.clock.pending()).toBe(3);
    h.policy.dispose();
    expect(h.clock.pending()).toBe(0);
    const count = h.alerts.length;
    h.policy.handleEvent(event({ category: 'intrusion' }));
    h.policy.handleStates([connected()]);
    h.clock.advance(24 * HOUR);
    expect(h.alerts).toHaveLength(count);
  });

  it('refuses an unknown time zone at construction', () => {
    expect(
      () =>
        new AlertPolicy({ clock: new ManualClock(), settings: () => DEFAULT_SETTINGS.notifications, siteName: () => null, notify: () => undefined, timeZone: 'Mars/Olympus' }),
    ).toThrow(RangeError);
  });
});

describe('describeCategory', () => {
  it.each([
    ['incident', 'door_left_open', null, 'Door left open'],
    ['incident', 'tamper', null, 'Tamper alarm'],
    ['incident', 'intrusion', null, 'Intrusion'],
    ['incident', 'low_battery', null, 'Low battery'],
    ['entry', 'lock_rejected', 'no_access', 'Entry rejected: no access'],
    ['entry', 'lock_rejected', 'suspended', 'Entry rejected: suspended'],
    ['entry', 'lock_opened', null, 'Entry granted'],
    ['entry', 'easy_office_mode', null, 'Easy Office mode'],
    ['incident', 'battery_critical_level', null, 'Battery critical level'],
    ['incident', 'doorForcedOpen', null, 'Door forced open'],
    ['incident', null, null, 'Unrecognised incident'],
    ['entry', null, 'no_access', 'Unrecognised entry'],
    ['incident', '___', null, 'Unrecognised incident'],
    ['incident', 'toString', null, 'Unknown incident type: toString'],
  ] as const)('%s %s %s → %s', (stream, category, detail, words) => {
    expect(describeCategory(stream, category, detail)).toBe(words);
  });
});
