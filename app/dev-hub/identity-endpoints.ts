import type { IncomingMessage, ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import type { Logger } from '../core/ports';
import { CORE_API_SCOPES, type TokenMint } from './hub-tokens';

export interface IdentityContext {
  readonly origin: () => string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly lifetimeSeconds: number;
  readonly mint: TokenMint;
  readonly isDown: () => boolean;
  readonly onIssued: () => void;
  readonly log: Logger;
}

const MAX_BODY_BYTES = 64 * 1024;
const DEFAULT_SCOPE = 'core_api.full';

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=UTF-8',
    'cache-control': 'no-store, no-cache, max-age=0',
    pragma: 'no-cache',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** RFC 6749 §2.3.1: the id and secret are form-encoded before they are joined and base64'd. */
function basicCredentials(header: string | undefined): { id: string; secret: string } | null {
  const match = /^Basic\s+(.+)$/i.exec(header ?? '');
  if (!match?.[1]) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  const formDecode = (s: string): string => {
    try {
      return decodeURIComponent(s.replace(/\+/g, ' '));
    } catch {
      return s;
    }
  };
  return { id: formDecode(decoded.slice(0, colon)), secret: formDecode(decoded.slice(colon + 1)) };
}

function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooBig = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooBig = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooBig ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function discovery(origin: string): Record<string, unknown> {
  return {
    issuer: origin,
    token_endpoint: `${origin}/connect/token`,
    grant_types_supported: ['client_credentials'],
    scopes_supported: [...CORE_API_SCOPES],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    response_types_supported: ['token'],
    claims_supported: ['client_id', 'scope', 'aud', 'exp', 'iat', 'nbf', 'jti'],
    id_token_signing_alg_values_supported: ['HS256'],
  };
}

/** Answers the identity server's routes; returns false for any other path. */
export async function handleIdentityRequest(req: IncomingMessage, res: ServerResponse, ctx: IdentityContext): Promise<boolean> {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  if (path === '/.well-known/openid-configuration') {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendJson(res, 405, { error: 'method_not_allowed' }, { allow: 'GET, HEAD' });
    } else if (ctx.isDown()) {
      sendJson(res, 503, { error: 'service_unavailable' });
    } else {
      sendJson(res, 200, discovery(ctx.origin()));
    }
    return true;
  }
  if (path !== '/connect/token') return false;
  await handleToken(req, res, ctx);
  return true;
}

async function handleToken(req: IncomingMessage, res: ServerResponse, ctx: IdentityContext): Promise<void> {
  if (req.method !== 'POST') {
    sendJson(res, 405, { error: 'invalid_request', error_description: 'The token endpoint accepts POST only.' }, { allow: 'POST' });
    return;
  }
  const body = await readBody(req);
  if (ctx.isDown()) {
    sendJson(res, 503, { error: 'service_unavailable' });
    return;
  }
  if (body === null) {
    sendJson(res, 413, { error: 'invalid_request', error_description: 'Request body too large.' });
    return;
  }
  if (!/^application\/x-www-form-urlencoded\b/i.test(req.headers['content-type'] ?? '')) {
    sendJson(res, 400, { error: 'invalid_request', error_description: 'Content type must be application/x-www-form-urlencoded.' });
    return;
  }
  const form = new URLSearchParams(body);
  const basic = basicCredentials(req.headers.authorization);
  const id = basic?.id ?? form.get('client_id');
  const secret = basic?.secret ?? form.get('client_secret');
  if (!id || secret === null || id !== ctx.clientId || !sameSecret(secret, ctx.clientSecret)) {
    ctx.log.warn('token request refused: invalid client', { clientId: id ?? null });
    sendJson(res, 400, { error: 'invalid_client' });
    return;
  }
  const grant = form.get('grant_type');
  if (!grant) {
    sendJson(res, 400, { error: 'invalid_request', error_description: 'grant_type is missing.' });
    return;
  }
  if (grant !== 'client_credentials') {
    sendJson(res, 400, { error: 'unsupported_grant_type' });
    return;
  }
  // Without a scope IdentityServer grants the client's allowed scopes; this client's is core_api.full.
  const requested = (form.get('scope') ?? DEFAULT_SCOPE).split(' ').filter((s) => s !== '');
  const scopes = requested.length === 0 ? [DEFAULT_SCOPE] : requested;
  if (!scopes.every((s) => (CORE_API_SCOPES as readonly string[]).includes(s))) {
    ctx.log.warn('token request refused: invalid scope', { scope: scopes.join(' ') });
    sendJson(res, 400, { error: 'invalid_scope' });
    return;
  }
  const scope = [...new Set(scopes)].join(' ');
  const token = ctx.mint.issue({ clientId: id, scopes: scope.split(' '), lifetimeSeconds: ctx.lifetimeSeconds });
  ctx.onIssued();
  ctx.log.info('token issued', { clientId: id, scope, expiresIn: ctx.lifetimeSeconds });
  sendJson(res, 200, { access_token: token, expires_in: ctx.lifetimeSeconds, token_type: 'Bearer', scope });
}
