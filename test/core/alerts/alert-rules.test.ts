import { afterEach, describe, expect, it } from 'vitest';
import { decideAlert, decidesUrgent, eventWallTime, firstMatchingRule } from '../../../app/common/alert-decision';
import * as v from 'valibot';
import { ALERT_RULE_LIMITS, AlertRulesSetting, DEFAULT_ALERT_RULES, checkAlertRules, newAlertRule } from '../../../app/common/alert-rules';
import { parseSettingsPatch } from '../../../app/common/ipc-schemas';
import type { AlertRule, AlertRulesSettings, AlertTimeWindow } from '../../../app/common/alert-rules';
import type { AlarmRing, ClayEvent } from '../../../app/common/models';
import type { NotificationSettings } from '../../../app/common/settings';
import { AlertPolicy, STORM_TAG } from '../../../app/core/alerts/alerts';
import { Escalation } from '../../../app/core/alerts/escalation';
import type { Alert } from '../../../app/core/ports';
import { DEFAULT_SETTINGS, applySettingsPatch, migrateSettings, storedSettings } from '../../../app/core/settings/settings';
import { ManualClock } from '../../support/clock';
import { alertEvent } from './alert-event';

const event = alertEvent;

const rule = (name: string, fields: Partial<AlertRule>): AlertRule => ({ ...newAlertRule(name), ...fields });
const rules = (...list: AlertRule[]): AlertRulesSettings => ({ ...DEFAULT_ALERT_RULES, rules: list });
const context = { siteName: (id: string | null) => (id === 'site-1' ? 'HQ Amsterdam' : null), timeZone: 'UTC' };
const notifications = DEFAULT_SETTINGS.notifications;
const decide = (e: ClayEvent, list: AlertRulesSettings, n: NotificationSettings = notifications) => decideAlert(e, n, list, context);

/** Mon–Fri 08:00–18:00, and the same window "outside". 2026-01-12 is a Monday. */
const BUSINESS: AlertTimeWindow = { days: [1, 2, 3, 4, 5], start: '08:00', end: '18:00', outside: false };
const AFTER_HOURS: AlertTimeWindow = { ...BUSINESS, outside: true };

describe('alert rules: what they match', () => {
  it('matches a door by lock id or by name, without case or outer spaces, and nothing else', () => {
    const byName = rules(rule('Server room', { doors: [' server ROOM'], action: 'urgent' }));
    expect(decide(event({ lock: { id: 'l-9', name: 'Server room' } }), byName)).toMatchObject({ rule: 0, action: 'urgent', urgent: true, escalate: true });
    expect(decide(event({ lock: { id: 'l-9', name: 'Server room 2' } }), byName).rule).toBeNull();
    const byId = rules(rule('Lock 9', { doors: ['L-9'], action: 'silent' }));
    expect(decide(event({ lock: { id: 'l-9', name: null } }), byId)).toMatchObject({ rule: 0, action: 'silent', notify: false, keep: true });
    expect(decide(event({ lock: { id: null, name: null } }), byId).rule).toBeNull();
  });

  it('matches a category family in any spelling the hub sends, and a category by its stored name', () => {
    const battery = rules(rule('Low battery', { families: ['low_battery'], action: 'silent' }));
    for (const category of ['low_battery', 'battery_low', 'lowbatteryalarm']) expect(decide(event({ category }), battery).rule).toBe(0);
    expect(decide(event({ category: 'tamper' }), battery).rule).toBeNull();
    expect(decide(event({ category: null }), battery).rule).toBeNull();
    const granted = rules(rule('Granted', { categories: ['lock_opened'], streams: ['entry'] }));
    expect(decide(event({ stream: 'entry', category: 'lock_opened' }), granted).rule).toBe(0);
    expect(decide(event({ stream: 'entry', category: 'lock_rejected' }), granted).rule).toBeNull();
    expect(decide(event({ stream: 'incident', category: 'lock_opened' }), granted).rule).toBeNull();
  });

  it('matches a site by id, by the name given under Sites, or by the name the service sent', () => {
    for (const site of ['SITE-1', 'hq amsterdam', 'Payload site name']) {
      expect(decide(event(), rules(rule('Site', { sites: [site] }))).rule).toBe(0);
    }
    expect(decide(event({ site: 'site-2', siteName: null }), rules(rule('Site', { sites: ['HQ Amsterdam'] }))).rule).toBeNull();
  });

  it('matches a schedule on the site-local time the event carries: business hours, and outside them', () => {
    const inHours = rules(rule('Office hours', { time: BUSINESS }));
    const afterHours = rules(rule('After hours', { time: AFTER_HOURS }));
    const at = (localTime: string) => event({ localTime });
    expect(decide(at('2026-01-12T08:00:00'), inHours).rule).toBe(0); // Monday, at the start
    expect(decide(at('2026-01-12T17:59:59'), inHours).rule).toBe(0);
    expect(decide(at('2026-01-12T18:00:00'), inHours).rule).toBeNull(); // the end is not inside
    expect(decide(at('2026-01-17T10:00:00'), inHours).rule).toBeNull(); // Saturday
    expect(decide(at('2026-01-12T18:00:00'), afterHours).rule).toBe(0);
    expect(decide(at('2026-01-17T10:00:00'), afterHours).rule).toBe(0);
    expect(decide(at('2026-01-12T12:00:00'), afterHours).rule).toBeNull();
  });

  it('runs a window across midnight from the days it starts on: Friday 22:00–06:00 holds on Saturday at 03:00, not on Friday at 03:00', () => {
    const night = rules(rule('Friday night', { time: { days: [5], start: '22:00', end: '06:00', outside: false } }));
    const at = (localTime: string) => decide(event({ localTime }), night).rule;
    expect(at('2026-01-16T22:00:00')).toBe(0); // Friday 22:00
    expect(at('2026-01-16T23:59:00')).toBe(0);
    expect(at('2026-01-17T00:00:00')).toBe(0); // Saturday, after midnight
    expect(at('2026-01-17T05:59:00')).toBe(0);
    expect(at('2026-01-17T06:00:00')).toBeNull();
    expect(at('2026-01-16T03:00:00')).toBeNull(); // Friday early morning belongs to Thursday's night
    expect(at('2026-01-17T22:30:00')).toBeNull(); // Saturday night is not listed
  });

  it('takes the site’s own clock, not this computer’s: a Tokyo site at 23:30 is at night even when the app runs in New York at 09:30', () => {
    const night = rules(rule('Night', { time: { days: [0, 1, 2, 3, 4, 5, 6], start: '22:00', end: '06:00', outside: false }, action: 'urgent' }));
    const newYork = { ...context, timeZone: 'America/New_York' };
    // 2026-01-15T14:30Z: 23:30 in Tokyo (the site's local time as sent), 09:30 in New York.
    const tokyo = event({ time: '2026-01-15T14:30:00Z', localTime: '2026-01-15T23:30:00' });
    expect(decideAlert(tokyo, notifications, night, newYork)).toMatchObject({ rule: 0, action: 'urgent' });
    // Without a local time the event's UTC time is read in the zone given: 09:30 in New York is day.
    const noLocal = event({ time: '2026-01-15T14:30:00Z', localTime: null });
    expect(eventWallTime(noLocal, 'America/New_York')).toEqual({ day: 4, minute: 9 * 60 + 30 });
    expect(decideAlert(noLocal, notifications, night, newYork).rule).toBeNull();
    expect(eventWallTime(noLocal, 'Asia/Tokyo')).toEqual({ day: 4, minute: 23 * 60 + 30 });
    expect(decideAlert(noLocal, notifications, night, { ...context, timeZone: 'Asia/Tokyo' }).rule).toBe(0);
  });

  it('lets the first matching rule win, and needs every condition a rule sets', () => {
    const list = [
      rule('Server room in hours', { doors: ['Server room'], time: BUSINESS, action: 'notify' }),
      rule('Server room', { doors: ['Server room'], action: 'urgent' }),
      rule('Everything', { action: 'silent' }),
    ];
    const serverRoom = (localTime: string) => event({ stream: 'entry', category: 'lock_opened', localTime, lock: { name: 'Server room' } });
    expect(firstMatchingRule(list, serverRoom('2026-01-12T09:00:00'), context)).toBe(0);
    expect(firstMatchingRule(list, serverRoom('2026-01-12T21:00:00'), context)).toBe(1);
    expect(firstMatchingRule(list, event({ lock: { name: 'Lobby' } }), context)).toBe(2);
    expect(firstMatchingRule([list[1]!, list[0]!], serverRoom('2026-01-12T09:00:00'), context)).toBe(0);
  });

  it('does what the action says: notify, urgent, silent (history only) or ignore (not even history)', () => {
    const e = event({ category: 'intrusion' });
    const with_ = (action: AlertRule['action']) => decide(e, rules(rule('R', { action })));
    expect(with_('notify')).toMatchObject({ notify: true, urgent: false, escalate: false, keep: true });
    expect(with_('urgent')).toMatchObject({ notify: true, urgent: true, escalate: true, keep: true });
    expect(with_('silent')).toMatchObject({ notify: false, urgent: false, escalate: false, keep: true });
    expect(with_('ignore')).toMatchObject({ notify: false, escalate: false, keep: false });
  });

  it('with no rule matching, decides exactly as the Notifications settings do', () => {
    const never = rules(rule('A door that does not exist', { doors: ['nowhere'], action: 'ignore' }));
    const off = { ...notifications, incidentCategories: { ...notifications.incidentCategories, low_battery: false } };
    for (const list of [DEFAULT_ALERT_RULES, never]) {
      expect(decide(event({ category: 'intrusion' }), list)).toMatchObject({ rule: null, action: 'urgent', notify: true, urgent: true, escalate: true, sound: 'alarm' });
      expect(decide(event({ category: 'door_left_open' }), list)).toMatchObject({ rule: null, action: 'notify', urgent: false, escalate: false });
      expect(decide(event({ category: 'low_battery' }), list, off)).toMatchObject({ rule: null, action: 'silent', notify: false, keep: true });
      expect(decide(event({ stream: 'entry', category: 'lock_opened' }), list)).toMatchObject({ rule: null, notify: false, keep: true });
    }
  });

  it('answers "urgent?" for the tray count exactly as the whole decision does, for every action, door, family and hour', () => {
    const lists = [
      DEFAULT_ALERT_RULES,
      rules(rule('Server room', { doors: ['Server room'], action: 'urgent' }), rule('Everything', { action: 'silent' })),
      rules(rule('Night intrusions', { families: ['intrusion'], time: AFTER_HOURS, action: 'urgent' }), rule('Tamper', { categories: ['tamper'], action: 'notify' })),
      ...(['notify', 'urgent', 'silent', 'ignore'] as const).map((action) => rules(rule('All', { action }))),
    ];
    const alwaysNotifyTamper = { ...notifications, alwaysNotify: ['tamper'] };
    let urgent = 0;
    let checked = 0;
    for (const list of lists) {
      for (const n of [notifications, alwaysNotifyTamper]) {
        for (const category of ['intrusion', 'IntrusionAlarm', 'tamper', 'door_left_open', null]) {
          for (const door of ['Server room', 'Lobby']) {
            for (const localTime of ['2026-01-12T09:00:00', '2026-01-12T23:00:00']) {
              const e = event({ category, localTime, lock: { name: door } });
              const whole = decide(e, list, n).urgent;
              expect(decidesUrgent(e, n, list, context), `${category} at ${door}, ${localTime}`).toBe(whole);
              if (whole) urgent += 1;
              checked += 1;
            }
          }
        }
      }
    }
    // Both answers occur, so agreeing is not agreeing on "never".
    expect(urgent).toBeGreaterThan(20);
    expect(checked - urgent).toBeGreaterThan(20);
  });

  it('chooses the alarm sound by rule, else by incident family, else the alarm setting', () => {
    const list: AlertRulesSettings = {
      rules: [rule('Server room', { doors: ['Server room'], action: 'urgent', sound: 'siren' }), rule('Back door', { doors: ['Back door'], action: 'urgent' })],
      familySounds: { ...DEFAULT_ALERT_RULES.familySounds, tamper: 'chime' },
    };
    expect(decide(event({ category: 'tamper', lock: { name: 'Server room' } }), list).sound).toBe('siren');
    expect(decide(event({ category: 'tamper', lock: { name: 'Back door' } }), list).sound).toBe('chime');
    expect(decide(event({ category: 'tamper', lock: { name: 'Lobby' } }), list).sound).toBe('chime');
    expect(decide(event({ category: 'intrusion', lock: { name: 'Lobby' } }), list).sound).toBe('alarm');
    const silentAlarm = { ...notifications, escalation: { ...notifications.escalation, sound: 'silent' as const } };
    expect(decide(event({ category: 'intrusion', lock: { name: 'Lobby' } }), list, silentAlarm).sound).toBe('silent');
  });
});

describe('alert rules in the alert policy and the alarm, on a manual clock', () => {
  const policies: AlertPolicy[] = [];
  afterEach(() => {
    for (const policy of policies.splice(0)) policy.dispose();
  });

  function setup(list: AlertRulesSettings, settings: Partial<NotificationSettings> = {}) {
    const clock = new ManualClock('2026-01-15T10:00:00Z');
    const alerts: Alert[] = [];
    const rings: AlarmRing[] = [];
    const acknowledged = new Set<string>();
    const n: NotificationSettings = { ...notifications, ...settings };
    const policy = new AlertPolicy({ clock, settings: () => n, rules: () => list, siteName: context.siteName, notify: (a) => alerts.push(a), timeZone: 'UTC' });
    policies.push(policy);
    const escalation = new Escalation({ clock, settings: () => n.escalation, isOpen: (key) => !acknowledged.has(key), ring: (r) => rings.push(r) });
    /** What CoreIncidents does with each live event. */
    const receive = (e: ClayEvent): void => {
      const decision = policy.decide(e);
      policy.handleEvent(e, decision);
      if (decision.escalate) escalation.raise(e.key, decision.sound);
    };
    const acknowledge = (key: string): void => {
      acknowledged.add(key);
      escalation.recheck();
    };
    return { clock, alerts, rings, escalation, policy, receive, acknowledge };
  }

  it('escalates an incident that is urgent by rule with the rule’s sound, repeats, and stops on acknowledge', () => {
    const t = setup(rules(rule('Door 3', { doors: ['Door 3'], action: 'urgent', sound: 'siren' })));
    const e = event({ category: 'door_left_open', lock: { name: 'Door 3' } });
    t.receive(e);
    expect(t.alerts).toEqual([expect.objectContaining({ eventKey: e.key, urgent: true })]);
    expect(t.rings).toEqual([{ sound: 'siren', volume: 0.8, repeat: 0, bringToFront: false, flashTaskbar: true, bounceDock: true, open: 1 }]);
    t.clock.advance(30_000);
    expect(t.rings.map((r) => [r.sound, r.repeat])).toEqual([['siren', 0], ['siren', 1]]);
    t.acknowledge(e.key);
    expect(t.escalation.running).toBe(false);
    t.clock.advance(10 * 60_000);
    expect(t.rings).toHaveLength(2);
  });

  it('notifies an urgent-by-rule event through quiet hours, and holds back a notify-by-rule one', () => {
    const t = setup(
      rules(rule('Server room', { doors: ['Server room'], action: 'urgent' }), rule('Lobby', { doors: ['Lobby'], action: 'notify' })),
      { quietHours: { enabled: true, start: '09:00', end: '17:00' } },
    );
    t.receive(event({ stream: 'entry', category: 'lock_opened', lock: { name: 'Server room' } }));
    t.receive(event({ category: 'intrusion', lock: { name: 'Lobby' } }));
    expect(t.alerts.map((a) => a.title)).toEqual(['Entry granted']);
  });

  it('keeps a silent or ignored event from notifying or sounding, even of an always-notify category', () => {
    const t = setup(rules(rule('Test alarms', { doors: ['Test panel'], action: 'silent' }), rule('Noise', { doors: ['Noise'], action: 'ignore' })));
    t.receive(event({ category: 'intrusion', lock: { name: 'Test panel' } }));
    t.receive(event({ category: 'intrusion', lock: { name: 'Noise' } }));
    expect(t.alerts).toEqual([]);
    expect(t.rings).toEqual([]);
  });

  it('still collapses a storm into one summary when a rule makes every event notify', () => {
    const t = setup(rules(rule('All entries', { streams: ['entry'], action: 'notify' })));
    for (let i = 0; i < 20; i += 1) t.receive(event({ stream: 'entry', category: 'lock_opened', lock: { name: `Door ${i}` } }));
    const { maxCount } = notifications.storm;
    expect(t.alerts.slice(0, maxCount).every((a) => a.title === 'Entry granted')).toBe(true);
    expect(t.alerts.slice(maxCount).every((a) => a.tag === STORM_TAG)).toBe(true);
    expect(t.alerts.length).toBe(maxCount + 1);
  });

  it('is one alarm for a storm of urgent-by-rule incidents, which stops once all are acknowledged', () => {
    const t = setup(rules(rule('Everything urgent', { streams: ['incident'], action: 'urgent', sound: 'chime' })));
    const storm = Array.from({ length: 12 }, (_, i) => event({ lock: { name: `Door ${i}` } }));
    for (const e of storm) t.receive(e);
    expect(t.rings).toEqual([expect.objectContaining({ sound: 'chime', repeat: 0, open: 1 })]);
    expect(t.alerts.filter((a) => a.tag === STORM_TAG).length).toBeGreaterThanOrEqual(1);
    for (const e of storm.slice(0, 11)) t.acknowledge(e.key);
    expect(t.escalation.running).toBe(true);
    t.acknowledge(storm[11]!.key);
    expect(t.escalation.running).toBe(false);
  });

  it('counts recovered events by the rules too: only what a rule lets notify is in the summary, none when all are silent', () => {
    const t = setup(rules(rule('Battery', { families: ['low_battery'], action: 'silent' })));
    const gap = { stream: 'incident' as const, site: 'site-1', from: '2026-01-15T09:50:00Z', to: '2026-01-15T09:55:00Z', reason: 'network' };
    t.policy.handleRecovered(gap as never, [event({ category: 'low_battery', recovered: true })]);
    expect(t.alerts).toEqual([]);
    t.policy.handleRecovered(gap as never, [event({ category: 'low_battery', recovered: true }), event({ category: 'tamper', recovered: true })]);
    expect(t.alerts).toHaveLength(1);
    expect(t.rings).toEqual([]);
  });
});

describe('the alertRules settings section (valibot)', () => {
  /** Problems with their paths written as the window registers its fields. */
  const problems = (raw: unknown) => {
    const { value, problems: found } = checkAlertRules(raw);
    const path = (keys: readonly (string | number)[]) => keys.reduce<string>((text, key) => (typeof key === 'number' ? `${text}[${key}]` : `${text}.${key}`), 'alertRules');
    return { value, found: found.map((p) => ({ path: path(p.keys), message: p.message })) };
  };

  it('takes the defaults and a full rule as they are', () => {
    expect(problems(DEFAULT_ALERT_RULES)).toEqual({ value: DEFAULT_ALERT_RULES, found: [] });
    const full = rules(rule('Server room after hours', { streams: ['entry'], sites: ['HQ'], doors: ['Server room'], families: ['intrusion'], categories: ['lock_opened'], time: AFTER_HOURS, action: 'urgent', sound: 'siren' }));
    expect(problems(full).value).toEqual(full);
  });

  it('names each problem at the field the window shows, with the rule’s number, and never echoes the input', () => {
    const bad = {
      ...DEFAULT_ALERT_RULES,
      rules: [
        rule('ok', {}),
        { ...rule('', {}), doors: ['Door 1', 'x'.repeat(201)], time: { days: [], start: '25:00', end: '25:00', outside: false }, action: 'panic' },
      ],
    };
    const { value, found } = problems(bad);
    expect(value).toBeUndefined();
    expect(found.map((p) => p.path)).toEqual([
      'alertRules.rules[1].name',
      'alertRules.rules[1].doors',
      'alertRules.rules[1].time.days',
      'alertRules.rules[1].time.start',
      'alertRules.rules[1].time.end',
      'alertRules.rules[1].action',
    ]);
    expect(found[0]?.message).toBe('Rule 2: Name: give the rule a name, such as "Server room after hours".');
    expect(found.every((p) => p.message.startsWith('Rule 2: ') && !p.message.includes('xxxx'))).toBe(true);
  });

  it('is one valibot schema inside the settings schema, its problems placed at the same paths', () => {
    const outer = v.object({ alertRules: AlertRulesSetting });
    const good = v.safeParse(outer, { alertRules: DEFAULT_ALERT_RULES });
    expect(good.success && good.output).toEqual({ alertRules: DEFAULT_ALERT_RULES });
    const bad = v.safeParse(outer, { alertRules: rules(rule('ok', {}), rule('', { doors: ['a', 'b'.repeat(300)] })) });
    expect(bad.success).toBe(false);
    const issues = bad.issues?.map((issue) => [issue.path?.map((item) => item.key), issue.message]);
    expect(issues).toEqual([
      [['alertRules', 'rules', 1, 'name'], 'Rule 2: Name: give the rule a name, such as "Server room after hours".'],
      [['alertRules', 'rules', 1, 'doors'], 'Rule 2: Door: at most 200 characters.'],
    ]);
  });

  it('bounds every list and string: more than 100 rules is refused before anything else is read', () => {
    const many = { ...DEFAULT_ALERT_RULES, rules: Array.from({ length: 100_001 }, () => ({})) };
    expect(problems(many).found).toEqual([{ path: 'alertRules.rules', message: 'Alert rules: at most 100 rules.' }]);
    const longName = rules(rule('n'.repeat(201), {}));
    expect(problems(longName).found.map((p) => p.path)).toEqual(['alertRules.rules[0].name']);
    const manyDoors = rules(rule('Doors', { doors: Array.from({ length: 101 }, (_, i) => `Door ${i}`) }));
    expect(problems(manyDoors).found.map((p) => p.message)).toEqual(['Rule 1: Doors: at most 100.']);
    const controls = rules(rule('Line\nbreak', {}));
    expect(problems(controls).found.map((p) => p.message)).toEqual(['Rule 1: Name has line breaks or control characters.']);
  });

  it('refuses a window that ends where it starts, and a sound or family it does not know', () => {
    const same = rules(rule('Same', { time: { days: [1], start: '08:00', end: '08:00', outside: false } }));
    expect(problems(same).found).toEqual([{ path: 'alertRules.rules[0].time.end', message: 'Rule 1: Until: choose a time different from From.' }]);
    const odd = { rules: [{ ...rule('Odd', {}), families: ['fire'], sound: 'trumpet' }], familySounds: { ...DEFAULT_ALERT_RULES.familySounds, tamper: 'gong' } };
    expect(problems(odd).found.map((p) => p.path)).toEqual(['alertRules.rules[0].families', 'alertRules.rules[0].sound', 'alertRules.familySounds.tamper']);
  });

  it('fills the empty list into settings stored before rules existed, and resets a list with a rule it cannot use, saying so', () => {
    const { alertRules: _absent, ...before } = DEFAULT_SETTINGS;
    const old = migrateSettings({ version: 2, settings: before });
    expect('settings' in old && old.settings.alertRules).toEqual(DEFAULT_ALERT_RULES);
    const broken = { ...DEFAULT_SETTINGS, alertRules: { ...DEFAULT_ALERT_RULES, rules: [rule('', {})] } };
    const read = migrateSettings(storedSettings(broken as typeof DEFAULT_SETTINGS));
    if (!('settings' in read)) throw new Error(read.error);
    expect(read.settings.alertRules.rules).toEqual([]);
    expect(read.resets).toEqual([{ path: 'alertRules.rules', message: expect.stringContaining('The alert rules were reset to none') }]);
  });

  it('lets the largest valid section through the IPC patch check, and main’s schema accepts it', () => {
    const values = (prefix: string) => Array.from({ length: ALERT_RULE_LIMITS.values }, (_, i) => `${prefix} ${i}`);
    const full = rule('n'.repeat(ALERT_RULE_LIMITS.name), {
      streams: ['incident', 'entry'], sites: values('Site'), doors: values('Door'), families: ['intrusion', 'tamper', 'door_left_open', 'low_battery'],
      categories: values('c').map((c) => c.replace(' ', '_')), time: { days: [0, 1, 2, 3, 4, 5, 6], start: '22:00', end: '06:00', outside: true }, action: 'urgent', sound: 'siren',
    });
    const largest = { alertRules: rules(...Array.from({ length: ALERT_RULE_LIMITS.rules }, () => full)) };
    expect(parseSettingsPatch(largest).ok).toBe(true);
    expect(applySettingsPatch(DEFAULT_SETTINGS, largest).ok).toBe(true);
    const hostile = { alertRules: rules(...Array.from({ length: 100 }, () => ({ ...full, doors: values('Door').concat(values('More'), values('Still more'), values('And more')) }))) };
    expect(parseSettingsPatch(hostile)).toEqual({ ok: false, error: expect.objectContaining({ message: 'The settings change is too large.' }) });
  });

  it('saves a patch of the section from the window, and refuses a bad one with the rule named', () => {
    const list = rules(rule('Server room', { doors: ['Server room'], action: 'urgent' }));
    expect(applySettingsPatch(DEFAULT_SETTINGS, { alertRules: list })).toEqual({ ok: true, value: { ...DEFAULT_SETTINGS, alertRules: list } });
    const bad = applySettingsPatch(DEFAULT_SETTINGS, { alertRules: { rules: [{ ...rule('R', {}), action: 'explode' }] } });
    expect(bad.ok === false && bad.error.message).toBe('The settings change was not saved. Rule 1: Action must be notify, urgent, silent or ignore.');
  });
});
