/**
 * The argument schemas of the IPC contract (valibot). Main parses each argument as `unknown`
 * through these before any handler sees it: a compromised or buggy renderer gets a clear
 * `invalid-argument` failure, never a crash and never a half-applied request. Bounded: strings,
 * lists and nesting all have limits. Every check carries its own message, which names the field and
 * never echoes the value (it could be a secret).
 */
import * as v from 'valibot';
import type { AcknowledgeRequest, ExportRequest, PauseRequest, SecretInput } from './ipc-contract';
import type { HandoverRequest } from './handover';
import type { HistoryFilter, HistoryQuery } from './models';
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
  /** 100 rules, each with 100 doors, sites and categories, fit; the schema bounds them exactly. */
  alertRulesNodes: 40_000,
  settingsDepth: 6,
} as const;

export const INVALID_ARGUMENT = 'invalid-argument';

/** A schema whose output is exactly the contract's type for that argument. */
export type ArgSchema<T> = v.GenericSchema<unknown, T>;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Own keys whose value is not `undefined` (structured clone keeps explicit undefineds). */
function presentKeys(value: Record<string, unknown>): string[] {
  return Object.keys(value).filter((k) => value[k] !== undefined);
}

/** A plain object (no class instance, no prototype tricks) with none but the allowed fields. */
function plainObject(allowed: readonly string[], what: string, notObject = `${what} must be an object.`) {
  return v.pipe(
    v.custom<Record<string, unknown>>(isPlainObject, notObject),
    v.check((value) => presentKeys(value).every((k) => allowed.includes(k)), (issue) => {
      const unknownKey = presentKeys(issue.input as Record<string, unknown>).find((k) => !allowed.includes(k)) ?? '';
      return `${what} has an unknown field "${unknownKey.slice(0, 40)}".`;
    }),
  );
}

function boundedString(max: number, what: string, allowEmpty = false) {
  return v.pipe(
    v.string(`${what} must be text.`),
    v.maxLength(max, `${what} is too long (at most ${max} characters).`),
    v.check((s) => allowEmpty || s.length > 0, `${what} must not be empty.`),
  );
}

/** The length is checked before any item, so an oversized list costs nothing to refuse. */
function list<T>(item: ArgSchema<T>, maxItems: number, notList: string, tooMany: string) {
  return v.pipe(v.custom<unknown[]>(Array.isArray, notList), v.maxLength(maxItems, tooMany), v.array(item, notList));
}

function stringList(maxItems: number, maxLength: number, what: string) {
  return list(boundedString(maxLength, `Each entry of ${what}`), maxItems, `${what} must be a list.`, `${what} has too many entries (at most ${maxItems}).`);
}

function integerIn(min: number, max: number, what: string) {
  const message = `${what} must be a whole number from ${min} to ${max}.`;
  return v.pipe(v.number(message), v.integer(message), v.minValue(min, message), v.maxValue(max, message));
}

function isoTime(what: string) {
  return v.pipe(boundedString(LIMITS.isoTime, what), v.check((s) => !Number.isNaN(Date.parse(s)), `${what} must be a date and time.`));
}

function oneOf<const T extends readonly string[]>(options: T, what: string) {
  return v.picklist(options, `${what} must be one of: ${options.join(', ')}.`);
}

const FILTER_KEYS = ['streams', 'sites', 'categories', 'text', 'from', 'to', 'unreadOnly', 'acknowledgement'] as const;

function filterFields(what: string) {
  return {
    streams: v.optional(list(oneOf(STREAM_KINDS, `${what}: each stream`), STREAM_KINDS.length * 2, `${what}: streams must be a short list.`, `${what}: streams must be a short list.`)),
    sites: v.optional(stringList(LIMITS.filterValues, LIMITS.filterValue, `${what}: sites`)),
    categories: v.optional(stringList(LIMITS.filterValues, LIMITS.filterValue, `${what}: categories`)),
    text: v.optional(boundedString(LIMITS.filterText, `${what}: the search text`, true)),
    from: v.optional(isoTime(`${what}: "from"`)),
    to: v.optional(isoTime(`${what}: "to"`)),
    unreadOnly: v.optional(v.boolean(`${what}: unreadOnly must be true or false.`)),
    acknowledgement: v.optional(oneOf(['needed', 'done'] as const, `${what}: acknowledgement`)),
  };
}

/** Drops fields whose value is undefined, so a parsed filter holds only what was asked for. */
function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as T;
}

/** Paging fields are documented as ignored for export, so they are accepted there and dropped. */
function filterSchema(what: string, allowPaging: boolean): ArgSchema<HistoryFilter> {
  const allowed = allowPaging ? [...FILTER_KEYS, 'offset', 'limit'] : FILTER_KEYS;
  return v.pipe(plainObject(allowed, what), v.object(filterFields(what)), v.transform(defined));
}

export const historyQuery: ArgSchema<HistoryQuery> = v.pipe(
  plainObject([...FILTER_KEYS, 'offset', 'limit'], 'The history query'),
  v.object({
    offset: integerIn(0, LIMITS.maxOffset, 'The query offset'),
    limit: integerIn(1, LIMITS.pageSize, 'The page size'),
    ...filterFields('The history query'),
  }),
  v.transform(defined),
);

export const historyKey: ArgSchema<string> = boundedString(LIMITS.key, 'The event key');

export const historyKeys: ArgSchema<readonly string[]> = stringList(LIMITS.keysPerRequest, LIMITS.key, 'The event keys');

export const handoverRequest: ArgSchema<HandoverRequest> = v.pipe(
  plainObject(['since'], 'The handover request'),
  v.object({ since: isoTime('The handover start') }),
);

const historyExport = v.pipe(
  plainObject(['format', 'filter'], 'The export request'),
  v.object({
    format: oneOf(['csv', 'json'] as const, 'The export format'),
    filter: v.nullish(filterSchema('The export filter', true), {}),
  }),
);

const handoverExport = v.pipe(
  plainObject(['format', 'handover'], 'The handover export'),
  v.object({
    format: oneOf(['csv', 'json', 'pdf'] as const, 'The export format'),
    handover: handoverRequest,
  }),
);

/** A request naming a handover exports the handover (PDF allowed); any other, the filtered history. */
export const exportRequest: ArgSchema<ExportRequest> = v.lazy((input) =>
  isPlainObject(input) && input['handover'] !== undefined ? handoverExport : historyExport,
);

const acknowledgementNote = v.nullish(boundedString(LIMITS.acknowledgementNote, 'The note', true), null);

/** The note first, then exactly one target: the chosen events or a filter. */
export const acknowledgeRequest: ArgSchema<AcknowledgeRequest> = v.pipe(
  plainObject(['keys', 'filter', 'note'], 'The acknowledgement'),
  v.looseObject({ note: acknowledgementNote }),
  v.check((value) => (value.keys === undefined) !== (value.filter === undefined), 'The acknowledgement needs either the chosen events or a filter, not both.'),
  v.object({
    keys: v.optional(historyKeys),
    filter: v.optional(filterSchema('The acknowledgement filter', false)),
    note: v.nullable(v.string()),
  }),
  v.transform(({ keys, filter, note }): AcknowledgeRequest => (keys !== undefined ? { keys, note } : { filter: filter ?? {}, note })),
);

export const secretInput: ArgSchema<SecretInput> = v.pipe(
  plainObject(['kind', 'value'], 'The secret request', 'The secret must be sent as an object.'),
  v.object({
    kind: oneOf(['client-secret', 'token', 'proxy-password'] as const, 'The secret kind'),
    value: v.pipe(boundedString(LIMITS.secret, 'The secret'), v.check((s) => s.trim() !== '', 'The secret must not be blank.')),
  }),
);

export const pauseRequest: ArgSchema<PauseRequest> = v.pipe(
  plainObject(['for'], 'The pause request'),
  v.object({ for: oneOf(['one-hour', 'until-morning', 'until-resumed'] as const, 'The pause length') }),
);

export const editingFlag: ArgSchema<boolean> = v.boolean('Whether settings are being edited must be true or false.');

const SETTINGS_SECTIONS = ['connection', 'auth', 'notifications', 'history', 'general', 'network', 'recovery', 'updates', 'alertRules'] as const satisfies readonly (keyof Settings)[];

/** The one long text setting: a company's certificate chain in PEM is a few KiB, well past other strings. */
const LONG_STRINGS: Readonly<Record<string, number>> = { 'network.extraCaPem': SETTINGS_LIMITS.extraCaPem };

/**
 * Shape and size only: each section an object of JSON values within bounds. What the values mean
 * (URLs, ranges, "HH:MM") is checked by the settings schema when the patch is applied.
 */
export const settingsPatch: ArgSchema<SettingsPatch> = v.pipe(
  plainObject(SETTINGS_SECTIONS, 'The settings change'),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const shared = { nodes: 0, max: LIMITS.settingsNodes };
    // The alert rules have a budget of their own, so the other sections keep their tight one.
    const rules = { nodes: 0, max: LIMITS.alertRulesNodes };
    const value = dataset.value;
    for (const section of presentKeys(value)) {
      const budget = section === 'alertRules' ? rules : shared;
      const problem = isPlainObject(value[section]) ? boundedJson(value[section], section, 1, budget) : `The "${section}" settings must be an object.`;
      if (problem !== null) {
        addIssue({ message: problem });
        return;
      }
    }
  }),
  v.transform((value) => value as SettingsPatch),
);

/** The first problem in a settings section, or null when it is plain data within bounds. */
function boundedJson(value: unknown, where: string, depth: number, budget: { nodes: number; readonly max: number }): string | null {
  budget.nodes += 1;
  if (budget.nodes > budget.max) return 'The settings change is too large.';
  if (depth > LIMITS.settingsDepth) return `The "${where}" settings are nested too deeply.`;
  if (value === null || typeof value === 'boolean') return null;
  if (typeof value === 'number') return Number.isFinite(value) ? null : `"${where}" must be a finite number.`;
  if (typeof value === 'string') {
    const limit = LONG_STRINGS[where] ?? LIMITS.settingsString;
    return value.length <= limit ? null : `"${where}" is too long (at most ${limit} characters).`;
  }
  if (Array.isArray(value)) {
    for (const item of value) {
      const problem = boundedJson(item, where, depth + 1, budget);
      if (problem !== null) return problem;
    }
    return null;
  }
  if (isPlainObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      if (key.length > LIMITS.filterValue) return `A field name in "${where}" is too long.`;
      const problem = boundedJson(item, `${where}.${key.slice(0, 40)}`, depth + 1, budget);
      if (problem !== null) return problem;
    }
    return null;
  }
  return `"${where}" holds a value that is not plain data.`;
}

/** Any check left without its own message still answers in words that echo nothing. */
const FALLBACK_MESSAGE = 'The request is not valid.';

/** Parses one value; the failure is the first problem found, as an `invalid-argument` Result. */
export function parseWith<T>(schema: ArgSchema<T>, value: unknown): Result<T> {
  const parsed = v.safeParse(schema, value, { abortEarly: true, abortPipeEarly: true, message: () => FALLBACK_MESSAGE });
  return parsed.success ? ok(parsed.output) : fail(INVALID_ARGUMENT, parsed.issues[0].message);
}

/** Parses a request's arguments: exactly as many as its schemas, each through its own. */
export function parseArgs(schemas: readonly ArgSchema<unknown>[], args: readonly unknown[]): Result<unknown[]> {
  if (args.length !== schemas.length) {
    const expected = schemas.length === 0 ? 'no arguments' : schemas.length === 1 ? 'exactly one argument' : `exactly ${schemas.length} arguments`;
    return fail(INVALID_ARGUMENT, `This request takes ${expected}.`);
  }
  const out: unknown[] = [];
  for (const [index, schema] of schemas.entries()) {
    const parsed = parseWith(schema, args[index]);
    if (!parsed.ok) return parsed;
    out.push(parsed.value);
  }
  return ok(out);
}

export const parseAcknowledgeRequest = (value: unknown): Result<AcknowledgeRequest> => parseWith(acknowledgeRequest, value);
export const parseSettingsPatch = (value: unknown): Result<SettingsPatch> => parseWith(settingsPatch, value);
