/**
 * Wall-clock arithmetic in a given IANA time zone (the system's when none is given): quiet hours,
 * "until tomorrow morning" and the times in alert text, and the simulator's site-local times.
 */

export interface WallClock {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

const formats = new Map<string, Intl.DateTimeFormat>();

function format(timeZone: string | undefined): Intl.DateTimeFormat {
  const key = timeZone ?? '';
  let found = formats.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formats.set(key, found);
  }
  return found;
}

/** Throws a RangeError for a time zone the runtime does not know: a caller's bug, found early. */
export function checkTimeZone(timeZone: string | undefined): void {
  format(timeZone);
}

export function wallClock(epochMs: number, timeZone?: string): WallClock {
  const parts = Object.fromEntries(format(timeZone).formatToParts(epochMs).map((p) => [p.type, p.value]));
  const num = (type: string): number => Number(parts[type]);
  return { year: num('year'), month: num('month'), day: num('day'), hour: num('hour'), minute: num('minute'), second: num('second') };
}

/** Minutes since local midnight. */
export function minuteOfDay(epochMs: number, timeZone?: string): number {
  const wall = wallClock(epochMs, timeZone);
  return wall.hour * 60 + wall.minute;
}

/** "HH:MM" → minutes since midnight. */
export function parseClockTime(value: string): number {
  const [hours, minutes] = value.split(':').map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
}

/** A start after the end spans midnight; equal bounds make an empty span. */
export function withinDailySpan(minute: number, start: number, end: number): boolean {
  return start <= end ? minute >= start && minute < end : minute >= start || minute < end;
}

/** The instant at which the zone's clocks show this wall time (days may overflow the month). */
function zonedInstant(year: number, month: number, day: number, hour: number, minute: number, timeZone?: string): number {
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  // The zone's offset at the guess can differ from the offset at the answer across a DST change,
  // so measure it twice.
  const first = asUtc - offsetAt(asUtc, timeZone);
  return asUtc - offsetAt(first, timeZone);
}

function offsetAt(epochMs: number, timeZone?: string): number {
  const wall = wallClock(epochMs, timeZone);
  const whole = epochMs - (((epochMs % 1000) + 1000) % 1000);
  return Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second) - whole;
}

/** The next `hour`:00 local time strictly after `now` (08:00 unless told): "until tomorrow morning". */
export function pauseUntilMorning(now: number, timeZone?: string, hour = 8): number {
  if (!Number.isInteger(hour) || hour < 0 || hour > 23) throw new RangeError(`pauseUntilMorning: hour must be 0..23, got ${hour}`);
  const today = wallClock(now, timeZone);
  // Today's hour, else tomorrow's; a third day only if a DST jump swallowed tomorrow's hour.
  for (let days = 0; days < 3; days += 1) {
    const candidate = zonedInstant(today.year, today.month, today.day + days, hour, 0, timeZone);
    if (candidate > now) return candidate;
  }
  throw new RangeError(`pauseUntilMorning: no ${hour}:00 found after ${new Date(now).toISOString()}`);
}

const pad = (n: number): string => String(n).padStart(2, '0');

function dateText(wall: Pick<WallClock, 'year' | 'month' | 'day'>): string {
  return `${wall.year}-${pad(wall.month)}-${pad(wall.day)}`;
}

/** "10:02", or "2026-01-14 10:02" when that is not the same local day as `reference`. */
export function clockText(epochMs: number, reference: number, timeZone?: string): string {
  const wall = wallClock(epochMs, timeZone);
  const time = `${pad(wall.hour)}:${pad(wall.minute)}`;
  return dateText(wall) === dateText(wallClock(reference, timeZone)) ? time : `${dateText(wall)} ${time}`;
}

/**
 * The site's local time as the service sent it ("2026-01-15T10:02:13"), as "10:02" or with its
 * date when that is not today here. Null when it does not look like a time.
 */
export function localTimeText(localTime: string, reference: number, timeZone?: string): string | null {
  const match = /^(?:(\d{4})-(\d{2})-(\d{2})[T ])?(\d{2}):(\d{2})/.exec(localTime.trim());
  if (!match) return null;
  const [, year, month, day, hour, minute] = match;
  if (Number(hour) > 23 || Number(minute) > 59) return null;
  const time = `${hour}:${minute}`;
  if (year === undefined || month === undefined || day === undefined) return time;
  const date = `${year}-${month}-${day}`;
  return date === dateText(wallClock(reference, timeZone)) ? time : `${date} ${time}`;
}
