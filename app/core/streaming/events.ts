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
import { hasKnownField, LOCK_TABLE, readSlots, Role, TOP_TABLE } from './payload-fields';
import { PayloadShapes } from './payload-shape';
import { utcTime } from './event-time';

export interface EventContext {
  readonly stream: StreamKind;
  /** The subscription's collectionId, if it has one. */
  readonly site: string | null;
  readonly receivedAt: string;
  /** Fetched from the Core REST API after a gap. */
  readonly recovered?: boolean;
}

/**
 * Longest id kept in a key as it is. Keys travel to the window (which accepts keys up to 512
 * characters) and into history; a longer id is keyed by its hash instead, and kept whole in `id`.
 */
export const MAX_ID_IN_KEY = 200;

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
    const values = readPayload(argument, context.stream);
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

/** Per stream, as each hub has its own payload shapes. */
const shapesByStream = new Map<StreamKind, PayloadShapes>();

function readPayload(argument: unknown, stream: StreamKind): readonly unknown[] {
  let shapes = shapesByStream.get(stream);
  if (shapes === undefined) shapesByStream.set(stream, (shapes = new PayloadShapes(TOP_TABLE)));
  if (typeof argument === 'string') {
    const known = shapes.read(argument);
    if (known !== null && hasKnownField(known)) return known;
  }
  let value = argument;
  if (typeof value === 'string') {
    value = parseJson(value);
    if (isRecord(value)) shapes.learn(value);
  }
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
  // Joined, not concatenated: the id may be cut out of the whole payload text, and a concatenation
  // would refer to that text for as long as the key lives (in a dedupe window, 10,000 of them).
  return id.length > MAX_ID_IN_KEY ? `${stream}:id-hash:${digest(id)}` : [stream, id].join(':');
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
