import { describe, expect, it } from 'vitest';
import { redact, redactValue } from '../../../app/core/diagnostics/redact';

const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4IiwiZXhwIjoxfQ.c2lnbmF0dXJl';

describe('redact', () => {
  it.each([
    [`token ${jwt} used`, jwt],
    ['Authorization: Bearer abc.def-ghi', 'abc.def-ghi'],
    ['Authorization: Basic Y2xpZW50OnNlY3JldA==', 'Y2xpZW50OnNlY3JldA=='],
    ['grant_type=client_credentials&client_secret=s3cr3t!&scope=x', 's3cr3t!'],
    ['wss://h/hub/incident?access_token=opaque123&collectionId=1', 'opaque123'],
    ['{"access_token":"opaque456","expires_in":3600}', 'opaque456'],
  ])('removes the secret from %s', (text, secret) => {
    const out = redact(text);
    expect(out).not.toContain(secret);
    expect(out).toContain('[redacted]');
  });

  it('removes known secrets, also URL- and base64-encoded, and keeps the rest', () => {
    const secret = 'p@ss word+1';
    const text = `a ${secret} b ${encodeURIComponent(secret)} c ${Buffer.from(secret).toString('base64')} d`;
    expect(redact(text, [secret])).toBe('a [redacted] b [redacted] c [redacted] d');
  });

  it('removes a known secret in every spelling it travels in: JSON-escaped, URL- and form-encoded', () => {
    const secret = 'Sé"Q9\\zw/ (7)+~!*\'x';
    const json = JSON.stringify(secret).slice(1, -1);
    const spellings = {
      json,
      jsonSlash: json.replace(/\//g, '\\/'),
      jsonAscii: json.replace('é', '\\u00e9'),
      jsonInJson: JSON.stringify(JSON.stringify({ client_secret: secret })),
      uri: encodeURIComponent(secret),
      uriLower: encodeURIComponent(secret).replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase()),
      form: new URLSearchParams({ client_secret: secret }).toString(),
    };
    for (const [name, text] of Object.entries(spellings)) {
      const out = redact(`before ${text} after`, [secret]);
      expect({ name, leaked: out.includes('Q9') || out.includes('zw') }).toEqual({ name, leaked: false });
      expect(out).toMatch(/^before .*\[redacted\].* after$/);
    }
  });

  it.each([
    ['a form body in a logged URL', 'https://h/log?body=grant_type%3Dclient_credentials%26client_secret%3Dopaque789%26scope%3Dcore_api.full', 'opaque789', 'scope%3Dcore_api.full'],
    ['a JSON body escaped inside a JSON log line', '{"body":"{\\"access_token\\":\\"opaque456\\",\\"expires_in\\":3600}"}', 'opaque456', 'expires_in'],
    ['a JSON body escaped twice', '"{\\\\\\"clientSecret\\\\\\":\\\\\\"opaque321\\\\\\"}"', 'opaque321', 'clientSecret'],
  ])('removes unknown secrets from %s, keeping the rest', (_what, text, secret, kept) => {
    const out = redact(text);
    expect(out).not.toContain(secret);
    expect(out).toContain('[redacted]');
    expect(out).toContain(kept);
  });

  it('leaves ordinary text and very short secrets alone', () => {
    expect(redact('lock_opened at Main entrance', ['ab'])).toBe('lock_opened at Main entrance');
  });

  it('redacts inside objects and errors', () => {
    expect(redactValue({ header: `Bearer ${jwt}`, n: 1 }, [])).toEqual({ header: 'Bearer [redacted]', n: 1 });
    expect(redactValue(new Error('secret XYZW1 leaked'), ['XYZW1'])).toBe('secret [redacted] leaked');
    expect(redactValue(5)).toBe(5);
  });
});
