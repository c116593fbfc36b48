/**
 * The contract's argument schemas (valibot) answer with the messages the hand-written validators
 * gave, keep their bounds, and never echo a refused value.
 */
import { describe, expect, it } from 'vitest';
import { CONTRACT } from '../../app/common/ipc-contract';
import { exportRequest, historyQuery, LIMITS, parseArgs, parseWith, secretInput, settingsPatch } from '../../app/common/ipc-schemas';

const message = (result: { ok: boolean; error?: { message: string } }): string => (result.ok ? 'accepted' : (result.error?.message ?? ''));

describe('history query schema', () => {
  it('keeps only the fields asked for, with explicit undefineds dropped', () => {
    expect(parseWith(historyQuery, { offset: 0, limit: 10, text: undefined, streams: ['entry'] })).toEqual({ ok: true, value: { offset: 0, limit: 10, streams: ['entry'] } });
  });

  it('names the field in each refusal', () => {
    expect(
      [
        { offset: 0, limit: 10, colour: 'red' },
        { offset: 0, limit: 0 },
        { offset: -1, limit: 10 },
        { offset: 0, limit: 10, streams: ['alarm'] },
        { offset: 0, limit: 10, streams: Array.from({ length: 5 }, () => 'entry') },
        { offset: 0, limit: 10, text: 'x'.repeat(LIMITS.filterText + 1) },
        { offset: 0, limit: 10, from: 'soon' },
        { offset: 0, limit: 10, sites: [1] },
        { offset: 0, limit: 10, sites: Array.from({ length: LIMITS.filterValues + 1 }, () => 's') },
        { offset: 0, limit: 10, unreadOnly: 'yes' },
        [],
      ].map((value) => message(parseWith(historyQuery, value))),
    ).toEqual([
      'The history query has an unknown field "colour".',
      'The page size must be a whole number from 1 to 1000.',
      'The query offset must be a whole number from 0 to 10000000.',
      'The history query: each stream must be one of: incident, entry.',
      'The history query: streams must be a short list.',
      'The history query: the search text is too long (at most 500 characters).',
      'The history query: "from" must be a date and time.',
      'Each entry of The history query: sites must be text.',
      'The history query: sites has too many entries (at most 200).',
      'The history query: unreadOnly must be true or false.',
      'The history query must be an object.',
    ]);
  });

  it('refuses an object that is not plain data', () => {
    expect(message(parseWith(historyQuery, Object.assign(Object.create({ polluted: true }) as object, { offset: 0, limit: 1 })))).toBe('The history query must be an object.');
    expect(message(parseWith(historyQuery, new Date(0)))).toBe('The history query must be an object.');
  });
});

describe('other argument schemas', () => {
  it('treats a missing or null export filter as everything, and drops paging fields', () => {
    expect(parseWith(exportRequest, { format: 'csv' })).toEqual({ ok: true, value: { format: 'csv', filter: {} } });
    expect(parseWith(exportRequest, { format: 'json', filter: null })).toEqual({ ok: true, value: { format: 'json', filter: {} } });
    expect(parseWith(exportRequest, { format: 'csv', filter: { offset: 3, limit: 9, sites: ['a'] } })).toEqual({ ok: true, value: { format: 'csv', filter: { sites: ['a'] } } });
    expect(message(parseWith(exportRequest, { format: 'csv', filter: 'all' }))).toBe('The export filter must be an object.');
  });

  it('never echoes a refused secret', () => {
    for (const value of [{ kind: 'password', value: 's3cr3t-value' }, { kind: 'token', value: '   ' }, 's3cr3t-value', { kind: 'token', value: 's3cr3t-value', extra: 's3cr3t-value' }]) {
      const answer = parseWith(secretInput, value);
      expect(answer.ok).toBe(false);
      expect(JSON.stringify(answer)).not.toContain('s3cr3t-value');
    }
    expect(message(parseWith(secretInput, { kind: 'token', value: '   ' }))).toBe('The secret must not be blank.');
  });

  it('bounds a settings change by size, depth and string length', () => {
    expect(message(parseWith(settingsPatch, { notifications: { deep: [[[[[[[['x']]]]]]]] } }))).toBe('The "notifications.deep" settings are nested too deeply.');
    expect(message(parseWith(settingsPatch, { connection: { baseUrl: 'h'.repeat(LIMITS.settingsString + 1) } }))).toBe(`"connection.baseUrl" is too long (at most ${LIMITS.settingsString} characters).`);
    expect(message(parseWith(settingsPatch, { connection: 'prod' }))).toBe('The "connection" settings must be an object.');
    expect(message(parseWith(settingsPatch, { secrets: {} }))).toBe('The settings change has an unknown field "secrets".');
  });
});

describe('request arguments', () => {
  it('takes exactly as many arguments as the entry has schemas', () => {
    expect(message(parseArgs(CONTRACT.status.get.args, [{}]))).toBe('This request takes no arguments.');
    expect(message(parseArgs(CONTRACT.history.get.args, []))).toBe('This request takes exactly one argument.');
    expect(parseArgs(CONTRACT.history.get.args, ['incident:1'])).toEqual({ ok: true, value: ['incident:1'] });
  });
});
