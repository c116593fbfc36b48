/** The dev hub's HTTP details: which path is which hub, and how requests and upgrades are read and refused. */
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { HubStream } from './hub-content';
import type { TokenCheck } from './hub-tokens';
import { STREAM_KIND_LIST } from '../common/stream-kind-list';

const HUB_PATHS: ReadonlyMap<string, HubStream> = new Map(STREAM_KIND_LIST.map((info) => [info.hubPath, info.kind]));

export function hubStreamFor(pathname: string): HubStream | null {
  const path = pathname.toLowerCase().replace(/\/+$/, '');
  return HUB_PATHS.get(path) ?? null;
}

/** ASP.NET Core reads query keys case-insensitively. */
export function queryValue(query: URLSearchParams, key: string): string | null {
  for (const [k, v] of query) {
    if (k.toLowerCase() === key.toLowerCase() && v !== '') return v;
  }
  return null;
}

export function wwwAuthenticate(check: TokenCheck & { ok: false }): string {
  switch (check.reason) {
    case 'missing':
      return 'Bearer';
    case 'expired':
      return 'Bearer error="invalid_token", error_description="The token expired"';
    case 'wrong-audience':
      return 'Bearer error="invalid_token", error_description="The audience is invalid"';
    case 'bad-signature':
      return 'Bearer error="invalid_token", error_description="The signature key was not found"';
    case 'malformed':
      return 'Bearer error="invalid_token"';
  }
}

export function refuseUpgrade(socket: Duplex, status: number, headers: Record<string, string> = {}): void {
  const lines = [`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}`, 'Connection: close', 'Content-Length: 0'];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  socket.end(`${lines.join('\r\n')}\r\n\r\n`);
}
