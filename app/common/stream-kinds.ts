/**
 * Stream kinds as the rest of the app uses them: the type, lookups and the words for each kind, all
 * read from the one list in stream-kind-list.ts.
 */
import { STREAM_KIND_LIST, type StreamKindInfo } from './stream-kind-list';

export type { StreamKindInfo } from './stream-kind-list';

export type StreamKind = (typeof STREAM_KIND_LIST)[number]['kind'];

export const STREAM_KINDS: readonly StreamKind[] = STREAM_KIND_LIST.map((info) => info.kind);

const BY_KIND = new Map<string, StreamKindInfo>(STREAM_KIND_LIST.map((info) => [info.kind, info]));

export function isStreamKind(value: unknown): value is StreamKind {
  return typeof value === 'string' && BY_KIND.has(value);
}

/** The list's entry for a kind (a kind always has one: StreamKind comes from the list). */
export function streamKind(kind: StreamKind): StreamKindInfo {
  const info = BY_KIND.get(kind);
  if (info === undefined) throw new Error(`Unknown stream kind: ${String(kind)}`);
  return info;
}

const capitalised = (word: string): string => word.charAt(0).toUpperCase() + word.slice(1);

/** "Incident" / "Incidents": the kind as a label or heading. */
export const streamTitle = (kind: StreamKind): string => capitalised(streamKind(kind).singular);
export const streamTitlePlural = (kind: StreamKind): string => capitalised(streamKind(kind).plural);

/** "1 incident", "3 incidents" (the count as the caller formats it). */
export function streamCount(kind: StreamKind, count: number, shown: string = String(count)): string {
  const info = streamKind(kind);
  return `${shown} ${count === 1 ? info.singular : info.plural}`;
}

/** Words joined for a sentence: "incidents and entries", `"a", "b" or "c"`. */
export function inWords(words: readonly string[], conjunction: 'and' | 'or'): string {
  return words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} ${conjunction} ${words[words.length - 1]}`;
}

/** Every kind's plural for a sentence: "incidents and entries". */
export const streamPluralsInWords = (): string => inWords(STREAM_KIND_LIST.map((info) => info.plural), 'and');

/** Every kind quoted, for an error message: `"incident" or "entry"`. */
export const streamKindsQuoted = (): string => inWords(STREAM_KINDS.map((kind) => `"${kind}"`), 'or');

/** One value per kind: `{ incident: f('incident'), entry: f('entry') }`. */
export function perStreamKind<T>(value: (kind: StreamKind) => T): Record<StreamKind, T> {
  return Object.fromEntries(STREAM_KINDS.map((kind) => [kind, value(kind)])) as Record<StreamKind, T>;
}

export const isAcknowledgeable = (kind: StreamKind): boolean => streamKind(kind).acknowledgeable;

/** The notification settings field holding a kind's category switches: `incidentCategories`. */
export type CategorySwitchesKey = `${StreamKind}Categories`;
export const categorySwitchesKey = (kind: StreamKind): CategorySwitchesKey => `${kind}Categories`;

/** "1 incident", "3 incidents" for what can be acknowledged ("events" should several kinds be). */
export function acknowledgeableCount(count: number, shown: string = String(count)): string {
  const kinds = STREAM_KINDS.filter(isAcknowledgeable);
  return kinds.length === 1 ? streamCount(kinds[0]!, count, shown) : `${shown} ${count === 1 ? 'event' : 'events'}`;
}
