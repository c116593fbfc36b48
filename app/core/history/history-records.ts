/**
 * The history log's line format: one JSON record per line, each a complete change on its own so a
 * torn or corrupt line costs that change only. The schemas here are the one gate between bytes on
 * disk (or a caller's object) and the typed live set: whatever passes has exactly the model's shape
 * (unknown fields are dropped), and what fails is named by its first bad field.
 */
import * as v from 'valibot';
import { STREAM_KINDS } from '../../common/models';
import type { Acknowledgement, ClayEvent, OfflineGap, StreamKind } from '../../common/models';

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

/** Limits keep a note from growing the log without bound; the window enforces the same. */
export const ACK_NOTE_MAX = 1000;
export const ACK_BY_MAX = 256;

type Entries = v.ObjectEntries;

/** Arrays are not records; a missing field is named by its own rule, as if it were present and undefined. */
function fields<E extends Entries>(entries: E, notObject = 'not an object'): v.GenericSchema<unknown, v.InferOutput<v.ObjectSchema<E, undefined>>> {
  const missing = (issue: v.BaseIssue<unknown>): string => {
    const key = issue.path?.[0]?.key;
    const rule = typeof key === 'string' ? entries[key] : undefined;
    return (rule && v.safeParse(rule, undefined).issues?.[0]?.message) ?? notObject;
  };
  return v.pipe(
    v.custom<Record<string, unknown>>((value) => typeof value === 'object' && value !== null && !Array.isArray(value), notObject),
    v.object(entries, missing),
  ) as unknown as v.GenericSchema<unknown, v.InferOutput<v.ObjectSchema<E, undefined>>>;
}

const nullableText = (field: string) => v.nullable(v.string(`${field} must be a string or null`));
const isoDate = (field: string) => {
  const message = `${field} must be an ISO date string`;
  return v.pipe(v.string(message), v.check((text) => !Number.isNaN(Date.parse(text)), message));
};
const key = v.pipe(v.string('key must be a non-empty string'), v.nonEmpty('key must be a non-empty string'));
const stream = v.picklist(STREAM_KINDS, `stream must be ${STREAM_KINDS.map((kind) => `"${kind}"`).join(' or ')}`);

/**
 * The kinds of field an event has. Each kind is a schema (the gate, with the reason a line is bad)
 * and a quick test that accepts no more than the schema does: a store of 100,000 events is read on
 * every start, and valibot alone made that ~5x slower than the check it replaced (test/bench/history.bench.ts).
 */
const EVENT_FIELD_KINDS = {
  key: { schema: () => key, quick: (x: unknown) => typeof x === 'string' && x !== '' },
  stream: { schema: () => stream, quick: (x: unknown) => STREAM_KINDS.includes(x as StreamKind) },
  text: { schema: (field: string) => v.string(`${field} must be a string`), quick: (x: unknown) => typeof x === 'string' },
  nullableText: { schema: nullableText, quick: (x: unknown) => x === null || typeof x === 'string' },
  date: { schema: isoDate, quick: (x: unknown) => typeof x === 'string' && !Number.isNaN(Date.parse(x)) },
  nullableFlag: { schema: (field: string) => v.nullable(v.boolean(`${field} must be true, false or null`)), quick: (x: unknown) => x === null || typeof x === 'boolean' },
  flag: { schema: (field: string) => v.boolean(`${field} must be true or false`), quick: (x: unknown) => typeof x === 'boolean' },
  /** { id, name }; the quick test also wants nothing else in it (the schema drops anything else, or refuses it when exact). */
  pair: {
    schema: (field: string, exact = false) => {
      const message = `${field} must be { id, name } of strings or null`;
      const entries = { id: v.nullable(v.string(message)), name: v.nullable(v.string(message)) };
      return exact ? v.strictObject(entries, message) : v.object(entries, message);
    },
    quick: (x: unknown) => isRecord(x) && (x.id === null || typeof x.id === 'string') && (x.name === null || typeof x.name === 'string') && countKeys(x) === 2,
  },
} as const;

type FieldKind = keyof typeof EVENT_FIELD_KINDS;

/** A ClayEvent's fields, in the model's order (the order a log line is written in); `optional` ones were added by later versions. */
const EVENT_FIELDS: readonly { name: string; kind: FieldKind; optional?: true; exact?: true }[] = [
  { name: 'key', kind: 'key' },
  { name: 'stream', kind: 'stream' },
  ...(['site', 'siteName', 'id', 'category', 'detail', 'time', 'localTime'] as const).map((name) => ({ name, kind: 'nullableText' as const })),
  { name: 'lock', kind: 'pair' },
  { name: 'accessor', kind: 'nullableText' },
  { name: 'accessBy', kind: 'nullableText' },
  { name: 'receivedAt', kind: 'date' },
  { name: 'raw', kind: 'text' },
  { name: 'credential', kind: 'nullableText', optional: true },
  { name: 'exitRequested', kind: 'nullableFlag', optional: true },
  { name: 'iq', kind: 'pair', optional: true, exact: true },
  { name: 'person', kind: 'nullableText', optional: true },
  { name: 'recovered', kind: 'flag', optional: true },
];

const EVENT = fields(
  Object.fromEntries(
    EVENT_FIELDS.map(({ name, kind, optional, exact }) => {
      const schema = kind === 'pair' ? EVENT_FIELD_KINDS.pair.schema(name, exact) : EVENT_FIELD_KINDS[kind].schema(name);
      return [name, optional ? v.optional(schema) : schema];
    }),
  ),
) as unknown as v.GenericSchema<unknown, ClayEvent>; // built from the table, so its type is the model's (isStoredEvent agrees with it: test/core/history/history-records.test.ts)

/** True only for an event the schema accepts unchanged: exactly the model's fields, each of its kind. */
export function isStoredEvent(value: unknown): value is ClayEvent {
  if (!isRecord(value)) return false;
  let fieldsSeen = 0;
  for (const { name, kind, optional } of EVENT_FIELDS) {
    const field = Object.hasOwn(value, name) ? value[name] : undefined;
    if (field === undefined && optional) continue;
    if (!EVENT_FIELD_KINDS[kind].quick(field)) return false;
    fieldsSeen += 1;
  }
  return countKeys(value) === fieldsSeen;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function countKeys(value: object): number {
  let count = 0;
  for (const name in value) if (Object.hasOwn(value, name)) count += 1;
  return count;
}

const ACKNOWLEDGEMENT = fields({
  by: v.pipe(
    v.string(`by must be a name of 1 to ${ACK_BY_MAX} characters`),
    v.nonEmpty(`by must be a name of 1 to ${ACK_BY_MAX} characters`),
    v.maxLength(ACK_BY_MAX, `by must be a name of 1 to ${ACK_BY_MAX} characters`),
  ),
  at: isoDate('at'),
  note: v.nullable(v.pipe(v.string(`note must be null or at most ${ACK_NOTE_MAX} characters`), v.maxLength(ACK_NOTE_MAX, `note must be null or at most ${ACK_NOTE_MAX} characters`))),
});

const GAP = fields({
  key,
  stream,
  site: nullableText('site'),
  from: isoDate('from'),
  to: isoDate('to'),
  recovery: v.optional(
    fields(
      {
        state: v.picklist(['checking', 'done', 'failed', 'waiting'], 'recovery.state is not known'),
        recovered: v.pipe(v.number('recovery.recovered must be a count'), v.safeInteger('recovery.recovered must be a count'), v.minValue(0, 'recovery.recovered must be a count')),
        reason: nullableText('recovery.reason'),
      },
      'recovery must be an object',
    ),
  ),
});

const keyList = (message: string) => v.array(v.string(message), message);

/** One schema per record type; a bad event, gap or acknowledgement inside a record is named so. */
const RECORDS: Readonly<Record<string, v.GenericSchema<unknown, LogRecord>>> = {
  h: fields({ t: v.literal('h'), v: v.number('header without a version') }),
  e: fields({ t: v.literal('e'), e: EVENT, a: v.optional(ACKNOWLEDGEMENT) }),
  g: fields({ t: v.literal('g'), g: GAP }),
  r: fields({ t: v.literal('r'), k: keyList('read mark without keys') }),
  a: fields({ t: v.literal('a'), k: keyList('acknowledgement without keys'), a: ACKNOWLEDGEMENT }),
  ra: fields({ t: v.literal('ra') }),
  c: fields({ t: v.literal('c'), n: v.pipe(v.number('clear mark without its position'), v.safeInteger('clear mark without its position')) }),
};

const WHAT_IS_BAD: Readonly<Record<string, string>> = { e: 'bad event', g: 'bad gap', a: 'bad acknowledgement' };

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
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a record';
  const type = (value as { t?: unknown }).t;
  const quick = quickEventRecord(value as Record<string, unknown>);
  if (quick) return quick;
  const schema = typeof type === 'string' && Object.hasOwn(RECORDS, type) ? RECORDS[type] : undefined;
  if (!schema) return 'unknown record type';
  const result = v.safeParse(schema, value);
  if (!result.success) {
    const [issue] = result.issues;
    const field = issue.path?.[0]?.key;
    const what = typeof field === 'string' ? WHAT_IS_BAD[field] : undefined;
    return what ? `${what}: ${issue.message}` : issue.message;
  }
  const record = result.output;
  if (record.t !== 'e') return record;
  // Compaction marks a read event with r: 1; anything else there means unread.
  const read = (value as { r?: unknown }).r === 1;
  return { t: 'e', e: record.e, ...(read ? { r: 1 as const } : {}), ...(record.a === undefined ? {} : { a: record.a }) };
}

/**
 * An event line as this app writes it, taken as parsed without a copy: nobody else holds an object
 * fresh from JSON.parse. Anything else (an acknowledgement on it, an unknown field, a bad value) goes
 * through the schema, which copies, drops unknown fields and names what is wrong.
 */
function quickEventRecord(value: Record<string, unknown>): LogRecord | null {
  if (value.t !== 'e' || !isStoredEvent(value.e)) return null;
  const extra = countKeys(value) - 2;
  if (extra === 0) return { t: 'e', e: value.e };
  return extra === 1 && value.r === 1 ? { t: 'e', e: value.e, r: 1 } : null;
}

/** `schema`'s clean copy of `value` (only the model's fields), or throws naming the first bad field. */
function checked<T>(schema: v.GenericSchema<unknown, T>, value: unknown, what: string): T {
  const result = v.safeParse(schema, value);
  if (!result.success) throw new TypeError(`History: not ${what}: ${result.issues[0].message}`);
  return result.output;
}

/** A clean copy of a ClayEvent (only the model's fields), so later changes to the caller's object cannot reach the store. */
export function checkEvent(value: unknown): ClayEvent {
  return checked(EVENT, value, 'a ClayEvent');
}

export function checkGap(value: unknown): OfflineGap {
  return checked(GAP, value, 'an OfflineGap');
}

/** A clean Acknowledgement, or throws naming the bad field. */
export function checkAcknowledgement(value: unknown): Acknowledgement {
  return checked(ACKNOWLEDGEMENT, value, 'an Acknowledgement');
}
