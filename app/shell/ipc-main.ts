/**
 * The only user of `ipcMain`. Every request of the contract table is registered here and nothing
 * else: a channel the contract does not name has no handler at all. Each request is checked before
 * its handler runs: it must come from the main frame of a window this app created, showing the
 * app's own page (app://clay-tray/), and its arguments must pass the entry's schemas
 * (app/common/ipc-schemas.ts). Handlers answer a Result; a handler that throws is a bug, logged here
 * and answered with a generic `internal` failure so no stack trace or secret crosses to the renderer.
 */
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { REQUEST_ENTRIES, type ContractEntry, type ContractHandlers, type RequestEntry } from '../common/ipc-contract';
import { parseArgs } from '../common/ipc-schemas';
import { fail, type Result } from '../common/result';
import type { Logger } from '../core/ports';
import { appPageUrl } from './app-protocol';

/** Every page of ours starts with this; `URL.origin` is "null" for a non-special scheme, so compare text. */
const OWN_PAGES = appPageUrl('');

/** One handler per request, keyed like the contract table: `handlers.history.query(query)`. */
export type InvokeHandlers = ContractHandlers;

type AnyHandler = (...args: unknown[]) => Promise<Result<unknown>> | Result<unknown>;

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
  for (const request of REQUEST_ENTRIES) registerRequest(request, options);
  return () => {
    for (const { entry } of REQUEST_ENTRIES) ipcMain.removeHandler(entry.channel);
  };
}

function handlerFor(handlers: InvokeHandlers, { area, name }: ContractEntry): AnyHandler {
  const handler = (handlers as unknown as Record<string, Record<string, AnyHandler> | undefined>)[area]?.[name];
  // The handler table's type names every request, so this only trips on a table built around the type.
  if (typeof handler !== 'function') throw new Error(`No handler for ${area}.${name}`);
  return handler;
}

function registerRequest(request: ContractEntry<RequestEntry>, options: IpcMainOptions): void {
  const { channel, args: schemas } = request.entry;
  const handler = handlerFor(options.handlers, request);
  const logger = options.logger;
  ipcMain.handle(channel, async (event: IpcMainInvokeEvent, ...args: unknown[]): Promise<Result<unknown>> => {
    if (!isTrustedSender(event, options.isOwnContents)) {
      logger.warn('Dropped a request from a page the app did not open', { channel });
      return fail(FORBIDDEN, 'This request came from a page Clay Tray did not open.');
    }
    const parsed = parseArgs(schemas, args);
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
