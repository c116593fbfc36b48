/** The About/update parts of the IPC handler options, for tests about everything else. */
import type { IpcHandlerOptions } from '../../app/shell/ipc-handlers';
import { STUB_ABOUT } from './about-info';

export { STUB_ABOUT };

export const editingCalls: boolean[] = [];

export const updateHandlerStubs: Pick<IpcHandlerOptions, 'about' | 'setEditingSettings' | 'restartToUpdate'> = {
  about: () => STUB_ABOUT,
  setEditingSettings: (editing) => editingCalls.push(editing),
  restartToUpdate: () => false,
};
