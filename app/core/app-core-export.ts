/**
 * History export as text: CSV (RFC 4180, safe to open in a spreadsheet) or JSON. The shell's save
 * dialog writes the text; nothing here touches the file system.
 */
import type { ExportFormat } from '../common/ipc-contract';
import type { Acknowledgement, ClayEvent } from '../common/models';

export interface ExportRow {
  readonly event: ClayEvent;
  readonly read: boolean;
  readonly ack: Acknowledgement | null;
}

const CSV_COLUMNS: readonly [header: string, cell: (row: ExportRow) => string | null][] = [
  ['key', (r) => r.event.key],
  ['stream', (r) => r.event.stream],
  ['site', (r) => r.event.site],
  ['site_name', (r) => r.event.siteName],
  ['id', (r) => r.event.id],
  ['category', (r) => r.event.category],
  ['detail', (r) => r.event.detail],
  ['time', (r) => r.event.time],
  ['local_time', (r) => r.event.localTime],
  ['lock_id', (r) => r.event.lock.id],
  ['lock_name', (r) => r.event.lock.name],
  ['accessor', (r) => r.event.accessor],
  ['access_by', (r) => r.event.accessBy],
  ['received_at', (r) => r.event.receivedAt],
  ['read', (r) => (r.read ? 'true' : 'false')],
  ['acknowledged_by', (r) => r.ack?.by ?? null],
  ['acknowledged_at', (r) => r.ack?.at ?? null],
  ['acknowledgement_note', (r) => r.ack?.note ?? null],
  ['raw', (r) => r.event.raw],
];

/**
 * Spreadsheets run a cell that starts with = + - @ (or a tab/CR that hides one) as a formula, so
 * such text gets a leading apostrophe (OWASP's CSV-injection advice); quoting follows RFC 4180.
 */
export function csvCell(value: string | null): string {
  if (value === null) return '';
  const defused = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(defused) ? `"${defused.replace(/"/g, '""')}"` : defused;
}

export function eventsToCsv(rows: Iterable<ExportRow>): { text: string; count: number } {
  const lines = [CSV_COLUMNS.map(([header]) => header).join(',')];
  let count = 0;
  for (const row of rows) {
    lines.push(CSV_COLUMNS.map(([, cell]) => csvCell(cell(row))).join(','));
    count += 1;
  }
  return { text: `${lines.join('\r\n')}\r\n`, count };
}

export function eventsToJson(rows: Iterable<ExportRow>): { text: string; count: number } {
  const items: (ClayEvent & { read: boolean; acknowledgement: Acknowledgement | null })[] = [];
  for (const row of rows) items.push({ ...row.event, read: row.read, acknowledgement: row.ack });
  return { text: `${JSON.stringify(items, null, 2)}\n`, count: items.length };
}

export function exportText(format: ExportFormat, rows: Iterable<ExportRow>): { text: string; count: number } {
  return format === 'csv' ? eventsToCsv(rows) : eventsToJson(rows);
}

/** A file name for the save dialog, e.g. `clay-tray-history-2026-01-15.csv`. */
export function exportFileName(format: ExportFormat, now: number): string {
  return `clay-tray-history-${new Date(now).toISOString().slice(0, 10)}.${format}`;
}
