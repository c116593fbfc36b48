/**
 * The simulator's Core REST side: `GET /v1.2/incidents` and `GET /v1.2/entries` over what the hub
 * emitted, with the OData subset Clay's SDK uses (docs/architecture.md §1): `$filter` with `collection_id eq`
 * and `utc_date_time ge/le DateTime'…'` joined by ` and `, `$orderby`, `$top`, and continuation
 * tokens in the `CLP-Continuation-Token` header. Like the real collections it lags: an event becomes
 * queryable only `lagMs` after it was emitted. Faults (a fixed status, a slow answer, empty pages
 * that still carry a token) let tests break it on purpose.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HubStream } from './hub-content';
import { STREAM_KIND_LIST } from '../common/stream-kind-list';
import { perStreamKind } from '../common/stream-kinds';

export const REST_PREFIX = '/v1.2';
export const CONTINUATION_HEADER = 'clp-continuation-token';
/** What the service answers to a token for the user API rather than the Core API. */
export const WRONG_AUDIENCE_CHALLENGE = `Bearer error="invalid_token", error_description="The audience 'user_api' is invalid"`;

const COLLECTIONS: ReadonlyMap<string, HubStream> = new Map(STREAM_KIND_LIST.map((info) => [info.restCollection, info.kind]));
const DEFAULT_TOP = 100;
const MAX_TOP = 1000;
/** The simulator keeps this many events per stream, oldest dropped first. */
const MAX_KEPT = 100_000;

export interface RestFaults {
  /** Every REST request is answered with this status (401, 403, 404, 500…); null restores normal answers. */
  status: number | null;
  /** Each REST answer waits this long first. */
  slowMs: number;
  /** Each query starts with this many empty pages that still carry a continuation token. */
  emptyPages: number;
  /** An event becomes queryable this long after it was emitted. */
  lagMs: number;
}

interface Stored {
  readonly item: Readonly<Record<string, unknown>>;
  readonly site: string | null;
  readonly at: number;
  readonly queryableAt: number;
}

interface Filter {
  readonly site: string | null;
  readonly from: number;
  readonly to: number;
}

interface Cursor {
  /** Items of the ordered result already served. */
  readonly offset: number;
  readonly empties: number;
  /** The query's cut-off for lag, fixed at its first page so paging stays stable. */
  readonly asOf: number;
}

export class RestCollections {
  private readonly stored: Record<HubStream, Stored[]> = perStreamKind(() => []);
  readonly faults: RestFaults;
  private requests = 0;

  constructor(
    private readonly now: () => number,
    lagMs: number,
  ) {
    this.faults = { status: null, slowMs: 0, emptyPages: 0, lagMs };
  }

  /** REST requests answered so far (any status). */
  get requestCount(): number {
    return this.requests;
  }

  /** Keeps an emitted payload for the REST side; payloads without an id or a time are not kept. */
  record(stream: HubStream, payload: unknown): void {
    const item = asItem(payload);
    if (item === null) return;
    const at = Date.parse(String(item.utc_date_time));
    if (typeof item.id !== 'string' || !Number.isFinite(at)) return;
    const list = this.stored[stream];
    const now = this.now();
    list.push({ item, site: typeof item.collection_id === 'string' ? item.collection_id : null, at, queryableAt: now + this.faults.lagMs });
    if (list.length > MAX_KEPT) list.splice(0, list.length - MAX_KEPT);
  }

  /** True when the request was for the REST side (answered here); false leaves it to others. */
  handle(req: IncomingMessage, res: ServerResponse, url: URL, authorize: () => string | null): boolean {
    const path = url.pathname.replace(/\/+$/, '');
    if (!path.toLowerCase().startsWith(`${REST_PREFIX}/`)) return false;
    const stream = COLLECTIONS.get(path.slice(REST_PREFIX.length + 1).toLowerCase());
    this.requests += 1;
    const answer = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
      const send = (): void => sendJson(res, status, body, headers);
      if (this.faults.slowMs > 0) setTimeout(send, this.faults.slowMs).unref();
      else send();
    };
    if (stream === undefined) {
      answer(404, { error: 'not_found', message: `No collection at ${path}.` });
      return true;
    }
    if (req.method !== 'GET') {
      answer(405, { error: 'method_not_allowed' }, { allow: 'GET' });
      return true;
    }
    const forced = this.faults.status;
    if (forced === 401) {
      answer(401, { error: 'invalid_token' }, { 'www-authenticate': WRONG_AUDIENCE_CHALLENGE });
      return true;
    }
    if (forced !== null) {
      answer(forced, { error: `simulated_${forced}`, message: `The simulator answers ${forced} on purpose.` });
      return true;
    }
    const refused = authorize();
    if (refused !== null) {
      answer(401, { error: 'invalid_token' }, { 'www-authenticate': refused });
      return true;
    }
    const parsed = parseQuery(url.searchParams, req.headers[CONTINUATION_HEADER], this.now(), this.faults.emptyPages);
    if (typeof parsed === 'string') {
      answer(400, { error: 'invalid_request', message: parsed });
      return true;
    }
    answer(200, this.page(stream, parsed));
    return true;
  }

  private page(stream: HubStream, query: ParsedQuery): { items: unknown[]; continuation_token: string | null } {
    const { filter, order, top, cursor } = query;
    if (cursor.empties > 0) {
      return { items: [], continuation_token: encodeCursor({ ...cursor, empties: cursor.empties - 1 }) };
    }
    const matching = this.stored[stream].filter(
      (s) => s.queryableAt <= cursor.asOf && s.at >= filter.from && s.at <= filter.to && (filter.site === null || s.site === filter.site),
    );
    matching.sort((a, b) => compare(a, b, order));
    const items = matching.slice(cursor.offset, cursor.offset + top).map((s) => s.item);
    const next = cursor.offset + top;
    return { items, continuation_token: next < matching.length ? encodeCursor({ ...cursor, offset: next }) : null };
  }
}

interface ParsedQuery {
  readonly filter: Filter;
  readonly order: { readonly field: 'utc_date_time' | 'local_date_time'; readonly desc: boolean };
  readonly top: number;
  readonly cursor: Cursor;
}

function parseQuery(params: URLSearchParams, token: string | string[] | undefined, now: number, emptyPages: number): ParsedQuery | string {
  const filter = parseFilter(params.get('$filter') ?? '');
  if (typeof filter === 'string') return filter;
  const orderText = (params.get('$orderby') ?? 'utc_date_time asc').trim().toLowerCase();
  const orderMatch = /^(utc_date_time|local_date_time)(?:\s+(asc|desc))?$/.exec(orderText);
  if (!orderMatch) return `$orderby must be utc_date_time or local_date_time, asc or desc.`;
  const topText = params.get('$top');
  const top = topText === null ? DEFAULT_TOP : Number(topText);
  if (!Number.isInteger(top) || top < 1 || top > MAX_TOP) return `$top must be a whole number from 1 to ${MAX_TOP}.`;
  let cursor: Cursor = { offset: 0, empties: emptyPages, asOf: now };
  if (token !== undefined) {
    const decoded = decodeCursor(Array.isArray(token) ? (token[0] ?? '') : token);
    if (decoded === null) return 'The continuation token is not valid.';
    cursor = decoded;
  }
  return {
    filter,
    order: { field: orderMatch[1] as 'utc_date_time' | 'local_date_time', desc: orderMatch[2] === 'desc' },
    top,
    cursor,
  };
}

const SITE_CONDITION = /^collection_id\s+eq\s+'([^']*)'$/i;
const TIME_CONDITION = /^utc_date_time\s+(ge|le)\s+DateTime'([^']+)'$/i;

/** `(collection_id eq 'x') and (utc_date_time ge DateTime'…')`: the subset Clay's SDK writes. */
function parseFilter(text: string): Filter | string {
  let site: string | null = null;
  let from = -Infinity;
  let to = Infinity;
  if (text.trim() === '') return { site, from, to };
  for (const part of text.split(/\)\s+and\s+\(/i)) {
    const condition = part.trim().replace(/^\(/, '').replace(/\)$/, '').trim();
    const siteMatch = SITE_CONDITION.exec(condition);
    if (siteMatch) {
      site = siteMatch[1] ?? '';
      continue;
    }
    const timeMatch = TIME_CONDITION.exec(condition);
    const at = timeMatch ? Date.parse(timeMatch[2] ?? '') : NaN;
    if (!timeMatch || !Number.isFinite(at)) return `The $filter condition "${condition.slice(0, 100)}" is not supported.`;
    if (timeMatch[1]?.toLowerCase() === 'ge') from = at;
    else to = at;
  }
  return { site, from, to };
}

function compare(a: Stored, b: Stored, order: ParsedQuery['order']): number {
  const key = (s: Stored): string => String(s.item[order.field] ?? '');
  const byField = order.field === 'utc_date_time' ? a.at - b.at : key(a).localeCompare(key(b));
  const result = byField !== 0 ? byField : String(a.item.id).localeCompare(String(b.item.id));
  return order.desc ? -result : result;
}

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.offset, cursor.empties, cursor.asOf])).toString('base64');
}

function decodeCursor(text: string): Cursor | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 3 || !value.every((n) => Number.isSafeInteger(n) && (n as number) >= 0)) return null;
    const [offset, empties, asOf] = value as [number, number, number];
    return { offset, empties, asOf };
  } catch {
    return null;
  }
}

function asItem(payload: unknown): Record<string, unknown> | null {
  let value = payload;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return null;
    }
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string>): void {
  if (res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}
