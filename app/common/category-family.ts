/**
 * Incident categories by family. The service's category strings are unpublished (docs/architecture.md §1): only
 * English names (intrusion alarm, tamper alarm, door left open alarm or DLO, low battery) and hints
 * from lock objects (`left_open_alarm`, `intrusion_alarm`) are known. So a rule for "intrusion" must
 * hold for `intrusion`, `intrusion_alarm`, `IntrusionAlarm` and whatever spelling the hub sends.
 * Matching only: the category's own text is never changed here.
 */
export type CategoryFamily = 'intrusion' | 'tamper' | 'door_left_open' | 'low_battery';

/** Letters and digits only, lower case: `Door-Left_Open Alarm` → `doorleftopenalarm`. */
function compact(category: string): string {
  return category.toLowerCase().replace(/[^a-z0-9]+/g, '');
}

const FAMILIES: readonly (readonly [CategoryFamily, RegExp])[] = [
  ['intrusion', /intrusion|intruder|breakin|forcedentry|forceddoor|doorforced|dooropenedforced/],
  ['tamper', /tamper/],
  ['door_left_open', /leftopen|^dlo(alarm)?$|dooropentoolong|dooropenedtoolong|doorheldopen|doorajar/],
  ['low_battery', /lowbatter|batterylow|batterycritical|criticalbattery|batteryalarm/],
];

/**
 * Answers remembered per category text: a hub sends a handful of categories, and counting the urgent
 * incidents in history asks for each of them tens of thousands of times. Bounded, so a hub that
 * sends endless distinct categories costs memory no more than this.
 */
const familyOf = new Map<string, CategoryFamily | null>();
const FAMILIES_REMEMBERED = 512;

/** The family a category belongs to, or null for any other category. */
export function categoryFamily(category: string): CategoryFamily | null {
  if (category.length > 200) return null;
  const known = familyOf.get(category);
  if (known !== undefined) return known;
  const family = familyOfCompact(compact(category));
  if (familyOf.size >= FAMILIES_REMEMBERED) familyOf.clear();
  familyOf.set(category, family);
  return family;
}

function familyOfCompact(key: string): CategoryFamily | null {
  if (key === '') return null;
  for (const [family, pattern] of FAMILIES) if (pattern.test(key)) return family;
  return null;
}

/** Whether a rule's category (as the user or the defaults wrote it) holds for an event's category. */
export function categoryMatches(rule: string, category: string): boolean {
  if (rule === category) return true;
  const family = categoryFamily(rule);
  return family !== null && family === categoryFamily(category);
}

/** Whether any of `rules` holds for `category`. */
export function anyCategoryMatches(rules: readonly string[], category: string): boolean {
  return rules.some((rule) => categoryMatches(rule, category));
}
