/**
 * History export: CSV (RFC 4180, safe to open in a spreadsheet) or JSON, streamed to the file the
 * user chose. Rows are encoded and written a chunk at a time, so memory stays flat however large
 * the history is, and the main process keeps answering between chunks. The file is written under a
 * temporary name and renamed at the end: a failed export never leaves half a file, nor replaces the
 * file the user chose to overwrite.
 */
import { randomBytes } from 'node:crypto';
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { ExportFormat } from '../../common/ipc-contract';
import type { Acknowledgement, ClayEvent } from '../../common/models';

export interface ExportRow {
  readonly event: ClayEvent;
  readonly read: boolean;
  readonly ack: Acknowledgement | null;
}

/**
 * Rows are encoded into one reused buffer of this size and written when it is full. Row strings
 * then die young (cheap to collect); building megabyte strings instead left hundreds of MB of
 * garbage for the old generation before a full collection came round.
 */
const EXPORT_BUFFER_BYTES = 1 << 20;
/** UTF-8 needs at most this many bytes per UTF-16 code unit. */
const MAX_UTF8_PER_UNIT = 3;

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

export const CSV_HEADER = `${CSV_COLUMNS.map(([header]) => header).join(',')}\r\n`;

export function csvRow(row: ExportRow): string {
  return `${CSV_COLUMNS.map(([, cell]) => csvCell(cell(row))).join(',')}\r\n`;
}

/** One element of the JSON array, indented as `JSON.stringify(array, null, 2)` would (JSON text holds no raw newlines). */
export function jsonItem(row: ExportRow): string {
  return `  ${JSON.stringify({ ...row.event, read: row.read, acknowledgement: row.ack }, null, 2).replace(/\n/g, '\n  ')}`;
}

/** The export's text piece by piece: a header (or `[`), one piece per row, and the end. */
export function* exportPieces(format: ExportFormat, rows: Iterable<ExportRow>): Generator<string, void, undefined> {
  if (format === 'csv') {
    yield CSV_HEADER;
    for (const row of rows) yield csvRow(row);
    return;
  }
  let first = true;
  for (const row of rows) {
    yield `${first ? '[\n' : ',\n'}${jsonItem(row)}`;
    first = false;
  }
  yield first ? '[]\n' : '\n]\n';
}

/**
 * Writes the rows to `path` and returns how many were written. `onProgress` hears the count after
 * each chunk reaches the file.
 */
export async function writeExportFile(
  path: string,
  format: ExportFormat,
  rows: Iterable<ExportRow>,
  onProgress: (written: number) => void = () => undefined,
): Promise<number> {
  let count = 0;
  const counted = (function* () {
    for (const row of rows) {
      count += 1;
      yield row;
    }
  })();
  await writeExportText(path, exportPieces(format, counted), () => onProgress(count));
  onProgress(count);
  return count;
}

/** Writes text piece by piece through one reused buffer; `onChunk` runs after each chunk reaches the file. */
export async function writeExportText(path: string, pieces: Iterable<string>, onChunk: () => void = () => undefined): Promise<void> {
  await writeAtomically(path, async (file) => {
    const buffer = Buffer.allocUnsafe(EXPORT_BUFFER_BYTES);
    let used = 0;
    for (const piece of pieces) {
      if (used + piece.length * MAX_UTF8_PER_UNIT > buffer.length && used > 0) {
        await file.write(buffer, 0, used);
        used = 0;
        onChunk();
      }
      // A row larger than the buffer (a huge raw payload) goes out on its own.
      if (piece.length * MAX_UTF8_PER_UNIT > buffer.length) await file.write(piece, null, 'utf8');
      else used += buffer.write(piece, used, 'utf8');
    }
    await file.write(buffer, 0, used);
  });
}

/** Writes finished bytes (a PDF) with the same never-half-a-file rule. */
export async function writeExportBytes(path: string, bytes: Uint8Array): Promise<void> {
  await writeAtomically(path, async (file) => {
    await file.write(bytes, 0, bytes.length);
  });
}

/** Under a temporary name, synced, then renamed over `path`; on failure the temporary file goes. */
async function writeAtomically(path: string, body: (file: FileHandle) => Promise<void>): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.part`);
  const file = await open(temporary, 'w', 0o600);
  try {
    await body(file);
    await file.sync();
    await file.close();
    await rename(temporary, path);
  } catch (error) {
    await file.close().catch(() => undefined);
    await rm(temporary, { force: true }).catch(() => undefined);
    throw error;
  }
}

/** A file name for the save dialog, e.g. `clay-tray-history-2026-01-15.csv`. */
export function exportFileName(format: ExportFormat, now: number): string {
  return `clay-tray-history-${new Date(now).toISOString().slice(0, 10)}.${format}`;
}
