import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';

/** The audience the Core API checks; a token for any other audience is refused. */
export const CORE_API_AUDIENCE = 'core_api';
export const CORE_API_SCOPES = ['core_api.full', 'core_api.standard'] as const;

export type TokenCheck =
  | { readonly ok: true; readonly expiresAt: number }
  | { readonly ok: false; readonly reason: 'missing' | 'malformed' | 'bad-signature' | 'expired' | 'wrong-audience' };

interface Claims {
  readonly iss: string;
  readonly aud: string;
  readonly client_id: string;
  readonly scope: readonly string[];
  readonly iat: number;
  readonly nbf: number;
  readonly exp: number;
  readonly jti: string;
}

const base64url = (data: string | Buffer): string => Buffer.from(data).toString('base64url');

/**
 * Issues and checks JWT-shaped access tokens (HS256), so clients can read `exp` as they would from
 * the real identity server. Rotating the key revokes every token at once.
 */
export class TokenMint {
  private key: Buffer;
  private keyId = randomUUID();
  private readonly now: () => number;

  /** `signingKey` keeps tokens valid across restarts; without it each mint has its own random key. */
  constructor(
    private readonly issuer: () => string,
    options: { readonly signingKey?: string; readonly now?: () => number } = {},
  ) {
    if (options.signingKey !== undefined && options.signingKey.length < 32) {
      throw new Error('Dev hub: the token signing key must be at least 32 characters.');
    }
    this.key = options.signingKey === undefined ? randomBytes(32) : Buffer.from(options.signingKey, 'utf8');
    this.now = options.now ?? Date.now;
  }

  issue(options: { readonly clientId: string; readonly scopes: readonly string[]; readonly lifetimeSeconds: number }): string {
    const iat = Math.floor(this.now() / 1000);
    const claims: Claims = {
      iss: this.issuer(),
      aud: CORE_API_AUDIENCE,
      client_id: options.clientId,
      scope: options.scopes,
      iat,
      nbf: iat,
      exp: iat + options.lifetimeSeconds,
      jti: randomUUID(),
    };
    const head = base64url(JSON.stringify({ alg: 'HS256', typ: 'at+jwt', kid: this.keyId }));
    const body = base64url(JSON.stringify(claims));
    return `${head}.${body}.${this.sign(`${head}.${body}`)}`;
  }

  check(token: string | null): TokenCheck {
    if (!token) return { ok: false, reason: 'missing' };
    const parts = token.split('.');
    if (parts.length !== 3) return { ok: false, reason: 'malformed' };
    const [head, body, signature] = parts as [string, string, string];
    const expected = Buffer.from(this.sign(`${head}.${body}`));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return { ok: false, reason: 'bad-signature' };
    }
    let claims: Partial<Claims>;
    try {
      claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Partial<Claims>;
    } catch {
      return { ok: false, reason: 'malformed' };
    }
    if (claims.aud !== CORE_API_AUDIENCE) return { ok: false, reason: 'wrong-audience' };
    if (typeof claims.exp !== 'number') return { ok: false, reason: 'malformed' };
    const expiresAt = claims.exp * 1000;
    if (expiresAt <= this.now()) return { ok: false, reason: 'expired' };
    return { ok: true, expiresAt };
  }

  revokeAll(): void {
    this.key = randomBytes(32);
    this.keyId = randomUUID();
  }

  private sign(input: string): string {
    return createHmac('sha256', this.key).update(input).digest('base64url');
  }
}
