import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startDevHub, type DevHub } from '../../app/dev-hub/dev-hub';
import { connectRaw, hubUrl } from './raw-client';

let hub: DevHub;
beforeEach(async () => {
  hub = await startDevHub({ clientSecret: 's3cret:with+odd chars', tokenLifetimeSeconds: 120 });
});
afterEach(() => hub.stop());

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
async function requestToken(fields: Record<string, string>, headers: Record<string, string> = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${hub.identityUrl}/connect/token`, { method: 'POST', headers: { ...FORM, ...headers }, body: new URLSearchParams(fields) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}
const claimsOf = (token: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
const clientId = 'clay-demo';

describe('dev hub: identity server', () => {
  it('publishes discovery with the token endpoint on the same origin', async () => {
    const res = await fetch(`${hub.identityUrl}/.well-known/openid-configuration`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as Record<string, unknown>;
    expect(doc.issuer).toBe(hub.identityUrl);
    expect(doc.token_endpoint).toBe(`${hub.identityUrl}/connect/token`);
    expect(doc.grant_types_supported).toEqual(['client_credentials']);
    expect(doc.scopes_supported).toEqual(['core_api.full', 'core_api.standard']);
  });

  it('issues a JWT-shaped core_api token for credentials in form fields', async () => {
    const before = Date.now();
    const { status, body } = await requestToken({ grant_type: 'client_credentials', client_id: clientId, client_secret: hub.credentials.clientSecret, scope: 'core_api.standard' });
    expect(status).toBe(200);
    expect(body).toMatchObject({ expires_in: 120, token_type: 'Bearer', scope: 'core_api.standard' });
    const token = body.access_token as string;
    expect(token.split('.')).toHaveLength(3);
    const claims = claimsOf(token);
    expect(claims.aud).toBe('core_api');
    expect(claims.exp).toBe((claims.iat as number) + 120);
    expect(Math.abs((claims.iat as number) * 1000 - before)).toBeLessThan(60_000);
    expect(hub.tokensIssued).toBe(1);
    const client = await connectRaw(hubUrl(hub.url, 'incident'), { authorization: `Bearer ${token}` });
    expect(client.records[0]).toEqual({});
    client.socket.terminate();
  });

  it('accepts HTTP Basic with form-encoded id and secret, and defaults the scope', async () => {
    const basic = Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(hub.credentials.clientSecret)}`).toString('base64');
    const { status, body } = await requestToken({ grant_type: 'client_credentials' }, { authorization: `Basic ${basic}` });
    expect(status).toBe(200);
    expect(body.scope).toBe('core_api.full');
  });

  it('answers invalid_client for a wrong secret, an unknown id or no credentials, and never echoes the secret', async () => {
    const attempts: Record<string, string>[] = [
      { grant_type: 'client_credentials', client_id: clientId, client_secret: 'wrong' },
      { grant_type: 'client_credentials', client_id: 'someone', client_secret: hub.credentials.clientSecret },
      { grant_type: 'client_credentials' },
    ];
    for (const fields of attempts) {
      const res = await fetch(`${hub.identityUrl}/connect/token`, { method: 'POST', headers: FORM, body: new URLSearchParams(fields) });
      expect(res.status).toBe(400);
      const text = await res.text();
      expect(JSON.parse(text)).toEqual({ error: 'invalid_client' });
      expect(text).not.toContain(hub.credentials.clientSecret);
    }
    expect(hub.tokensIssued).toBe(0);
  });

  it('answers invalid_scope for a scope outside core_api', async () => {
    const { status, body } = await requestToken({ grant_type: 'client_credentials', client_id: clientId, client_secret: hub.credentials.clientSecret, scope: 'user_api.full_access' });
    expect(status).toBe(400);
    expect(body).toEqual({ error: 'invalid_scope' });
  });

  it('answers unsupported_grant_type, invalid_request and 405 like IdentityServer', async () => {
    const creds = { client_id: clientId, client_secret: hub.credentials.clientSecret };
    expect((await requestToken({ ...creds, grant_type: 'password' })).body).toEqual({ error: 'unsupported_grant_type' });
    expect((await requestToken(creds)).body).toMatchObject({ error: 'invalid_request' });
    const json = await fetch(`${hub.identityUrl}/connect/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(creds) });
    expect(json.status).toBe(400);
    expect(((await json.json()) as { error: string }).error).toBe('invalid_request');
    expect((await fetch(`${hub.identityUrl}/connect/token`)).status).toBe(405);
  });

  it('refuses a body over 64 KB with 413 instead of reading it all', async () => {
    const res = await fetch(`${hub.identityUrl}/connect/token`, { method: 'POST', headers: FORM, body: 'x='.padEnd(70_000, 'y') });
    expect(res.status).toBe(413);
  });

  it('answers 503 while the identity server is down, then recovers', async () => {
    hub.faults.identityDown(true);
    const down = await requestToken({ grant_type: 'client_credentials', client_id: clientId, client_secret: hub.credentials.clientSecret });
    expect(down.status).toBe(503);
    expect((await fetch(`${hub.identityUrl}/.well-known/openid-configuration`)).status).toBe(503);
    hub.faults.identityDown(false);
    const up = await requestToken({ grant_type: 'client_credentials', client_id: clientId, client_secret: hub.credentials.clientSecret });
    expect(up.status).toBe(200);
    expect(hub.tokensIssued).toBe(1);
  });
});
