/**
 * Builds the `window.clay` object from the contract table: one function per entry, a request
 * invokes its channel with its arguments, a push subscribes to its channel. The preload hands in
 * Electron's ipcRenderer as the transport; the window's browser tests hand in their own. Functions
 * only: no generic invoke and no IPC event (which carries the sender) ever reaches the page.
 */
import { CONTRACT_ENTRIES, type ClayApi, type ContractEntry, type PushEntry, type RequestEntry, type Unsubscribe } from './ipc-contract';

export interface BridgeTransport {
  invoke(entry: ContractEntry<RequestEntry>, args: readonly unknown[]): Promise<unknown>;
  listen(entry: ContractEntry<PushEntry>, listener: (payload: unknown) => void): Unsubscribe;
}

type AnyFunction = (...args: never[]) => unknown;

export function buildBridge(transport: BridgeTransport): ClayApi {
  const api: Record<string, Record<string, AnyFunction>> = {};
  for (const place of CONTRACT_ENTRIES) {
    const members = (api[place.area] ??= {});
    members[place.name] = memberFor(place, transport);
  }
  return api as unknown as ClayApi;
}

function memberFor(place: ContractEntry, transport: BridgeTransport): AnyFunction {
  const { entry } = place;
  if (entry.kind === 'request') {
    const request = { ...place, entry };
    return (...args: unknown[]) => transport.invoke(request, args);
  }
  const subscription = { ...place, entry };
  return (listener: unknown) => {
    if (typeof listener !== 'function') throw new TypeError(`${entry.channel} needs a function to call.`);
    return transport.listen(subscription, (payload) => (listener as (payload: unknown) => void)(payload));
  };
}
