/**
 * The export as main built it before streaming, kept here only as the benchmark's baseline: every
 * row encoded into one string in memory (CSV lines joined, JSON copies stringified at once), then
 * handed to writeFile. Row encoding is the app's own, so the two differ only in how they write.
 */
import type { ExportFormat } from '../../app/common/ipc-contract';
import type { ClayEvent } from '../../app/common/models';
import { CSV_HEADER, csvRow, type ExportRow } from '../../app/core/history/history-export';

export function inMemoryExportText(format: ExportFormat, rows: Iterable<ExportRow>): { text: string; count: number } {
  if (format === 'csv') {
    const lines = [CSV_HEADER.slice(0, -2)];
    for (const row of rows) lines.push(csvRow(row).slice(0, -2));
    return { text: `${lines.join('\r\n')}\r\n`, count: lines.length - 1 };
  }
  const items: (ClayEvent & { read: boolean })[] = [];
  for (const row of rows) items.push({ ...row.event, read: row.read });
  return { text: `${JSON.stringify(items, null, 2)}\n`, count: items.length };
}
