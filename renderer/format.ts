/**
 * Everything the window says in words: times, categories, connection states, secret locations.
 * Pure functions of their inputs (and the local time zone), so they are unit-tested without a DOM.
 */
import { categoryName } from '../app/common/category-names';
import type {
  ClayEvent,
  OfflineGap,
  SecretStatus,
  StreamKind,
  SubscriptionState,
} from '../app/common/models';
import { assertNever } from '../app/common/result';
import { streamKind, streamTitle, streamTitlePlural } from '../app/common/stream-kinds';

const pad = (n: number): string => String(n).padStart(2, '0');
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function parse(iso: string | null): Date | null {
  if (iso === null) return null;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

const sameDay = (a: Date, b: Date): boolean =>
  a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();

export const clock = (d: Date): string => `${pad(d.getHours())}:${pad(d.getMinutes())}`;
export const clockSeconds = (d: Date): string => `${clock(d)}:${pad(d.getSeconds())}`;
export const dayMonth = (d: Date): string => `${d.getDate()} ${MONTHS[d.getMonth()] ?? ''}`;

/** "14:05:09" today, "27 Nov 14:05" on another day; local time. */
export function shortTime(iso: string | null, now: Date = new Date()): string {
  const d = parse(iso);
  if (d === null) return iso ?? 'unknown time';
  return sameDay(d, now) ? clockSeconds(d) : `${dayMonth(d)} ${clock(d)}`;
}

/** "Clay Tray closed unexpectedly at 10:02; it restarted and reconnected." (the date too when not today). */
export function crashNote(crashedAt: string, connected: boolean, now: Date = new Date()): string {
  const d = parse(crashedAt);
  const when = d === null ? 'an unknown time' : sameDay(d, now) ? clock(d) : `${clock(d)} on ${dayMonth(d)}`;
  return `Clay Tray closed unexpectedly at ${when}; it restarted and ${connected ? 'reconnected' : 'is reconnecting'}.`;
}

/** "28 Nov 2026 14:05:09" local, for the details pane where the date always matters. */
export function fullTime(iso: string | null): string {
  const d = parse(iso);
  if (d === null) return iso ?? 'unknown';
  return `${dayMonth(d)} ${d.getFullYear()} ${clockSeconds(d)}`;
}

/** `door_left_open` → "Door left open"; a payload that was not understood says so. */
export function words(snake: string | null): string {
  if (snake === null || snake.trim() === '') return '';
  const spaced = snake.replace(/[_-]+/g, ' ').trim();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

/** The names notifications use (app/common/category-names.ts), so the window says the same. */
export function categoryWords(category: string | null): string {
  const name = category === null ? '' : categoryName(category);
  return name === '' ? 'Unrecognised message' : name;
}

export const streamWords = (stream: StreamKind): string => streamTitle(stream);
export const streamPlural = (stream: StreamKind): string => streamTitlePlural(stream);

/** One line that says what happened: "Lock rejected: no access". */
export function eventSummary(event: ClayEvent): string {
  if (event.category === null) {
    const snippet = event.raw.length > 160 ? `${event.raw.slice(0, 160)}…` : event.raw;
    return `Unrecognised message: ${snippet}`;
  }
  const detail = words(event.detail);
  return detail === '' ? categoryWords(event.category) : `${categoryWords(event.category)}: ${detail.toLowerCase()}`;
}

/** "Offline 10:02–10:07 — events in this span were not received" (dates added when not today). */
export function gapText(gap: OfflineGap, now: Date = new Date()): string {
  const from = parse(gap.from);
  const to = parse(gap.to);
  if (from === null || to === null) return `Offline ${gap.from} – ${gap.to} — events in this span were not received`;
  let span: string;
  if (sameDay(from, to)) span = sameDay(from, now) ? `${clock(from)}–${clock(to)}` : `${dayMonth(from)} ${clock(from)}–${clock(to)}`;
  else span = `${dayMonth(from)} ${clock(from)} – ${dayMonth(to)} ${clock(to)}`;
  return `Offline ${span} — ${gapOutcome(gap)}`;
}

/** What became of the events missed in a gap: recovery's outcome in words. */
export function gapOutcome(gap: OfflineGap): string {
  const recovery = gap.recovery;
  if (recovery === undefined) return 'events in this span were not received';
  const found = `${recovery.recovered} ${recovery.recovered === 1 ? 'event' : 'events'} recovered`;
  switch (recovery.state) {
    case 'checking':
      return recovery.recovered === 0 ? 'recovering missed events…' : `${found}, checking again for late ones…`;
    case 'done':
      return recovery.recovered === 0 ? 'checked: no events were missed' : `${found}${recovery.reason === null ? '' : ` (${recovery.reason})`}`;
    case 'failed':
      return `${recovery.recovered > 0 ? `${found}, then ` : ''}could not be recovered: ${recovery.reason ?? 'unknown reason'}`;
    case 'waiting':
      return `not recovered yet: ${recovery.reason ?? 'waiting for a setting'}`;
    default:
      return assertNever(recovery.state, 'recovery state');
  }
}

/** Entries say in words (and a mark) whether the door let someone in: never by colour alone. */
export function entryOutcome(event: ClayEvent): 'granted' | 'rejected' | null {
  if (!streamKind(event.stream).accessOutcomes || event.category === null) return null;
  if (event.category === 'lock_rejected' || /reject|denied|refused/i.test(event.category)) return 'rejected';
  if (event.category === 'lock_opened') return 'granted';
  return null;
}

/** "in 12 s", "in 3 min", "in 5 h", "in 2 days", "now". */
export function relative(iso: string, now: Date): string {
  const d = parse(iso);
  if (d === null) return iso;
  const seconds = Math.round((d.getTime() - now.getTime()) / 1000);
  if (seconds <= 0) return 'now';
  if (seconds < 90) return `in ${seconds} s`;
  if (seconds < 90 * 60) return `in ${Math.round(seconds / 60)} min`;
  if (seconds < 48 * 3600) return `in ${Math.round(seconds / 3600)} h`;
  return `in ${Math.round(seconds / 86400)} days`;
}

export function subscriptionName(sub: SubscriptionState, siteName: (id: string) => string | null): string {
  const where = sub.site === null ? 'all sites' : (siteName(sub.site) ?? sub.site);
  return `${streamPlural(sub.stream)} · ${where}`;
}

/** The state in words, with the next retry when there is one. */
export function subscriptionState(sub: SubscriptionState, now: Date = new Date()): string {
  const status = sub.status;
  const retry = (at: string | null): string => (at === null ? '' : `, next try at ${shortTime(at, now)} (${relative(at, now)})`);
  switch (status.phase) {
    case 'connecting':
      return status.attempt > 1 ? `connecting (attempt ${status.attempt})` : 'connecting';
    case 'connected':
      return sub.lastEventAt === null ? `connected since ${shortTime(status.since, now)}, no events yet` : `connected since ${shortTime(status.since, now)}`;
    case 'reconnecting':
      return `reconnecting (attempt ${status.attempt})${retry(status.nextRetryAt)}`;
    case 'offline':
      return `offline${sub.offlineSince === null ? '' : ` since ${shortTime(sub.offlineSince, now)}`}${retry(status.nextRetryAt)}`;
    case 'auth-failed':
      return `sign-in refused (attempt ${status.attempt})${retry(status.nextRetryAt)}`;
    case 'stopped':
      return 'stopped';
    default:
      return assertNever(status, 'subscription status');
  }
}

export function secretWords(status: SecretStatus): string {
  let where: string;
  switch (status.location) {
    case 'keychain':
      where = 'Stored in the system keychain';
      break;
    case 'encrypted-file':
      where = 'Stored in a file encrypted by the operating system (the keychain was not available)';
      break;
    case 'session-only':
      where = 'Kept for this session only: it is forgotten when the app quits (no keychain or encryption available)';
      break;
    case 'none':
      where = 'No secret stored';
      break;
    default:
      return assertNever(status.location, 'secret location');
  }
  return status.tokenValidUntil === null ? where : `${where}; token valid until ${fullTime(status.tokenValidUntil)}`;
}
