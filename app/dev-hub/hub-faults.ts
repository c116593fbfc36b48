/** The switches tests use to break the dev hub on purpose. */
import type { HubSession, SessionFaults } from './hub-session';
import type { TokenMint } from './hub-tokens';

export interface DevHubFaults {
  /** Destroys every socket abruptly: clients see 1006. */
  drop(): void;
  /** A WebSocket close frame with this code, e.g. 1011. */
  closeSocket(code: number, reason?: string): void;
  /** A SignalR Close message, then a normal socket close. */
  sendClose(opts: { error?: string; allowReconnect?: boolean }): void;
  /** No pings, no events, no replies (handshakes included) while on. */
  silence(on: boolean): void;
  /** Every upgrade gets 401 while on. */
  refuseTokens(on: boolean): void;
  /** New handshakes are answered with this error (then closed); null restores normal answers. */
  failHandshake(error: string | null): void;
  /** Every token issued so far becomes invalid; live connections get Close with allowReconnect. */
  expireTokens(): void;
  /** The identity server answers 503 while on. */
  identityDown(on: boolean): void;
  /** The hubs are down while on: every socket is dropped and upgrades get 503. The REST side (another host) stays up. */
  hubsDown(on: boolean): void;
}

/** What the faults switch on; sessions and the request handlers read them live. */
export interface FaultSwitches extends SessionFaults {
  silent: boolean;
  handshakeError: string | null;
  refuseTokens: boolean;
  identityDown: boolean;
  hubsDown: boolean;
}

/** Close codes a server may put in a close frame (RFC 6455 §7.4). */
function isSendableCloseCode(code: number): boolean {
  return (
    Number.isInteger(code) &&
    ((code >= 1000 && code <= 1014 && code !== 1004 && code !== 1005 && code !== 1006) || (code >= 3000 && code <= 4999))
  );
}

export function createFaults(live: ReadonlySet<HubSession>, fault: FaultSwitches, mint: TokenMint): DevHubFaults {
  return {
    drop: () => {
      for (const session of live) session.socket.terminate();
    },
    closeSocket: (code, reason) => {
      if (!isSendableCloseCode(code)) {
        throw new RangeError(`Dev hub: ${code} cannot be sent in a close frame; use 1000-1014 (not 1004-1006) or 3000-4999.`);
      }
      for (const session of live) session.closeSocket(code, reason);
    },
    sendClose: (opts) => {
      for (const session of live) if (session.handshaken) session.close(opts);
    },
    silence: (on) => {
      fault.silent = on;
    },
    refuseTokens: (on) => {
      fault.refuseTokens = on;
    },
    failHandshake: (error) => {
      fault.handshakeError = error;
    },
    expireTokens: () => {
      mint.revokeAll();
      for (const session of live) session.close({ allowReconnect: true });
    },
    identityDown: (on) => {
      fault.identityDown = on;
    },
    hubsDown: (on) => {
      fault.hubsDown = on;
      if (on) for (const session of live) session.socket.terminate();
    },
  };
}
