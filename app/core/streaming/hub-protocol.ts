/**
 * The SignalR JSON protocol with two additions: it reports Close messages (so the supervisor can
 * honour `allowReconnect`), and it hands the common case, `ReceiveMessage` with one string argument
 * and no invocation id, straight to the receiver together with the argument's JSON text as the hub
 * wrote it. That text is what a writer of NDJSON needs (see rawJson), so a flood of events is not
 * re-escaped, and the client's per-message dispatch (an async call, its promises) is skipped for
 * a message that needs no answer. Everything else goes through the client as before.
 */
import type { HubMessage, ILogger } from '@microsoft/signalr';
import { JsonHubProtocol, LogLevel, MessageType } from '@microsoft/signalr';
import { rememberRawJson } from './raw-json';

const RECORD_SEPARATOR = '\u001e';

/** How ASP.NET Core (and the dev hub) write an invocation without an id: type, target, arguments. */
function invocationPrefix(target: string): string {
  return `{"type":${MessageType.Invocation},"target":${JSON.stringify(target)},"arguments":[`;
}

export interface HubCloseMessage {
  readonly error?: string;
  readonly allowReconnect?: boolean;
}

export class ReceivingJsonProtocol extends JsonHubProtocol {
  private readonly prefix: string;

  constructor(
    private readonly target: string,
    private readonly onReceive: (argument: string) => void,
    private readonly onClose: (message: HubCloseMessage) => void,
  ) {
    super();
    this.prefix = invocationPrefix(target);
  }

  override parseMessages(input: string, logger: ILogger): HubMessage[] {
    let start = 0;
    // Only while every record so far took the fast path: the first other one and all after it go to
    // the client in order, so a Close is never overtaken by the events sent before it, nor they by it.
    if (typeof input === 'string' && input.endsWith(RECORD_SEPARATOR)) {
      while (start < input.length) {
        const end = input.indexOf(RECORD_SEPARATOR, start);
        if (!this.receiveFast(input, start, end, logger)) break;
        start = end + 1;
      }
      if (start === input.length) return [];
    }
    const messages = super.parseMessages(start === 0 ? input : input.slice(start), logger);
    for (const message of messages) {
      if (message.type === MessageType.Close) this.onClose(message);
    }
    return messages;
  }

  /** The record input[start, end) if it is `ReceiveMessage` with exactly one string argument: received here, true. */
  private receiveFast(input: string, start: number, end: number, logger: ILogger): boolean {
    const prefix = this.prefix;
    // `"]}` closes the one argument; the argument text runs from the quote after `[` to that quote.
    if (end - start < prefix.length + 3 || !input.startsWith(prefix, start) || input.charCodeAt(start + prefix.length) !== 0x22) return false;
    if (input.charCodeAt(end - 3) !== 0x22 || input.charCodeAt(end - 2) !== 0x5d || input.charCodeAt(end - 1) !== 0x7d) return false;
    const json = input.slice(start + prefix.length, end - 2);
    let argument: unknown;
    try {
      argument = JSON.parse(json);
    } catch {
      // Not one string (say `"a","b"`): the client's own parser decides what it is.
      return false;
    }
    if (typeof argument !== 'string') return false;
    rememberRawJson(argument, json);
    try {
      this.onReceive(argument);
    } catch (error) {
      // As the client does with a handler that throws: log it, keep the connection.
      logger.log(LogLevel.Error, `A callback for the method '${this.target.toLowerCase()}' threw error '${String(error)}'.`);
    }
    return true;
  }
}
