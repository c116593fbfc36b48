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
import { activeLocale, t } from '../app/common/messages/catalog';
import type { MessageKey } from '../app/common/messages/catalog';
import { assertNever } from '../app/common/result';
import { streamKind, streamTitle, streamTitlePlural } from '../app/common/stream-kinds';

const pad = (n: number): string => String(n).padStart(2, '0');

function parse(iso: string | null): Date | null {
  if (iso === null) return null;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

const sameDay = (a: Date, b: Date): boolean =>
  a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();

export const clock = (d: Date): string => `${pad(d.getHours())}:${pad(d.getMinutes())}`;
export const clockSeconds = (d: Date): string => `${clock(d)}:${pad(d.getSeconds())}`;
/** One formatter per locale and option set: building an Intl formatter costs far more than using it. */
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${activeLocale()}|${JSON.stringify(options)}`;
  let found = formatters.get(key);
  if (found === undefined) {
    found = new Intl.DateTimeFormat(activeLocale(), options);
    formatters.set(key, found);
  }
  return found;
}

/** "27 Nov": the month's short name comes from the catalog's locale, so a translation names it too. */
export const dayMonth = (d: Date): string => `${d.getDate()} ${formatter({ month: 'short' }).format(d)}`;

/** "14:05:09" today, "27 Nov 14:05" on another day; local time. */
export function shortTime(iso: string | null, now: Date = new Date()): string {
  const d = parse(iso);
  if (d === null) return iso ?? t('time.unknown');
  return sameDay(d, now) ? clockSeconds(d) : `${dayMonth(d)} ${clock(d)}`;
}

/** "Clay Tray closed unexpectedly at 10:02; it restarted and reconnected." (the date too when not today). */
export function crashNote(crashedAt: string, connected: boolean, now: Date = new Date()): string {
  const d = parse(crashedAt);
  const when = d === null ? t('crash.unknownTime') : sameDay(d, now) ? clock(d) : t('crash.timeOnDay', { time: clock(d), day: dayMonth(d) });
  return t(connected ? 'crash.reconnected' : 'crash.reconnecting', { when });
}

/** "28 Nov 2026 14:05:09" local, for the details pane where the date always matters. */
export function fullTime(iso: string | null): string {
  const d = parse(iso);
  if (d === null) return iso ?? t('time.unknownShort');
  return `${dayMonth(d)} ${d.getFullYear()} ${clockSeconds(d)}`;
}

/** "28 Nov 2026 14:05:09 UTC": the time in words with this computer's zone, never an ISO string. */
export function timeInWords(iso: string | null): string | null {
  const d = parse(iso);
  if (d === null) return iso;
  return t('time.withZone', { time: fullTime(iso), zone: zoneName(d) });
}

function zoneName(d: Date): string {
  const part = formatter({ timeZoneName: 'short' }).formatToParts(d).find((p) => p.type === 'timeZoneName');
  return part?.value ?? '';
}

/**
 * The site's own wall-clock time ("2026-08-19T14:50:20", no offset) in words, with the site's
 * zone as an offset from UTC when the event's UTC time says what it is: "19 Aug 2026 14:50:20 (UTC+2)".
 */
export function siteTimeInWords(localTime: string | null, utcTime: string | null): string | null {
  if (localTime === null) return null;
  const match = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?/.exec(localTime);
  if (match === null) return localTime;
  const [y, mo, d, h, mi, s] = match.slice(1).map((part) => Number(part ?? 0)) as [number, number, number, number, number, number];
  const wall = Date.UTC(y, mo - 1, d, h, mi, s);
  const shown = `${d} ${formatter({ month: 'short', timeZone: 'UTC' }).format(wall)} ${y} ${pad(h)}:${pad(mi)}:${pad(s)}`;
  const utc = parse(utcTime);
  if (utc === null) return t('time.siteLocal', { time: shown });
  // Whole quarter hours: the offsets zones use; anything else means the two times disagree.
  const minutes = Math.round((wall - Math.floor(utc.getTime() / 1000) * 1000) / 60_000);
  if (minutes % 15 !== 0 || Math.abs(minutes) > 14 * 60) return t('time.siteLocal', { time: shown });
  const sign = minutes < 0 ? '−' : '+';
  const abs = Math.abs(minutes);
  const offset = minutes === 0 ? 'UTC' : `UTC${sign}${Math.floor(abs / 60)}${abs % 60 === 0 ? '' : `:${pad(abs % 60)}`}`;
  return t('time.withZone', { time: shown, zone: offset });
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
  return name === '' ? t('event.unrecognised') : name;
}

/** The catalog's names for the kinds it knows; a kind added to the stream-kind list since uses the list's own words. */
const STREAM_NAMES: Readonly<Record<string, readonly [one: MessageKey, many: MessageKey]>> = {
  incident: ['stream.incident', 'stream.incidents'],
  entry: ['stream.entry', 'stream.entries'],
};
const streamNames = (stream: StreamKind): readonly [MessageKey, MessageKey] | undefined => (Object.hasOwn(STREAM_NAMES, stream) ? STREAM_NAMES[stream] : undefined);
export const streamWords = (stream: StreamKind): string => {
  const names = streamNames(stream);
  return names === undefined ? streamTitle(stream) : t(names[0]);
};
export const streamPlural = (stream: StreamKind): string => {
  const names = streamNames(stream);
  return names === undefined ? streamTitlePlural(stream) : t(names[1]);
};

/** One line that says what happened: "Lock rejected: no access". */
export function eventSummary(event: ClayEvent): string {
  if (event.category === null) {
    const snippet = event.raw.length > 160 ? `${event.raw.slice(0, 160)}…` : event.raw;
    return t('event.unrecognisedSnippet', { snippet });
  }
  const detail = words(event.detail);
  return detail === '' ? categoryWords(event.category) : t('event.withDetail', { category: categoryWords(event.category), detail: detail.toLowerCase() });
}

/** "Offline 10:02–10:07 — events in this span were not received" (dates added when not today). */
export function gapText(gap: OfflineGap, now: Date = new Date()): string {
  const from = parse(gap.from);
  const to = parse(gap.to);
  if (from === null || to === null) return t('gap.text', { span: `${gap.from} – ${gap.to}`, outcome: t('gap.notReceived') });
  let span: string;
  if (sameDay(from, to)) span = sameDay(from, now) ? `${clock(from)}–${clock(to)}` : `${dayMonth(from)} ${clock(from)}–${clock(to)}`;
  else span = `${dayMonth(from)} ${clock(from)} – ${dayMonth(to)} ${clock(to)}`;
  return t('gap.text', { span, outcome: gapOutcome(gap) });
}

/** What became of the events missed in a gap: recovery's outcome in words. */
export function gapOutcome(gap: OfflineGap): string {
  const recovery = gap.recovery;
  if (recovery === undefined) return t('gap.notReceived');
  const found = t('gap.recovered', { count: recovery.recovered });
  switch (recovery.state) {
    case 'checking':
      return recovery.recovered === 0 ? t('gap.recovering') : t('gap.checkingAgain', { found });
    case 'done':
      return recovery.recovered === 0 ? t('gap.noneMissed') : recovery.reason === null ? found : t('gap.foundWithReason', { found, reason: recovery.reason });
    case 'failed': {
      const reason = recovery.reason ?? t('gap.unknownReason');
      return recovery.recovered > 0 ? t('gap.failedAfter', { found, reason }) : t('gap.failed', { reason });
    }
    case 'waiting':
      return t('gap.waiting', { reason: recovery.reason ?? t('gap.waitingForSetting') });
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
  if (seconds <= 0) return t('relative.now');
  if (seconds < 90) return t('relative.seconds', { count: seconds });
  if (seconds < 90 * 60) return t('relative.minutes', { count: Math.round(seconds / 60) });
  if (seconds < 48 * 3600) return t('relative.hours', { count: Math.round(seconds / 3600) });
  return t('relative.days', { count: Math.round(seconds / 86400) });
}

export function subscriptionName(sub: SubscriptionState, siteName: (id: string) => string | null): string {
  const where = sub.site === null ? t('status.allSites') : (siteName(sub.site) ?? sub.site);
  return t('status.subscriptionName', { stream: streamPlural(sub.stream), where });
}

/** The state in words, with the next retry when there is one. */
export function subscriptionState(sub: SubscriptionState, now: Date = new Date()): string {
  const status = sub.status;
  const retry = (at: string | null): string => (at === null ? '' : t('status.nextTry', { time: shortTime(at, now), relative: relative(at, now) }));
  switch (status.phase) {
    case 'connecting':
      return status.attempt > 1 ? t('status.connectingAttempt', { attempt: status.attempt }) : t('status.connecting');
    case 'connected':
      return t(sub.lastEventAt === null ? 'status.connectedNoEvents' : 'status.connectedSince', { time: shortTime(status.since, now) });
    case 'reconnecting':
      return t('status.reconnecting', { attempt: status.attempt, retry: retry(status.nextRetryAt) });
    case 'offline':
      return sub.offlineSince === null ? t('status.offline', { retry: retry(status.nextRetryAt) }) : t('status.offlineSince', { time: shortTime(sub.offlineSince, now), retry: retry(status.nextRetryAt) });
    case 'auth-failed':
      return t('status.authFailed', { attempt: status.attempt, retry: retry(status.nextRetryAt) });
    case 'stopped':
      return t('status.stopped');
    default:
      return assertNever(status, 'subscription status');
  }
}

/** A subscription's phase in one or two words, for the footer's summary ("Entries reconnecting"). */
export function phaseWord(phase: SubscriptionState['status']['phase']): string {
  switch (phase) {
    case 'connecting':
      return t('phase.connecting');
    case 'connected':
      return t('phase.connected');
    case 'reconnecting':
      return t('phase.reconnecting');
    case 'offline':
      return t('phase.offline');
    case 'auth-failed':
      return t('phase.authFailed');
    case 'stopped':
      return t('phase.stopped');
    default:
      return assertNever(phase, 'subscription phase');
  }
}

/**
 * What a connection error means, in words for the desk, from the technical text main reports
 * ("WebSocket closed with code 1006" → "the connection dropped (network)"). Null when the text is
 * not one of the known technical shapes: main's own sentences are already in words.
 */
export function connectionErrorWords(error: string): string | null {
  const code = /\b(?:code|status code)[:\s]+(\d{3,4})\b/i.exec(error)?.[1];
  if (code === '1006') return t('connectionError.dropped');
  if (code === '1000' || code === '1001') return t('connectionError.closedByServer');
  if (code === '1008') return t('connectionError.policy');
  if (code === '1011' || code === '1012' || code === '1013') return t('connectionError.serverError');
  if (code === '401' || code === '403' || /\bunauthori[sz]ed\b|server response: 40[13]\b/i.test(error)) return t('connectionError.refused');
  if (/ECONNREFUSED/.test(error)) return t('connectionError.nothingListening');
  if (/ENOTFOUND|EAI_AGAIN/.test(error)) return t('connectionError.notFound');
  if (/ETIMEDOUT|timed out|timeout/i.test(error)) return t('connectionError.timeout');
  if (/ECONNRESET|EPIPE|socket hang up/i.test(error)) return t('connectionError.dropped');
  if (code !== undefined && /websocket/i.test(error)) return t('connectionError.closedWithCode');
  return null;
}

export function secretWords(status: SecretStatus): string {
  let where: string;
  switch (status.location) {
    case 'keychain':
      where = t('secret.keychain');
      break;
    case 'encrypted-file':
      where = t('secret.encryptedFile');
      break;
    case 'session-only':
      where = t('secret.sessionOnly');
      break;
    case 'none':
      where = t('secret.none');
      break;
    default:
      return assertNever(status.location, 'secret location');
  }
  return status.tokenValidUntil === null ? where : t('secret.withToken', { where, time: fullTime(status.tokenValidUntil) });
}
