/**
 * Token providers: where the hub connection gets its Bearer token on every connect.
 * The client-credentials provider caches a token until about 80% of its lifetime, coalesces
 * concurrent requests, forgets a token a server refused, and backs off after failures so many
 * subscriptions retrying at once never hammer the identity server.
 */
import type { Clock, Logger } from '../ports';
import { silentLogger, systemClock } from '../ports';
import { backoffDelay } from './retry';
import { NetworkError } from '../network/network';
import { redact } from '../diagnostics/redact';

export interface TokenProvider {
  getToken(): Promise<string>;
  /** The server refused `token` (or a connect with it failed): never hand it out again. */
  invalidate(token: string): void;
}

export type AuthErrorCode = 'invalid_client' | 'invalid_scope' | 'unreachable' | 'bad_response' | 'missing_secret' | 'rejected';

export class AuthError extends Error {
  override readonly name = 'AuthError';
  constructor(
    readonly code: AuthErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Codes that retrying cannot fix: the user has to change a setting or a secret. */
export function isPermanentAuthError(error: unknown): error is AuthError {
  return error instanceof AuthError && (error.code === 'invalid_client' || error.code === 'invalid_scope' || error.code === 'missing_secret');
}

/** A token the user supplied (environment variable, file, keychain). Read on every connect, so a rotated file is picked up. */
export function staticTokenProvider(read: () => Promise<string>): TokenProvider {
  return {
    async getToken() {
      let token: string;
      try {
        token = (await read()).trim();
      } catch (error) {
        throw new AuthError('missing_secret', `The token could not be read: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (token === '') throw new AuthError('missing_secret', 'The token is empty.');
      return token;
    },
    invalidate: () => undefined,
  };
}

/** The JWT's `exp` as ISO-8601 UTC; null when the token is not a JWT or has no expiry. */
export function tokenExpiry(token: string): string | null {
  const exp = jwtClaims(token)?.exp;
  if (typeof exp !== 'number' || !Number.isFinite(exp)) return null;
  const date = new Date(exp * 1000);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

function jwtClaims(token: string): Record<string, unknown> | null {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[1]) return null;
  try {
    const claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as unknown;
    return typeof claims === 'object' && claims !== null && !Array.isArray(claims) ? (claims as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export interface ClientCredentialsOptions {
  /** The identity server's base URL; the token endpoint is `{identityUrl}/connect/token`. */
  readonly identityUrl: string;
  readonly clientId: string;
  readonly clientSecret: () => Promise<string>;
  readonly scope: string;
  readonly secretIn?: 'form' | 'basic';
  readonly clock?: Clock;
  readonly logger?: Logger;
  readonly fetch?: typeof fetch;
  /** Fraction of the lifetime after which a cached token is renewed. */
  readonly refreshAt?: number;
  /** Backoff after a failed fetch; calls within it get the last error without a request. */
  readonly failureBackoff?: { readonly baseDelayMs: number; readonly maxDelayMs: number };
  readonly requestTimeoutMs?: number;
}

interface CachedToken {
  readonly token: string;
  readonly renewAt: number;
}

const DEFAULT_LIFETIME_SECONDS = 300;

export class ClientCredentialsTokenProvider implements TokenProvider {
  private cached: CachedToken | null = null;
  private pending: Promise<string> | null = null;
  private readonly refused = new Set<string>();
  private failures = 0;
  private lastFailure: { readonly error: AuthError; readonly retryAt: number } | null = null;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly fetchImpl: typeof fetch;
  readonly tokenUrl: string;

  constructor(private readonly options: ClientCredentialsOptions) {
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? silentLogger;
    this.fetchImpl = options.fetch ?? fetch;
    this.tokenUrl = `${options.identityUrl.replace(/\/+$/, '')}/connect/token`;
  }

  /** Number of token requests sent, for diagnostics. */
  requests = 0;

  getToken(): Promise<string> {
    const now = this.clock.now();
    if (this.cached && now < this.cached.renewAt) return Promise.resolve(this.cached.token);
    if (this.pending) return this.pending;
    if (this.lastFailure && now < this.lastFailure.retryAt) return Promise.reject(this.lastFailure.error);
    this.pending = this.fetchToken().finally(() => {
      this.pending = null;
    });
    return this.pending;
  }

  invalidate(token: string): void {
    this.refused.add(token);
    if (this.refused.size > 64) this.refused.delete(this.refused.values().next().value as string);
    if (this.cached?.token === token) {
      this.cached = null;
      this.logger.info('Dropped the cached token after a refused connect; the next connect fetches a new one.');
    }
  }

  /** Forget any cached token and failure backoff, e.g. after the user changed the secret. */
  reset(): void {
    this.cached = null;
    this.failures = 0;
    this.lastFailure = null;
  }

  private async fetchToken(): Promise<string> {
    try {
      const token = await this.request();
      this.failures = 0;
      this.lastFailure = null;
      return token;
    } catch (error) {
      const authError = error instanceof AuthError ? error : new AuthError('unreachable', `The identity server could not be reached: ${String(error)}`);
      this.failures += 1;
      const backoff = this.options.failureBackoff ?? { baseDelayMs: 1000, maxDelayMs: 60_000 };
      this.lastFailure = { error: authError, retryAt: this.clock.now() + backoffDelay(this.failures, backoff) };
      this.logger.warn(`Token request failed (${authError.code}): ${authError.message}`);
      throw authError;
    }
  }

  private async request(): Promise<string> {
    let secret: string;
    try {
      secret = await this.options.clientSecret();
    } catch (error) {
      throw new AuthError('missing_secret', `The client secret could not be read: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (!secret) throw new AuthError('missing_secret', 'No client secret is set.');
    const secretIn = this.options.secretIn ?? 'form';
    const body = new URLSearchParams({ grant_type: 'client_credentials', scope: this.options.scope });
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
    if (secretIn === 'basic') {
      // RFC 6749 §2.3.1: each part is form-urlencoded before the Basic encoding.
      const pair = `${encodeURIComponent(this.options.clientId)}:${encodeURIComponent(secret)}`;
      headers.authorization = `Basic ${Buffer.from(pair).toString('base64')}`;
    } else {
      body.set('client_id', this.options.clientId);
      body.set('client_secret', secret);
    }
    const scrub = (text: string): string => redact(text, [secret]);
    this.requests += 1;
    let response: Response;
    try {
      response = await this.fetchImpl(this.tokenUrl, {
        method: 'POST',
        headers,
        body: body.toString(),
        signal: AbortSignal.timeout(this.options.requestTimeoutMs ?? 15_000),
      });
    } catch (error) {
      // A proxy or certificate problem is already in words, and retrying will not fix it by itself.
      if (error instanceof NetworkError) throw new AuthError('unreachable', scrub(`The identity server at ${this.tokenUrl} could not be reached: ${error.message}`));
      const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
      throw new AuthError('unreachable', scrub(`The identity server at ${this.tokenUrl} could not be reached (${error instanceof Error ? error.message : String(error)}${cause}).`));
    }
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      throw new AuthError('unreachable', scrub(`The identity server's answer was cut off: ${String(error)}`));
    }
    const json = parseObject(text);
    if (!response.ok) throw this.errorFor(response.status, json, scrub);
    const token = json?.access_token;
    if (typeof token !== 'string' || token === '') {
      throw new AuthError('bad_response', `The identity server answered ${response.status} without an access_token.`);
    }
    if (this.refused.has(token)) {
      throw new AuthError('rejected', 'The identity server handed out a token the hub already refused.');
    }
    const lifetimeSeconds = lifetime(json?.expires_in, token, this.clock.now());
    const now = this.clock.now();
    this.cached = { token, renewAt: now + lifetimeSeconds * 1000 * (this.options.refreshAt ?? 0.8) };
    this.logger.info(`Fetched a token valid for ${Math.round(lifetimeSeconds)} s.`);
    return token;
  }

  private errorFor(status: number, json: Record<string, unknown> | null, scrub: (text: string) => string): AuthError {
    const code = typeof json?.error === 'string' ? json.error : null;
    const description = typeof json?.error_description === 'string' ? ` (${scrub(json.error_description)})` : '';
    if (code === 'invalid_client' || code === 'unauthorized_client') {
      return new AuthError('invalid_client', `The identity server refused the client id or secret${description}. Check the client id and the secret.`);
    }
    if (code === 'invalid_scope') {
      return new AuthError('invalid_scope', `The identity server refused the scope "${this.options.scope}"${description}. The Core API uses core_api.full or core_api.standard.`);
    }
    if (status === 407) {
      return new AuthError('unreachable', 'The proxy asks for a sign-in (HTTP 407): check the proxy user name and password.');
    }
    if (status === 401 || status === 403) {
      return new AuthError('invalid_client', `The identity server refused the credentials (HTTP ${status})${description}.`);
    }
    if (status >= 500 || status === 429 || status === 408) {
      return new AuthError('unreachable', `The identity server is not answering properly (HTTP ${status}); retrying.`);
    }
    return new AuthError('bad_response', `The identity server answered HTTP ${status}${code ? ` ${scrub(code)}` : ''}${description}.`);
  }
}

function parseObject(text: string): Record<string, unknown> | null {
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function lifetime(expiresIn: unknown, token: string, now: number): number {
  const seconds = typeof expiresIn === 'number' ? expiresIn : typeof expiresIn === 'string' ? Number(expiresIn) : NaN;
  if (Number.isFinite(seconds) && seconds > 0) return seconds;
  const expiry = tokenExpiry(token);
  if (expiry) {
    const left = (Date.parse(expiry) - now) / 1000;
    if (left > 0) return left;
  }
  return DEFAULT_LIFETIME_SECONDS;
}
