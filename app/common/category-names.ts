/**
 * Event categories in words, for notifications, the tray and the window alike. The service's
 * categories are undocumented lower snake_case strings, so the known ones get hand-written names
 * and anything else is humanised rather than hidden.
 */
import { categoryFamily } from './category-family';
import { t } from './messages/catalog';
import type { MessageKey } from './messages/catalog';
import type { StreamKind } from './models';
import { isAcknowledgeable, streamKind } from './stream-kinds';

/** Incident kinds seen in public material; the defaults switch each of them on. */
export const KNOWN_INCIDENT_CATEGORIES = ['door_left_open', 'tamper', 'intrusion', 'low_battery'] as const;

/** Entry categories seen in the Core REST API; entries stay silent until switched on. */
export const KNOWN_ENTRY_CATEGORIES = ['lock_opened', 'lock_rejected', 'easy_office_mode'] as const;

export const KNOWN_CATEGORIES: Readonly<Record<StreamKind, readonly string[]>> = {
  incident: KNOWN_INCIDENT_CATEGORIES,
  entry: KNOWN_ENTRY_CATEGORIES,
};

/** The categories named for a kind; a kind added to the list without names yet has none. */
export function knownCategories(kind: StreamKind): readonly string[] {
  return Object.hasOwn(KNOWN_CATEGORIES, kind) ? KNOWN_CATEGORIES[kind] : [];
}

const CATEGORY_WORDS: Readonly<Record<string, MessageKey>> = {
  door_left_open: 'category.doorLeftOpen',
  tamper: 'category.tamper',
  intrusion: 'category.intrusion',
  low_battery: 'category.lowBattery',
  lock_opened: 'category.lockOpened',
  lock_rejected: 'category.lockRejected',
  easy_office_mode: 'category.easyOfficeMode',
  office_mode: 'category.officeMode',
  privacy_mode: 'category.privacyMode',
};

/** Words for an event's detail where the detail is a known state of its category. */
const DETAIL_WORDS: Readonly<Record<string, Readonly<Record<string, MessageKey>>>> = {
  easy_office_mode: { start: 'category.easyOfficeModeStart', end: 'category.easyOfficeModeEnd' },
  office_mode: { start: 'category.officeModeStart', end: 'category.officeModeEnd' },
  privacy_mode: { start: 'category.privacyModeStart', end: 'category.privacyModeEnd' },
};

/** A part longer than this is cut: a category is a word or three, never a paragraph. */
const MAX_PART = 60;

/**
 * "Door left open" for a known category, `battery_critical` → "Battery critical" otherwise; empty
 * when nothing readable is left (only control characters), so callers can say "unrecognised".
 */
export function categoryName(category: string): string {
  const key = lookup(CATEGORY_WORDS, category);
  return key === undefined ? capitalise(humanise(category)) : t(key);
}

/** Named here, or one of the known incident families under another spelling (`IntrusionAlarm`). */
function isKnown(category: string): boolean {
  return Object.hasOwn(CATEGORY_WORDS, category) || categoryFamily(category) !== null;
}

/**
 * "Door left open", "Entry rejected: no access"; no category at all → "Unrecognised incident".
 */
export function describeCategory(stream: StreamKind, category: string | null, detail: string | null): string {
  const name = category === null ? '' : categoryName(category);
  if (name === '') return t('category.unrecognised', { kind: streamKind(stream).singular });
  // An incident nobody has named yet must still alarm, and say what the service called it.
  if (isAcknowledgeable(stream) && category !== null && !isKnown(category)) return t('category.unknownType', { kind: streamKind(stream).singular, category: verbatim(category) });
  const states = category === null || !Object.hasOwn(DETAIL_WORDS, category) ? undefined : DETAIL_WORDS[category];
  const state = states === undefined || detail === null ? undefined : lookup(states, detail.toLowerCase());
  if (state !== undefined) return t(state);
  if (detail === null) return name;
  // Details (`no_access`, `suspended`, `offline`) read well humanised; guessing nicer words would
  // put meaning into the service's undocumented values.
  const detailWords = humanise(detail);
  return detailWords === '' ? name : t('event.withDetail', { category: name, detail: detailWords });
}

function lookup<V>(table: Readonly<Record<string, V>>, key: string): V | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/** snake_case, kebab-case and camelCase become spaced words; control characters are dropped. */
function humanise(value: string): string {
  const words = Array.from(value.slice(0, MAX_PART * 4))
    .filter((ch) => !isControl(ch))
    .join('')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_\-\s]+/g, ' ')
    .trim()
    .toLowerCase();
  const chars = Array.from(words);
  return chars.length > MAX_PART ? `${chars.slice(0, MAX_PART - 1).join('').trimEnd()}…` : words;
}

/** The service's own text, only without control characters and cut to a sane length. */
function verbatim(value: string): string {
  const chars = Array.from(value.slice(0, MAX_PART * 4)).filter((ch) => !isControl(ch));
  return chars.length > MAX_PART ? `${chars.slice(0, MAX_PART - 1).join('').trimEnd()}…` : chars.join('').trim();
}

function capitalise(words: string): string {
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function isControl(ch: string): boolean {
  const code = ch.codePointAt(0) ?? 0;
  return code < 0x20 || (code >= 0x7f && code < 0xa0);
}
