/**
 * Turns one `ReceiveMessage` argument into a ClayEvent. The payload shape is undocumented
 * (docs/architecture.md §1), so this accepts snake_case, camelCase and PascalCase, as a JSON string or an
 * object, and never throws: anything it cannot read becomes an event with category null and the raw text,
 * and the caller is told what could not be read. Only the top level (and one wrapper object) is read,
 * never walked recursively, so hostile nesting is harmless; the raw text of an argument too deep for
 * JSON.stringify is written by a loop instead, so it is always the real text.
 */
import { createHash } from 'node:crypto';
import type { ClayEvent, StreamKind } from '../../common/models';
import { rawText } from './event-raw-text';
import { utcTime } from './event-time';

export interface EventContext {
  readonly stream: StreamKind;
  /** The subscription's collectionId, if it has one. */
  readonly site: string | null;
  readonly receivedAt: string;
  /** Fetched from the Core REST API after a gap. */
  readonly recovered?: boolean;
}

const WRAPPER_KEYS = ['data', 'payload', 'message', 'event', 'body'];

/**
 * Longest id kept in a key as it is. Keys travel to the window (which accepts keys up to 512
 * characters) and into history; a longer id is keyed by its hash instead, and kept whole in `id`.
 */
export const MAX_ID_IN_KEY = 200;

/** What a payload field means to us. A field's folded name maps to one role and a priority. */
const enum Role {
  Id,
  Category,
  Detail,
  Time,
  LocalTime,
  LockId,
  LockName,
  Accessor,
  AccessBy,
  Site,
  SiteName,
  Lock,
  Credential,
  ExitRequested,
  IqId,
  IqName,
  FirstName,
  LastName,
  Person,
  Wrapper,
}
const ROLE_COUNT = Role.Wrapper + 1;

/** Folded names by role, most preferred first: `event_category`, `eventCategory` and `EventCategory` fold to `eventcategory`. */
const TOP_LEVEL: readonly (readonly [Role, readonly string[]])[] = [
  [Role.Id, ['id', 'eventid', 'entryid', 'incidentid']],
  [Role.Category, ['eventcategory', 'category', 'eventtype', 'incidenttype', 'incidentcategory', 'type']],
  [Role.Detail, ['eventdetail', 'detail', 'eventdetails', 'details']],
  [Role.Time, ['utcdatetime', 'utctime', 'datetimeutc', 'eventtime', 'timestamp', 'occurredat', 'createdat', 'datetime', 'time', 'date']],
  [Role.LocalTime, ['localdatetime', 'localtime', 'datetimelocal']],
  [Role.LockId, ['lockid']],
  [Role.LockName, ['lockcustomerreference', 'lockname']],
  [Role.Accessor, ['accessorid', 'accessor', 'userid']],
  [Role.AccessBy, ['accessby']],
  [Role.Site, ['collectionid', 'siteid']],
  [Role.SiteName, ['collectioncustomerreference', 'collectionname', 'sitename']],
  [Role.Lock, ['lock']],
  [Role.Credential, ['accessdetail', 'credential', 'tagnumber']],
  [Role.ExitRequested, ['exitrequested']],
  [Role.IqId, ['iqid']],
  [Role.IqName, ['iqcustomerreference', 'iqname']],
  [Role.FirstName, ['userfirstname', 'firstname']],
  [Role.LastName, ['userlastname', 'lastname']],
  [Role.Person, ['userfullname', 'fullname', 'personname']],
  [Role.Wrapper, WRAPPER_KEYS],
];
/** Inside a nested `lock` object. */
const LOCK_LEVEL: readonly (readonly [Role, readonly string[]])[] = [
  [Role.LockId, ['id', 'lockid']],
  [Role.LockName, ['customerreference', 'name', 'lockcustomerreference']],
];

interface Slot {
  readonly role: Role;
  readonly rank: number;
}

/** Folded names to slots, plus a bounded cache from each key as spelled to its slot (or none). */
class Table {
  private readonly byName: ReadonlyMap<string, Slot>;
  // Payloads repeat the same dozen keys, so resolving each spelling once is most of the normaliser's speed.
  // Bounded: hostile payloads with endless distinct keys fall back to folding every time.
  private readonly bySpelling = new Map<string, Slot | null>();

  constructor(entries: readonly (readonly [Role, readonly string[]])[]) {
    this.byName = new Map(entries.flatMap(([role, names]) => names.map((name, rank): [string, Slot] => [name, { role, rank }])));
  }

  slot(key: string): Slot | null {
    let slot = this.bySpelling.get(key);
    if (slot === undefined) {
      slot = this.byName.get(key.replace(/[_\-\s]/g, '').toLowerCase()) ?? null;
      if (this.bySpelling.size < 2048) this.bySpelling.set(key, slot);
    }
    return slot;
  }
}
const TOP_TABLE = new Table(TOP_LEVEL);
const LOCK_TABLE = new Table(LOCK_LEVEL);

// Best rank per role during one readSlots call; reused because the call never re-enters itself.
const RANKS = new Int8Array(ROLE_COUNT);
const NO_RANK = 127;

/** One pass over a record's own keys: for each role, the non-empty value with the most preferred name. */
function readSlots(record: Record<string, unknown>, names: Table): unknown[] {
  const values = new Array<unknown>(ROLE_COUNT);
  RANKS.fill(NO_RANK);
  for (const key of Object.keys(record)) {
    const slot = names.slot(key);
    if (slot === null || slot.rank >= RANKS[slot.role]!) continue;
    const value = record[key];
    if (value === undefined || value === null || value === '') continue;
    values[slot.role] = value;
    RANKS[slot.role] = slot.rank;
  }
  return values;
}

function hasKnownField(values: readonly unknown[]): boolean {
  return values[Role.Id] !== undefined || values[Role.Category] !== undefined || values[Role.Time] !== undefined || values[Role.LockId] !== undefined || values[Role.Site] !== undefined;
}

const NOTHING: readonly unknown[] = [];

/** What the reader could not make sense of, for a log line; never the payload's content. */
export type UnreadableReport = (problem: string, fields: Readonly<Record<string, unknown>>) => void;

export function normaliseEvent(argument: unknown, context: EventContext, report: UnreadableReport = () => undefined): ClayEvent {
  let raw: string;
  try {
    raw = rawText(argument);
  } catch (error) {
    // Only a value that never came from JSON (a cycle, a BigInt) gets here.
    raw = `[unreadable ${typeof argument}]`;
    report('The message argument could not be written as text', { reason: describe(error) });
  }
  try {
    const values = readPayload(argument);
    if (!hasKnownField(values)) report('A message had no field this app knows', { shape: shapeOf(argument), characters: raw.length });
    return fromValues(values, raw, context);
  } catch (error) {
    // Defence in depth: a payload we failed to read still becomes an event, never a crash.
    report('A message could not be read; it is kept as raw text', { shape: shapeOf(argument), reason: describe(error) });
    return fromValues(NOTHING, raw, context);
  }
}

function shapeOf(argument: unknown): string {
  if (Array.isArray(argument)) return 'an array';
  if (argument === null) return 'null';
  if (typeof argument === 'string') return parseJson(argument) === undefined ? 'text that is not a JSON object' : 'a JSON string';
  return typeof argument === 'object' ? 'an object' : `a ${typeof argument}`;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function readPayload(argument: unknown): readonly unknown[] {
  let value = argument;
  if (typeof value === 'string') value = parseJson(value);
  // Some senders double-encode: a JSON string whose content is the JSON object.
  if (typeof value === 'string') value = parseJson(value);
  if (!isRecord(value)) return NOTHING;
  const values = readSlots(value, TOP_TABLE);
  if (hasKnownField(values)) return values;
  const inner = values[Role.Wrapper];
  const unwrapped = typeof inner === 'string' ? parseJson(inner) : inner;
  if (isRecord(unwrapped)) {
    const innerValues = readSlots(unwrapped, TOP_TABLE);
    if (hasKnownField(innerValues)) return innerValues;
  }
  return values;
}

function parseJson(text: string): unknown {
  let i = 0;
  while (i < text.length && (text.charCodeAt(i) === 32 || (text.charCodeAt(i) >= 9 && text.charCodeAt(i) <= 13))) i++;
  const start = text[i];
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

function text(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

function fromValues(values: readonly unknown[], raw: string, context: EventContext): ClayEvent {
  const lockObject = values[Role.Lock];
  const lock = isRecord(lockObject) ? readSlots(lockObject, LOCK_TABLE) : NOTHING;
  const id = text(values[Role.Id]);
  const sentCategory = values[Role.Category];
  const folded = category(sentCategory);
  const event: ClayEvent = {
    key: eventKey(context.stream, id, raw),
    stream: context.stream,
    site: context.site ?? text(values[Role.Site]),
    siteName: text(values[Role.SiteName]),
    id,
    category: folded,
    detail: text(values[Role.Detail]),
    time: utcTime(values[Role.Time]),
    localTime: text(values[Role.LocalTime]),
    lock: {
      id: text(values[Role.LockId]) ?? text(lock[Role.LockId]),
      name: text(values[Role.LockName]) ?? text(lock[Role.LockName]),
    },
    accessor: text(values[Role.Accessor]),
    accessBy: text(values[Role.AccessBy]),
    receivedAt: context.receivedAt,
    raw,
    credential: text(values[Role.Credential]),
    exitRequested: flag(values[Role.ExitRequested]),
    iq: { id: text(values[Role.IqId]), name: text(values[Role.IqName]) },
    person: personName(values),
    ...(context.recovered ? { recovered: true } : {}),
  };
  return folded !== null && typeof sentCategory === 'string' && sentCategory !== folded ? { ...event, categoryText: sentCategory } : event;
}

function flag(value: unknown): boolean | null {
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'True') return true;
  if (value === 'false' || value === 'False') return false;
  return null;
}

/** "Ana Ruiz" from first and last name, else a full name the payload gives. */
function personName(values: readonly unknown[]): string | null {
  // Without the arrays a map/filter/join would make: this runs for every event.
  const first = text(values[Role.FirstName])?.trim() ?? '';
  const last = text(values[Role.LastName])?.trim() ?? '';
  if (first !== '' && last !== '') return `${first} ${last}`;
  if (first !== '' || last !== '') return first || last;
  return text(values[Role.Person]);
}

/** `stream:id`; a long id as `stream:id-hash:<hash>`; no id as `stream:raw:<hash of the raw text>`. */
function eventKey(stream: StreamKind, id: string | null, raw: string): string {
  if (id === null) return `${stream}:raw:${digest(raw)}`;
  return id.length > MAX_ID_IN_KEY ? `${stream}:id-hash:${digest(id)}` : `${stream}:${id}`;
}

function digest(raw: string): string {
  return createHash('sha256').update(raw).digest('hex').slice(0, 32);
}

/**
 * `LockOpened`, `lockOpened`, `LOCK_OPENED` and `Door left open` become `lock_opened` / `door_left_open`;
 * `Tür geöffnet` becomes `tür_geöffnet`. Letters, marks and digits of every script are kept (NFC), so
 * folding only changes case and separators: distinct categories never fold to the same key by losing letters.
 */
export function snakeCase(value: string): string {
  if (SNAKE.test(value)) return value;
  return value
    .normalize('NFC')
    .trim()
    .replace(/([\p{Ll}\p{N}])(\p{Lu})/gu, '$1_$2')
    .replace(/(\p{Lu}+)(\p{Lu}\p{Ll})/gu, '$1_$2')
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, '_')
    .replace(/^_+|_+$/g, '')
    .toLowerCase();
}

const SNAKE = /^[a-z0-9]+(?:_[a-z0-9]+)*$/;

function category(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string' || value.length > 200) return null;
  const snake = snakeCase(value);
  return snake === '' ? null : snake;
}
