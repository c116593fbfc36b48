import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClayEvent, OfflineGap, StreamKind } from '../../../app/common/models';
import type { Logger, LogLevel } from '../../../app/core/ports';
import { clayEvent } from '../../support/events';

export interface LogEntry {
  readonly level: LogLevel;
  readonly message: string;
  readonly fields: Readonly<Record<string, unknown>> | undefined;
}

export class RecordingLogger implements Logger {
  readonly entries: LogEntry[] = [];

  debug(message: string, fields?: Readonly<Record<string, unknown>>): void {
    this.entries.push({ level: 'debug', message, fields });
  }
  info(message: string, fields?: Readonly<Record<string, unknown>>): void {
    this.entries.push({ level: 'info', message, fields });
  }
  warn(message: string, fields?: Readonly<Record<string, unknown>>): void {
    this.entries.push({ level: 'warn', message, fields });
  }
  error(message: string, fields?: Readonly<Record<string, unknown>>): void {
    this.entries.push({ level: 'error', message, fields });
  }
  child(): Logger {
    return this;
  }

  at(level: LogLevel): LogEntry[] {
    return this.entries.filter((entry) => entry.level === level);
  }
}

export const T0 = Date.UTC(2026, 10, 1, 8, 0, 0);

export interface EventSpec {
  readonly n: number;
  readonly stream?: StreamKind;
  readonly site?: string | null;
  readonly siteName?: string | null;
  readonly category?: string | null;
  readonly detail?: string | null;
  readonly lockName?: string | null;
  readonly accessor?: string | null;
  /** Seconds after T0; defaults to n minutes. */
  readonly at?: number;
  readonly time?: string | null;
  readonly raw?: string;
}

/** Event n of a store: `ev-n` at n minutes after T0 unless told, received half a second later. */
export function makeEvent(spec: EventSpec): ClayEvent {
  const at = T0 + (spec.at ?? spec.n * 60) * 1000;
  return clayEvent({
    stream: spec.stream ?? 'entry',
    site: spec.site === undefined ? 'site-a' : spec.site,
    siteName: spec.siteName === undefined ? 'Head Office' : spec.siteName,
    id: `ev-${spec.n}`,
    category: spec.category === undefined ? 'lock_opened' : spec.category,
    detail: spec.detail ?? null,
    time: spec.time === undefined ? new Date(at).toISOString() : spec.time,
    lock: { id: `lock-${spec.n % 7}`, name: spec.lockName === undefined ? `Door ${spec.n % 7}` : spec.lockName },
    accessor: spec.accessor ?? null,
    accessBy: 'tag',
    receivedAt: new Date(at + 500).toISOString(),
    ...(spec.raw === undefined ? {} : { raw: spec.raw }),
  });
}

export function makeGap(key: string, from: number, to: number, stream: StreamKind = 'entry', site: string | null = null): OfflineGap {
  return { key, stream, site, from: new Date(T0 + from * 1000).toISOString(), to: new Date(T0 + to * 1000).toISOString() };
}

export async function scratchDir(prefix: string): Promise<{ readonly path: string; remove(): Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), `clay-history-${prefix}-`));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}
