/**
 * Computes the shift handover in one pass over the events of the span (the index finds the span by
 * binary search), so 100,000 events cost one walk and a few map updates each, no sort of events.
 */
import { gapNotRecovered, HANDOVER_LIST_LIMIT, type Handover, type HandoverCount } from '../../common/handover';
import type { ClayEvent, OfflineGap } from '../../common/models';

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

export function computeHandover(source: HandoverSource, since: number, until: number): Handover {
  const sites = new Map<string, Counter>();
  const doors = new Map<string, Counter>();
  const unacknowledged: ClayEvent[] = [];
  let incidents = 0;
  let open = 0;
  let entries = 0;
  source.forEachEventNewestFirst(since, until, (event, acknowledged) => {
    const incident = event.stream === 'incident';
    const needs = incident && !acknowledged;
    if (incident) incidents += 1;
    else entries += 1;
    if (needs) {
      open += 1;
      if (unacknowledged.length < HANDOVER_LIST_LIMIT) unacknowledged.push(event);
    }
    const siteKey = event.site ?? '';
    count(sites, siteKey, event, null, null, incident, needs);
    count(doors, `${siteKey}\u0000${event.lock.id ?? ''}\u0000${event.lock.id === null ? (event.lock.name ?? '') : ''}`, event, event.lock.id, event.lock.name, incident, needs);
  });
  const gaps = source.gapsOverlapping(since, until);
  return {
    since: new Date(since).toISOString(),
    until: new Date(until).toISOString(),
    totals: { incidents, unacknowledged: open, entries, gaps: gaps.length, gapsNotRecovered: gaps.filter(gapNotRecovered).length },
    unacknowledged,
    gaps,
    sites: [...sites.values()].sort(busiestFirst).map((c) => toCount(c, false)),
    doors: [...doors.values()].sort(busiestFirst).slice(0, HANDOVER_LIST_LIMIT).map((c) => toCount(c, true)),
  };
}

function count(map: Map<string, Counter>, key: string, event: ClayEvent, lockId: string | null, door: string | null, incident: boolean, needs: boolean): void {
  let counter = map.get(key);
  if (counter === undefined) {
    counter = { site: event.site, siteName: event.siteName, lockId, door, incidents: 0, unacknowledged: 0, entries: 0 };
    map.set(key, counter);
  }
  // Events come newest first: the first name seen is the current one; an older event may fill a blank.
  counter.siteName ??= event.siteName;
  if (door !== null) counter.door ??= door;
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
