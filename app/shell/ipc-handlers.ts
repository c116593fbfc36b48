/**
 * What each IPC request does: almost all of it is the core's; the shell adds only what needs
 * Electron (the save dialog for exports, the clipboard for diagnostics). Arguments arrive here
 * already validated by ipc-main.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { clipboard, dialog, type BaseWindow } from 'electron';
import type { ExportFormat, ExportOutcome } from '../common/ipc-contract';
import type { AboutInfo } from '../common/models';
import { fail, ok, type Result } from '../common/result';
import type { AppCore } from '../core/app-core';
import type { Logger } from '../core/ports';
import type { InvokeHandlers } from './ipc-main';

export interface IpcHandlerOptions {
  readonly core: AppCore;
  readonly logger: Logger;
  /** The window the save dialog belongs to (so it is modal to it), if one is open. */
  readonly parentWindow: () => BaseWindow | null;
  /** Where the save dialog starts, e.g. the Documents folder. */
  readonly defaultDirectory: () => string;
  readonly about: () => AboutInfo;
  readonly setEditingSettings: (editing: boolean) => void;
  /** False when no downloaded update is waiting. */
  readonly restartToUpdate: () => boolean;
}

const FILTERS: Readonly<Record<ExportFormat, { name: string; extensions: string[] }>> = {
  csv: { name: 'CSV (spreadsheet)', extensions: ['csv'] },
  json: { name: 'JSON', extensions: ['json'] },
};

export function createIpcHandlers(options: IpcHandlerOptions): InvokeHandlers {
  const { core, logger } = options;

  async function saveExport(format: ExportFormat, text: string, fileName: string, count: number): Promise<Result<ExportOutcome>> {
    const dialogOptions = { title: 'Export history', defaultPath: path.join(options.defaultDirectory(), fileName), filters: [FILTERS[format]] };
    const parent = options.parentWindow();
    const choice = parent ? await dialog.showSaveDialog(parent, dialogOptions) : await dialog.showSaveDialog(dialogOptions);
    if (choice.canceled || !choice.filePath) return ok({ saved: false });
    try {
      await writeFile(choice.filePath, text, 'utf8');
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      logger.warn('Export could not be written', { reason });
      return fail('export-failed', `The export could not be saved: ${reason}`);
    }
    logger.info('Exported history', { format, count });
    return ok({ saved: true, path: choice.filePath, count });
  }

  return {
    'clay:history:query': (query) => core.queryHistory(query),
    'clay:history:get': (key) => core.getHistoryItem(key),
    'clay:history:mark-read': (keys) => core.markRead(keys),
    'clay:history:mark-all-read': () => core.markAllRead(),
    'clay:history:clear': () => core.clearHistory(),
    'clay:history:export': async (request) => {
      const built = core.exportHistory(request);
      if (!built.ok) return built;
      return saveExport(request.format, built.value.text, built.value.fileName, built.value.count);
    },
    'clay:status:get': () => ok(core.status()),
    'clay:connection:reconnect': () => core.reconnectNow(),
    'clay:connection:test': () => core.testConnection(),
    'clay:settings:get': () => core.getSettings(),
    'clay:settings:update': (patch) => core.updateSettings(patch),
    'clay:secret:set': (input) => core.setSecret(input),
    'clay:secret:clear': () => core.clearSecret(),
    'clay:notifications:pause': (request) => core.pause(request),
    'clay:notifications:resume': () => core.resume(),
    'clay:diagnostics:copy': async () => {
      const text = core.diagnostics();
      if (!text.ok) return text;
      // Electron 45's clipboard is asynchronous and can refuse (no clipboard owner on a bare X session).
      try {
        await clipboard.writeText(text.value);
      } catch (error) {
        logger.warn('Diagnostics could not be copied', { reason: error instanceof Error ? error.message : String(error) });
        return fail('clipboard-failed', 'The diagnostics could not be copied to the clipboard. Try again.');
      }
      return ok(null);
    },
    'clay:about:get': () => ok(options.about()),
    'clay:updates:set-editing': (editing) => {
      options.setEditingSettings(editing);
      return ok(null);
    },
    'clay:updates:restart': () =>
      options.restartToUpdate() ? ok(null) : fail('no-update', 'There is no downloaded update to install yet.'),
  };
}
