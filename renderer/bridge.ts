/**
 * The renderer's only way to main. Nothing else reads the preload's global, so a contract change
 * surfaces here as a type error instead of a silent `undefined` somewhere in a view.
 */
import { BRIDGE_GLOBAL } from '../app/common/ipc-contract';
import type { ClayApi } from '../app/common/ipc-contract';
import type { Result } from '../app/common/result';

export function getBridge(): ClayApi {
  const api: unknown = Reflect.get(globalThis, BRIDGE_GLOBAL);
  if (typeof api !== 'object' || api === null) {
    throw new Error(`The window was opened without its bridge to the app (window.${BRIDGE_GLOBAL} is missing).`);
  }
  return api as ClayApi;
}

/**
 * Expected failures already arrive as Results; a rejected invoke (main crashed, handler missing) is
 * folded into one too, so every view has a single error path that shows a message.
 */
export async function settle<T>(call: Promise<Result<T>>): Promise<Result<T>> {
  try {
    return await call;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, error: { code: 'ipc-failed', message: `The app did not answer: ${message}` } };
  }
}
