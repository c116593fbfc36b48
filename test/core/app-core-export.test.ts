import { describe, expect, it } from 'vitest';
import type { ClayEvent } from '../../app/common/models';
import { csvCell, eventsToCsv, eventsToJson, exportFileName } from '../../app/core/app-core-export';

const base: ClayEvent = {
  key: 'entry:9',
  stream: 'entry',
  site: null,
  siteName: null,
  id: '9',
  category: 'lock_opened',
  detail: null,
  time: null,
  localTime: null,
  lock: { id: null, name: null },
  accessor: null,
  accessBy: 'tag',
  receivedAt: '2026-01-15T10:00:00.000Z',
  raw: '{"id":"9"}',
};

describe('csvCell', () => {
  it.each([
    ['plain', 'plain'],
    ['=1+1', "'=1+1"],
    ['+SUM(A1)', "'+SUM(A1)"],
    ['-2', "'-2"],
    ['@cmd', "'@cmd"],
    ['\t=x', "'\t=x"],
    ['\r=x', `"'\r=x"`],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['line\nbreak', '"line\nbreak"'],
    ['=HYPERLINK("x")', `"'=HYPERLINK(""x"")"`],
    ['', ''],
    ['שלום 👋', 'שלום 👋'],
  ])('%j → %j', (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  it('leaves null empty', () => {
    expect(csvCell(null)).toBe('');
  });
});

describe('eventsToCsv / eventsToJson', () => {
  it('writes a header, CRLF lines and one row per event', () => {
    const { text, count } = eventsToCsv([{ event: base, read: true, ack: null }, { event: { ...base, key: 'entry:10', raw: 'not json, "quoted"' }, read: false, ack: null }]);
    expect(count).toBe(2);
    const lines = text.split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines[3]).toBe('');
    expect(lines[1]).toBe('entry:9,entry,,,9,lock_opened,,,,,,,tag,2026-01-15T10:00:00.000Z,true,,,,"{""id"":""9""}"');
    expect(lines[2]!.endsWith('false,,,,"not json, ""quoted"""')).toBe(true);
  });

  it('writes an empty export as a header only', () => {
    expect(eventsToCsv([])).toEqual({ text: expect.stringMatching(/^key,.*,raw\r\n$/), count: 0 });
    expect(eventsToJson([])).toEqual({ text: '[]\n', count: 0 });
  });

  it('keeps every field, the raw text and the read flag in JSON', () => {
    const { text } = eventsToJson([{ event: base, read: true, ack: null }]);
    expect(JSON.parse(text)).toEqual([{ ...base, read: true, acknowledgement: null }]);
  });

  it('suggests a dated file name', () => {
    expect(exportFileName('json', Date.UTC(2026, 10, 28, 23, 59))).toBe('clay-tray-history-2026-11-28.json');
  });
});
