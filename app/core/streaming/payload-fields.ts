/**
 * What the fields of a payload mean: each role (id, category, lock, …) with the names a payload may
 * give it, most preferred first, and the one pass over a record that picks each role's value.
 */

const WRAPPER_KEYS = ['data', 'payload', 'message', 'event', 'body'];

/** What a payload field means to us. A field's folded name maps to one role and a priority. */
export const enum Role {
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
export const ROLE_COUNT = Role.Wrapper + 1;

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

export interface Slot {
  readonly role: Role;
  readonly rank: number;
}

/** Folded names to slots, plus a bounded cache from each key as spelled to its slot (or none). */
export class Table {
  private readonly byName: ReadonlyMap<string, Slot>;
  // Payloads repeat the same dozen keys, so resolving each spelling once is most of the normaliser's speed.
  // Bounded: hostile payloads with endless distinct keys fall back to folding every time.
  private readonly bySpelling = new Map<string, Slot | null>();

  constructor(entries: readonly (readonly [Role, readonly string[]])[]) {
    this.byName = new Map(entries.flatMap(([role, names]) => names.map((name, rank): [string, Slot] => [name, { role, rank }])));
  }

  // A hub writes its keys in one order, so the key at each position of the last record, with its
  // slot, usually answers the next record by a comparison of two strings instead of a lookup.
  private readonly recentKeys: string[] = [];
  private readonly recentSlots: (Slot | null)[] = [];

  /** The slot of `key`, the `position`th key of its record. */
  slot(key: string, position: number): Slot | null {
    if (this.recentKeys[position] === key) return this.recentSlots[position]!;
    let slot = this.bySpelling.get(key);
    if (slot === undefined) {
      slot = this.byName.get(key.replace(/[_\-\s]/g, '').toLowerCase()) ?? null;
      if (this.bySpelling.size < 2048) this.bySpelling.set(key, slot);
    }
    if (position < RECENT_POSITIONS) {
      this.recentKeys[position] = key;
      this.recentSlots[position] = slot;
    }
    return slot;
  }
}
const RECENT_POSITIONS = 64;
export const TOP_TABLE = new Table(TOP_LEVEL);
export const LOCK_TABLE = new Table(LOCK_LEVEL);

// Best rank per role during one readSlots call; reused because the call never re-enters itself.
export const RANKS = new Int8Array(ROLE_COUNT);
export const NO_RANK = 127;

/**
 * One pass over a record's own keys: for each role, the non-empty value with the most preferred name.
 * Records come from JSON.parse, whose objects have only own enumerable keys, so `for…in` walks the
 * same keys as Object.keys without building the array (about half the time of this loop, measured).
 */
export function readSlots(record: Record<string, unknown>, names: Table): unknown[] {
  const values = new Array<unknown>(ROLE_COUNT);
  RANKS.fill(NO_RANK);
  let position = 0;
  for (const key in record) {
    const slot = names.slot(key, position++);
    if (slot === null || slot.rank >= RANKS[slot.role]!) continue;
    const value = record[key];
    if (value === undefined || value === null || value === '') continue;
    values[slot.role] = value;
    RANKS[slot.role] = slot.rank;
  }
  return values;
}

export function hasKnownField(values: readonly unknown[]): boolean {
  return values[Role.Id] !== undefined || values[Role.Category] !== undefined || values[Role.Time] !== undefined || values[Role.LockId] !== undefined || values[Role.Site] !== undefined;
}
