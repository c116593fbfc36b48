/**
 * The only user of `ipcMain`. Every channel in INVOKE_CHANNELS is registered here and nothing else:
 * a channel the contract does not name has no handler at all. Each request is checked before a
 * handler runs: it must come from the main frame of a window this app created, showing the app's own
 * page (app://clay-tray/), and its arguments
 * must pass the channel's parser in app/common/ipc-schemas.ts. Handlers answer a Result; a handler
 * that throws is a bug, logged here and answered with a generic `internal` failure so no stack
 * trace or secret crosses to the renderer.
 */
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { INVOKE_CHANNELS, type InvokeArgs, type InvokeChannel, type InvokeResult } from '../common/ipc-contract';
import { INVOKE_ARG_PARSERS } from '../common/ipc-schemas';
import { fail } from '../common/result';
import type { Logger } from '../core/ports';
import { appPageUrl } from './app-protocol';

/** Every page of ours starts with this; `URL.origin` is "null" for a non-special scheme, so compare text. */
const OWN_PAGES = appPageUrl('');

export type InvokeHandlers = {
  readonly [C in InvokeChannel]: (...args: InvokeArgs<C>) => Promise<InvokeResult<C>> | InvokeResult<C>;
};

export interface IpcMainOptions {
  readonly handlers: InvokeHandlers;
  /** True for the webContents of windows this app created. */
  readonly isOwnContents: (contents: WebContents) => boolean;
  readonly logger: Logger;
}

export const FORBIDDEN = 'forbidden';
export const INTERNAL = 'internal';

/** Registers every contract channel; returns a function that removes them again. */
export function registerIpcHandlers(options: IpcMainOptions): () => void {
  for (const channel of INVOKE_CHANNELS) registerChannel(channel, options);
  return () => {
    for (const channel of INVOKE_CHANNELS) ipcMain.removeHandler(channel);
  };
}

function registerChannel<C extends InvokeChannel>(channel: C, options: IpcMainOptions): void {
  const handler = options.handlers[channel];
  const parse = INVOKE_ARG_PARSERS[channel];
  const logger = options.logger;
  ipcMain.handle(channel, async (event: IpcMainInvokeEvent, ...args: unknown[]): Promise<InvokeResult<C>> => {
    if (!isTrustedSender(event, options.isOwnContents)) {
      logger.warn('Dropped a request from a page the app did not open', { channel });
      return fail(FORBIDDEN, 'This request came from a page Clay Tray did not open.');
    }
    const parsed = parse(args);
    if (!parsed.ok) {
      logger.warn('Refused a request with invalid arguments', { channel, reason: parsed.error.message });
      return parsed;
    }
    try {
      return await handler(...parsed.value);
    } catch (error) {
      logger.error('A request failed unexpectedly', { channel, error: describeError(error) });
      return fail(INTERNAL, 'Something went wrong inside Clay Tray. The details are in the log file.');
    }
  });
}

/** Only the top frame of our own windows on our own page: a sub-frame, another page or a foreign webContents is never trusted. */
function isTrustedSender(event: IpcMainInvokeEvent, isOwnContents: (contents: WebContents) => boolean): boolean {
  const frame = event.senderFrame;
  if (frame === null || frame.parent !== null || !frame.url.startsWith(OWN_PAGES)) return false;
  return isOwnContents(event.sender);
}

function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return typeof error === 'string' ? error : 'non-Error value thrown';
}
