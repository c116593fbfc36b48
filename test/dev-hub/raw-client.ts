/** A bare `ws` client that speaks just enough SignalR to watch the hub's every record. */
import { WebSocket } from 'ws';

const RS = '\x1e';

export interface RawClient {
  readonly socket: WebSocket;
  /** Every record received, parsed, in order (the handshake answer first). */
  readonly records: unknown[];
  /** The length of every text frame received, to see how records were packed. */
  readonly frameLengths: number[];
  send(record: unknown): void;
  sendText(text: string): void;
  /** Resolves with the first record at index >= `from` that matches. */
  waitFor(match: (record: unknown) => boolean, from?: number): Promise<unknown>;
  closed: Promise<{ code: number; reason: string }>;
}

export type UpgradeOutcome = { status: number; headers: Record<string, string | string[] | undefined> };

export function openRaw(url: string, headers: Record<string, string> = {}): Promise<RawClient> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    const records: unknown[] = [];
    const frameLengths: number[] = [];
    const waiters: { match: (r: unknown) => boolean; from: number; resolve: (r: unknown) => void }[] = [];
    const check = (): void => {
      for (const w of [...waiters]) {
        const found = records.slice(w.from).find(w.match);
        if (found !== undefined) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(found);
        }
      }
    };
    const closed = new Promise<{ code: number; reason: string }>((res) =>
      socket.on('close', (code, reason) => res({ code, reason: reason.toString() })),
    );
    socket.on('message', (data) => {
      const text = (data as Buffer).toString('utf8');
      frameLengths.push(text.length);
      // A frame that does not end a record is kept as evidence, so an assertion can catch it.
      if (!text.endsWith(RS)) records.push({ unterminated: text });
      else for (const part of text.split(RS).slice(0, -1)) records.push(JSON.parse(part));
      check();
    });
    socket.once('unexpected-response', (_req, res) => {
      reject(Object.assign(new Error(`upgrade refused: ${res.statusCode}`), { status: res.statusCode, headers: res.headers }));
    });
    socket.once('error', reject);
    socket.once('open', () =>
      resolve({
        socket,
        records,
        frameLengths,
        closed,
        send: (record) => socket.send(JSON.stringify(record) + RS),
        sendText: (text) => socket.send(text),
        waitFor: (match, from = 0) =>
          new Promise((res) => {
            waiters.push({ match, from, resolve: res });
            check();
          }),
      }),
    );
  });
}

/** Opens and completes the JSON handshake. */
export async function connectRaw(url: string, headers: Record<string, string> = {}): Promise<RawClient> {
  const client = await openRaw(url, headers);
  client.send({ protocol: 'json', version: 1 });
  await client.waitFor(() => true);
  return client;
}

export async function refusal(url: string, headers: Record<string, string> = {}): Promise<UpgradeOutcome> {
  try {
    const client = await openRaw(url, headers);
    client.socket.terminate();
  } catch (error) {
    const e = error as { status?: number; headers?: UpgradeOutcome['headers'] };
    if (e.status !== undefined) return { status: e.status, headers: e.headers ?? {} };
    throw error;
  }
  throw new Error('the upgrade was accepted');
}

export const hubUrl = (base: string, stream: 'incident' | 'entry', query = ''): string =>
  `${base.replace(/^http/, 'ws')}/hub/${stream}${query}`;

export const isInvocation = (r: unknown): r is { type: 1; target: string; arguments: unknown[]; invocationId?: string } =>
  typeof r === 'object' && r !== null && (r as { type?: unknown }).type === 1;
