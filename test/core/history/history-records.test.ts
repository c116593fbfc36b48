/**
 * The history line schema and its quick path: an event line as the app writes it is taken without a
 * copy, and the quick test must never accept what the schema refuses or would change.
 */
import { describe, expect, it } from 'vitest';
import type { ClayEvent } from '../../../app/common/models';
import { checkEvent, decodeRecord, encodeRecord, isStoredEvent } from '../../../app/core/history/history-records';

const EVENT: ClayEvent = {
  key: 'entry:ev-1',
  stream: 'entry',
  site: 'site-1',
  siteName: null,
  id: 'ev-1',
  category: 'lock_opened',
  detail: null,
  time: '2026-08-19T12:50:20Z',
  localTime: '2026-08-19T14:50:20',
  lock: { id: 'lock-1', name: 'Front door' },
  accessor: null,
  accessBy: 'tag',
  receivedAt: '2026-08-19T12:50:21.000Z',
  raw: '{"id":"ev-1"}',
  credential: '02306295',
  exitRequested: false,
  iq: { id: null, name: null },
  person: null,
};

const ODD_VALUES: readonly unknown[] = [undefined, null, true, 0, '', 'x', 'not a date', [], {}, { id: 1, name: null }, { id: null, name: null, extra: 1 }];

/** EVENT with one field changed to each odd value, plus one unknown field. */
function variants(): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [{ ...EVENT }, { ...EVENT, extra: 1 }, { ...EVENT, recovered: true }];
  for (const field of [...Object.keys(EVENT), 'recovered']) {
    for (const value of ODD_VALUES) {
      const copy: Record<string, unknown> = { ...EVENT, [field]: value };
      if (value === undefined) delete copy[field];
      out.push(copy);
    }
  }
  return out;
}

describe('history records', () => {
  it('quick-accepts only events the schema accepts unchanged', () => {
    let quick = 0;
    for (const candidate of variants()) {
      if (!isStoredEvent(candidate)) continue;
      quick += 1;
      expect(checkEvent(candidate)).toEqual(candidate);
      expect(Object.keys(checkEvent(candidate))).toEqual(Object.keys(candidate));
    }
    // Optional fields left out or set, and harmless values: enough to show the quick path is used.
    expect(quick).toBeGreaterThan(20);
  });

  it('takes an event line as parsed, and copies one that needs the schema', () => {
    const plain = decodeRecord(encodeRecord({ t: 'e', e: EVENT }).trim());
    expect(plain).toEqual({ t: 'e', e: EVENT });
    const withUnknownField = decodeRecord(JSON.stringify({ t: 'e', e: { ...EVENT, later: 'field' }, r: 1 }));
    expect(withUnknownField).toEqual({ t: 'e', e: EVENT, r: 1 });
  });

  it('names a missing field by its own rule', () => {
    const { raw: _raw, ...noRaw } = EVENT;
    expect(decodeRecord(JSON.stringify({ t: 'e', e: noRaw }))).toBe('bad event: raw must be a string');
    expect(decodeRecord(JSON.stringify({ t: 'e' }))).toBe('bad event: not an object');
    expect(decodeRecord(JSON.stringify({ t: 'a', k: ['x'], a: { by: 'desk', note: null } }))).toBe('bad acknowledgement: at must be an ISO date string');
    expect(decodeRecord(JSON.stringify({ t: 'g', g: [] }))).toBe('bad gap: not an object');
    expect(decodeRecord(JSON.stringify({ t: 'c', n: 1.5 }))).toBe('clear mark without its position');
    expect(decodeRecord(JSON.stringify({ t: 'toString' }))).toBe('unknown record type');
  });
});
