/**
 * The Core REST API's event collections (`GET {api}/incidents`, `GET {api}/entries`), as Clay's
 * SDK reads them (docs/architecture.md §1): an OData `$filter` on site and UTC time, `$orderby`, `$top`, and the
 * next page asked for with the `CLP-Continuation-Token` header until no token comes back (a page
 * may be empty and still carry one). Failures become a RestFailure whose message is written for
 * the person at the desk; whether retrying can help is part of it.
 */
import type { StreamKind } from '../../common/models';
import type { TokenProvider } from '../streaming/auth';
import { redact } from '../diagnostics/redact';
import { streamKind } from '../../common/stream-kinds';

export const CONTINUATION_HEADER = 'CLP-Continuation-Token';

export type RestFailureKind = 'refused' | 'forbidden' | 'not-found' | 'server' | 'network' | 'timeout' | 'bad-response';

export class RestFailure extends Error {
  override readonly name = 'RestFailure';
  constructor(
    readonly kind: RestFailureKind,
    message: string,
    readonly status: number | null,
  ) {
    super(message);
  }

  /** 401, 403 and 404 will not change by asking again. */
  get permanent(): boolean {
    return this.kind === 'refused' || this.kind === 'forbidden' || this.kind === 'not-found';
  }
}

export interface RestSpan {
  readonly stream: StreamKind;
  readonly site: string | null;
  /** Epoch ms, inclusive. */
  readonly from: number;
  readonly to: number;
}

export interface SpanResult {
  readonly items: readonly unknown[];
  /** False when the page bound was reached with a token still to follow. */
  readonly complete: boolean;
  readonly pages: number;
}

export interface CoreRestOptions {
  /** E.g. `https://clp-accept-hardware.my-clay.com/v1.2`. */
  readonly baseUrl: string;
  readonly tokenProvider: TokenProvider;
  readonly timeoutMs?: number;
  readonly pageSize?: number;
  /** Pages followed per span at most, empty pages included. */
  readonly maxPages?: number;
  readonly fetch?: typeof fetch;
}

const MAX_DESCRIPTION = 160;

export class CoreRestClient {
  private readonly timeoutMs: number;
  private readonly pageSize: number;
  private readonly maxPages: number;
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: CoreRestOptions) {
    this.timeoutMs = options.timeoutMs ?? 20_000;
    this.pageSize = options.pageSize ?? 500;
    this.maxPages = options.maxPages ?? 50;
    this.fetchImpl = options.fetch ?? fetch;
  }

  get baseUrl(): string {
    return this.options.baseUrl;
  }

  /** Every item of the span, following continuation tokens up to the page bound. */
  async fetchSpan(span: RestSpan, signal?: AbortSignal): Promise<SpanResult> {
    const url = this.queryUrl(span, this.pageSize);
    const items: unknown[] = [];
    let token: string | null = null;
    let pages = 0;
    do {
      const page = await this.page(url, span.stream, token, signal);
      items.push(...page.items);
      token = page.token;
      pages += 1;
    } while (token !== null && pages < this.maxPages);
    return { items, complete: token === null, pages };
  }

  /** One `$top=1` query, newest first: for "Test connection". */
  async probe(stream: StreamKind, site: string | null, signal?: AbortSignal): Promise<{ readonly newest: unknown }> {
    const url = this.queryUrl({ stream, site, from: -Infinity, to: Infinity }, 1);
    const page = await this.page(url, stream, null, signal);
    return { newest: page.items[0] ?? null };
  }

  private queryUrl(span: RestSpan, top: number): string {
    const conditions: string[] = [];
    if (span.site !== null) conditions.push(`(collection_id eq '${span.site.replace(/'/g, "''")}')`);
    if (Number.isFinite(span.from)) conditions.push(`(utc_date_time ge DateTime'${odataTime(Math.floor(span.from / 1000) * 1000)}')`);
    if (Number.isFinite(span.to)) conditions.push(`(utc_date_time le DateTime'${odataTime(Math.ceil(span.to / 1000) * 1000)}')`);
    const query = [
      ...(conditions.length > 0 ? [`$filter=${encodeURIComponent(conditions.join(' and '))}`] : []),
      `$orderby=${encodeURIComponent('local_date_time desc')}`,
      `$top=${top}`,
    ];
    return `${this.options.baseUrl.replace(/\/+$/, '')}/${streamKind(span.stream).restCollection}?${query.join('&')}`;
  }

  /** One page; a first 401 is retried once with a fresh token, as an expired token looks the same. */
  private async page(url: string, stream: StreamKind, continuation: string | null, signal?: AbortSignal): Promise<{ items: unknown[]; token: string | null }> {
    for (let attempt = 1; ; attempt += 1) {
      let token: string;
      try {
        token = await this.options.tokenProvider.getToken();
      } catch (error) {
        throw new RestFailure('refused', `no token for the Core REST API: ${describe(error)}`, null);
      }
      const response = await this.request(url, token, continuation, signal);
      if (response.status === 401) {
        this.options.tokenProvider.invalidate(token);
        if (attempt < 2) continue;
      }
      return readPage(response, stream);
    }
  }

  private async request(url: string, token: string, continuation: string | null, signal?: AbortSignal): Promise<Response> {
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/json' };
    if (continuation !== null) headers[CONTINUATION_HEADER] = continuation;
    try {
      return await this.fetchImpl(url, { headers, signal: signal ? AbortSignal.any([signal, timeout]) : timeout, redirect: 'error' });
    } catch (error) {
      if (timeout.aborted) throw new RestFailure('timeout', `the Core REST API did not answer within ${Math.round(this.timeoutMs / 1000)} s`, null);
      throw new RestFailure('network', `the Core REST API could not be reached (${redact(describe(error))})`, null);
    }
  }
}

async function readPage(response: Response, stream: StreamKind): Promise<{ items: unknown[]; token: string | null }> {
  const { status } = response;
  if (status === 401) {
    const description = challengeDescription(response.headers.get('www-authenticate'));
    await response.body?.cancel();
    throw new RestFailure(
      'refused',
      `the Core REST API refused the sign-in${description ? ` ("${description}")` : ''}. The token must be for the Core API (a core_api scope), not the user API`,
      401,
    );
  }
  if (status === 403) {
    await response.body?.cancel();
    throw new RestFailure('forbidden', `this client may not read ${streamKind(stream).plural} through the Core REST API (HTTP 403)`, 403);
  }
  if (status === 404) {
    await response.body?.cancel();
    throw new RestFailure('not-found', `the Core REST address has no ${streamKind(stream).plural} collection (HTTP 404); check the REST address in Settings`, 404);
  }
  if (status < 200 || status >= 300) {
    await response.body?.cancel();
    throw new RestFailure('server', `the Core REST API answered HTTP ${status}`, status);
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    throw new RestFailure('bad-response', 'the Core REST API answered something that is not JSON', status);
  }
  const record = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : null;
  const items = record?.items;
  const token = record?.continuation_token ?? null;
  if (!Array.isArray(items) || (token !== null && typeof token !== 'string')) {
    throw new RestFailure('bad-response', 'the Core REST API answered something that is not a page of events', status);
  }
  return { items, token: token === '' ? null : token };
}

/** `error_description="…"` from a Bearer challenge, cleaned for showing. */
function challengeDescription(header: string | null): string | null {
  const match = /error_description="([^"]*)"/i.exec(header ?? '');
  if (!match?.[1]) return null;
  const clean = redact(match[1]).replace(/[\u0000-\u001f\u007f-\u009f]/g, '').trim();
  return clean === '' ? null : clean.slice(0, MAX_DESCRIPTION);
}

/** `2026-11-27T10:00:00Z`: whole seconds, as Clay's SDK writes it. */
function odataTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
