/** The NDJSON event line, written by hand for speed, against JSON.stringify of the same record. */
import { describe, expect, it } from 'vitest';
import { eventLine } from '../../app/cli/stream-output';
import { escapeJsonText } from '../../app/common/safe-text';
import type { ClayEvent } from '../../app/common/models';
import { normaliseEvent } from '../../app/core/streaming/events';

function expectedLine(event: ClayEvent): string {
  const { stream, site, id, category, detail, time, localTime, lock, accessor, accessBy, siteName, receivedAt, key, raw } = event;
  const record = { stream, site, id, category, categoryText: event.categoryText ?? category, detail, time, localTime, lock: { id: lock.id, name: lock.name }, accessor, accessBy, siteName, receivedAt, key, raw };
  return `${escapeJsonText(JSON.stringify(record))}\n`;
}

describe('eventLine', () => {
  it('says the usual line, an ASCII payload with or without a site, is ASCII, so it is written without UTF-8 encoding', () => {
    const payload = '{"id":"e1","event_category":"DoorLeftOpen","lock_customer_reference":"Staff entrance","utc_date_time":"2026-03-01T10:14:59Z"}';
    for (const site of [null, '6d3b7a52-7c1e-4a55-9f1e-0c2b3a4d5e6f']) {
      const { text, ascii } = eventLine(normaliseEvent(payload, { stream: 'incident', site, receivedAt: '2026-03-01T10:15:00.000Z' }), true);
      expect(ascii).toBe(true);
      expect(Buffer.from(text, 'latin1').equals(Buffer.from(text, 'utf8'))).toBe(true);
    }
    expect(eventLine(normaliseEvent(payload.replace('Staff', 'Tür'), { stream: 'incident', site: null, receivedAt: '2026-03-01T10:15:00.000Z' }), true).ascii).toBe(false);
  });

  it('writes exactly what JSON.stringify (then the NDJSON escaping) writes, for the code units either rule treats specially, in every kind of field', () => {
    const context = { stream: 'incident' as const, site: null, receivedAt: '2026-03-01T10:15:00.000Z' };
    const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);
    // C0, ASCII, DEL, C1, Latin-1; the Arabic letter mark; the bidi, separator and isolate block; surrogates' edges; the end of the plane.
    const codes = [...range(0, 0x17f), 0x61c, ...range(0x2000, 0x206f), 0xd7ff, 0xd800, 0xdbff, 0xdc00, 0xdfff, 0xe000, 0xfeff, 0xfffd, 0xffff];
    for (const code of codes) {
      const c = String.fromCharCode(code);
      const payload = { id: `i${c}d`, event_category: `Cat${c}`, event_detail: `a${c}b`, lock_customer_reference: c, collection_id: `s${c}`, user_first_name: c };
      const event = normaliseEvent(code % 2 === 0 ? payload : JSON.stringify(payload), context);
      const { text, ascii } = eventLine(event, false);
      if (text !== expectedLine(event)) expect.fail(`U+${code.toString(16).padStart(4, '0')}: ${text} ≠ ${expectedLine(event)}`);
      // Latin-1 would write a wrong byte for anything else.
      if (ascii && !/^[\u0000-\u007f]*$/.test(text)) expect.fail(`U+${code.toString(16).padStart(4, '0')}: the line is said to be ASCII: ${text}`);
    }
  }, 60_000);

  it('writes every mix of present and missing fields in a plain payload as JSON.stringify does, typed or not, recovered or not, with or without a site', () => {
    const fields = { id: 'e-1', event_category: 'DoorLeftOpen', event_detail: 'held 30 s', utc_date_time: '2026-03-01T10:14:59Z', local_date_time: '2026-03-01T11:14:59', lock_id: 'l-9', lock_customer_reference: 'Staff entrance', accessor_id: 'a-7', access_by: 'key', collection_customer_reference: 'North Warehouse' };
    const names = Object.keys(fields) as (keyof typeof fields)[];
    for (let mask = 0; mask < 2 ** names.length; mask++) {
      const payload = Object.fromEntries(names.map((name, bit) => [name, mask & (1 << bit) ? fields[name] : null]));
      const recovered = mask % 3 === 0;
      const site = mask % 5 === 0 ? 'c0ffee00-0000-4000-8000-000000000001' : null;
      const event = normaliseEvent(JSON.stringify(payload), { stream: 'incident', site, receivedAt: '2026-03-01T10:15:00.000Z', ...(recovered ? { recovered } : {}) });
      const { text, ascii } = eventLine(event, mask % 2 === 0);
      const expected = mask % 2 === 0 ? expectedLine(event).replace('{', '{"type":"event",') : expectedLine(event);
      expect(ascii).toBe(true);
      if (text.replace('"recovered":true,', '') !== expected) expect.fail(`fields ${mask.toString(2)}: ${text} ≠ ${expected}`);
      expect(JSON.parse(text).recovered).toBe(recovered ? true : undefined);
    }
  });

  it('writes a pair of surrogates, text that is all escapes, and a recovered event the same way', () => {
    const context = { stream: 'entry' as const, site: 'site "one"', receivedAt: '2026-03-01T10:15:00.000Z', recovered: true };
    const event = normaliseEvent({ id: '😀\\"\n', event_detail: '\u0000\u001f\u2028"\\' }, context);
    expect(JSON.parse(eventLine(event, true).text)).toMatchObject({ type: 'event', id: '😀\\"\n', detail: '\u0000\u001f\u2028"\\', site: 'site "one"', recovered: true });
    expect(eventLine(event, false).text.replace('"recovered":true,', '')).toBe(expectedLine(event));
  });

  it('still checks a site given on the command line when the payload itself is plain ASCII', () => {
    for (const site of ['lobby "east"', 'lobby\u202e', 'lobby\u0007', 'Fürth']) {
      const event = normaliseEvent('{"id":"e1","event_category":"tamper","lock_customer_reference":"Staff entrance"}', { stream: 'incident', site, receivedAt: '2026-03-01T10:15:00.000Z' });
      const { text, ascii } = eventLine(event, false);
      expect(text).toBe(expectedLine(event));
      expect(JSON.parse(text).site).toBe(site);
      if (ascii) expect(text).toMatch(/^[\u0000-\u007f]*$/);
      if (site === 'lobby "east"' || site === 'Fürth') expect(ascii).toBe(site === 'lobby "east"');
    }
  });
});
