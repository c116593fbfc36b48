/**
 * The ASP.NET Core SignalR JSON hub protocol as a server speaks it: every record is JSON followed
 * by the record separator, and the first record each way is the handshake. Client records are read
 * with valibot schemas whose messages are a real server's wording.
 */
import * as v from 'valibot';

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

const missing = (property: string): string => `Missing required property '${property}'.`;
const NOT_AN_OBJECT = 'Unexpected JSON Token Type.';

/** A JSON object whose fields are checked in order; a missing or mistyped field is "missing", as a real server says. */
function jsonObject<E extends v.ObjectEntries>(entries: E): v.ObjectSchema<E, v.ErrorMessage<v.ObjectIssue>> {
  return v.object(entries, (issue) => {
    const key = issue.path?.[0]?.key;
    return typeof key === 'string' ? missing(key) : NOT_AN_OBJECT;
  });
}

const HANDSHAKE_REQUEST = jsonObject({ protocol: v.string(missing('protocol')), version: v.number(missing('version')) });
const CLIENT_RECORD = jsonObject({ type: v.number(missing('type')) });
const INVOCATION = jsonObject({ target: v.string(missing('target')), invocationId: v.fallback(v.nullable(v.string()), null) });

/** A record as JSON, or why it is not a JSON object (arrays included, which the object schema would take). */
function readRecord(record: string): { value: unknown } | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(record);
  } catch {
    return { error: 'Error reading JSON.' };
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? { value } : { error: NOT_AN_OBJECT };
}

/** The same answers a real server gives, so clients meet the real wording. */
export function checkHandshake(record: string): HandshakeOutcome {
  const read = readRecord(record);
  if ('error' in read) return unreadableHandshake(read.error);
  const request = v.safeParse(HANDSHAKE_REQUEST, read.value, { abortEarly: true });
  if (!request.success) return unreadableHandshake(request.issues[0].message);
  const { protocol, version } = request.output;
  if (protocol !== 'json') {
    return { ok: false, error: `The protocol '${protocol}' is not supported.` };
  }
  if (version !== 1) {
    return { ok: false, error: `The server does not support version ${version} of the '${protocol}' protocol.` };
  }
  return { ok: true };
}

function unreadableHandshake(why: string): HandshakeOutcome {
  return { ok: false, error: `An unexpected error occurred during connection handshake. InvalidDataException: ${why}` };
}

/** A client record after the handshake, reduced to what the server acts on. */
export type ClientMessage =
  | { readonly kind: 'invocation'; readonly target: string; readonly invocationId: string | null }
  | { readonly kind: 'close' }
  | { readonly kind: 'ignored' }
  | { readonly kind: 'invalid'; readonly reason: string };

export function parseClientMessage(record: string): ClientMessage {
  const read = readRecord(record);
  if ('error' in read) return { kind: 'invalid', reason: read.error };
  const message = v.safeParse(CLIENT_RECORD, read.value, { abortEarly: true });
  if (!message.success) return { kind: 'invalid', reason: message.issues[0].message };
  switch (message.output.type) {
    case MessageType.Invocation:
    case MessageType.StreamInvocation: {
      const invocation = v.safeParse(INVOCATION, read.value, { abortEarly: true });
      return invocation.success ? { kind: 'invocation', ...invocation.output } : { kind: 'invalid', reason: invocation.issues[0].message };
    }
    case MessageType.Close:
      return { kind: 'close' };
    default:
      // Pings are the client's keep-alive, completions answer our invocations with an id, and a
      // real server skips types it does not know, for forward compatibility.
      return { kind: 'ignored' };
  }
}
