/**
 * The sandboxed preload: exposes `window.clay`, built channel by channel from the IPC contract and
 * checked with `satisfies ClayApi`. Functions only: no raw ipcRenderer and no generic invoke reach
 * the page, and listeners get the payload, never the IPC event (which carries the sender).
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import {
  BRIDGE_GLOBAL,
  type ClayApi,
  type EventChannel,
  type InvokeArgs,
  type InvokeChannel,
  type InvokeResult,
  type IpcEventMap,
  type Unsubscribe,
} from './common/ipc-contract';

function invoke<C extends InvokeChannel>(channel: C): (...args: InvokeArgs<C>) => Promise<InvokeResult<C>> {
  return (...args) => ipcRenderer.invoke(channel, ...args) as Promise<InvokeResult<C>>;
}

function listen<C extends EventChannel>(channel: C): (listener: (payload: IpcEventMap[C]) => void) => Unsubscribe {
  return (listener) => {
    if (typeof listener !== 'function') throw new TypeError(`${channel} needs a function to call.`);
    const forward = (_event: IpcRendererEvent, payload: IpcEventMap[C]): void => listener(payload);
    ipcRenderer.on(channel, forward);
    return () => {
      ipcRenderer.removeListener(channel, forward);
    };
  };
}

export const clayApi = {
  history: {
    query: invoke('clay:history:query'),
    get: invoke('clay:history:get'),
    markRead: invoke('clay:history:mark-read'),
    markAllRead: invoke('clay:history:mark-all-read'),
    acknowledge: invoke('clay:history:acknowledge'),
    clear: invoke('clay:history:clear'),
    export: invoke('clay:history:export'),
    onDidAdd: listen('clay:history:did-add'),
    onDidChange: listen('clay:history:did-change'),
    onExportProgress: listen('clay:history:export-progress'),
  },
  handover: {
    get: invoke('clay:handover:get'),
  },
  status: {
    get: invoke('clay:status:get'),
    onDidChange: listen('clay:status:did-change'),
  },
  connection: {
    reconnectNow: invoke('clay:connection:reconnect'),
    test: invoke('clay:connection:test'),
  },
  settings: {
    get: invoke('clay:settings:get'),
    update: invoke('clay:settings:update'),
    onDidChange: listen('clay:settings:did-change'),
  },
  secrets: {
    set: invoke('clay:secret:set'),
    clear: invoke('clay:secret:clear'),
    allowNewServer: invoke('clay:secret:allow-new-server'),
  },
  notifications: {
    pause: invoke('clay:notifications:pause'),
    resume: invoke('clay:notifications:resume'),
  },
  diagnostics: {
    copy: invoke('clay:diagnostics:copy'),
  },
  navigation: {
    onDidRequestEvent: listen('clay:navigation:did-request-event'),
    onDidRequestView: listen('clay:navigation:did-request-view'),
  },
  alarm: {
    onDidRing: listen('clay:alarm:did-ring'),
  },
  about: {
    get: invoke('clay:about:get'),
  },
  updates: {
    setEditing: invoke('clay:updates:set-editing'),
    restart: invoke('clay:updates:restart'),
    onDidChange: listen('clay:updates:did-change'),
  },
} satisfies ClayApi;

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, clayApi);
