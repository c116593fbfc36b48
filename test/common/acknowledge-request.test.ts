import { describe, expect, it } from 'vitest';
import { LIMITS, parseAcknowledgeRequest } from '../../app/common/ipc-schemas';

describe('parseAcknowledgeRequest', () => {
  it('takes chosen keys or a filter, with a note or none', () => {
    expect(parseAcknowledgeRequest({ keys: ['incident:1'], note: 'Guard sent' })).toEqual({ ok: true, value: { keys: ['incident:1'], note: 'Guard sent' } });
    expect(parseAcknowledgeRequest({ keys: ['incident:1'] })).toEqual({ ok: true, value: { keys: ['incident:1'], note: null } });
    expect(parseAcknowledgeRequest({ filter: { acknowledgement: 'needed', sites: ['s1'] }, note: null })).toEqual({
      ok: true,
      value: { filter: { acknowledgement: 'needed', sites: ['s1'] }, note: null },
    });
  });

  it('refuses both targets, neither, a bad filter value and an overlong note, naming the field', () => {
    const refused = [
      { keys: ['a'], filter: {}, note: null },
      { note: 'x' },
      { filter: { acknowledgement: 'maybe' }, note: null },
      { filter: { offset: 3 }, note: null },
      { keys: ['a'], note: 'x'.repeat(LIMITS.acknowledgementNote + 1) },
      { keys: ['a'], note: 42 },
    ];
    const messages = refused.map((value) => {
      const parsed = parseAcknowledgeRequest(value);
      return parsed.ok ? 'accepted' : parsed.error.message;
    });
    expect(messages).toEqual([
      'The acknowledgement needs either the chosen events or a filter, not both.',
      'The acknowledgement needs either the chosen events or a filter, not both.',
      'The acknowledgement filter: acknowledgement must be one of: needed, done.',
      'The acknowledgement filter has an unknown field "offset".',
      `The note is too long (at most ${LIMITS.acknowledgementNote} characters).`,
      'The note must be text.',
    ]);
  });
});
