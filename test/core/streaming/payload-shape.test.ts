/**
 * The payload shape reader against its oracle, readSlots(JSON.parse(text)): whatever it answers must
 * be exactly that, for texts built to probe every way JSON can spell the same keys and values; and
 * for the ordinary payload it must answer at all, or it would only be dead weight.
 */
import { describe, expect, it } from 'vitest';
import { readSlots, TOP_TABLE } from '../../../app/core/streaming/payload-fields';
import { PayloadShapes } from '../../../app/core/streaming/payload-shape';
import { seededRandom } from '../../../app/dev-hub/hub-content';

const KEYS = [
  'id', 'eventId', 'EventId', 'event_category', 'EventCategory', 'eventCategory', 'type', 'utc_date_time', 'utcDateTime', 'local_date_time',
  'lock_id', 'lockId', 'lock_customer_reference', 'lock', 'collection_id', 'siteId', 'collection_customer_reference', 'accessor_id',
  'user_first_name', 'firstName', 'user_last_name', 'exit_requested', 'data', 'payload', 'iq_id', 'iq_revision', 'lock_mac_address',
  '__proto__', '1', '0', '01', '-1', 'a.b', '(x)', '[y]', '^$', '\\d+', 'a|b', 'Tür', 'weird key', 'x\u2028y', '😀', '',
];
const CHARS = ['a', 'Z', '0', ' ', '-', ':', '.', '"', '\\', '/', '\u0000', '\u0007', '\n', '\u001f', '\u007f', 'é', '\u2028', '\u202e', '\ud83d', '\ude00', '😀', '{', '}', ',', '\u00a0'];

/** A value as JSON text: valid JSON in every form, and texts JSON refuses or reads differently. */
function valueText(next: () => number): string {
  const pick = <T,>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  switch (Math.floor(next() * 8)) {
    case 0:
    case 1: {
      const text = Array.from({ length: Math.floor(next() * 12) }, () => pick(CHARS)).join('');
      // Mostly as JSON writes it, sometimes raw (quotes, backslashes and controls left as they are).
      return next() < 0.8 ? JSON.stringify(text) : `"${text}"`;
    }
    case 2:
      return pick(['"da2849d7-3eb4-48a9-87d0-90402c802d7c"', '"2026-12-02T05:42:57Z"', '"Staff entrance"', '""', '"\\u0041"', '"a\\"b"', '"\\/"']);
    case 3:
      return pick(['0', '-0', '1', '42', '-12.5', '1.5e10', '1E-3', '-2.5E+7', '123456789012345678901234567890', '1e400']);
    case 4:
      return pick(['01', '1.', '.5', '+1', '1e', '-', 'NaN', 'Infinity', '0x10', '1_000']);
    case 5:
      return pick(['null', 'true', 'false', 'nul', 'True', 'undefined']);
    case 6:
      return pick(['{}', '[]', '{"id":"x"}', '[1,2]', '{"customer_reference":"Door"}']);
    default:
      return JSON.stringify(`plain ${Math.floor(next() * 1000)}`);
  }
}

function payloadText(keys: readonly string[], next: () => number): string {
  const entries = keys.map((key) => `${next() < 0.9 ? JSON.stringify(key) : `"${key}"`}:${valueText(next)}`);
  const body = `{${entries.join(',')}}`;
  // Now and then the same JSON with whitespace, or with something after it.
  const r = next();
  if (r < 0.05) return body.replace(/,/g, ', ');
  if (r < 0.08) return ` ${body}`;
  if (r < 0.1) return `${body}x`;
  return body;
}

function keyList(next: () => number): string[] {
  const count = 1 + Math.floor(next() * 12);
  // Repeats allowed: JSON.parse keeps the last value of a repeated key, in the first one's place.
  return Array.from({ length: count }, () => KEYS[Math.floor(next() * KEYS.length)]!);
}

function oracle(text: string): unknown[] | null {
  let record: unknown;
  try {
    record = JSON.parse(text);
  } catch {
    return null;
  }
  return typeof record === 'object' && record !== null && !Array.isArray(record) ? readSlots(record as Record<string, unknown>, TOP_TABLE) : null;
}

describe('PayloadShapes', () => {
  it('answers exactly what JSON.parse and readSlots answer, or nothing, for 60,000 probing texts', () => {
    // Seeded, so a failure can be replayed.
    const next = seededRandom(9);
    let answered = 0;
    for (let round = 0; round < 3_000; round++) {
      const shapes = new PayloadShapes(TOP_TABLE);
      const keys = keyList(next);
      for (let i = 0; i < 20; i++) {
        const text = payloadText(keys, next);
        const expected = oracle(text);
        const got = shapes.read(text);
        if (got !== null) {
          answered += 1;
          if (expected === null) expect.fail(`answered for a text JSON.parse refuses: ${JSON.stringify(text)}`);
          expect(got, JSON.stringify(text)).toEqual(expected);
        }
        // As readPayload does: what JSON.parse read from a whole text teaches the shape.
        if (got === null && expected !== null) shapes.learn(JSON.parse(text) as Record<string, unknown>);
      }
    }
    // Not vacuous: plenty of the texts took the quick path.
    expect(answered).toBeGreaterThan(2_000);
  }, 60_000);

  it('reads the usual payload from its second sighting on, and keeps incidents and entries apart', () => {
    const shapes = new PayloadShapes(TOP_TABLE);
    const incident = (id: string): string => JSON.stringify({ id, utc_date_time: '2026-12-02T05:42:57Z', lock_id: 'L1', event_category: 'tamper', event_detail: null, exit_requested: false });
    const entry = (id: string): string => JSON.stringify({ id, utc_date_time: '2026-12-02T05:42:57Z', lock_id: 'L1', access_by: 'key', user_first_name: 'Ana' });
    const learn = (text: string): void => shapes.learn(JSON.parse(text) as Record<string, unknown>);
    expect(shapes.read(incident('a'))).toBeNull();
    learn(incident('a'));
    expect(shapes.read(incident('b'))).toBeNull();
    learn(incident('b'));
    learn(entry('c'));
    learn(entry('d'));
    for (const text of [incident('e'), entry('f'), incident('g')]) expect(shapes.read(text)).toEqual(oracle(text));
  });

  it('stops building after 64 shapes, so a hub that keeps changing its keys costs no more than JSON.parse', () => {
    const shapes = new PayloadShapes(TOP_TABLE);
    const text = (n: number): string => `{"id":"x","k${n}":1}`;
    for (let n = 0; n < 200; n++) {
      shapes.learn(JSON.parse(text(n)) as Record<string, unknown>);
      shapes.learn(JSON.parse(text(n)) as Record<string, unknown>);
    }
    const known = Array.from({ length: 200 }, (_, n) => shapes.read(text(n)) !== null);
    // Only the last few built are kept; none after the 64th was built.
    expect(known.lastIndexOf(true)).toBe(63);
    expect(known.filter(Boolean).length).toBe(4);
  });
});
