/**
 * Turns one `ReceiveMessage` argument into a ClayEvent. The payload shape is undocumented
 * (design.md §2), so this accepts snake_case, camelCase and PascalCase, as a JSON string or an
 * object, and never throws: anything it cannot read becomes an event with category null and the raw text.
 * Only the top level (and one wrapper object) is read, never walked recursively, so hostile nesting is harmless.
 */
import { createHash } from 'node:crypto';
import type { ClayEvent, StreamKind } from '../common/models';

export interface EventContext {
  readonly stream: StreamKind;
  /** The subscription's collectionId, if it has one. */
  readonly site: string | null;
  readonly receivedAt: string;
}

type Fields = ReadonlyMap<string, unknown>;

const WRAPPER_KEYS = ['data', 'payload', 'message', 'event', 'body'];

export function normaliseEvent(argument: unknown, context: EventContext): ClayEvent {
  const raw = rawText(argument);
  try {
    return fromFields(readFields(argument), raw, context);
  } catch {
    // Defence in depth: a payload we failed to read still becomes an event, never a crash.
    return fromFields(new Map(), raw, context);
  }
}

function rawText(argument: unknown): string {
  if (typeof argument === 'string') return argument;
  if (argument === undefined) return '';
  try {
    return JSON.stringify(argument) ?? String(argument);
  } catch {
    return String(argument);
  }
}

function readFields(argument: unknown): Fields {
  let value = argument;
  if (typeof value === 'string') value = parseJson(value);
  // Some senders double-encode: a JSON string whose content is the JSON object.
  if (typeof value === 'string') value = parseJson(value);
  if (!isRecord(value)) return new Map();
  const fields = fieldMap(value);
  if (hasKnownField(fields)) return fields;
  for (const key of WRAPPER_KEYS) {
    const inner = fields.get(key);
    const unwrapped = typeof inner === 'string' ? parseJson(inner) : inner;
    if (isRecord(unwrapped)) {
      const innerFields = fieldMap(unwrapped);
      if (hasKnownField(innerFields)) return innerFields;
    }
  }
  return fields;
}

function parseJson(text: string): unknown {
  const start = text.trimStart()[0];
  if (start !== '{' && start !== '"') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `event_category`, `eventCategory`, `EventCategory` and `event-category` all become `eventcategory`. */
function fieldMap(record: Record<string, unknown>): Map<string, unknown> {
  const map = new Map<string, unknown>();
  for (const key of Object.keys(record)) {
    const folded = key.replace(/[_\-\s]/g, '').toLowerCase();
    if (!map.has(folded)) map.set(folded, record[key]);
  }
  return map;
}

const ID = ['id', 'eventid', 'entryid', 'incidentid'];
const CATEGORY = ['eventcategory', 'category', 'eventtype', 'incidenttype', 'incidentcategory', 'type'];
const DETAIL = ['eventdetail', 'detail', 'eventdetails', 'details'];
const TIME = ['utcdatetime', 'utctime', 'datetimeutc', 'eventtime', 'timestamp', 'occurredat', 'createdat', 'datetime', 'time', 'date'];
const LOCAL_TIME = ['localdatetime', 'localtime', 'datetimelocal'];
const LOCK_ID = ['lockid'];
const LOCK_NAME = ['lockcustomerreference', 'lockname'];
const ACCESSOR = ['accessorid', 'accessor', 'userid'];
const ACCESS_BY = ['accessby'];
const SITE = ['collectionid', 'siteid'];
const SITE_NAME = ['collectioncustomerreference', 'collectionname', 'sitename'];
const KNOWN = [ID, CATEGORY, TIME, LOCK_ID, SITE].flat();

function hasKnownField(fields: Fields): boolean {
  return KNOWN.some((name) => fields.has(name));
}

function pick(fields: Fields, names: readonly string[]): unknown {
  for (const name of names) {
    const value = fields.get(name);
    if (value !== undefined && value !== null && value !== '') return value;
  }
  return undefined;
}

function text(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'bigint') return String(value);
  return null;
}

function fromFields(fields: Fields, raw: string, context: EventContext): ClayEvent {
  const lockObject = fields.get('lock');
  const lockFields = isRecord(lockObject) ? fieldMap(lockObject) : new Map<string, unknown>();
  const id = text(pick(fields, ID));
  const site = context.site ?? text(pick(fields, SITE));
  return {
    key: id !== null ? `${context.stream}:${id}` : `${context.stream}:raw:${digest(raw)}`,
    stream: context.stream,
    site,
    siteName: text(pick(fields, SITE_NAME)),
    id,
    category: category(pick(fields, CATEGORY)),
    detail: text(pick(fields, DETAIL)),
    time: utcTime(pick(fields, TIME)),
    localTime: text(pick(fields, LOCAL_TIME)),
    lock: {
      id: text(pick(fields, LOCK_ID)) ?? text(pick(lockFields, ['id', 'lockid'])),
      name: text(pick(fields, LOCK_NAME)) ?? text(pick(lockFields, ['customerreference', 'name', 'lockcustomerreference'])),
    },
    accessor: text(pick(fields, ACCESSOR)),
    accessBy: text(pick(fields, ACCESS_BY)),
    receivedAt: context.receivedAt,
    raw,
  };
}

function digest(raw: string): string {
  return createHash('sha256').update(raw).digest('hex').slice(0, 32);
}

/** `LockOpened`, `lockOpened`, `LOCK_OPENED` and `Door left open` become `lock_opened` / `door_left_open`. */
export function snakeCase(value: string): string {
  return value
    .trim()
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toLowerCase();
}

function category(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string' || value.length > 200) return null;
  const snake = snakeCase(value);
  return snake === '' ? null : snake;
}

const ZONE = /(Z|[+-]\d{2}:?\d{2})$/i;

/** ISO-8601 UTC; a time without a zone is UTC; epoch numbers in seconds or milliseconds. */
export function utcTime(value: unknown): string | null {
  let ms: number;
  if (typeof value === 'number' && Number.isFinite(value)) {
    ms = Math.abs(value) < 1e11 ? value * 1000 : value;
  } else if (typeof value === 'string' && value.length <= 64) {
    const trimmed = value.trim();
    if (!/^\d{4}-\d{2}-\d{2}/.test(trimmed)) return null;
    const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(trimmed);
    const normalised = dateOnly || ZONE.test(trimmed) ? trimmed : `${trimmed.replace(' ', 'T')}Z`;
    ms = Date.parse(normalised);
  } else {
    return null;
  }
  if (!Number.isFinite(ms)) return null;
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
