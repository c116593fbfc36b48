/**
 * The app's log: a rotating file in the user-data folder (`logs/clay-tray.log`, then `.1`, `.2`),
 * written through the core's `createLogger`, which redacts secrets before a line is formed. Writes
 * are synchronous appends so the last lines before a crash are on disk. Recent warnings and errors
 * are also kept in memory for "Copy diagnostics".
 */
import { appendFileSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { createLogger, formatLogLine, type LogRecord } from '../core/diagnostics/logger';
import type { LogLevel, Logger } from '../core/ports';

export interface RotatingLogOptions {
  readonly directory: string;
  readonly fileName?: string;
  readonly maxBytes?: number;
  /** Files kept in all, the current one included. */
  readonly files?: number;
}

export const LOG_MAX_BYTES = 1024 * 1024;
export const LOG_FILES = 3;
const RECENT_PROBLEMS = 50;

export class RotatingLogFile {
  readonly path: string;
  private readonly maxBytes: number;
  private readonly files: number;
  private size: number;
  private failed = false;

  constructor(options: RotatingLogOptions) {
    mkdirSync(options.directory, { recursive: true });
    this.path = path.join(options.directory, options.fileName ?? 'clay-tray.log');
    this.maxBytes = options.maxBytes ?? LOG_MAX_BYTES;
    this.files = Math.max(1, options.files ?? LOG_FILES);
    this.size = existsSync(this.path) ? statSync(this.path).size : 0;
  }

  /** `clay-tray.log`, `clay-tray.1.log`, … oldest last. */
  fileAt(index: number): string {
    if (index === 0) return this.path;
    const { dir, name, ext } = path.parse(this.path);
    return path.join(dir, `${name}.${index}${ext}`);
  }

  write(line: string): void {
    const text = `${line}\n`;
    const bytes = Buffer.byteLength(text);
    try {
      if (this.size > 0 && this.size + bytes > this.maxBytes) this.rotate();
      appendFileSync(this.path, text, { mode: 0o600 });
      this.size += bytes;
      this.failed = false;
    } catch (error) {
      // A full disk must not take the app down; say so once on stderr and keep going.
      if (!this.failed) process.stderr.write(`clay-tray: cannot write the log file ${this.path}: ${String(error)}\n`);
      this.failed = true;
    }
  }

  private rotate(): void {
    rmSync(this.fileAt(this.files - 1), { force: true });
    for (let index = this.files - 2; index >= 0; index -= 1) {
      const from = this.fileAt(index);
      if (existsSync(from)) renameSync(from, this.fileAt(index + 1));
    }
    this.size = 0;
  }
}

export interface AppLog {
  readonly logger: Logger;
  readonly file: RotatingLogFile;
  /** Recent warnings and errors as log lines (already redacted), oldest first. */
  recentProblems(): readonly string[];
}

export function createAppLog(options: RotatingLogOptions & { readonly level?: LogLevel; readonly secrets: () => readonly string[]; readonly echo?: (line: string) => void }): AppLog {
  const file = new RotatingLogFile(options);
  const recent: string[] = [];
  const sink = (record: LogRecord): void => {
    const line = formatLogLine(record);
    file.write(line);
    options.echo?.(line);
    if (record.level === 'warn' || record.level === 'error') {
      recent.push(line);
      if (recent.length > RECENT_PROBLEMS) recent.shift();
    }
  };
  const logger = createLogger(sink, { scope: 'app', level: options.level ?? 'info', secrets: options.secrets });
  return { logger, file, recentProblems: () => [...recent] };
}
