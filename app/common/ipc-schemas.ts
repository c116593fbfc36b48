/**
 * Validators for every renderer → main payload. Main parses each argument as `unknown` through
 * these before any handler sees it: a compromised or buggy renderer gets a clear `invalid-argument`
 * failure, never a crash and never a half-applied request. Hand-written (no schema library) and
 * bounded: strings, arrays and nesting all have limits. Messages name the field, never echo the
 * value (it could be a secret).
 */
import type { HandoverRequest } from './handover';
import type { AcknowledgeRequest, ExportRequest, InvokeArgs, InvokeChannel, PauseRequest, SecretInput } from './ipc-contract';
import type { HistoryFilter, HistoryQuery, StreamKind } from './models';
import { fail, ok, type Result } from './result';
import type { Settings, SettingsPatch } from './settings';
import { SETTINGS_LIMITS } from './settings-checker';
import { STREAM_KINDS } from './stream-kinds';

export const LIMITS = {
  /** History keys are `stream:id` or `stream:raw:<hash>`; ids are short. */
  key: 512,
  keysPerRequest: 10_000,
  filterText: 500,
  filterValue: 256,
  filterValues: 200,
  isoTime: 64,
  /** Matches the history log's own limit on a note. */
  acknowledgementNote: 1_000,
  pageSize: 1_000,
  maxOffset: 10_000_000,
  /** A JWT with many claims is a few KiB; a client secret is far shorter. */
  secret: 16_384,
  settingsString: 2_048,
  /** Above what the largest valid settings need (500 sites, 200 categories per map). */
  settingsNodes: 5_000,
  settingsDepth: 6,
} as const;

export const INVALID_ARGUMENT = 'invalid-argument';
type Parsed<T> = Result<T>;

function invalid(message: string): Parsed<never> {
  return fail(INVALID_ARGUMENT, message);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Own keys whose value is not `undefined` (structured clone keeps explicit undefineds). */
function presentKeys(value: Record<string, unknown>): string[] {
  return Object.keys(value).filter((k) => value[k] !== undefined);
}

function onlyKeys(value: Record<string, unknown>, allowed: readonly string[], what: string): Parsed<null> {
  const unknownKey = presentKeys(value).find((k) => !allowed.includes(k));
  return unknownKey === undefined ? ok(null) : invalid(`${what} has an unknown field "${unknownKey.slice(0, 40)}".`);
}

function boundedString(value: unknown, max: number, what: string, allowEmpty = false): Parsed<string> {
  if (typeof value !== 'string') return invalid(`${what} must be text.`);
  if (value.length > max) return invalid(`${what} is too long (at most ${max} characters).`);
  if (!allowEmpty && value.length === 0) return invalid(`${what} must not be empty.`);
  return ok(value);
}

function stringList(value: unknown, maxItems: number, maxLength: number, what: string): Parsed<string[]> {
  if (!Array.isArray(value)) return invalid(`${what} must be a list.`);
  if (value.length > maxItems) return invalid(`${what} has too many entries (at most ${maxItems}).`);
  const out: string[] = [];
  for (const item of value) {
    const parsed = boundedString(item, maxLength, `Each entry of ${what}`);
    if (!parsed.ok) return parsed;
    out.push(parsed.value);
  }
  return ok(out);
}

function integerIn(value: unknown, min: number, max: number, what: string): Parsed<number> {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    return invalid(`${what} must be a whole number from ${min} to ${max}.`);
  }
  return ok(value);
}

function isoTime(value: unknown, what: string): Parsed<string> {
  const parsed = boundedString(value, LIMITS.isoTime, what);
  if (!parsed.ok) return parsed;
  return Number.isNaN(Date.parse(parsed.value)) ? invalid(`${what} must be a date and time.`) : parsed;
}

function oneOf<T extends string>(value: unknown, options: readonly T[], what: string): Parsed<T> {
  return typeof value === 'string' && (options as readonly string[]).includes(value)
    ? ok(value as T)
    : invalid(`${what} must be one of: ${options.join(', ')}.`);
}

const FILTER_KEYS = ['streams', 'sites', 'categories', 'text', 'from', 'to', 'unreadOnly', 'acknowledgement'] as const;

function parseFilterFields(value: Record<string, unknown>, what: string): Parsed<HistoryFilter> {
  const filter: { -readonly [K in keyof HistoryFilter]: HistoryFilter[K] } = {};
  if (value.streams !== undefined) {
    if (!Array.isArray(value.streams) || value.streams.length > STREAM_KINDS.length * 2) return invalid(`${what}: streams must be a short list.`);
    const streams: StreamKind[] = [];
    for (const s of value.streams) {
      const parsed = oneOf(s, STREAM_KINDS, `${what}: each stream`);
      if (!parsed.ok) return parsed;
      streams.push(parsed.value);
    }
    filter.streams = streams;
  }
  for (const field of ['sites', 'categories'] as const) {
    if (value[field] === undefined) continue;
    const parsed = stringList(value[field], LIMITS.filterValues, LIMITS.filterValue, `${what}: ${field}`);
    if (!parsed.ok) return parsed;
    filter[field] = parsed.value;
  }
  if (value.text !== undefined) {
    const parsed = boundedString(value.text, LIMITS.filterText, `${what}: the search text`, true);
    if (!parsed.ok) return parsed;
    filter.text = parsed.value;
  }
  for (const field of ['from', 'to'] as const) {
    if (value[field] === undefined) continue;
    const parsed = isoTime(value[field], `${what}: "${field}"`);
    if (!parsed.ok) return parsed;
    filter[field] = parsed.value;
  }
  if (value.unreadOnly !== undefined) {
    if (typeof value.unreadOnly !== 'boolean') return invalid(`${what}: unreadOnly must be true or false.`);
    filter.unreadOnly = value.unreadOnly;
  }
  if (value.acknowledgement !== undefined) {
    const parsed = oneOf(value.acknowledgement, ['needed', 'done'] as const, `${what}: acknowledgement`);
    if (!parsed.ok) return parsed;
    filter.acknowledgement = parsed.value;
  }
  return ok(filter);
}

export function parseHistoryQuery(value: unknown): Parsed<HistoryQuery> {
  if (!isPlainObject(value)) return invalid('The history query must be an object.');
  const keys = onlyKeys(value, [...FILTER_KEYS, 'offset', 'limit'], 'The history query');
  if (!keys.ok) return keys;
  const offset = integerIn(value.offset, 0, LIMITS.maxOffset, 'The query offset');
  if (!offset.ok) return offset;
  const limit = integerIn(value.limit, 1, LIMITS.pageSize, 'The page size');
  if (!limit.ok) return limit;
  const filter = parseFilterFields(value, 'The history query');
  if (!filter.ok) return filter;
  return ok({ ...filter.value, offset: offset.value, limit: limit.value });
}

export function parseHistoryKey(value: unknown): Parsed<string> {
  return boundedString(value, LIMITS.key, 'The event key');
}

export function parseHistoryKeys(value: unknown): Parsed<readonly string[]> {
  return stringList(value, LIMITS.keysPerRequest, LIMITS.key, 'The event keys');
}

export function parseHandoverRequest(value: unknown): Parsed<HandoverRequest> {
  if (!isPlainObject(value)) return invalid('The handover request must be an object.');
  const keys = onlyKeys(value, ['since'], 'The handover request');
  if (!keys.ok) return keys;
  const since = isoTime(value.since, 'The handover start');
  return since.ok ? ok({ since: since.value }) : since;
}

export function parseExportRequest(value: unknown): Parsed<ExportRequest> {
  if (!isPlainObject(value)) return invalid('The export request must be an object.');
  if (value.handover !== undefined) {
    const keys = onlyKeys(value, ['format', 'handover'], 'The handover export');
    if (!keys.ok) return keys;
    const format = oneOf(value.format, ['csv', 'json', 'pdf'] as const, 'The export format');
    if (!format.ok) return format;
    const handover = parseHandoverRequest(value.handover);
    return handover.ok ? ok({ format: format.value, handover: handover.value }) : handover;
  }
  const keys = onlyKeys(value, ['format', 'filter'], 'The export request');
  if (!keys.ok) return keys;
  const format = oneOf(value.format, ['csv', 'json'] as const, 'The export format');
  if (!format.ok) return format;
  const rawFilter = value.filter ?? {};
  if (!isPlainObject(rawFilter)) return invalid('The export filter must be an object.');
  // Paging fields are documented as ignored for export, so they are accepted and dropped.
  const filterKeys = onlyKeys(rawFilter, [...FILTER_KEYS, 'offset', 'limit'], 'The export filter');
  if (!filterKeys.ok) return filterKeys;
  const filter = parseFilterFields(rawFilter, 'The export filter');
  if (!filter.ok) return filter;
  return ok({ format: format.value, filter: filter.value });
}

export function parseAcknowledgeRequest(value: unknown): Parsed<AcknowledgeRequest> {
  if (!isPlainObject(value)) return invalid('The acknowledgement must be an object.');
  const keys = onlyKeys(value, ['keys', 'filter', 'note'], 'The acknowledgement');
  if (!keys.ok) return keys;
  let note: string | null = null;
  if (value.note !== undefined && value.note !== null) {
    const parsed = boundedString(value.note, LIMITS.acknowledgementNote, 'The note', true);
    if (!parsed.ok) return parsed;
    note = parsed.value;
  }
  if ((value.keys === undefined) === (value.filter === undefined)) return invalid('The acknowledgement needs either the chosen events or a filter, not both.');
  if (value.keys !== undefined) {
    const parsed = parseHistoryKeys(value.keys);
    return parsed.ok ? ok({ keys: parsed.value, note }) : parsed;
  }
  if (!isPlainObject(value.filter)) return invalid('The acknowledgement filter must be an object.');
  const filterKeys = onlyKeys(value.filter, FILTER_KEYS, 'The acknowledgement filter');
  if (!filterKeys.ok) return filterKeys;
  const filter = parseFilterFields(value.filter, 'The acknowledgement filter');
  return filter.ok ? ok({ filter: filter.value, note }) : filter;
}

export function parseSecretInput(value: unknown): Parsed<SecretInput> {
  if (!isPlainObject(value)) return invalid('The secret must be sent as an object.');
  const keys = onlyKeys(value, ['kind', 'value'], 'The secret request');
  if (!keys.ok) return keys;
  const kind = oneOf(value.kind, ['client-secret', 'token', 'proxy-password'] as const, 'The secret kind');
  if (!kind.ok) return kind;
  const secret = boundedString(value.value, LIMITS.secret, 'The secret');
  if (!secret.ok) return secret;
  if (secret.value.trim() === '') return invalid('The secret must not be blank.');
  return ok({ kind: kind.value, value: secret.value });
}

export function parsePauseRequest(value: unknown): Parsed<PauseRequest> {
  if (!isPlainObject(value)) return invalid('The pause request must be an object.');
  const keys = onlyKeys(value, ['for'], 'The pause request');
  if (!keys.ok) return keys;
  const span = oneOf(value.for, ['one-hour', 'until-morning', 'until-resumed'] as const, 'The pause length');
  return span.ok ? ok({ for: span.value }) : span;
}

const SETTINGS_SECTIONS = ['connection', 'auth', 'notifications', 'history', 'general', 'network', 'recovery', 'updates'] as const satisfies readonly (keyof Settings)[];

/** The one long text setting: a company's certificate chain in PEM is a few KiB, well past other strings. */
const LONG_STRINGS: Readonly<Record<string, number>> = { 'network.extraCaPem': SETTINGS_LIMITS.extraCaPem };

/**
 * Shape and size only: each section an object of JSON values within bounds. What the values mean
 * (URLs, ranges, "HH:MM") is checked by the settings schema when the patch is applied.
 */
export function parseSettingsPatch(value: unknown): Parsed<SettingsPatch> {
  if (!isPlainObject(value)) return invalid('The settings change must be an object.');
  const keys = onlyKeys(value, SETTINGS_SECTIONS, 'The settings change');
  if (!keys.ok) return keys;
  const budget = { nodes: 0 };
  for (const section of presentKeys(value)) {
    if (!isPlainObject(value[section])) return invalid(`The "${section}" settings must be an object.`);
    const checked = boundedJson(value[section], section, 1, budget);
    if (!checked.ok) return checked;
  }
  return ok(value as SettingsPatch);
}

function boundedJson(value: unknown, where: string, depth: number, budget: { nodes: number }): Parsed<null> {
  budget.nodes += 1;
  if (budget.nodes > LIMITS.settingsNodes) return invalid('The settings change is too large.');
  if (depth > LIMITS.settingsDepth) return invalid(`The "${where}" settings are nested too deeply.`);
  if (value === null || typeof value === 'boolean') return ok(null);
  if (typeof value === 'number') return Number.isFinite(value) ? ok(null) : invalid(`"${where}" must be a finite number.`);
  if (typeof value === 'string') {
    const limit = LONG_STRINGS[where] ?? LIMITS.settingsString;
    return value.length <= limit ? ok(null) : invalid(`"${where}" is too long (at most ${limit} characters).`);
  }
  if (Array.isArray(value)) {
    for (const item of value) {
      const checked = boundedJson(item, where, depth + 1, budget);
      if (!checked.ok) return checked;
    }
    return ok(null);
  }
  if (isPlainObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      if (key.length > LIMITS.filterValue) return invalid(`A field name in "${where}" is too long.`);
      const checked = boundedJson(item, `${where}.${key.slice(0, 40)}`, depth + 1, budget);
      if (!checked.ok) return checked;
    }
    return ok(null);
  }
  return invalid(`"${where}" holds a value that is not plain data.`);
}

type ArgsParser<C extends InvokeChannel> = (args: readonly unknown[]) => Parsed<InvokeArgs<C>>;

function none<C extends InvokeChannel>(): ArgsParser<C> {
  return (args) => (args.length === 0 ? ok([] as unknown as InvokeArgs<C>) : invalid('This request takes no arguments.'));
}

function one<C extends InvokeChannel>(parse: (value: unknown) => Parsed<InvokeArgs<C>[0]>): ArgsParser<C> {
  return (args) => {
    if (args.length !== 1) return invalid('This request takes exactly one argument.');
    const parsed = parse(args[0]);
    return parsed.ok ? ok([parsed.value] as unknown as InvokeArgs<C>) : parsed;
  };
}

/** One parser per invoke channel; the mapped type makes a missing channel a compile error. */
export const INVOKE_ARG_PARSERS: { readonly [C in InvokeChannel]: ArgsParser<C> } = {
  'clay:history:query': one(parseHistoryQuery),
  'clay:history:get': one(parseHistoryKey),
  'clay:history:mark-read': one(parseHistoryKeys),
  'clay:history:mark-all-read': none(),
  'clay:history:acknowledge': one(parseAcknowledgeRequest),
  'clay:history:clear': none(),
  'clay:history:export': one(parseExportRequest),
  'clay:handover:get': one(parseHandoverRequest),
  'clay:status:get': none(),
  'clay:connection:reconnect': none(),
  'clay:connection:test': none(),
  'clay:settings:get': none(),
  'clay:settings:update': one(parseSettingsPatch),
  'clay:secret:set': one(parseSecretInput),
  'clay:secret:clear': none(),
  'clay:secret:allow-new-server': none(),
  'clay:notifications:pause': one(parsePauseRequest),
  'clay:notifications:resume': none(),
  'clay:diagnostics:copy': none(),
  'clay:about:get': none(),
  'clay:updates:set-editing': one(parseEditing),
  'clay:updates:restart': none(),
};

function parseEditing(value: unknown): Parsed<boolean> {
  return typeof value === 'boolean' ? ok(value) : invalid('Whether settings are being edited must be true or false.');
}
