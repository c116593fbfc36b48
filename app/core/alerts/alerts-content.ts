/** What each notification says, built from normalised events and connection spans. */
import { anyCategoryMatches } from '../../common/category-family';
import { describeCategory } from '../../common/category-names';
import type { ClayEvent, OfflineGap, StreamKind } from '../../common/models';
import { clockText, localTimeText } from '../wall-clock';
import { plainOrNull, plainText } from './alerts-text';
import type { Alert } from '../ports';
import { isAcknowledgeable, STREAM_KINDS, streamKind } from '../../common/stream-kinds';
import { t } from '../../common/messages/catalog';

const TITLE_MAX = 80;
const BODY_MAX = 240;
const PART_MAX = 60;
const TAG_PART_MAX = 100;

/** One summary for a storm, replaced in place while the storm lasts. */
export const STORM_TAG = 'clay:storm';
/** Offline and back-online notices replace each other. */
export const CONNECTION_TAG = 'clay:connection';

export interface AlertContext {
  readonly now: number;
  readonly timeZone: string | undefined;
  readonly siteName: (siteId: string | null) => string | null;
}

/** The door people know, else the lock id. */
export function doorName(event: ClayEvent): string | null {
  return plainOrNull(event.lock.name, PART_MAX) ?? plainOrNull(event.lock.id, PART_MAX);
}

/** Same lock and category, same tag: a new alert replaces the last instead of stacking. */
export function eventTag(event: ClayEvent): string {
  const lock = plainOrNull(event.lock.id, TAG_PART_MAX) ?? plainOrNull(event.lock.name, TAG_PART_MAX) ?? 'unknown-lock';
  const category = plainOrNull(event.category, TAG_PART_MAX) ?? 'unrecognised';
  return `${lock}:${category}`;
}

export function eventAlert(event: ClayEvent, urgent: boolean, context: AlertContext): Alert {
  const door = doorName(event) ?? t('alert.unknownDoor');
  const site =
    plainOrNull(context.siteName(event.site), PART_MAX) ?? plainOrNull(event.siteName, PART_MAX) ?? plainOrNull(event.site, PART_MAX);
  const time = eventTime(event, context);
  const place = site === null ? door : t('alert.doorAtSite', { door, site });
  return {
    tag: eventTag(event),
    title: plainText(describeCategory(event.stream, event.category, event.detail), TITLE_MAX),
    body: plainText(time === null ? place : t('alert.placeAndTime', { place, time }), BODY_MAX),
    eventKey: event.key,
    urgent,
  };
}

/** "Door left open 4 times in 20 min" at "Door 3 at Harbour": one urgent alert per door and burst. */
export function repeatAlert(event: ClayEvent, count: number, minutes: number, context: AlertContext): Alert {
  const door = doorName(event) ?? t('alert.unknownDoor');
  const site = plainOrNull(context.siteName(event.site), PART_MAX) ?? plainOrNull(event.siteName, PART_MAX) ?? plainOrNull(event.site, PART_MAX);
  return {
    tag: `repeat:${eventTag(event)}`,
    title: plainText(t('alert.repeatTitle', { category: describeCategory(event.stream, event.category, null), count, minutes }), TITLE_MAX),
    body: plainText(t('alert.repeatBody', { place: site === null ? door : t('alert.doorAtSite', { door, site }) }), BODY_MAX),
    eventKey: event.key,
    urgent: true,
  };
}

/** The site's own local time when sent, else the event's UTC time (or its arrival) shown here. */
function eventTime(event: ClayEvent, { now, timeZone }: AlertContext): string | null {
  const local = event.localTime === null ? null : localTimeText(event.localTime, now, timeZone);
  if (local !== null) return local;
  for (const iso of [event.time, event.receivedAt]) {
    const at = iso === null ? NaN : Date.parse(iso);
    if (Number.isFinite(at)) return clockText(at, now, timeZone);
  }
  return null;
}

export interface StormEntry {
  readonly stream: StreamKind;
  readonly door: string | null;
  readonly urgent: boolean;
}

/** "12 incidents in the last minute, 9 at Main entrance". */
export function stormAlert(entries: readonly StormEntry[], span: string): Alert {
  const kinds = new Set(entries.map((e) => e.stream));
  const noun = kinds.size === 1 ? streamKind([...kinds][0]!).plural : t('storm.events');
  const perDoor = new Map<string, number>();
  for (const entry of entries) {
    if (entry.door !== null) perDoor.set(entry.door, (perDoor.get(entry.door) ?? 0) + 1);
  }
  let top: [string, number] | null = null;
  for (const pair of perDoor) if (top === null || pair[1] > top[1]) top = pair;
  let where = '';
  if (top !== null && top[1] === entries.length) where = t('storm.allAt', { door: top[0] });
  else if (top !== null && top[1] > 1) where = t('storm.someAt', { count: top[1], door: top[0] });
  else if (perDoor.size > 1) where = t('storm.atDoors', { count: perDoor.size });
  return {
    tag: STORM_TAG,
    title: t('storm.title', { noun }),
    body: plainText(t('storm.body', { count: entries.length, noun, span, where }), BODY_MAX),
    eventKey: null,
    urgent: entries.some((e) => e.urgent),
  };
}

/** "in the last minute", "in the last 5 minutes", "in the last 90 seconds". */
export function windowWords(seconds: number): string {
  if (seconds % 60 === 0) return t('storm.lastMinutes', { count: seconds / 60 });
  return t('storm.lastSeconds', { count: seconds });
}

/** `signInRefused`: the service refused the credentials, which retrying alone will not fix. */
export function offlineAlert(since: number, signInRefused: boolean, context: AlertContext): Alert {
  const sinceText = clockText(since, context.now, context.timeZone);
  return {
    tag: CONNECTION_TAG,
    title: t(signInRefused ? 'alert.signInTitle' : 'alert.offlineTitle'),
    body: t(signInRefused ? 'alert.signInBody' : 'alert.offlineBody', { since: sinceText }),
    eventKey: null,
    urgent: false,
  };
}

export function reconnectAlert(from: number, to: number, context: AlertContext): Alert {
  const { timeZone } = context;
  return {
    tag: CONNECTION_TAG,
    title: t('alert.backOnlineTitle'),
    body: t('alert.backOnlineBody', { from: clockText(from, to, timeZone), to: clockText(to, to, timeZone) }),
    eventKey: null,
    urgent: false,
  };
}

/** One per recovered gap: later passes that find more replace it rather than add another. */
export function recoveryTag(gap: OfflineGap): string {
  return plainText(`clay:recovery:${gap.key}`, TAG_PART_MAX * 2);
}

/**
 * "While offline 10:02–10:07: 3 incidents recovered, 1 intrusion." One summary for everything a gap
 * gave back, never a notification per old event; the always-notify categories among them are named.
 */
export function recoveryAlert(gap: OfflineGap, events: readonly ClayEvent[], alwaysNotify: readonly string[], context: AlertContext): Alert {
  const from = clockText(Date.parse(gap.from), context.now, context.timeZone);
  const to = clockText(Date.parse(gap.to), context.now, context.timeZone);
  // Alarm kinds (incidents) first, then the urgent categories among them, then the other kinds (entries).
  const recovered = (kinds: readonly StreamKind[]): string[] =>
    kinds.flatMap((kind) => {
      const n = events.filter((e) => e.stream === kind).length;
      const info = streamKind(kind);
      return n > 0 ? [t('recovery.kind', { count: n, noun: n === 1 ? info.singular : info.plural })] : [];
    });
  const parts: string[] = recovered(STREAM_KINDS.filter(isAcknowledgeable));
  const urgent = new Map<string, number>();
  for (const event of events) {
    if (event.category === null || !anyCategoryMatches(alwaysNotify, event.category)) continue;
    const name = describeCategory(event.stream, event.category, null).toLowerCase();
    urgent.set(name, (urgent.get(name) ?? 0) + 1);
  }
  for (const [name, n] of urgent) parts.push(t('recovery.urgent', { count: n, name: plainText(name, PART_MAX) }));
  parts.push(...recovered(STREAM_KINDS.filter((kind) => !isAcknowledgeable(kind))));
  return {
    tag: recoveryTag(gap),
    title: t('recovery.title'),
    body: plainText(t('recovery.body', { from, to, parts: parts.join(t('list.separator')) }), BODY_MAX),
    eventKey: null,
    urgent: urgent.size > 0,
  };
}
