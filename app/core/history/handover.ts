/**
 * Computes the shift handover in one pass over the events of the span (the index finds the span by
 * binary search), so 100,000 events cost one walk and a few map updates each, no sort of events.
 */
import { gapNotRecovered, HANDOVER_LIST_LIMIT, type Handover, type HandoverCount } from '../../common/handover';
import type { ClayEvent, OfflineGap } from '../../common/models';
import { isAcknowledgeable } from '../../common/stream-kinds';

/** What the handover needs from the history index. */
export interface HandoverSource {
  /** Events with time in [from, to], newest first; `acknowledged` says whether someone took charge. */
  forEachEventNewestFirst(from: number, to: number, visit: (event: ClayEvent, acknowledged: boolean) => void): void;
  /** Gaps overlapping [from, to], newest first. */
  gapsOverlapping(from: number, to: number): readonly OfflineGap[];
}

interface Counter {
  site: string | null;
  siteName: string | null;
  lockId: string | null;
  door: string | null;
  incidents: number;
  unacknowledged: number;
  entries: number;
}

/** A site's counts and its doors', by lock id, and by name for events that carry no id. */
interface SiteBucket {
  readonly counter: Counter;
  readonly doorsById: Map<string, Counter>;
  readonly doorsByName: Map<string | null, Counter>;
}

export function computeHandover(source: HandoverSource, since: number, until: number): Handover {
  // Keyed by the events' own strings, nested: building a combined key string per event cost more than the walk.
  const sites = new Map<string | null, SiteBucket>();
  const unacknowledged: ClayEvent[] = [];
  let incidents = 0;
  let open = 0;
  let entries = 0;
  source.forEachEventNewestFirst(since, until, (event, acknowledged) => {
    // "Incidents" here are the events someone answers (acknowledgeable kinds); the rest count as entries.
    const incident = isAcknowledgeable(event.stream);
    const needs = incident && !acknowledged;
    if (incident) incidents += 1;
    else entries += 1;
    if (needs) {
      open += 1;
      if (unacknowledged.length < HANDOVER_LIST_LIMIT) unacknowledged.push(event);
    }
    let bucket = sites.get(event.site);
    if (bucket === undefined) {
      bucket = { counter: newCounter(event, null, null), doorsById: new Map(), doorsByName: new Map() };
      sites.set(event.site, bucket);
    }
    const { id, name } = event.lock;
    const doors = id === null ? bucket.doorsByName : bucket.doorsById;
    const doorKey = id ?? name;
    let door = doors.get(doorKey as string);
    if (door === undefined) {
      door = newCounter(event, id, name);
      doors.set(doorKey as string, door);
    }
    tally(bucket.counter, event, incident, needs);
    tally(door, event, incident, needs);
    door.door ??= name;
  });
  const gaps = source.gapsOverlapping(since, until);
  const buckets = [...sites.values()];
  const doors = buckets.flatMap((b) => [...b.doorsById.values(), ...b.doorsByName.values()]);
  return {
    since: new Date(since).toISOString(),
    until: new Date(until).toISOString(),
    totals: { incidents, unacknowledged: open, entries, gaps: gaps.length, gapsNotRecovered: gaps.filter(gapNotRecovered).length },
    unacknowledged,
    gaps,
    sites: buckets.map((b) => b.counter).sort(busiestFirst).map((c) => toCount(c, false)),
    doors: doors.sort(busiestFirst).slice(0, HANDOVER_LIST_LIMIT).map((c) => toCount(c, true)),
  };
}

function newCounter(event: ClayEvent, lockId: string | null, door: string | null): Counter {
  return { site: event.site, siteName: event.siteName, lockId, door, incidents: 0, unacknowledged: 0, entries: 0 };
}

function tally(counter: Counter, event: ClayEvent, incident: boolean, needs: boolean): void {
  // Events come newest first: the first name seen is the current one; an older event may fill a blank.
  counter.siteName ??= event.siteName;
  if (incident) counter.incidents += 1;
  else counter.entries += 1;
  if (needs) counter.unacknowledged += 1;
}

function busiestFirst(a: Counter, b: Counter): number {
  return b.unacknowledged - a.unacknowledged || b.incidents - a.incidents || b.entries - a.entries || label(a).localeCompare(label(b));
}

function label(c: Counter): string {
  return `${c.siteName ?? c.site ?? ''} ${c.door ?? c.lockId ?? ''}`;
}

function toCount(c: Counter, door: boolean): HandoverCount {
  const base = { site: c.site, siteName: c.siteName, incidents: c.incidents, unacknowledged: c.unacknowledged, entries: c.entries };
  return door ? { ...base, lockId: c.lockId, door: c.door } : base;
}
