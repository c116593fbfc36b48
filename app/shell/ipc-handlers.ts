/**
 * What each IPC request does, as a table keyed like the contract (app/common/ipc-contract.ts):
 * almost all of it is the core's; the shell adds only what needs Electron (the save dialog for
 * exports, printing the handover to PDF, the native confirmation for a secret, the clipboard for diagnostics). Arguments arrive
 * here already validated by ipc-main.
 */
import path from 'node:path';
import type { BrowserWindow } from 'electron';
import type { ExportFormat, ExportRequest } from '../common/ipc-contract';
import { t } from '../common/messages/catalog';
import type { AboutInfo, SecretStatus } from '../common/models';
import { fail, ok, type Result } from '../common/result';
import type { AppCore } from '../core/services/app-core';
import type { Logger } from '../core/ports';
import type { ClipboardPort, DialogPort } from './host-ports';
import type { InvokeHandlers } from './ipc-main';

export interface IpcHandlerOptions {
  readonly core: AppCore;
  readonly logger: Logger;
  readonly dialogs: DialogPort;
  readonly clipboard: ClipboardPort;
  /** The window the save dialog belongs to (so it is modal to it), if one is open; a PDF handover prints its page. */
  readonly parentWindow: () => BrowserWindow | null;
  /** Where the save dialog starts, e.g. the Documents folder. */
  readonly defaultDirectory: () => string;
  readonly about: () => AboutInfo;
  readonly setEditingSettings: (editing: boolean) => void;
  /** False when no downloaded update is waiting. */
  readonly restartToUpdate: () => boolean;
}

const FILTERS: Readonly<Record<ExportFormat | 'pdf', { name: string; extensions: string[] }>> = {
  csv: { name: 'CSV (spreadsheet)', extensions: ['csv'] },
  json: { name: 'JSON', extensions: ['json'] },
  pdf: { name: 'PDF', extensions: ['pdf'] },
};

/** The window's page as printed: its print stylesheet shows the handover alone. */
const PDF_OPTIONS = { printBackground: true, pageSize: 'A4' } as const;

export function createIpcHandlers(options: IpcHandlerOptions): InvokeHandlers {
  const { core, logger } = options;

  /**
   * The window only asks; the user decides here, in a native dialog the page cannot draw or click.
   * Cancel (the default, also on Escape) leaves the secret where it was.
   */
  async function allowSecretOnNewServer(): Promise<Result<SecretStatus>> {
    const change = await core.secrets.serverChange();
    if (change === null) return ok(core.status.get().secret);
    const dialogOptions = {
      type: 'warning' as const,
      title: 'Send your secret to a new server?',
      message: `Send your stored secret to ${change.nowFor}?`,
      detail: `It was saved for ${change.savedFor}. Only continue if you changed the address yourself and trust ${change.nowFor}; otherwise cancel and check the addresses in Settings.`,
      buttons: ['Cancel', 'Send it to the new server'],
      defaultId: 0,
      cancelId: 0,
      noLink: true,
    };
    const choice = await options.dialogs.showMessageBox(options.parentWindow(), dialogOptions);
    if (choice.response !== 1) {
      logger.info('The user kept the stored secret from the new server');
      return ok(core.status.get().secret);
    }
    return core.secrets.allowOnCurrentServers();
  }

  async function copyDiagnostics(): Promise<Result<null>> {
    const text = core.diagnostics.text();
    if (!text.ok) return text;
    // Electron 45's clipboard is asynchronous and can refuse (no clipboard owner on a bare X session).
    try {
      await options.clipboard.writeText(text.value);
    } catch (error) {
      logger.warn('Diagnostics could not be copied', { reason: error instanceof Error ? error.message : String(error) });
      return fail('clipboard-failed', 'The diagnostics could not be copied to the clipboard. Try again.');
    }
    return ok(null);
  }

  /** The save dialog, modal to the window when one is open; null when the user cancels. */
  async function chooseExportFile(request: ExportRequest, suggestedName: string): Promise<string | null> {
    const { format } = request;
    const title = t('handover' in request ? 'export.handoverTitle' : 'export.historyTitle');
    const dialogOptions = { title, defaultPath: path.join(options.defaultDirectory(), suggestedName), filters: [FILTERS[format]] };
    const choice = await options.dialogs.showSaveDialog(options.parentWindow(), dialogOptions);
    return choice.canceled || !choice.filePath ? null : choice.filePath;
  }

  async function printWindowToPdf(): Promise<Uint8Array> {
    const win = options.parentWindow();
    if (win === null || win.webContents.isDestroyed()) throw new Error('the window was closed before it could be printed');
    return win.webContents.printToPDF(PDF_OPTIONS);
  }

  return {
    history: {
      query: (query) => core.history.query(query),
      get: (key) => core.history.get(key),
      markRead: (keys) => core.history.markRead(keys),
      markAllRead: () => core.history.markAllRead(),
      acknowledge: (request) => core.history.acknowledge(request),
      clear: () => core.history.clear(),
      export: (request) => core.history.export(request, (suggestedName) => chooseExportFile(request, suggestedName), printWindowToPdf),
    },
    handover: {
      get: (request) => core.history.handover(request),
    },
    status: {
      get: () => ok(core.status.get()),
    },
    connection: {
      reconnectNow: () => core.connection.reconnectNow(),
      test: () => core.connection.test(),
    },
    settings: {
      get: () => core.settings.get(),
      update: (patch) => core.settings.update(patch),
    },
    secrets: {
      set: (input) => core.secrets.set(input),
      clear: () => core.secrets.clear(),
      allowNewServer: () => allowSecretOnNewServer(),
    },
    notifications: {
      pause: (request) => core.notifications.pause(request),
      resume: () => core.notifications.resume(),
    },
    diagnostics: {
      copy: () => copyDiagnostics(),
    },
    about: {
      get: () => ok(options.about()),
    },
    updates: {
      setEditing: (editing) => {
        options.setEditingSettings(editing);
        return ok(null);
      },
      restart: () => (options.restartToUpdate() ? ok(null) : fail('no-update', 'There is no downloaded update to install yet.')),
    },
  };
}
