/**
 * What happens to one event: the first alert rule that matches it decides, else the Notifications
 * settings do, exactly as before rules existed. Pure and shared, so main decides with it and the
 * Settings window's preview runs the very same function on an event from history.
 */
import type { AlarmSoundChoice } from './alarm';
import type { AlertAction, AlertRule, AlertRulesSettings, AlertTimeWindow } from './alert-rules';
import { anyCategoryMatches, categoryFamily, categoryMatches } from './category-family';
import type { ClayEvent } from './models';
import type { NotificationSettings } from './settings';
import { categorySwitchesKey, isAcknowledgeable, streamKind } from './stream-kinds';

export interface AlertDecision {
  /** The index of the rule that matched, or null: the Notifications settings decided. */
  readonly rule: number | null;
  readonly action: AlertAction;
  /** Shown as a notification (quiet hours and pause may still hold it back). */
  readonly notify: boolean;
  /** Notifies through quiet hours and pause. */
  readonly urgent: boolean;
  /** Sounds the alarm until acknowledged. */
  readonly escalate: boolean;
  /** The alarm's sound when it escalates. */
  readonly sound: AlarmSoundChoice;
  /** Kept in history; false only for "ignore". */
  readonly keep: boolean;
}

export interface RuleContext {
  /** The name the user gave a site under Sites, or null. */
  readonly siteName: (siteId: string | null) => string | null;
  /** IANA zone for an event that carries no site-local time of its own; the system's when absent. */
  readonly timeZone?: string | undefined;
}

export function decideAlert(event: ClayEvent, notifications: NotificationSettings, rules: AlertRulesSettings, context: RuleContext): AlertDecision {
  const index = firstMatchingRule(rules.rules, event, context);
  const rule = index === null ? undefined : rules.rules[index];
  const familySound = (): AlarmSoundChoice => {
    const family = event.category === null ? null : categoryFamily(event.category);
    const chosen = family === null ? 'default' : rules.familySounds[family];
    return chosen === 'default' ? notifications.escalation.sound : chosen;
  };
  if (rule === undefined || index === null) {
    const on = switchedOn(event, notifications);
    const urgent = alwaysNotifies(event, notifications);
    const action: AlertAction = !on ? 'silent' : urgent ? 'urgent' : 'notify';
    return { rule: null, action, notify: on, urgent, escalate: isUrgentIncident(event, notifications), sound: familySound(), keep: true };
  }
  const { action } = rule;
  return {
    rule: index,
    action,
    notify: action === 'notify' || action === 'urgent',
    urgent: action === 'urgent',
    escalate: action === 'urgent',
    sound: rule.sound === 'default' ? familySound() : rule.sound,
    keep: action !== 'ignore',
  };
}

/** decideAlert(…).urgent without the rest of the decision: what the tray's urgent count asks of every open incident. */
export function decidesUrgent(event: ClayEvent, notifications: NotificationSettings, rules: AlertRulesSettings, context: RuleContext): boolean {
  const index = firstMatchingRule(rules.rules, event, context);
  if (index === null) return alwaysNotifies(event, notifications);
  return rules.rules[index]!.action === 'urgent';
}

/** Urgent with no rule deciding: a category on the always-notify list, in any spelling of its family. */
function alwaysNotifies(event: ClayEvent, notifications: NotificationSettings): boolean {
  return event.category !== null && anyCategoryMatches(notifications.alwaysNotify, event.category);
}

/** The index of the first rule matching the event, or null. */
export function firstMatchingRule(rules: readonly AlertRule[], event: ClayEvent, context: RuleContext): number | null {
  const index = rules.findIndex((rule) => ruleMatches(rule, event, context));
  return index < 0 ? null : index;
}

/** Every condition the rule sets must hold; a condition left empty holds for any event. */
export function ruleMatches(rule: AlertRule, event: ClayEvent, context: RuleContext): boolean {
  if (rule.streams.length > 0 && !rule.streams.includes(event.stream)) return false;
  if (rule.sites.length > 0 && !listed(rule.sites, [event.site, context.siteName(event.site), event.siteName])) return false;
  if (rule.doors.length > 0 && !listed(rule.doors, [event.lock.id, event.lock.name])) return false;
  if (rule.families.length > 0 || rule.categories.length > 0) {
    const category = event.category;
    if (category === null) return false;
    const family = categoryFamily(category);
    const byFamily = family !== null && rule.families.includes(family);
    if (!byFamily && !rule.categories.some((wanted) => categoryMatches(wanted, category))) return false;
  }
  if (rule.time !== null) {
    const wall = eventWallTime(event, context.timeZone);
    if (wall === null || !withinWindow(rule.time, wall)) return false;
  }
  return true;
}

/** Names and ids compare without case or outer spaces ("Server room" matches "server room "). */
function listed(wanted: readonly string[], values: readonly (string | null | undefined)[]): boolean {
  for (const value of values) {
    if (typeof value !== 'string') continue;
    const folded = fold(value);
    if (wanted.some((entry) => fold(entry) === folded)) return true;
  }
  return false;
}

function fold(text: string): string {
  return text.trim().toLowerCase();
}

/** Day of the week (0 Sunday) and minute of the day on the site's clock. */
export interface WallTime {
  readonly day: number;
  readonly minute: number;
}

const LOCAL_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})/;

/**
 * The event's time on the site's wall clock: the site-local time the service sent, which needs no
 * zone; else its UTC time (or when it was received) in `timeZone`. Null when neither reads as a time.
 */
export function eventWallTime(event: ClayEvent, timeZone?: string): WallTime | null {
  const match = event.localTime === null ? null : LOCAL_TIME.exec(event.localTime.trim());
  if (match) {
    const [year, month, day, hour, minute] = match.slice(1).map(Number) as [number, number, number, number, number];
    const date = new Date(Date.UTC(year, month - 1, day));
    if (hour <= 23 && minute <= 59 && date.getUTCDate() === day) return { day: date.getUTCDay(), minute: hour * 60 + minute };
  }
  const epoch = Date.parse(event.time ?? event.receivedAt);
  return Number.isFinite(epoch) ? zonedWallTime(epoch, timeZone) : null;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const formats = new Map<string, Intl.DateTimeFormat>();

function zonedWallTime(epochMs: number, timeZone: string | undefined): WallTime {
  const key = timeZone ?? '';
  let format = formats.get(key);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', weekday: 'short', hour: '2-digit', minute: '2-digit' });
    formats.set(key, format);
  }
  const parts = Object.fromEntries(format.formatToParts(epochMs).map((part) => [part.type, part.value]));
  return { day: WEEKDAYS.indexOf(parts['weekday'] ?? ''), minute: Number(parts['hour']) * 60 + Number(parts['minute']) };
}

/**
 * Inside the window: on one of its days, from `start` until `end`. A window whose end is before its
 * start runs past midnight, and its days are the days it starts on: Friday 22:00–06:00 holds on
 * Saturday at 03:00.
 */
export function withinWindow(window: AlertTimeWindow, wall: WallTime): boolean {
  const start = minutes(window.start);
  const end = minutes(window.end);
  const days: readonly number[] = window.days;
  const yesterday = (wall.day + 6) % 7;
  const inside =
    start < end
      ? days.includes(wall.day) && wall.minute >= start && wall.minute < end
      : (days.includes(wall.day) && wall.minute >= start) || (days.includes(yesterday) && wall.minute < end);
  return window.outside ? !inside : inside;
}

function minutes(clock: string): number {
  const [hours, mins] = clock.split(':').map(Number);
  return (hours ?? 0) * 60 + (mins ?? 0);
}

/** An incident that notifies and is of an always-notify category: it escalates until acknowledged. */
export function isUrgentIncident(event: ClayEvent, settings: NotificationSettings): boolean {
  return isAcknowledgeable(event.stream) && event.category !== null && switchedOn(event, settings) && settings.alwaysNotify.includes(event.category);
}

/** Whether the event's category is one the user wants to hear about at all. */
export function switchedOn(event: ClayEvent, settings: NotificationSettings): boolean {
  const { category } = event;
  // A kind added to the list before its settings field exists has no switches yet: its default holds.
  const switches = settings[categorySwitchesKey(event.stream)] ?? {};
  if (streamKind(event.stream).notifyByDefault) return category === null || switchOf(switches, category) !== false;
  return category !== null && switchOf(switches, category) === true;
}

/**
 * The switch for the category itself, else for one of its family (a switch for `intrusion` holds for
 * `intrusion_alarm`). Own keys only: a category named `constructor` must not read the prototype.
 */
function switchOf(switches: Readonly<Record<string, boolean>>, category: string): boolean | undefined {
  if (Object.hasOwn(switches, category)) return switches[category];
  const family = categoryFamily(category);
  if (family === null) return undefined;
  for (const key of Object.keys(switches)) if (categoryFamily(key) === family) return switches[key];
  return undefined;
}
