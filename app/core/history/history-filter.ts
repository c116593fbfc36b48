/** Matching events against a history filter or query, compiled once per query. */
import type { AcknowledgementFilter, HistoryFilter } from '../../common/models';
import type { EventEntry, GapEntry } from './history-entries';
import { isAcknowledgeable } from '../../common/stream-kinds';

export interface CompiledFilter {
  readonly streams: ReadonlySet<string> | null;
  readonly sites: ReadonlySet<string> | null;
  readonly categories: ReadonlySet<string> | null;
  readonly text: RegExp | null;
  readonly from: number;
  readonly to: number;
  readonly unreadOnly: boolean;
  readonly acknowledgement: AcknowledgementFilter | null;
}

export function hasEventTests(filter: CompiledFilter): boolean {
  return filter.unreadOnly || filter.acknowledgement !== null || filter.streams !== null || filter.sites !== null || filter.categories !== null || filter.text !== null;
}

export function matchesEvent(entry: EventEntry, filter: CompiledFilter): boolean {
  const { event } = entry;
  if (filter.unreadOnly && entry.read) return false;
  if (filter.acknowledgement !== null && !matchesAcknowledgement(entry, filter.acknowledgement)) return false;
  if (filter.streams !== null && !filter.streams.has(event.stream)) return false;
  if (filter.sites !== null && (event.site === null || !filter.sites.has(event.site))) return false;
  if (filter.categories !== null && (event.category === null || !filter.categories.has(event.category))) return false;
  return filter.text === null || matchesText(entry, filter.text);
}

function matchesAcknowledgement(entry: EventEntry, wanted: AcknowledgementFilter): boolean {
  if (!isAcknowledgeable(entry.event.stream)) return false;
  return wanted === 'needed' ? entry.ack === null : entry.ack !== null;
}

/** Two tests per event: the short fields joined once and kept, then the raw payload. */
function matchesText(entry: EventEntry, text: RegExp): boolean {
  if (entry.searchFields === undefined) {
    const { event } = entry;
    const fields = [event.category, event.detail, event.lock.name, event.lock.id, event.site, event.siteName, event.accessor];
    // NUL cannot be typed into the search box, so no match can span two fields.
    entry.searchFields = fields.filter((field) => field !== null).join('\u0000');
  }
  return text.test(entry.searchFields) || text.test(entry.event.raw);
}

export function compile(filter: HistoryFilter): CompiledFilter {
  const text = filter.text ?? '';
  return {
    streams: toSet(filter.streams),
    sites: toSet(filter.sites),
    categories: toSet(filter.categories),
    // A case-insensitive regex beats lower-casing every field per query and holds no second copy.
    text: text === '' ? null : new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'iu'),
    from: filter.from === undefined ? Number.NEGATIVE_INFINITY : checkDate(filter.from, 'from'),
    to: filter.to === undefined ? Number.POSITIVE_INFINITY : checkDate(filter.to, 'to'),
    unreadOnly: filter.unreadOnly === true,
    acknowledgement: filter.acknowledgement ?? null,
  };
}

/** An empty list means "any", like an unset one: a filter with nothing chosen does not hide everything. */
function toSet(values: readonly string[] | undefined): ReadonlySet<string> | null {
  return values === undefined || values.length === 0 ? null : new Set(values);
}

function checkDate(value: string, name: string): number {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new RangeError(`History query: '${name}' is not a date: ${JSON.stringify(value).slice(0, 60)}`);
  return ms;
}

export function checkCount(value: number, name: string): number {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`History query: '${name}' must be a whole number of 0 or more, got ${String(value)}`);
  }
  return value;
}

/**
 * Gaps that overlap the range, for the chosen streams and sites, newest first. Category and text
 * filters do not hide a gap: the span it stands for may have held matching events, and hiding it
 * would make a filtered list look complete when it is not. Unread-only hides every gap: a gap can
 * never be marked read, so it would keep an otherwise empty "unread" list from ever clearing; the
 * acknowledgement filters hide them for the same reason.
 */
export function matchingGaps(gaps: Iterable<GapEntry>, filter: CompiledFilter): GapEntry[] {
  const result: GapEntry[] = [];
  if (filter.unreadOnly || filter.acknowledgement !== null) return result;
  for (const entry of gaps) {
    const { gap } = entry;
    if (entry.at < filter.from || entry.from > filter.to) continue;
    if (filter.streams !== null && !filter.streams.has(gap.stream)) continue;
    // A gap of an all-sites subscription hid events of every site.
    if (filter.sites !== null && gap.site !== null && !filter.sites.has(gap.site)) continue;
    result.push(entry);
  }
  return result.reverse();
}
