import { describe, expect, it } from 'vitest';
import { normaliseEvent } from '../../../app/core/streaming/events';
import { PayloadSamples, redactPayload, SAMPLES_PER_STREAM } from '../../../app/core/streaming/payload-samples';

const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlLXNpZ25hdHVyZQ';

describe('raw payload samples for diagnostics', () => {
  it('masks secret-looking fields and tokens anywhere, and keeps ids, categories and times', () => {
    const raw = JSON.stringify({
      id: 'e-1',
      event_category: 'lock_rejected',
      utc_date_time: '2026-08-19T12:50:20Z',
      lock_id: 'L-1',
      access_detail: '02306295',
      Password: 'hunter2',
      nested: { ApiKey: 'k-123', note: `Bearer ${JWT}`, pin_code: '1234' },
      client_secret: 'abc',
      AccessToken: 'opaque-token-value',
    });
    const line = redactPayload(raw, ['my-literal-secret']);
    const back = JSON.parse(line) as Record<string, unknown>;
    expect(back).toMatchObject({ id: 'e-1', event_category: 'lock_rejected', utc_date_time: '2026-08-19T12:50:20Z', lock_id: 'L-1', access_detail: '02306295' });
    expect(back).toMatchObject({ Password: '[redacted]', client_secret: '[redacted]', AccessToken: '[redacted]', nested: { ApiKey: '[redacted]', pin_code: '[redacted]' } });
    for (const secret of ['hunter2', 'k-123', JWT, 'abc"', 'opaque-token-value', '1234"']) expect(line).not.toContain(secret);
    expect(redactPayload(`not json with my-literal-secret and ${JWT}\nsecond line`, ['my-literal-secret'])).toBe('not json with [redacted] and [redacted] second line');
  });

  it('masks inside a double-encoded payload too', () => {
    const line = redactPayload(JSON.stringify(JSON.stringify({ id: 'x', token: 'zzz-top' })));
    expect(line).not.toContain('zzz-top');
    expect(line).toContain('x');
  });

  it('keeps the last 20 per stream, oldest first', () => {
    const samples = new PayloadSamples();
    for (let i = 0; i < 25; i += 1) {
      samples.add(normaliseEvent(JSON.stringify({ id: `i-${i}` }), { stream: 'incident', site: null, receivedAt: '2026-01-01T00:00:00Z' }));
    }
    samples.add(normaliseEvent({ id: 'e-0' }, { stream: 'entry', site: null, receivedAt: '2026-01-01T00:00:00Z' }));
    const lines = samples.lines([]);
    expect(lines[0]).toBe(`  Incidents (${SAMPLES_PER_STREAM})`);
    expect(lines[1]).toBe('    {"id":"i-5"}');
    expect(lines[SAMPLES_PER_STREAM]).toBe('    {"id":"i-24"}');
    expect(lines.slice(SAMPLES_PER_STREAM + 1)).toEqual(['  Entries (1)', '    {"id":"e-0"}']);
  });
});
