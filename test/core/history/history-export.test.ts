import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ClayEvent } from '../../../app/common/models';
import { csvCell, exportFileName, writeExportFile, type ExportRow } from '../../../app/core/history/history-export';

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

describe('writeExportFile', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'clay-export-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function written(format: 'csv' | 'json', rows: ExportRow[]): Promise<{ text: string; count: number }> {
    const path = join(dir, `out.${format}`);
    const count = await writeExportFile(path, format, rows);
    return { text: readFileSync(path, 'utf8'), count };
  }

  it('writes a header, CRLF lines and one row per event', async () => {
    const { text, count } = await written('csv', [{ event: base, read: true, ack: null }, { event: { ...base, key: 'entry:10', raw: 'not json, "quoted"' }, read: false, ack: null }]);
    expect(count).toBe(2);
    const lines = text.split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines[3]).toBe('');
    expect(lines[1]).toBe('entry:9,entry,,,9,lock_opened,,,,,,,tag,2026-01-15T10:00:00.000Z,true,,,,"{""id"":""9""}"');
    expect(lines[2]!.endsWith('false,,,,"not json, ""quoted"""')).toBe(true);
  });

  it('writes an empty export as a header only, or an empty array', async () => {
    expect(await written('csv', [])).toEqual({ text: expect.stringMatching(/^key,.*,raw\r\n$/), count: 0 });
    expect(await written('json', [])).toEqual({ text: '[]\n', count: 0 });
  });

  it('writes JSON exactly as JSON.stringify(rows, null, 2) would, every field, raw text and read flag kept', async () => {
    const rows = [
      { event: base, read: true, ack: null },
      { event: { ...base, key: 'entry:11', raw: 'line\nbreak \u2028 "q"', lock: { id: 'l', name: 'Door\n2' } }, read: false, ack: null },
    ];
    const { text } = await written('json', rows);
    expect(text).toBe(`${JSON.stringify(rows.map((r) => ({ ...r.event, read: r.read, acknowledgement: r.ack })), null, 2)}\n`);
  });

  it('writes large exports in chunks and reports progress after each', async () => {
    const rows = Array.from({ length: 2000 }, (_, n) => ({ event: { ...base, key: `entry:${n}`, raw: 'r'.repeat(2000) }, read: false, ack: null }));
    const progress: number[] = [];
    const count = await writeExportFile(join(dir, 'big.csv'), 'csv', rows, (n) => progress.push(n));
    expect(count).toBe(2000);
    expect(progress.length).toBeGreaterThan(2);
    expect(progress.at(-1)).toBe(2000);
    expect(readFileSync(join(dir, 'big.csv'), 'utf8').split('\r\n')).toHaveLength(2002);
  });

  it('replaces the chosen file only once the export is complete', async () => {
    const path = join(dir, 'keep.csv');
    writeFileSync(path, 'the old file');
    function* failing(): Generator<ExportRow> {
      yield { event: base, read: false, ack: null };
      throw new Error('disk trouble');
    }
    await expect(writeExportFile(path, 'csv', failing())).rejects.toThrow('disk trouble');
    expect(readFileSync(path, 'utf8')).toBe('the old file');
    expect(readdirSync(dir)).toEqual(['keep.csv']);
  });

  it('suggests a dated file name', () => {
    expect(exportFileName('json', Date.UTC(2026, 10, 28, 23, 59))).toBe('clay-tray-history-2026-11-28.json');
  });
});
