import { describe, expect, it } from 'vitest';
import { utcTime } from '../../../app/core/streaming/event-time';
import { MAX_ID_IN_KEY, normaliseEvent, snakeCase } from '../../../app/core/streaming/events';
import { LIMITS } from '../../../app/common/ipc-schemas';

const context = { stream: 'incident' as const, site: null, receivedAt: '2026-01-01T00:00:00.000Z' };

describe('normaliseEvent', () => {
  it('reads the REST field names from a JSON string and keeps the string as raw', () => {
    const raw = JSON.stringify({
      id: 'e-1',
      event_category: 'lock_rejected',
      event_detail: 'no_access',
      utc_date_time: '2026-03-01T10:15:00Z',
      local_date_time: '2026-03-01T11:15:00',
      lock_id: 'L1',
      lock_customer_reference: 'Main entrance',
      accessor_id: 'A9',
      collection_id: 'S1',
      collection_customer_reference: 'HQ',
      access_by: 'tag',
    });
    const event = normaliseEvent(raw, context);
    expect(event).toEqual({
      key: 'incident:e-1',
      stream: 'incident',
      site: 'S1',
      siteName: 'HQ',
      id: 'e-1',
      category: 'lock_rejected',
      detail: 'no_access',
      time: '2026-03-01T10:15:00.000Z',
      localTime: '2026-03-01T11:15:00',
      lock: { id: 'L1', name: 'Main entrance' },
      accessor: 'A9',
      accessBy: 'tag',
      receivedAt: context.receivedAt,
      raw,
      credential: null,
      exitRequested: null,
      iq: { id: null, name: null },
      person: null,
    });
  });

  it('reads camelCase and PascalCase objects, and raw is their JSON text', () => {
    const camel = { id: 7, eventCategory: 'LockOpened', utcDateTime: '2026-03-01T10:15:00', lockId: 'L2', collectionId: 'S2' };
    const pascal = { Id: 'x', EventCategory: 'DoorLeftOpen', UtcDateTime: '2026-03-01T10:15:00+01:00', LockCustomerReference: 'Back door' };
    const a = normaliseEvent(camel, context);
    const b = normaliseEvent(pascal, { ...context, site: 'SUB' });
    expect([a.id, a.category, a.time, a.lock.id, a.site, a.raw]).toEqual(['7', 'lock_opened', '2026-03-01T10:15:00.000Z', 'L2', 'S2', JSON.stringify(camel)]);
    expect([b.id, b.category, b.time, b.lock.name, b.site]).toEqual(['x', 'door_left_open', '2026-03-01T09:15:00.000Z', 'Back door', 'SUB']);
  });

  it('prefers the subscription site over the payload site', () => {
    expect(normaliseEvent({ id: '1', collection_id: 'P' }, { ...context, site: 'SUB' }).site).toBe('SUB');
  });

  it('unwraps a double-encoded string and a data wrapper', () => {
    const inner = { id: 'w', event_category: 'tamper' };
    expect(normaliseEvent(JSON.stringify(JSON.stringify(inner)), context).category).toBe('tamper');
    expect(normaliseEvent({ data: inner }, context).id).toBe('w');
  });

  it.each([
    ['invalid JSON', '{"id": '],
    ['a plain sentence', 'hello <script>alert(1)</script>'],
    ['an array', [1, 2, 3]],
    ['a number', 42],
    ['null', null],
    ['undefined', undefined],
    ['true', true],
    ['an empty object', {}],
  ])('turns %s into an event with category null and the raw text', (_, argument) => {
    const event = normaliseEvent(argument, context);
    expect(event.category).toBeNull();
    expect(event.id).toBeNull();
    expect(event.key).toMatch(/^incident:raw:[0-9a-f]{32}$/);
    expect(typeof event.raw).toBe('string');
    expect(event.raw).toBe(typeof argument === 'string' ? argument : (JSON.stringify(argument) ?? ''));
  });

  it('survives a megabyte string and 5,000-deep nesting, as text and as object', () => {
    const huge = 'x'.repeat(1024 * 1024);
    expect(normaliseEvent(huge, context).raw.length).toBe(huge.length);
    const deepText = '['.repeat(5000) + ']'.repeat(5000);
    expect(normaliseEvent(deepText, context).raw).toBe(deepText);
    const deepObjectText = '{"a":'.repeat(5000) + '1' + '}'.repeat(5000);
    const fromText = normaliseEvent(deepObjectText, context);
    expect(fromText.raw).toBe(deepObjectText);
    expect(fromText.category).toBeNull();
    const deepObject = JSON.parse(deepObjectText) as unknown;
    expect(normaliseEvent({ id: 'deep', event_category: 'intrusion', nested: deepObject }, context).category).toBe('intrusion');
    const hugeCategory = normaliseEvent({ id: 'h', event_category: huge }, context);
    expect(hugeCategory.category).toBeNull();
  });

  it('never throws on an argument nested too deep for JSON.stringify: raw is the real text and it says what it could not read', () => {
    const deepArrayText = '['.repeat(100_000) + ']'.repeat(100_000);
    const problems: string[] = [];
    const fromArray = normaliseEvent(JSON.parse(deepArrayText) as unknown, context, (problem) => problems.push(problem));
    expect(fromArray.raw).toBe(deepArrayText);
    expect(fromArray.category).toBeNull();
    expect(problems).toEqual(['A message had no field this app knows']);
    const deepObjectText = (inner: string): string => '{"a":'.repeat(10_000) + inner + '}'.repeat(10_000);
    const first = normaliseEvent(JSON.parse(deepObjectText('1')) as unknown, context);
    const second = normaliseEvent(JSON.parse(deepObjectText('2')) as unknown, context);
    expect(first.raw).toBe(deepObjectText('1'));
    expect(first.raw).not.toContain('[object Object]');
    expect(first.key).not.toBe(second.key);
    const wrapped = { id: 'deep-2', event_category: 'intrusion', nested: JSON.parse(deepObjectText('"x"')) as unknown };
    const event = normaliseEvent(wrapped, context);
    expect([event.id, event.category, event.raw]).toEqual(['deep-2', 'intrusion', `{"id":"deep-2","event_category":"intrusion","nested":${deepObjectText('"x"')}}`]);
  });

  it('writes deep raw text exactly as JSON.stringify would, undefined and odd keys included', () => {
    const sample = { a: [1, undefined, 'two', { b: null, skip: undefined, 'q"uote': '\u2028' }], c: {}, d: [] as unknown[], e: -0.5 };
    let deep: unknown = sample;
    for (let i = 0; i < 20_000; i += 1) deep = [deep];
    const text = normaliseEvent(deep, context).raw;
    expect(text).toBe('['.repeat(20_000) + JSON.stringify(sample) + ']'.repeat(20_000));
  });

  it('keys a long id by its hash so the window can address it, and keeps the id whole', () => {
    const long = (tail: string): string => `${'x'.repeat(5000)}${tail}`;
    const a = normaliseEvent({ id: long('a'), event_category: 'tamper' }, context);
    const b = normaliseEvent({ id: long('b'), event_category: 'tamper' }, context);
    expect(a.key).toMatch(/^incident:id-hash:[0-9a-f]{32}$/);
    expect(a.key.length).toBeLessThanOrEqual(LIMITS.key);
    expect(a.key).not.toBe(b.key);
    expect(a.id).toBe(long('a'));
    expect(normaliseEvent({ id: 'y'.repeat(MAX_ID_IN_KEY) }, context).key).toBe(`incident:${'y'.repeat(MAX_ID_IN_KEY)}`);
  });

  it('keeps the key distinct for events without id and equal for equal raw text', () => {
    expect(normaliseEvent('a', context).key).toBe(normaliseEvent('a', context).key);
    expect(normaliseEvent('a', context).key).not.toBe(normaliseEvent('b', context).key);
  });

  it('ignores fields of the wrong type instead of throwing', () => {
    const event = normaliseEvent({ id: { nested: true }, event_category: ['x'], utc_date_time: 'not a date', lock: 'L' }, context);
    expect([event.id, event.category, event.time, event.lock.id]).toEqual([null, null, null, null]);
  });
});

describe('snakeCase and utcTime', () => {
  it.each([
    ['LockOpened', 'lock_opened'],
    ['lockOpened', 'lock_opened'],
    ['LOCK_OPENED', 'lock_opened'],
    ['Door left open', 'door_left_open'],
    ['easy-office-mode', 'easy_office_mode'],
    ['IQOffline', 'iq_offline'],
  ])('%s → %s', (input, expected) => expect(snakeCase(input)).toBe(expected));

  it.each([
    ['2026-03-01T10:15:00', '2026-03-01T10:15:00.000Z'],
    ['2026-03-01 10:15:00', '2026-03-01T10:15:00.000Z'],
    ['2026-03-01T10:15:00.1234567', '2026-03-01T10:15:00.123Z'],
    ['2026-03-01T10:15:00-02:00', '2026-03-01T12:15:00.000Z'],
    ['2026-03-01T10:15:00Z', '2026-03-01T10:15:00.000Z'],
    ['2026-03-01t10:15:00z', '2026-03-01T10:15:00.000Z'],
    ['2026-03-01T10:15:00+0100', '2026-03-01T09:15:00.000Z'],
    ['2026-03-01T10:15:00+01', '2026-03-01T09:15:00.000Z'],
    ['2026-03-01T10:15', '2026-03-01T10:15:00.000Z'],
    ['2026-03-01', '2026-03-01T00:00:00.000Z'],
    [' 2026-03-01T10:15:00.5 ', '2026-03-01T10:15:00.500Z'],
    ['2026-03-01T10:15:00 garbage', null],
    ['2026-02-30T10:15:00', null],
    ['2026-03-01T24:00:00', null],
    ['2024-02-29T23:59:59.9999999-00:30', '2024-03-01T00:29:59.999Z'],
    ['', null],
    [1772360100, '2026-03-01T10:15:00.000Z'],
    [1772360100000, '2026-03-01T10:15:00.000Z'],
    ['yesterday', null],
    ['2026-13-45T99:00:00', null],
  ])('%s → %s', (input, expected) => expect(utcTime(input)).toBe(expected));

  it('answers each text on its own when texts repeat and alternate (the last answer is reused)', () => {
    const sequence: [unknown, string | null][] = [
      ['2026-03-01T10:15:00+01:00', '2026-03-01T09:15:00.000Z'],
      ['2026-03-01T10:15:00+01:00', '2026-03-01T09:15:00.000Z'],
      ['2026-02-30T10:15:00Z', null],
      ['2026-02-30T10:15:00Z', null],
      [`2026-03-01T10:15:00Z${' '.repeat(60)}`, null],
      ['2026-03-01T10:15:00+01:00', '2026-03-01T09:15:00.000Z'],
      [1772360100, '2026-03-01T10:15:00.000Z'],
      ['2026-03-01T10:15:00', '2026-03-01T10:15:00.000Z'],
    ];
    expect(sequence.map(([input]) => utcTime(input))).toEqual(sequence.map(([, expected]) => expected));
  });
});
