import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthError } from '../../../app/core/streaming/auth';
import { ClientCredentialsTokenProvider, staticTokenProvider, tokenExpiry } from '../../../app/core/streaming/auth';
import type { DevHub } from '../../../app/dev-hub/dev-hub';
import { startDevHub } from '../../../app/dev-hub/dev-hub';
import { ManualClock } from '../../support/clock';

let hub: DevHub;
beforeAll(async () => {
  hub = await startDevHub({ port: 0, tokenLifetimeSeconds: 100, ratePerSecond: 0 });
});
afterAll(async () => {
  await hub.stop();
});

function provider(overrides: Partial<ConstructorParameters<typeof ClientCredentialsTokenProvider>[0]> = {}): ClientCredentialsTokenProvider {
  return new ClientCredentialsTokenProvider({
    identityUrl: hub.identityUrl,
    clientId: hub.credentials.clientId,
    clientSecret: async () => hub.credentials.clientSecret,
    scope: 'core_api.full',
    ...overrides,
  });
}

async function authError(promise: Promise<unknown>): Promise<AuthError> {
  try {
    await promise;
  } catch (error) {
    return error as AuthError;
  }
  throw new Error('expected the promise to reject');
}

describe('ClientCredentialsTokenProvider', () => {
  it.each(['form', 'basic'] as const)('gets a token with the secret as %s, caches it and coalesces concurrent calls', async (secretIn) => {
    const before = hub.tokensIssued;
    const tokens = provider({ secretIn });
    const all = await Promise.all([tokens.getToken(), tokens.getToken(), tokens.getToken()]);
    expect(new Set(all).size).toBe(1);
    expect(await tokens.getToken()).toBe(all[0]);
    expect(hub.tokensIssued - before).toBe(1);
    expect(tokenExpiry(all[0]!)).not.toBeNull();
  });

  it('renews after about 80% of the lifetime, and after invalidate', async () => {
    const clock = new ManualClock(Date.parse('2026-01-01T00:00:00Z'), { timers: 'real' });
    const tokens = provider({ clock });
    const first = await tokens.getToken();
    clock.advance(79_000);
    expect(await tokens.getToken()).toBe(first);
    clock.advance(2_000);
    const second = await tokens.getToken();
    expect(second).not.toBe(first);
    tokens.invalidate('some other token');
    expect(await tokens.getToken()).toBe(second);
    tokens.invalidate(second);
    const third = await tokens.getToken();
    expect(third).not.toBe(second);
  });

  it('says invalid_client for a wrong secret, without the secret in the message', async () => {
    const secret = 'definitely-wrong-secret';
    for (const secretIn of ['form', 'basic'] as const) {
      const error = await authError(provider({ secretIn, clientSecret: async () => secret }).getToken());
      expect(error.code).toBe('invalid_client');
      expect(error.message).toMatch(/client id or secret/);
      expect(error.message).not.toContain(secret);
    }
  });

  it('says invalid_scope for a scope the server does not know', async () => {
    const error = await authError(provider({ scope: 'user_api.full_access' }).getToken());
    expect(error.code).toBe('invalid_scope');
    expect(error.message).toContain('user_api.full_access');
  });

  it('says missing_secret when there is no secret', async () => {
    expect((await authError(provider({ clientSecret: async () => '' }).getToken())).code).toBe('missing_secret');
    const unreadable = provider({
      clientSecret: async () => {
        throw new Error('keychain locked');
      },
    });
    const error = await authError(unreadable.getToken());
    expect(error.code).toBe('missing_secret');
    expect(error.message).toContain('keychain locked');
  });

  it('says unreachable for a closed port and backs off without hammering', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    let requests = 0;
    const clock = new ManualClock(Date.parse('2026-01-01T00:00:00Z'), { timers: 'real' });
    const tokens = provider({
      identityUrl: `http://127.0.0.1:${port}`,
      clock,
      failureBackoff: { baseDelayMs: 1000, maxDelayMs: 60_000 },
      fetch: (input, init) => {
        requests += 1;
        return fetch(input, init);
      },
    });
    const error = await authError(tokens.getToken());
    expect(error.code).toBe('unreachable');
    expect(error.message).toContain(`127.0.0.1:${port}`);
    await authError(tokens.getToken());
    await authError(tokens.getToken());
    expect(requests).toBe(1);
    clock.advance(1_001);
    await authError(tokens.getToken());
    expect(requests).toBe(2);
  });

  it('recovers once the identity server is back', async () => {
    const clock = new ManualClock(Date.parse('2026-01-01T00:00:00Z'), { timers: 'real' });
    const tokens = provider({ clock, failureBackoff: { baseDelayMs: 10, maxDelayMs: 10 } });
    hub.faults.identityDown(true);
    try {
      expect((await authError(tokens.getToken())).code).toBe('unreachable');
    } finally {
      hub.faults.identityDown(false);
    }
    clock.advance(11);
    expect(await tokens.getToken()).toMatch(/^eyJ/);
  });

  it('reports a 200 without a token as bad_response', async () => {
    const server = createServer((_, res) => res.end('{"token_type":"Bearer"}'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as AddressInfo).port;
      expect((await authError(provider({ identityUrl: `http://127.0.0.1:${port}` }).getToken())).code).toBe('bad_response');
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('staticTokenProvider and tokenExpiry', () => {
  it('reads the token on every call and refuses an empty one', async () => {
    let value = ' first \n';
    const tokens = staticTokenProvider(async () => value);
    expect(await tokens.getToken()).toBe('first');
    value = 'second';
    expect(await tokens.getToken()).toBe('second');
    value = '';
    expect((await authError(tokens.getToken())).code).toBe('missing_secret');
  });

  it('reads a JWT expiry and ignores non-JWTs', () => {
    const expiry = tokenExpiry(hub.issueToken(100));
    expect(expiry).not.toBeNull();
    expect(Math.abs(Date.parse(expiry!) - Date.now() - 100_000)).toBeLessThan(5_000);
    expect(tokenExpiry('opaque-token')).toBeNull();
    expect(tokenExpiry('a.b.c')).toBeNull();
  });
});
