/**
 * What each IPC request does: almost all of it is the core's; the shell adds only what needs
 * Electron (the save dialog for exports, the clipboard for diagnostics). Arguments arrive here
 * already validated by ipc-main.
 */
import path from 'node:path';
import { clipboard, dialog, type BaseWindow } from 'electron';
import type { ExportFormat } from '../common/ipc-contract';
import { ok } from '../common/result';
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
}

const FILTERS: Readonly<Record<ExportFormat, { name: string; extensions: string[] }>> = {
  csv: { name: 'CSV (spreadsheet)', extensions: ['csv'] },
  json: { name: 'JSON', extensions: ['json'] },
};

export function createIpcHandlers(options: IpcHandlerOptions): InvokeHandlers {
  const { core } = options;

  /** The save dialog, modal to the window when one is open; null when the user cancels. */
  async function chooseExportFile(format: ExportFormat, suggestedName: string): Promise<string | null> {
    const dialogOptions = { title: 'Export history', defaultPath: path.join(options.defaultDirectory(), suggestedName), filters: [FILTERS[format]] };
    const parent = options.parentWindow();
    const choice = parent ? await dialog.showSaveDialog(parent, dialogOptions) : await dialog.showSaveDialog(dialogOptions);
    return choice.canceled || !choice.filePath ? null : choice.filePath;
  }

  return {
    'clay:history:query': (query) => core.queryHistory(query),
    'clay:history:get': (key) => core.getHistoryItem(key),
    'clay:history:mark-read': (keys) => core.markRead(keys),
    'clay:history:mark-all-read': () => core.markAllRead(),
    'clay:history:clear': () => core.clearHistory(),
    'clay:history:export': (request) => core.exportHistory(request, (suggestedName) => chooseExportFile(request.format, suggestedName)),
    'clay:status:get': () => ok(core.status()),
    'clay:connection:reconnect': () => core.reconnectNow(),
    'clay:connection:test': () => core.testConnection(),
    'clay:settings:get': () => core.getSettings(),
    'clay:settings:update': (patch) => core.updateSettings(patch),
    'clay:secret:set': (input) => core.setSecret(input),
    'clay:secret:clear': () => core.clearSecret(),
    'clay:notifications:pause': (request) => core.pause(request),
    'clay:notifications:resume': () => core.resume(),
    'clay:diagnostics:copy': () => {
      const text = core.diagnostics();
      if (!text.ok) return text;
      clipboard.writeText(text.value);
      return ok(null);
    },
  };
}
