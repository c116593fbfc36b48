/**
 * Opening the history log: the folder and file checked, a compaction's stale copy removed, every
 * record replayed into the index, a torn last record cut off and unreadable lines set aside (see
 * history-store.ts for what a crash can lose).
 */
import { rm, mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../ports';
import type { HistoryIndex } from './history-index';
import { errorCode, LogFile, readLog, type LogReadResult } from './history-log';
import { encodeRecord, LOG_FORMAT_VERSION } from './history-records';

export const LOG_FILE_NAME = 'history.jsonl';
/** Lines that could not be read are moved here rather than dropped, for a human to look at. */
export const REJECTED_FILE_NAME = 'history.rejected.jsonl';
/**
 * The set-aside file never grows past this. Lines that no longer fit are dropped with a log line
 * naming them: one huge damaged line must not fill the disk on every start.
 */
export const REJECTED_FILE_MAX_BYTES = 8 * 1024 * 1024;

export interface OpenedLog {
  readonly log: LogFile;
  /** Records in the file, the header included. */
  readonly records: number;
  /** Unreadable lines were set aside: compact at once so the next start does not meet them again. */
  readonly setAside: boolean;
}

/** Replays `directory`'s log into `index` and opens it for appending. */
export async function openLog(directory: string, index: HistoryIndex, logger: Logger): Promise<OpenedLog> {
  const path = join(directory, LOG_FILE_NAME);
  await mkdir(directory, { recursive: true });
  await removeStaleCopy(`${path}.tmp`, logger);
  await checkIsFile(path);
  let header = false;
  const result = await readLog(path, (record) => {
    switch (record.t) {
      case 'h':
        if (record.v > LOG_FORMAT_VERSION) {
          throw new Error(
            `History file ${path} was written by a newer version of the app (format ${record.v}); ` +
              `this version reads format ${LOG_FORMAT_VERSION}. The file was left untouched.`,
          );
        }
        header = true;
        break;
      case 'e':
        index.loadEvent(record.e, record.r === 1, record.a ?? null);
        break;
      case 'g':
        index.loadGap(record.g);
        break;
      case 'r':
        index.loadRead(record.k);
        break;
      case 'a':
        index.loadAcknowledged(record.k, record.a);
        break;
      case 'ra':
        index.loadAllRead();
        break;
      case 'c':
        index.clear();
        break;
    }
  });
  index.finishLoad();
  const setAside = await keepRejected(directory, path, result, logger);
  const log = LogFile.open(path, result.validBytes);
  let records = result.records;
  if (result.tornBytes > 0) {
    logger.warn('History: cut off a torn last record (a write interrupted by a crash)', { file: path, bytes: result.tornBytes });
  }
  if (result.missingNewline) log.append('\n');
  if (!header && result.records === 0) {
    log.append(encodeRecord({ t: 'h', v: LOG_FORMAT_VERSION }));
    records += 1;
  }
  return { log, records, setAside };
}

/** A compaction interrupted by a crash leaves its copy behind; the log itself is still whole. */
async function removeStaleCopy(tmpPath: string, logger: Logger): Promise<void> {
  try {
    await rm(tmpPath, { force: true });
  } catch (error) {
    logger.warn('History: could not remove a stale compaction file', { file: tmpPath, error: describe(error) });
  }
}

async function checkIsFile(path: string): Promise<void> {
  try {
    if (!(await stat(path)).isFile()) throw new Error(`History file ${path} is not a regular file.`);
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') throw error;
  }
}

/**
 * Corrupt lines are skipped so the rest loads, and saved aside (up to REJECTED_FILE_MAX_BYTES) so
 * compaction does not erase them unseen. True when every line was dealt with (kept, or dropped
 * for the cap), so the log may be compacted without them.
 */
async function keepRejected(directory: string, file: string, result: LogReadResult, logger: Logger): Promise<boolean> {
  if (result.rejected.length === 0) return false;
  logger.warn('History: skipped unreadable records', {
    file,
    count: result.rejected.length,
    lines: result.rejected.slice(0, 20).map(({ line, reason }) => `${line}: ${reason}`),
    keptIn: REJECTED_FILE_NAME,
  });
  const path = join(directory, REJECTED_FILE_NAME);
  let rejects: LogFile | null = null;
  try {
    rejects = LogFile.open(path, (await stat(path).catch(() => null))?.size ?? 0);
    let room = REJECTED_FILE_MAX_BYTES - rejects.bytes;
    const kept: string[] = [];
    const dropped: string[] = [];
    for (const { line, text } of result.rejected) {
      const bytes = Buffer.byteLength(text, 'utf8') + 1;
      if (bytes <= room) {
        kept.push(`${text}\n`);
        room -= bytes;
      } else {
        dropped.push(`${line} (${bytes} bytes)`);
      }
    }
    if (kept.length > 0) rejects.append(kept.join(''));
    await rejects.sync();
    if (dropped.length > 0) {
      logger.warn(`History: unreadable records too large to keep aside (${REJECTED_FILE_NAME} is capped at ${REJECTED_FILE_MAX_BYTES} bytes) were dropped`, {
        file: path,
        count: dropped.length,
        lines: dropped.slice(0, 20),
      });
    }
    return true;
  } catch (error) {
    logger.error('History: could not save the unreadable records aside', { file: path, error: describe(error) });
    return false;
  } finally {
    rejects?.close();
  }
}

export function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
