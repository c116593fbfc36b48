/** The About/update parts of the IPC handler options, for tests about everything else. */
import type { AboutInfo } from '../../app/common/models';
import type { IpcHandlerOptions } from '../../app/shell/ipc-handlers';

export const STUB_ABOUT: AboutInfo = {
  versions: { 'Clay Tray': '0.1.0-test', Electron: '40.8.5', Chrome: '140.0.0.0', Node: '22.20.0' },
  dataFolders: [{ label: 'Settings and history', path: '/home/desk/.config/Clay Tray' }],
  license: 'MIT',
  notices: [{ name: 'ws', version: '8.23.0', license: 'MIT', text: 'Copyright (c) 2011 Einar Otto Stangvik' }],
  update: { phase: 'idle', message: 'Clay Tray is up to date.', version: null, checkedAt: '2026-11-30T09:00:00.000Z' },
  crashedAt: null,
};

export const editingCalls: boolean[] = [];

export const updateHandlerStubs: Pick<IpcHandlerOptions, 'about' | 'setEditingSettings' | 'restartToUpdate'> = {
  about: () => STUB_ABOUT,
  setEditingSettings: (editing) => editingCalls.push(editing),
  restartToUpdate: () => false,
};
