/**
 * The history log on disk: reading it back (tolerating a torn last line and corrupt lines) and
 * appending to it. Appends are positional writes at the end of the last good record, so a failed
 * or short write is rolled back and can never leave half a record in front of the next one.
 */
import { closeSync, fsync, ftruncateSync, fstatSync, openSync, constants, write, writeSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { decodeRecord, type LogRecord } from './history-records';

const NEWLINE = 0x0a;

export interface RejectedLine {
  /** 1-based line number in the file as read. */
  readonly line: number;
  readonly reason: string;
  readonly text: string;
}

export interface LogReadResult {
  /** Bytes of the file that hold complete records; anything after is a torn write. */
  readonly validBytes: number;
  readonly records: number;
  readonly rejected: readonly RejectedLine[];
  readonly tornBytes: number;
  /** The last record is complete but its newline never made it to disk. */
  readonly missingNewline: boolean;
}

/** Replays the file record by record; a missing file reads as empty. */
export async function readLog(path: string, onRecord: (record: LogRecord) => void): Promise<LogReadResult> {
  let data: Buffer;
  try {
    data = await readFile(path);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return { validBytes: 0, records: 0, rejected: [], tornBytes: 0, missingNewline: false };
    throw error;
  }
  const rejected: RejectedLine[] = [];
  let records = 0;
  let start = 0;
  let line = 0;
  while (start < data.length) {
    line += 1;
    const end = data.indexOf(NEWLINE, start);
    const last = end < 0;
    const text = data.toString('utf8', start, last ? data.length : end);
    const record = text.trim() === '' ? null : placed(decodeRecord(text), line, records);
    if (typeof record === 'string') {
      // A bad last line without its newline is a write cut short, not damage: drop it quietly.
      if (last) return { validBytes: start, records, rejected, tornBytes: data.length - start, missingNewline: false };
      rejected.push({ line, reason: record, text });
    } else if (record !== null) {
      onRecord(record);
      records += 1;
    }
    if (last) return { validBytes: data.length, records, rejected, tornBytes: 0, missingNewline: true };
    start = end + 1;
  }
  return { validBytes: data.length, records, rejected, tornBytes: 0, missingNewline: false };
}

/**
 * Some records mean something only where the writer put them: a header only opens the file, and a
 * clear only counts where it says it was written. Anywhere else they are damage (a stray or pasted
 * line), set aside like garbage, so one such line can neither abort the load nor wipe what precedes it.
 */
function placed(record: LogRecord | string, line: number, recordsBefore: number): LogRecord | string {
  if (typeof record === 'string') return record;
  if (record.t === 'h' && line !== 1) return 'a header after the first line';
  if (record.t === 'c' && record.n !== recordsBefore) return `a clear mark written for record ${record.n}, found at record ${recordsBefore}`;
  return record;
}

/** An open log file that only ever grows at its end, with explicit durability points. */
export class LogFile {
  private constructor(
    readonly path: string,
    private readonly fd: number,
    private end: number,
  ) {}

  /** Bytes past `end` from a failed write that could not be cut off yet; nothing is written until they are. */
  private stale = false;

  /** Opens (creating it private to the user) and cuts it to `validBytes`, dropping a torn tail. */
  static open(path: string, validBytes: number): LogFile {
    const fd = openSync(path, constants.O_RDWR | constants.O_CREAT, 0o600);
    try {
      if (fstatSync(fd).size !== validBytes) ftruncateSync(fd, validBytes);
    } catch (error) {
      closeSync(fd);
      throw error;
    }
    return new LogFile(path, fd, validBytes);
  }

  /** Creates or empties a file for a compacted copy. */
  static create(path: string): LogFile {
    const fd = openSync(path, constants.O_RDWR | constants.O_CREAT | constants.O_TRUNC, 0o600);
    return new LogFile(path, fd, 0);
  }

  get bytes(): number {
    return this.end;
  }

  /**
   * Writes `text` after the last good byte in as few calls as the OS allows (one, unless the disk
   * is nearly full). On failure the file is cut back, so the log still ends with a whole record,
   * and the error is thrown.
   */
  append(text: string): void {
    this.cutStale();
    const length = Buffer.byteLength(text, 'utf8');
    let written = 0;
    try {
      written = writeSync(this.fd, text, this.end, 'utf8');
      if (written === length) {
        this.end += written;
        return;
      }
      // A short write (nearly full disk): go on from the byte where it stopped.
      const buffer = Buffer.from(text, 'utf8');
      while (written < buffer.length) {
        written += writeSync(this.fd, buffer, written, buffer.length - written, this.end + written);
      }
    } catch (error) {
      if (written > 0) this.rollBack();
      throw error;
    }
    this.end += written;
  }

  /** The asynchronous append for large compaction copies, which must not block the main thread. */
  async appendAsync(text: string): Promise<void> {
    this.cutStale();
    const buffer = Buffer.from(text, 'utf8');
    let written = 0;
    try {
      while (written < buffer.length) {
        written += await new Promise<number>((resolve, reject) => {
          write(this.fd, buffer, written, buffer.length - written, this.end + written, (error, bytes) => {
            if (error === null) resolve(bytes);
            else reject(error);
          });
        });
      }
    } catch (error) {
      if (written > 0) this.rollBack();
      throw error;
    }
    this.end += written;
  }

  sync(): Promise<void> {
    return new Promise((resolve, reject) => {
      fsync(this.fd, (error) => (error === null ? resolve() : reject(error)));
    });
  }

  close(): void {
    closeSync(this.fd);
  }

  private rollBack(): void {
    try {
      ftruncateSync(this.fd, this.end);
    } catch {
      // Partial records past `end` could be read back as whole ones; the next append cuts them first.
      this.stale = true;
    }
  }

  private cutStale(): void {
    if (!this.stale) return;
    ftruncateSync(this.fd, this.end);
    this.stale = false;
  }
}

/** Makes a rename durable. Windows cannot open a directory this way; there the rename is as durable as NTFS makes it. */
export async function syncDirectory(path: string): Promise<void> {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY);
  } catch {
    return;
  }
  await new Promise<void>((resolve) => {
    fsync(fd, () => {
      closeSync(fd);
      resolve();
    });
  });
}

export function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}
