/**
 * Crashes, kept on this computer. Electron's crash reporter writes minidumps into the user-data
 * folder with uploads off; this module lists them for "Copy diagnostics" (named, never attached)
 * and notices that the last run ended without a clean quit: a run marker is written at start,
 * refreshed every minute and removed on a clean quit, so a marker found at start means a crash, a
 * kill or a power cut, and its last refresh says roughly when.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Clock, ClockTimer, Logger } from '../ports';

export const RUN_MARKER_REFRESH_MS = 60_000;
const MAX_LISTED = 10;
const MAX_DEPTH = 3;

export interface CrashReportFile {
  readonly name: string;
  readonly at: string;
  readonly bytes: number;
}

/** Minidumps under `directory` (Crashpad keeps them in `completed/`, `pending/`…), newest first. */
export function listCrashReports(directory: string): readonly CrashReportFile[] {
  const found: CrashReportFile[] = [];
  const walk = (dir: string, depth: number): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory() && depth < MAX_DEPTH) walk(full, depth + 1);
      else if (entry.isFile() && entry.name.endsWith('.dmp')) {
        const stat = statSync(full, { throwIfNoEntry: false });
        if (stat) found.push({ name: path.relative(directory, full), at: stat.mtime.toISOString(), bytes: stat.size });
      }
    }
  };
  walk(directory, 0);
  return found.sort((a, b) => b.at.localeCompare(a.at)).slice(0, MAX_LISTED);
}

/** Diagnostics lines for the crash reports: where they are and which, never their content. */
export function crashReportLines(directory: string): readonly string[] {
  const reports = listCrashReports(directory);
  if (reports.length === 0) return ['none'];
  return [`kept in ${directory} (not attached; send them only if support asks)`, ...reports.map((r) => `${r.at}  ${r.name}  ${r.bytes} bytes`)];
}

export class RunMarker {
  private timer: ClockTimer | null = null;

  private constructor(
    private readonly file: string,
    private readonly clock: Clock,
    private readonly logger: Logger,
    /** When the previous run was last seen alive, if it did not quit cleanly. */
    readonly previousRunEndedAt: string | null,
  ) {}

  /** Reads what the last run left, then marks this run as running. Never throws: a crash note is not worth failing a start. */
  static start(file: string, clock: Clock, logger: Logger): RunMarker {
    let previous: string | null = null;
    try {
      const text = readFileSync(file, 'utf8');
      const alive: unknown = (JSON.parse(text) as { aliveAt?: unknown }).aliveAt;
      previous = typeof alive === 'string' && !Number.isNaN(Date.parse(alive)) ? alive : new Date(statSync(file).mtimeMs).toISOString();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') previous = new Date(clock.now()).toISOString();
    }
    if (previous) logger.warn('The last run ended without a clean quit', { lastSeenAlive: previous });
    const marker = new RunMarker(file, clock, logger, previous);
    marker.refresh();
    return marker;
  }

  /** A clean quit: the next start finds no marker. */
  stop(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    rmSync(this.file, { force: true });
  }

  private refresh(): void {
    this.timer = null;
    try {
      mkdirSync(path.dirname(this.file), { recursive: true });
      const temporary = `${this.file}.tmp`;
      writeFileSync(temporary, JSON.stringify({ aliveAt: new Date(this.clock.now()).toISOString(), pid: process.pid }));
      renameSync(temporary, this.file);
    } catch (error) {
      this.logger.warn('Could not write the run marker', { reason: error instanceof Error ? error.message : String(error) });
    }
    this.timer = this.clock.setTimeout(() => this.refresh(), RUN_MARKER_REFRESH_MS);
  }
}
