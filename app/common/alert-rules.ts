/**
 * Settings › Alert rules: an ordered list of rules, each matching events by stream, site, door,
 * category (or category family) and time window, and saying what happens to them: notify, urgent
 * (notify through quiet hours and sound the alarm), silent (history only) or ignore (not even
 * history). First match wins; an event no rule matches is handled as the Notifications settings say,
 * so the empty list (the default) is exactly the behaviour before rules existed. Also the alarm sound
 * per incident family. The schema is valibot's, run by main on every file and patch and by the window
 * on its draft, with a bound on every string and list.
 */
import * as v from 'valibot';
import { ALARM_SOUND_IDS } from './alarm';
import type { CategoryFamily } from './category-family';
import { STREAM_KINDS, inWords, streamKind } from './stream-kinds';

export const ALERT_ACTIONS = ['notify', 'urgent', 'silent', 'ignore'] as const;
export type AlertAction = (typeof ALERT_ACTIONS)[number];

export const CATEGORY_FAMILIES: readonly CategoryFamily[] = ['intrusion', 'tamper', 'door_left_open', 'low_battery'];

/** A rule's or family's sound: one of the bundled ones, silent, or "default" for the alarm setting's. */
export const RULE_SOUNDS = ['default', ...ALARM_SOUND_IDS, 'silent'] as const;
export type RuleSound = (typeof RULE_SOUNDS)[number];

export const ALERT_RULE_LIMITS = {
  rules: 100,
  name: 200,
  /** Sites, doors or categories listed in one rule. */
  values: 100,
  siteId: 128,
  door: 200,
  category: 64,
} as const;

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/u;
const CATEGORY_NAME = /^[\p{Ll}\p{Lo}\p{N}][\p{Ll}\p{Lo}\p{N}_]*$/u;
const CLOCK_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

function text(max: number, what: string) {
  return v.pipe(
    v.string(`${what} must be text.`),
    v.maxLength(max, `${what}: at most ${max} characters.`),
    v.check((value) => !CONTROL.test(value), `${what} has line breaks or control characters.`),
  );
}

function list<T extends v.GenericSchema>(item: T, what: string) {
  return v.pipe(v.array(item, `${what} must be a list.`), v.maxLength(ALERT_RULE_LIMITS.values, `${what}: at most ${ALERT_RULE_LIMITS.values}.`));
}

/** Entries compare without case and outer spaces, so a blank one could never match anything. */
function nonBlank(max: number, what: string) {
  return v.pipe(text(max, what), v.check((value) => value.trim() !== '', `${what}: remove the empty line.`));
}

const clockTime = (what: string) => v.pipe(v.string(`${what} must be a time.`), v.regex(CLOCK_TIME, `${what}: enter a time such as 08:00.`));

/** Days of the week as JavaScript numbers them: 0 Sunday … 6 Saturday. */
const TimeWindowSchema = v.pipe(
  v.object({
    days: v.pipe(
      v.array(v.picklist([0, 1, 2, 3, 4, 5, 6], 'Days must be days of the week.'), 'Days must be a list.'),
      v.minLength(1, 'Days: choose at least one day.'),
      v.maxLength(7, 'Days: each day at most once.'),
      v.check((days) => new Set(days).size === days.length, 'Days: each day at most once.'),
    ),
    start: clockTime('From'),
    end: clockTime('Until'),
    /** Match outside the window instead of inside it ("outside business hours"). */
    outside: v.boolean('Inside or outside must be chosen.'),
  }, 'The time window must be a group of settings.'),
  v.forward(
    v.partialCheck([['start'], ['end']], (window) => window.start !== window.end, 'Until: choose a time different from From.'),
    ['end'],
  ),
);

const AlertRuleSchema = v.object({
  name: v.pipe(text(ALERT_RULE_LIMITS.name, 'Name'), v.check((name) => name.trim() !== '', 'Name: give the rule a name, such as "Server room after hours".')),
  /** Empty: any stream. */
  streams: v.pipe(
    v.array(v.picklist(STREAM_KINDS, `Streams must be ${inWords(STREAM_KINDS.map((kind) => streamKind(kind).plural), 'or')}.`), 'Streams must be a list.'),
    v.maxLength(STREAM_KINDS.length, 'Streams: each at most once.'),
  ),
  /** Site ids or names (the name given under Sites, or the service's); empty: any site. */
  sites: list(nonBlank(ALERT_RULE_LIMITS.siteId, 'Site'), 'Sites'),
  /** Lock ids or door names; empty: any door. */
  doors: list(nonBlank(ALERT_RULE_LIMITS.door, 'Door'), 'Doors'),
  /** Incident families (any spelling the hub sends); with `categories`, either one matching is enough. */
  families: v.pipe(v.array(v.picklist(CATEGORY_FAMILIES, 'Kinds must be known incident families.'), 'Kinds must be a list.'), v.maxLength(CATEGORY_FAMILIES.length, 'Kinds: each at most once.')),
  /** Categories in lower snake_case as the app stores them (`lock_opened`); empty with no families: any. */
  categories: list(v.pipe(v.string('Category must be text.'), v.maxLength(ALERT_RULE_LIMITS.category, `Category: at most ${ALERT_RULE_LIMITS.category} characters.`), v.regex(CATEGORY_NAME, 'Category: lower case letters, digits and _ only, such as lock_opened.')), 'Categories'),
  /** Null: at any time. In the site's local time as the event carries it. */
  time: v.nullable(TimeWindowSchema),
  action: v.picklist(ALERT_ACTIONS, 'Action must be notify, urgent, silent or ignore.'),
  /** The alarm for an urgent rule; "default" takes the family's sound, else the alarm setting's. */
  sound: v.picklist(RULE_SOUNDS, 'Sound must be one of the bundled sounds.'),
}, 'A rule must be a group of settings.');

const soundChoice = v.picklist(RULE_SOUNDS, 'Sound must be one of the bundled sounds.');

export const AlertRulesSchema = v.object({
  rules: v.pipe(v.array(AlertRuleSchema, 'Rules must be a list.'), v.maxLength(ALERT_RULE_LIMITS.rules, `Rules: at most ${ALERT_RULE_LIMITS.rules}.`)),
  /** The alarm sound per incident family, unless a rule chose one. */
  familySounds: v.object({
    intrusion: soundChoice,
    tamper: soundChoice,
    door_left_open: soundChoice,
    low_battery: soundChoice,
  }, 'Sounds per kind must be a group of settings.'),
}, 'Alert rules must be a group of settings.');

type DeepReadonly<T> = T extends readonly (infer I)[] ? readonly DeepReadonly<I>[] : T extends object ? { readonly [K in keyof T]: DeepReadonly<T[K]> } : T;

/** Read-only, as every settings section is; the editor works on its own mutable draft. */
export type AlertRulesSettings = DeepReadonly<v.InferOutput<typeof AlertRulesSchema>>;
export type AlertRule = AlertRulesSettings['rules'][number];
export type AlertTimeWindow = NonNullable<AlertRule['time']>;

export const DEFAULT_ALERT_RULES: AlertRulesSettings = {
  rules: [],
  familySounds: { intrusion: 'default', tamper: 'default', door_left_open: 'default', low_battery: 'default' },
};

/** A new rule as the editor adds it: matches everything, notifies; the user narrows it down. */
export function newAlertRule(name: string): AlertRule {
  return { name, streams: [], sites: [], doors: [], families: [], categories: [], time: null, action: 'notify', sound: 'default' };
}

/** A problem in the section: where (`['rules', 2, 'name']`, below `alertRules`) and what, in words. */
export interface AlertRulesProblem {
  readonly keys: readonly (string | number)[];
  readonly message: string;
}

/**
 * Checks the `alertRules` section; a problem inside a list of sites, doors or categories is placed
 * on the list, where the window shows it, and each field gets one problem, as the window shows one
 * message under each. Messages name the rule ("Rule 3: …") and never echo the input.
 */
export function checkAlertRules(raw: unknown): { readonly value: AlertRulesSettings | undefined; readonly problems: readonly AlertRulesProblem[] } {
  // Checked before parsing, so a hostile file with a million rules costs nothing to refuse.
  const rules = typeof raw === 'object' && raw !== null && Object.hasOwn(raw, 'rules') ? (raw as { rules: unknown }).rules : undefined;
  if (Array.isArray(rules) && rules.length > ALERT_RULE_LIMITS.rules) {
    return { value: undefined, problems: [{ keys: ['rules'], message: `Alert rules: at most ${ALERT_RULE_LIMITS.rules} rules.` }] };
  }
  const result = v.safeParse(AlertRulesSchema, raw);
  if (result.success) return { value: result.output, problems: [] };
  const problems: AlertRulesProblem[] = [];
  const seen = new Set<string>();
  for (const issue of result.issues) {
    const all = (issue.path ?? []).map((item) => (typeof item.key === 'number' ? item.key : String(item.key)));
    const keys = shownKeys(all);
    const id = JSON.stringify(keys);
    if (seen.has(id)) continue;
    seen.add(id);
    problems.push({ keys, message: problemMessage(keys, issue.message) });
  }
  return { value: undefined, problems };
}

/** The section as one valibot schema whose problems carry the paths and messages above. */
export const AlertRulesSetting = v.pipe(
  v.unknown(),
  v.rawTransform<unknown, AlertRulesSettings>(({ dataset, addIssue, NEVER }) => {
    const { value, problems } = checkAlertRules(dataset.value);
    if (value !== undefined) return value;
    for (const problem of problems) addIssue({ message: problem.message, path: pathItems(dataset.value, problem.keys) });
    return NEVER;
  }),
);

/** Within a rule, only the field (and the time window's own field) has a place in the form. */
function shownKeys(keys: readonly (string | number)[]): (string | number)[] {
  const inRule = keys[0] === 'rules' && typeof keys[1] === 'number' && keys.length > 2;
  return inRule ? keys.slice(0, keys[2] === 'time' && typeof keys[3] === 'string' ? 4 : 3) : [...keys];
}

function problemMessage(keys: readonly (string | number)[], message: string): string {
  if (keys[0] === 'rules' && typeof keys[1] === 'number') return `Rule ${keys[1] + 1}: ${message}`;
  return keys.length === 0 ? message : `Alert rules: ${message}`;
}

/** valibot's path items for `keys` within `root`, so a schema around this one reports them in place. */
function pathItems(root: unknown, keys: readonly (string | number)[]): [v.IssuePathItem, ...v.IssuePathItem[]] | undefined {
  const items: v.IssuePathItem[] = [];
  let input: unknown = root;
  for (const key of keys) {
    const value = typeof input === 'object' && input !== null && Object.hasOwn(input, key) ? (input as Record<string | number, unknown>)[key] : undefined;
    items.push(typeof key === 'number' ? { type: 'array', origin: 'value', input: input as unknown[], key, value } : { type: 'object', origin: 'value', input: input as Record<string, unknown>, key, value });
    input = value;
  }
  const [first, ...rest] = items;
  return first === undefined ? undefined : [first, ...rest];
}
