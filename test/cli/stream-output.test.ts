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
  it('writes exactly what JSON.stringify (then the NDJSON escaping) writes, for the code units either rule treats specially, in every kind of field', () => {
    const context = { stream: 'incident' as const, site: null, receivedAt: '2026-03-01T10:15:00.000Z' };
    const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);
    // C0, ASCII, DEL, C1, Latin-1; the Arabic letter mark; the bidi, separator and isolate block; surrogates' edges; the end of the plane.
    const codes = [...range(0, 0x17f), 0x61c, ...range(0x2000, 0x206f), 0xd7ff, 0xd800, 0xdbff, 0xdc00, 0xdfff, 0xe000, 0xfeff, 0xfffd, 0xffff];
    for (const code of codes) {
      const c = String.fromCharCode(code);
      const payload = { id: `i${c}d`, event_category: `Cat${c}`, event_detail: `a${c}b`, lock_customer_reference: c, collection_id: `s${c}`, user_first_name: c };
      const event = normaliseEvent(code % 2 === 0 ? payload : JSON.stringify(payload), context);
      const line = eventLine(event, false);
      if (line !== expectedLine(event)) expect.fail(`U+${code.toString(16).padStart(4, '0')}: ${line} ≠ ${expectedLine(event)}`);
    }
  }, 60_000);

  it('writes a pair of surrogates, text that is all escapes, and a recovered event the same way', () => {
    const context = { stream: 'entry' as const, site: 'site "one"', receivedAt: '2026-03-01T10:15:00.000Z', recovered: true };
    const event = normaliseEvent({ id: '😀\\"\n', event_detail: '\u0000\u001f\u2028"\\' }, context);
    expect(JSON.parse(eventLine(event, true))).toMatchObject({ type: 'event', id: '😀\\"\n', detail: '\u0000\u001f\u2028"\\', site: 'site "one"', recovered: true });
    expect(eventLine(event, false).replace('"recovered":true,', '')).toBe(expectedLine(event));
  });

  it('still checks a site given on the command line when the payload itself is plain ASCII', () => {
    for (const site of ['lobby "east"', 'lobby\u202e', 'lobby\u0007', 'Fürth']) {
      const event = normaliseEvent('{"id":"e1","event_category":"tamper","lock_customer_reference":"Staff entrance"}', { stream: 'incident', site, receivedAt: '2026-03-01T10:15:00.000Z' });
      expect(eventLine(event, false)).toBe(expectedLine(event));
      expect(JSON.parse(eventLine(event, false)).site).toBe(site);
    }
  });
});
