import { describe, expect, it } from 'vitest';
import { hubUrl, resolveBaseUrl, resolveIdentityUrl, resolveRestUrl, SERVICE_URLS, subscriptionId } from '../../../app/core/streaming/endpoints';

describe('endpoints', () => {
  it('uses the environment defaults without an override', () => {
    expect(resolveBaseUrl('production', null)).toEqual({ ok: true, value: SERVICE_URLS.production.coreApi });
    expect(resolveBaseUrl('accept', '  ')).toEqual({ ok: true, value: 'https://coreapi-accept.my-clay.com' });
    expect(resolveIdentityUrl('accept', null, null)).toEqual({ ok: true, value: 'https://identity-acc.eu.my-clay.com' });
  });

  it('takes the identity server from a custom base URL, never the environment default', () => {
    expect(resolveIdentityUrl('production', null, 'http://127.0.0.1:5080/clay/')).toEqual({ ok: true, value: 'http://127.0.0.1:5080' });
    expect(resolveIdentityUrl('accept', '  ', 'https://hub.example.test')).toEqual({ ok: true, value: 'https://hub.example.test' });
    expect(resolveIdentityUrl('production', 'https://ids.example.test/', 'http://127.0.0.1:5080')).toEqual({ ok: true, value: 'https://ids.example.test' });
  });

  it.each(['http://127.0.0.1:5080', 'http://127.8.9.10', 'http://localhost:1', 'http://LOCALHOST', 'http://[::1]:5080', 'https://anything.example.test'])(
    'accepts %s (https, or http to this computer)',
    (input) => {
      expect(resolveBaseUrl('production', input).ok).toBe(true);
      expect(resolveIdentityUrl('production', input, null).ok).toBe(true);
    },
  );

  it.each(['http://coreapi.example.test', 'http://10.0.0.5:5080', 'http://[::2]', 'http://128.0.0.1', 'http://localhost.example.test', 'http://0.0.0.0'])(
    'refuses plain http to another computer (%s), in words',
    (input) => {
      for (const result of [resolveBaseUrl('production', input), resolveIdentityUrl('production', input, null), resolveIdentityUrl('production', null, input)]) {
        expect(result).toEqual({
          ok: false,
          error: { code: 'insecure_url', message: expect.stringMatching(/must start with https:\/\/\. Plain http:\/\/ is allowed only for this computer \(127\.0\.0\.1, ::1 or localhost\)/) },
        });
      }
    },
  );

  it('accepts an http(s) override and drops trailing slashes', () => {
    expect(resolveBaseUrl('production', 'http://127.0.0.1:5080/')).toEqual({ ok: true, value: 'http://127.0.0.1:5080' });
    expect(resolveBaseUrl('production', 'https://proxy.local/clay/')).toEqual({ ok: true, value: 'https://proxy.local/clay' });
  });

  it.each([
    ['not a url', 'not a URL'],
    ['ftp://host', 'http:// or https://'],
    ['https://user:pw@host', 'user name or password'],
    ['https://host/?x=1', 'query or fragment'],
  ])('refuses %s with a clear message', (input, words) => {
    const result = resolveBaseUrl('production', input);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('invalid_url');
      expect(result.error.message).toContain(words);
    }
  });

  it('builds hub URLs and subscription ids', () => {
    expect(hubUrl('https://coreapi.my-clay.com', 'incident', null)).toBe('https://coreapi.my-clay.com/hub/incident');
    expect(hubUrl('http://127.0.0.1:1/', 'entry', 'a b&c')).toBe('http://127.0.0.1:1/hub/entry?collectionId=a%20b%26c');
    expect(subscriptionId('incident', null)).toBe('incident');
    expect(subscriptionId('entry', 'S1')).toBe('entry:S1');
  });
});

describe('the Core REST address for recovery', () => {
  const none = { production: null, accept: null };
  it('uses accept\'s known address, and has none for production', () => {
    expect(resolveRestUrl('accept', null, none)).toEqual({ ok: true, value: 'https://clp-accept-hardware.my-clay.com/v1.2' });
    const production = resolveRestUrl('production', null, none);
    expect(!production.ok && production.error.message).toMatch(/No Core REST address is known for production/);
  });

  it('follows a custom base URL to its origin plus /v1.2, and an entered address wins', () => {
    expect(resolveRestUrl('production', 'http://127.0.0.1:5080/some/path', none)).toEqual({ ok: true, value: 'http://127.0.0.1:5080/v1.2' });
    expect(resolveRestUrl('production', 'http://127.0.0.1:5080', { production: 'http://127.0.0.1:6000/v1.2/', accept: null })).toEqual({
      ok: true,
      value: 'http://127.0.0.1:6000/v1.2',
    });
    expect(resolveRestUrl('accept', null, { production: null, accept: 'nope' }).ok).toBe(false);
  });
});
