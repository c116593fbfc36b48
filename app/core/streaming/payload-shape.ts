/**
 * Reads the usual payload, a flat JSON object whose keys come in an order seen before, with one
 * regular expression built for those keys instead of JSON.parse. JSON.parse built an object, a name
 * per key and a string per value that readSlots then mostly dropped, and it was the largest single
 * cost per event; matching the text against its shape takes about half as long (measured).
 *
 * The expression accepts only what JSON.parse reads the same way: the keys exactly as spelled, in
 * the order JSON.parse's object lists them, no whitespace, and each value a string without escapes
 * or control characters, a number, true, false or null. Anything else (another key order, an escape,
 * a nested value) returns null and goes through JSON.parse as before, so the answer is always
 * readSlots(JSON.parse(text)).
 */
import type { Slot, Table } from './payload-fields';
import { NO_RANK, RANKS, ROLE_COUNT } from './payload-fields';

interface Shape {
  readonly keys: readonly string[];
  readonly pattern: RegExp;
  /** The slot of each captured key, in order; keys without a role are matched but not captured. */
  readonly slots: readonly Slot[];
}

/** Shapes kept per table: incidents and entries, and a few variants of each. */
const SHAPES_KEPT = 4;
/** Expressions built in the life of the process, at most: a hub that keeps changing its keys gets JSON.parse. */
const BUILDS_ALLOWED = 64;
const MAX_KEYS = 64;
const MAX_KEY_LENGTH = 200;
const ESCAPED_IN_JSON = /["\\\u0000-\u001f]/;

const STRING = '"([^"\\\\\\u0000-\\u001f]*)"';
const LITERAL = '(null|true|false)';
const NUMBER = '(-?(?:0|[1-9]\\d*)(?:\\.\\d+)?(?:[eE][+-]?\\d+)?)';
const ANY_VALUE = '(?:"[^"\\\\\\u0000-\\u001f]*"|null|true|false|-?(?:0|[1-9]\\d*)(?:\\.\\d+)?(?:[eE][+-]?\\d+)?)';

function escapeForPattern(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

export class PayloadShapes {
  /** Most recently matched first. */
  private shapes: Shape[] = [];
  /** Key lists seen once, by their joined names: a shape is built the second time it comes. */
  private readonly seenOnce = new Set<string>();
  private builds = 0;

  constructor(private readonly table: Table) {}

  /** readSlots(JSON.parse(text), table) when `text` has a known shape, else null. */
  read(text: string): unknown[] | null {
    const shapes = this.shapes;
    for (let i = 0; i < shapes.length; i++) {
      const shape = shapes[i]!;
      const match = shape.pattern.exec(text);
      if (match === null) continue;
      if (i > 0) {
        shapes.splice(i, 1);
        shapes.unshift(shape);
      }
      return valuesOf(match, shape.slots);
    }
    return null;
  }

  /** Called with each record JSON.parse read from a whole payload text. */
  learn(record: Record<string, unknown>): void {
    if (this.builds >= BUILDS_ALLOWED) return;
    const keys: string[] = [];
    for (const key in record) {
      const value = record[key];
      // A nested value, more keys than a payload has, or a key JSON must escape (so never spelled as
      // it is): never matched, so not worth an expression.
      if ((typeof value === 'object' && value !== null) || keys.length === MAX_KEYS || key.length > MAX_KEY_LENGTH || ESCAPED_IN_JSON.test(key)) return;
      keys.push(key);
    }
    if (keys.length === 0 || this.shapes.some((shape) => sameKeys(shape.keys, keys))) return;
    const names = keys.join('\u0000');
    if (!this.seenOnce.has(names)) {
      if (this.seenOnce.size >= 16) this.seenOnce.clear();
      this.seenOnce.add(names);
      return;
    }
    this.seenOnce.delete(names);
    this.builds += 1;
    this.shapes.unshift(this.build(keys));
    if (this.shapes.length > SHAPES_KEPT) this.shapes.pop();
  }

  private build(keys: readonly string[]): Shape {
    const slots: Slot[] = [];
    const parts = keys.map((key, position) => {
      const slot = this.table.slot(key, position);
      if (slot !== null) slots.push(slot);
      return `"${escapeForPattern(key)}":${slot === null ? ANY_VALUE : `(?:${STRING}|${LITERAL}|${NUMBER})`}`;
    });
    return { keys, pattern: new RegExp(`^\\{${parts.join(',')}\\}$`), slots };
  }
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** As readSlots does it: per role, the non-empty value with the most preferred name, the first on a tie. */
function valuesOf(match: RegExpExecArray, slots: readonly Slot[]): unknown[] {
  const values = new Array<unknown>(ROLE_COUNT);
  RANKS.fill(NO_RANK);
  for (let i = 0; i < slots.length; i++) {
    const slot = slots[i]!;
    if (slot.rank >= RANKS[slot.role]!) continue;
    const value = valueAt(match, 3 * i + 1);
    if (value === null || value === '') continue;
    values[slot.role] = value;
    RANKS[slot.role] = slot.rank;
  }
  return values;
}

function valueAt(match: RegExpExecArray, group: number): unknown {
  const text = match[group];
  if (text !== undefined) return text;
  const literal = match[group + 1];
  if (literal !== undefined) return literal === 'null' ? null : literal === 'true';
  return Number(match[group + 2]);
}
