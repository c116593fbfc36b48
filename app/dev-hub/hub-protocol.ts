/**
 * The ASP.NET Core SignalR JSON hub protocol as a server speaks it: every record is JSON followed
 * by the record separator, and the first record each way is the handshake.
 */

export const RECORD_SEPARATOR = '\x1e';

export const MessageType = {
  Invocation: 1,
  StreamItem: 2,
  Completion: 3,
  StreamInvocation: 4,
  CancelInvocation: 5,
  Ping: 6,
  Close: 7,
  Ack: 8,
  Sequence: 9,
} as const;

export function frame(message: unknown): string {
  return JSON.stringify(message) + RECORD_SEPARATOR;
}

export const PING_FRAME = frame({ type: MessageType.Ping });
export const HANDSHAKE_OK_FRAME = frame({});

/** Splits incoming text into whole records; a record cut across frames waits in `rest`. */
export class RecordReader {
  private rest = '';

  push(text: string): string[] {
    const parts = (this.rest + text).split(RECORD_SEPARATOR);
    this.rest = parts.pop() ?? '';
    return parts;
  }

  get pending(): number {
    return this.rest.length;
  }
}

export type HandshakeOutcome = { readonly ok: true } | { readonly ok: false; readonly error: string };

/** The same answers a real server gives, so clients meet the real wording. */
export function checkHandshake(record: string): HandshakeOutcome {
  let request: unknown;
  try {
    request = JSON.parse(record);
  } catch {
    return { ok: false, error: 'An unexpected error occurred during connection handshake. InvalidDataException: Error reading JSON.' };
  }
  if (typeof request !== 'object' || request === null || Array.isArray(request)) {
    return { ok: false, error: 'An unexpected error occurred during connection handshake. InvalidDataException: Unexpected JSON Token Type.' };
  }
  const { protocol, version } = request as { protocol?: unknown; version?: unknown };
  if (typeof protocol !== 'string') {
    return { ok: false, error: "An unexpected error occurred during connection handshake. InvalidDataException: Missing required property 'protocol'." };
  }
  if (typeof version !== 'number') {
    return { ok: false, error: "An unexpected error occurred during connection handshake. InvalidDataException: Missing required property 'version'." };
  }
  if (protocol !== 'json') {
    return { ok: false, error: `The protocol '${protocol}' is not supported.` };
  }
  if (version !== 1) {
    return { ok: false, error: `The server does not support version ${version} of the '${protocol}' protocol.` };
  }
  return { ok: true };
}

/** A client record after the handshake, reduced to what the server acts on. */
export type ClientMessage =
  | { readonly kind: 'invocation'; readonly target: string; readonly invocationId: string | null }
  | { readonly kind: 'close' }
  | { readonly kind: 'ignored' }
  | { readonly kind: 'invalid'; readonly reason: string };

export function parseClientMessage(record: string): ClientMessage {
  let message: unknown;
  try {
    message = JSON.parse(record);
  } catch {
    return { kind: 'invalid', reason: 'Error reading JSON.' };
  }
  if (typeof message !== 'object' || message === null || Array.isArray(message)) {
    return { kind: 'invalid', reason: 'Unexpected JSON Token Type.' };
  }
  const { type, target, invocationId } = message as { type?: unknown; target?: unknown; invocationId?: unknown };
  if (typeof type !== 'number') {
    return { kind: 'invalid', reason: "Missing required property 'type'." };
  }
  switch (type) {
    case MessageType.Invocation:
    case MessageType.StreamInvocation:
      if (typeof target !== 'string') {
        return { kind: 'invalid', reason: "Missing required property 'target'." };
      }
      return { kind: 'invocation', target, invocationId: typeof invocationId === 'string' ? invocationId : null };
    case MessageType.Close:
      return { kind: 'close' };
    default:
      // Pings are the client's keep-alive, completions answer our invocations with an id, and a
      // real server skips types it does not know, for forward compatibility.
      return { kind: 'ignored' };
  }
}
