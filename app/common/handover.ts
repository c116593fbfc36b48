/**
 * The shift handover: what the next person at the desk must know, since a chosen time (by default
 * the start of the current shift). Shared by core (which computes it from history), the window
 * (which shows and prints it) and exports. Pure data and pure time arithmetic: no `electron`, no `node:*`.
 */
import type { ClayEvent, OfflineGap } from './models';

export interface HandoverRequest {
  /** ISO-8601; the handover covers events and gaps from here until now. */
  readonly since: string;
}

/** Counts for one site, or one door of a site, in the handover span. */
export interface HandoverCount {
  readonly site: string | null;
  readonly siteName: string | null;
  /** Present on door counts: the lock's id and its customer reference (the door name people know). */
  readonly lockId?: string | null;
  readonly door?: string | null;
  readonly incidents: number;
  readonly unacknowledged: number;
  readonly entries: number;
}

export interface Handover {
  readonly since: string;
  readonly until: string;
  readonly totals: {
    readonly incidents: number;
    readonly unacknowledged: number;
    readonly entries: number;
    readonly gaps: number;
    /** Gaps whose missed events are not (all) back: recovery failed, waits for set-up, or was not tried. */
    readonly gapsNotRecovered: number;
  };
  /** Incidents nobody has acknowledged, newest first; at most HANDOVER_LIST_LIMIT (totals say how many in all). */
  readonly unacknowledged: readonly ClayEvent[];
  /** Offline gaps overlapping the span, newest first, with their recovery state. */
  readonly gaps: readonly OfflineGap[];
  /** Sorted by unacknowledged, then incidents, then events: the busiest first. */
  readonly sites: readonly HandoverCount[];
  /** At most HANDOVER_LIST_LIMIT doors, busiest first. */
  readonly doors: readonly HandoverCount[];
}

/** What one answer carries at most per list: the window shows a page, an export writes every item. */
export const HANDOVER_LIST_LIMIT = 500;

/** Shift start times as "HH:MM" on the local clock; three eight-hour shifts unless Settings say otherwise. */
export const DEFAULT_SHIFT_STARTS: readonly string[] = ['06:00', '14:00', '22:00'];

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function isShiftTime(value: string): boolean {
  return HH_MM.test(value);
}

/** Minutes after local midnight of an "HH:MM" time. */
function minutesOf(value: string): number {
  const match = HH_MM.exec(value);
  if (match === null) throw new RangeError(`Not a time of day: ${value.slice(0, 20)}`);
  return Number(match[1]) * 60 + Number(match[2]);
}

/**
 * The latest shift start at or before `now` on the local clock: with 06:00/14:00/22:00, 03:10 is in
 * the shift that started yesterday at 22:00. No starts at all means the shift began at midnight.
 */
export function currentShiftStart(now: Date, starts: readonly string[]): Date {
  const minutes = (starts.length === 0 ? ['00:00'] : starts).map(minutesOf).sort((a, b) => a - b);
  const nowMinutes = now.getHours() * 60 + now.getMinutes();
  const today = minutes.filter((m) => m <= nowMinutes);
  const start = new Date(now);
  start.setSeconds(0, 0);
  const chosen = today.length > 0 ? (today[today.length - 1] as number) : (minutes[minutes.length - 1] as number);
  if (today.length === 0) start.setDate(start.getDate() - 1);
  start.setHours(Math.floor(chosen / 60), chosen % 60, 0, 0);
  return start;
}

/** Whether a gap's missed events still are (partly) missing. */
export function gapNotRecovered(gap: OfflineGap): boolean {
  return gap.recovery === undefined || gap.recovery.state === 'failed' || gap.recovery.state === 'waiting';
}
