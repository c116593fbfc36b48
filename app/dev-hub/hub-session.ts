/**
 * One client connection to a hub, from the upgrade to the close: the handshake, pings, the client
 * timeout, the token's expiry and the records each way, as an ASP.NET Core SignalR server runs it.
 */
import { WebSocket, type RawData } from 'ws';
import type { Logger } from '../core/ports';
import type { HubStream } from './hub-content';
import { checkHandshake, frame, HANDSHAKE_OK_FRAME, MessageType, parseClientMessage, PING_FRAME, RecordReader } from './hub-protocol';

/** Faults the tests switch on the hub; sessions read them live. */
export interface SessionFaults {
  readonly silent: boolean;
  readonly handshakeError: string | null;
}

export interface SessionSettings {
  readonly pingIntervalMs: number;
  /** 0 = never. */
  readonly clientTimeoutMs: number;
  readonly faults: SessionFaults;
  readonly log: Logger;
}

export interface CloseRequest {
  readonly error?: string;
  readonly allowReconnect?: boolean;
}

const HANDSHAKE_TIMEOUT_MS = 15_000;
/** ASP.NET Core's default MaximumReceiveMessageSize. */
const MAX_CLIENT_MESSAGE = 32 * 1024;
const MAX_TIMER_MS = 2 ** 31 - 1;
const SERVER_ERROR_CLOSE = 'Connection closed with an error.';
/** A frame carries whole records up to about this size, as a real server's flushed buffer does. */
const FRAME_CHARS = 64 * 1024;

export class HubSession {
  private handshakeDone = false;
  private readonly reader = new RecordReader();
  private readonly timers: NodeJS.Timeout[] = [];
  private pingTimer: NodeJS.Timeout | null = null;
  private quietTimer: NodeJS.Timeout | null = null;
  /** Whole records waiting to go out together in one frame. */
  private outbox: string[] = [];
  private outboxChars = 0;
  private flushScheduled = false;

  constructor(
    readonly socket: WebSocket,
    readonly stream: HubStream,
    readonly site: string | null,
    readonly token: string,
    tokenExpiresAt: number,
    private readonly settings: SessionSettings,
    onClosed: (session: HubSession) => void,
  ) {
    const { log } = settings;
    this.timers.push(
      setTimeout(() => {
        if (!this.handshakeDone) socket.close(1000);
      }, HANDSHAKE_TIMEOUT_MS),
      // What a server that closes on token expiry does: the client may reconnect with a new token.
      setTimeout(() => {
        log.info('token expired, closing', { stream, site });
        this.close({ allowReconnect: true });
      }, Math.min(Math.max(tokenExpiresAt - Date.now(), 0), MAX_TIMER_MS)),
    );
    socket.on('message', (data: RawData) => {
      this.quietTimer?.refresh();
      const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8');
      for (const record of this.reader.push(text)) this.onRecord(record);
      if (this.reader.pending > MAX_CLIENT_MESSAGE) this.close({ error: SERVER_ERROR_CLOSE });
    });
    socket.on('close', () => {
      for (const timer of this.timers) clearTimeout(timer);
      if (this.handshakeDone) log.info('client disconnected', { stream, site });
      onClosed(this);
    });
    socket.on('error', (error) => log.warn('socket error', { stream, site, error: error.message }));
  }

  /** Handshake complete and the socket still open: events can be delivered. */
  get ready(): boolean {
    return this.handshakeDone && this.socket.readyState === WebSocket.OPEN;
  }

  get handshaken(): boolean {
    return this.handshakeDone;
  }

  /** Queues a record unless the hub is silent or the socket is gone; true when queued. */
  send(record: string): boolean {
    if (this.settings.faults.silent || this.socket.readyState !== WebSocket.OPEN) return false;
    this.write(record);
    // A real server pings only when it has sent nothing for a whole interval.
    this.pingTimer?.refresh();
    return true;
  }

  /** A SignalR Close message, then a normal socket close. */
  close(request: CloseRequest): void {
    if (this.socket.readyState !== WebSocket.OPEN) return;
    // As the real JSON protocol writes it: `allowReconnect` only when true.
    const message: Record<string, unknown> = { type: MessageType.Close };
    if (request.error !== undefined) message.error = request.error;
    if (request.allowReconnect) message.allowReconnect = true;
    this.writeAndClose(frame(message));
  }

  /** A bare WebSocket close frame, after whatever was already queued. */
  closeSocket(code: number, reason?: string): void {
    this.flush();
    this.socket.close(code, reason);
  }

  private flush(): void {
    this.flushScheduled = false;
    if (this.outbox.length === 0) return;
    const text = this.outbox.join('');
    this.outbox = [];
    this.outboxChars = 0;
    if (this.socket.readyState === WebSocket.OPEN) this.socket.send(text);
  }

  /**
   * Records written in one turn of the event loop leave together, several to a frame, as they do
   * from a real server under load; a frame per record would cost a write per event.
   */
  private write(record: string): void {
    this.outbox.push(record);
    this.outboxChars += record.length;
    if (this.outboxChars >= FRAME_CHARS) this.flush();
    else if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
  }

  private writeAndClose(record: string): void {
    this.write(record);
    this.flush();
    this.socket.close(1000);
  }

  private onHandshake(record: string): void {
    const { faults, log, pingIntervalMs, clientTimeoutMs } = this.settings;
    if (faults.silent) return;
    const outcome = faults.handshakeError === null ? checkHandshake(record) : { ok: false as const, error: faults.handshakeError };
    if (!outcome.ok) {
      log.warn('handshake refused', { stream: this.stream, error: outcome.error });
      this.writeAndClose(frame({ error: outcome.error }));
      return;
    }
    this.handshakeDone = true;
    this.write(HANDSHAKE_OK_FRAME);
    const ping = setTimeout(() => {
      if (!faults.silent && this.socket.readyState === WebSocket.OPEN) this.write(PING_FRAME);
      ping.refresh();
    }, pingIntervalMs);
    this.pingTimer = ping;
    this.timers.push(ping);
    if (clientTimeoutMs > 0) {
      // The real server aborts the connection, then writes an empty Close: no reconnect is offered.
      const quiet = setTimeout(() => {
        log.info('client timeout: nothing received', { stream: this.stream, site: this.site, clientTimeoutMs });
        this.close({});
      }, clientTimeoutMs);
      this.quietTimer = quiet;
      this.timers.push(quiet);
    }
    log.info('client connected', { stream: this.stream, site: this.site });
  }

  private onRecord(record: string): void {
    if (record.length > MAX_CLIENT_MESSAGE) {
      this.close({ error: SERVER_ERROR_CLOSE });
      return;
    }
    if (!this.handshakeDone) {
      this.onHandshake(record);
      return;
    }
    const message = parseClientMessage(record);
    switch (message.kind) {
      case 'invocation':
        // The Core API hubs offer clients no methods; a real server answers a call with an id so.
        if (message.invocationId !== null) {
          this.send(
            frame({
              type: MessageType.Completion,
              invocationId: message.invocationId,
              error: `Failed to invoke '${message.target}' due to an error on the server. HubException: Method does not exist.`,
            }),
          );
        }
        return;
      case 'close':
        this.socket.close(1000);
        return;
      case 'invalid':
        this.settings.log.warn('invalid client message', { stream: this.stream, reason: message.reason });
        this.close({ error: SERVER_ERROR_CLOSE });
        return;
      case 'ignored':
        return;
    }
  }
}
