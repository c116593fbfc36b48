/**
 * The sandboxed preload: exposes `window.clay`, built entry by entry from the IPC contract table
 * (app/common/ipc-bridge.ts). No raw ipcRenderer and no generic invoke reach the page, and
 * listeners get the payload, never the IPC event (which carries the sender).
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { buildBridge } from './common/ipc-bridge';
import { BRIDGE_GLOBAL } from './common/ipc-contract';

export const clayApi = buildBridge({
  invoke: ({ entry }, args) => ipcRenderer.invoke(entry.channel, ...args),
  listen: ({ entry }, listener) => {
    const forward = (_event: IpcRendererEvent, payload: unknown): void => listener(payload);
    ipcRenderer.on(entry.channel, forward);
    return () => {
      ipcRenderer.removeListener(entry.channel, forward);
    };
  },
});

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, clayApi);
