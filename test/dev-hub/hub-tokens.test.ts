import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TokenMint } from '../../app/dev-hub/hub-tokens';

const KEY = 'k'.repeat(32);
const decode = (part: string | undefined): Record<string, unknown> => JSON.parse(Buffer.from(part ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;

describe('token mint', () => {
  it('issues a three-part base64url HS256 token with the core_api claims', () => {
    const mint = new TokenMint(() => 'http://127.0.0.1:1', { now: () => 1_700_000_000_500 });
    const token = mint.issue({ clientId: 'c', scopes: ['core_api.full'], lifetimeSeconds: 60 });
    const [head, body, sig] = token.split('.');
    expect(decode(head)).toMatchObject({ alg: 'HS256' });
    expect(decode(body)).toMatchObject({ iss: 'http://127.0.0.1:1', aud: 'core_api', client_id: 'c', scope: ['core_api.full'], iat: 1_700_000_000, exp: 1_700_000_060 });
    expect(sig).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('accepts a token until its exp, then reports it expired', () => {
    let now = 1_000_000_000_000;
    const mint = new TokenMint(() => 'x', { now: () => now });
    const token = mint.issue({ clientId: 'c', scopes: [], lifetimeSeconds: 10 });
    expect(mint.check(token)).toEqual({ ok: true, expiresAt: now + 10_000 });
    now += 10_000;
    expect(mint.check(token)).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses missing, malformed, re-signed and foreign tokens', () => {
    const mint = new TokenMint(() => 'x');
    const other = new TokenMint(() => 'x');
    const token = mint.issue({ clientId: 'c', scopes: [], lifetimeSeconds: 10 });
    expect(mint.check(null)).toEqual({ ok: false, reason: 'missing' });
    expect(mint.check('a.b')).toEqual({ ok: false, reason: 'malformed' });
    expect(mint.check(other.issue({ clientId: 'c', scopes: [], lifetimeSeconds: 10 }))).toEqual({ ok: false, reason: 'bad-signature' });
    const [head, , sig] = token.split('.');
    const tampered = Buffer.from(JSON.stringify({ aud: 'core_api', exp: 9e9 })).toString('base64url');
    expect(mint.check(`${head}.${tampered}.${sig}`)).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('refuses a validly signed token for another audience', () => {
    // Same key, hand-made token: the only difference is the audience, as with a user-API token.
    const mint = new TokenMint(() => 'x', { signingKey: KEY });
    const token = mint.issue({ clientId: 'c', scopes: [], lifetimeSeconds: 10 });
    const [head] = token.split('.');
    const body = Buffer.from(JSON.stringify({ aud: 'user_api', exp: 9e9 })).toString('base64url');
    const sig = createHmac('sha256', Buffer.from(KEY)).update(`${head}.${body}`).digest('base64url');
    expect(mint.check(`${head}.${body}.${sig}`)).toEqual({ ok: false, reason: 'wrong-audience' });
  });

  it('shares tokens between mints with the same signing key, and revokes all by rotating', () => {
    const first = new TokenMint(() => 'x', { signingKey: KEY });
    const second = new TokenMint(() => 'x', { signingKey: KEY });
    const token = first.issue({ clientId: 'c', scopes: [], lifetimeSeconds: 10 });
    expect(second.check(token).ok).toBe(true);
    second.revokeAll();
    expect(second.check(token)).toEqual({ ok: false, reason: 'bad-signature' });
    expect(second.check(second.issue({ clientId: 'c', scopes: [], lifetimeSeconds: 10 })).ok).toBe(true);
  });

  it('refuses a signing key shorter than 32 characters', () => {
    expect(() => new TokenMint(() => 'x', { signingKey: 'short' })).toThrow(/at least 32/);
  });
});
