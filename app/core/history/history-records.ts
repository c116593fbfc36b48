/**
 * The history log's line format: one JSON record per line, each a complete change on its own so a
 * torn or corrupt line costs that change only. The checks here are the one gate between bytes on
 * disk (or a caller's object) and the typed live set: whatever passes has exactly the model's shape.
 */
import type { Acknowledgement, ClayEvent, OfflineGap } from '../../common/models';
import { isStreamKind, streamKindsQuoted } from '../../common/stream-kinds';

/** Bumped only for changes an older reader would misread; an older build refuses a newer file. */
export const LOG_FORMAT_VERSION = 1;

export type LogRecord =
  | { readonly t: 'h'; readonly v: number }
  /** An event; compaction sets `r` for an event already read and `a` for one acknowledged. */
  | { readonly t: 'e'; readonly e: ClayEvent; readonly r?: 1; readonly a?: Acknowledgement }
  | { readonly t: 'g'; readonly g: OfflineGap }
  | { readonly t: 'r'; readonly k: readonly string[] }
  /** These events were acknowledged (an older build sets this line aside as unreadable and loads the rest). */
  | { readonly t: 'a'; readonly k: readonly string[]; readonly a: Acknowledgement }
  /** Every event stored so far is read. */
  | { readonly t: 'ra' }
  /**
   * Everything stored so far is gone. `n` is how many records precede it in its file: a clear
   * counts only there, so a stray or copied clear line cannot erase earlier events.
   */
  | { readonly t: 'c'; readonly n: number };

export function encodeRecord(record: LogRecord): string {
  return `${JSON.stringify(record)}\n`;
}

/** A record, or the reason the line is not one. */
export function decodeRecord(line: string): LogRecord | string {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return 'not JSON';
  }
  if (!isObject(value)) return 'not a record';
  switch (value.t) {
    case 'h':
      return typeof value.v === 'number' ? { t: 'h', v: value.v } : 'header without a version';
    case 'e': {
      const event = toEvent(value.e, false);
      if (typeof event === 'string') return `bad event: ${event}`;
      const ack = value.a === undefined ? undefined : toAcknowledgement(value.a);
      if (typeof ack === 'string') return `bad acknowledgement: ${ack}`;
      return { t: 'e', e: event, ...(value.r === 1 ? { r: 1 as const } : {}), ...(ack === undefined ? {} : { a: ack }) };
    }
    case 'g': {
      const gap = toGap(value.g);
      return typeof gap === 'string' ? `bad gap: ${gap}` : { t: 'g', g: gap };
    }
    case 'r':
      return Array.isArray(value.k) && value.k.every((k) => typeof k === 'string')
        ? { t: 'r', k: value.k as string[] }
        : 'read mark without keys';
    case 'a': {
      if (!Array.isArray(value.k) || !value.k.every((k) => typeof k === 'string')) return 'acknowledgement without keys';
      const ack = toAcknowledgement(value.a);
      return typeof ack === 'string' ? `bad acknowledgement: ${ack}` : { t: 'a', k: value.k as string[], a: ack };
    }
    case 'ra':
      return { t: 'ra' };
    case 'c':
      return Number.isSafeInteger(value.n) ? { t: 'c', n: value.n as number } : 'clear mark without its position';
    default:
      return 'unknown record type';
  }
}

/** A clean copy of a ClayEvent (only the model's fields), or throws naming the bad field. */
export function checkEvent(value: unknown): ClayEvent {
  const event = toEvent(value, true);
  if (typeof event === 'string') throw new TypeError(`History: not a ClayEvent: ${event}`);
  return event;
}

export function checkGap(value: unknown): OfflineGap {
  const gap = toGap(value);
  if (typeof gap === 'string') throw new TypeError(`History: not an OfflineGap: ${gap}`);
  return gap;
}

/**
 * `copy` false is for objects fresh from JSON.parse that nobody else holds: when they carry exactly
 * the model's fields they are kept as they are, which spares a large store one copy per event on
 * open. A caller's object is always copied, so later changes to it cannot reach the store.
 */
function toEvent(value: unknown, copy: boolean): ClayEvent | string {
  if (!isObject(value)) return 'not an object';
  const { key, stream, raw, receivedAt, lock } = value;
  if (typeof key !== 'string' || key === '') return 'key must be a non-empty string';
  if (!isStreamKind(stream)) return `stream must be ${streamKindsQuoted()}`;
  if (typeof raw !== 'string') return 'raw must be a string';
  if (typeof receivedAt !== 'string' || Number.isNaN(Date.parse(receivedAt))) {
    return 'receivedAt must be an ISO date string';
  }
  if (!isObject(lock) || !isNullableString(lock.id) || !isNullableString(lock.name)) {
    return 'lock must be { id, name } of strings or null';
  }
  for (const field of NULLABLE_EVENT_FIELDS) {
    if (!isNullableString(value[field])) return `${field} must be a string or null`;
  }
  const extras = readExtras(value);
  if (typeof extras === 'string') return extras;
  // Every field was checked above, so a matching count means there is nothing else.
  if (!copy && countKeys(value) === EVENT_FIELD_COUNT + extras.count && countKeys(lock) === 2) return value as unknown as ClayEvent;
  return {
    key,
    stream,
    site: value.site as string | null,
    siteName: value.siteName as string | null,
    id: value.id as string | null,
    category: value.category as string | null,
    detail: value.detail as string | null,
    time: value.time as string | null,
    localTime: value.localTime as string | null,
    lock: { id: lock.id, name: lock.name },
    accessor: value.accessor as string | null,
    accessBy: value.accessBy as string | null,
    receivedAt,
    raw,
    ...extras.fields,
  };
}

type EventExtras = Pick<ClayEvent, 'credential' | 'exitRequested' | 'iq' | 'person' | 'recovered'>;

/** The fields later versions added: each optional, each checked when present. */
function readExtras(value: Record<string, unknown>): { fields: EventExtras; count: number } | string {
  const fields: { -readonly [K in keyof EventExtras]: EventExtras[K] } = {};
  let count = 0;
  const { credential, exitRequested, iq, person, recovered } = value;
  if (credential !== undefined) {
    if (!isNullableString(credential)) return 'credential must be a string or null';
    fields.credential = credential;
    count += 1;
  }
  if (exitRequested !== undefined) {
    if (exitRequested !== null && typeof exitRequested !== 'boolean') return 'exitRequested must be true, false or null';
    fields.exitRequested = exitRequested;
    count += 1;
  }
  if (iq !== undefined) {
    if (!isObject(iq) || !isNullableString(iq.id) || !isNullableString(iq.name) || countKeys(iq) !== 2) return 'iq must be { id, name } of strings or null';
    fields.iq = { id: iq.id, name: iq.name };
    count += 1;
  }
  if (person !== undefined) {
    if (!isNullableString(person)) return 'person must be a string or null';
    fields.person = person;
    count += 1;
  }
  if (recovered !== undefined) {
    if (typeof recovered !== 'boolean') return 'recovered must be true or false';
    fields.recovered = recovered;
    count += 1;
  }
  return { fields, count };
}

const NULLABLE_EVENT_FIELDS = [
  'site',
  'siteName',
  'id',
  'category',
  'detail',
  'time',
  'localTime',
  'accessor',
  'accessBy',
] as const;

const EVENT_FIELD_COUNT = 5 + NULLABLE_EVENT_FIELDS.length;

function countKeys(value: Record<string, unknown>): number {
  let count = 0;
  for (const key in value) if (Object.hasOwn(value, key)) count += 1;
  return count;
}

/** Limits keep a note from growing the log without bound; the window enforces the same. */
export const ACK_NOTE_MAX = 1000;
export const ACK_BY_MAX = 256;

/** A clean Acknowledgement, or throws naming the bad field. */
export function checkAcknowledgement(value: unknown): Acknowledgement {
  const ack = toAcknowledgement(value);
  if (typeof ack === 'string') throw new TypeError(`History: not an Acknowledgement: ${ack}`);
  return ack;
}

function toAcknowledgement(value: unknown): Acknowledgement | string {
  if (!isObject(value)) return 'not an object';
  const { by, at, note } = value;
  if (typeof by !== 'string' || by === '' || by.length > ACK_BY_MAX) return `by must be a name of 1 to ${ACK_BY_MAX} characters`;
  if (typeof at !== 'string' || Number.isNaN(Date.parse(at))) return 'at must be an ISO date string';
  if (!(note === null || (typeof note === 'string' && note.length <= ACK_NOTE_MAX))) return `note must be null or at most ${ACK_NOTE_MAX} characters`;
  return { by, at, note };
}

function toGap(value: unknown): OfflineGap | string {
  if (!isObject(value)) return 'not an object';
  const { key, stream, site, from, to } = value;
  if (typeof key !== 'string' || key === '') return 'key must be a non-empty string';
  if (!isStreamKind(stream)) return `stream must be ${streamKindsQuoted()}`;
  if (!isNullableString(site)) return 'site must be a string or null';
  if (typeof from !== 'string' || Number.isNaN(Date.parse(from))) return 'from must be an ISO date string';
  if (typeof to !== 'string' || Number.isNaN(Date.parse(to))) return 'to must be an ISO date string';
  const { recovery } = value;
  if (recovery === undefined) return { key, stream, site, from, to };
  if (!isObject(recovery)) return 'recovery must be an object';
  const { state, recovered, reason } = recovery;
  if (state !== 'checking' && state !== 'done' && state !== 'failed' && state !== 'waiting') return 'recovery.state is not known';
  if (!Number.isSafeInteger(recovered) || (recovered as number) < 0) return 'recovery.recovered must be a count';
  if (!isNullableString(reason)) return 'recovery.reason must be a string or null';
  return { key, stream, site, from, to, recovery: { state, recovered: recovered as number, reason } };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNullableString(value: unknown): value is string | null {
  return value === null || typeof value === 'string';
}
