/**
 * Opening the history must never keep the app from starting. When the history folder or file cannot
 * be used (a folder where the file should be, a file from a newer version, no permission), the file
 * is copied aside for a person to look at, the app keeps this session's events in a private
 * temporary folder that is removed on quit, and the caller gets a notice in plain words saying so.
 */
import { copyFile, constants, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Logger } from '../ports';
import { HistoryStore, type HistoryOptions } from './';
import { LOG_FILE_NAME } from './history-store';
import { t } from '../../common/messages/catalog';

export interface OpenedHistory {
  readonly history: HistoryStore;
  /** What went wrong and what was done, for the window and a notification; null when all is well. */
  readonly notice: string | null;
  /** Removes the session-only folder, if one was used; call after closing the store. */
  readonly dispose: () => Promise<void>;
}

export async function openHistoryOrFallback(options: HistoryOptions & { readonly logger: Logger; readonly now?: () => number }): Promise<OpenedHistory> {
  try {
    return { history: await HistoryStore.open(options), notice: null, dispose: () => Promise.resolve() };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const file = path.join(options.directory, LOG_FILE_NAME);
    const kept = await copyAside(file, (options.now ?? Date.now)());
    options.logger.error('History could not be opened; keeping this session in memory only', { reason, kept: kept.copy ?? kept.problem });
    const sessionDirectory = await mkdtemp(path.join(tmpdir(), 'clay-tray-session-history-'));
    const history = await HistoryStore.open({ ...options, directory: sessionDirectory });
    const where = kept.copy !== null ? t('startup.historyCopied', { copy: kept.copy }) : t('startup.historyLeft', { file, problem: kept.problem });
    return {
      history,
      notice: t('startup.historyUnopened', { reason: plainReason(error), where }),
      dispose: () => rm(sessionDirectory, { recursive: true, force: true }),
    };
  }
}

/** Copies an unusable history file beside itself; the copy's path, or why there is none. */
async function copyAside(file: string, now: number): Promise<{ readonly copy: string; readonly problem?: never } | { readonly copy: null; readonly problem: string }> {
  try {
    if (!(await stat(file)).isFile()) return { copy: null, problem: t('startup.historyIsFolder') };
  } catch (error) {
    return { copy: null, problem: t('startup.historyUnreadable', { code: codeOf(error) }) };
  }
  const stamp = new Date(now).toISOString().replace(/[:.]/g, '-');
  const copy = path.join(path.dirname(file), `history.unreadable-${stamp}.jsonl`);
  try {
    await copyFile(file, copy, constants.COPYFILE_EXCL);
    return { copy };
  } catch (error) {
    return { copy: null, problem: t('startup.historyNotCopied', { code: codeOf(error) }) };
  }
}

/** The store's own words for the two cases a person can act on; the system's code otherwise. */
function plainReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/newer version/.test(message)) return t('startup.historyNewer');
  if (/not a regular file/.test(message)) return t('startup.historyFolder');
  return t('startup.systemSaid', { code: codeOf(error) });
}

function codeOf(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') return error.code;
  return error instanceof Error ? error.message.slice(0, 200) : String(error).slice(0, 200);
}
