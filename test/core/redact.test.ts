import { describe, expect, it } from 'vitest';
import { redact, redactValue } from '../../app/core/redact';

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

  it('leaves ordinary text and very short secrets alone', () => {
    expect(redact('lock_opened at Main entrance', ['ab'])).toBe('lock_opened at Main entrance');
  });

  it('redacts inside objects and errors', () => {
    expect(redactValue({ header: `Bearer ${jwt}`, n: 1 }, [])).toEqual({ header: 'Bearer [redacted]', n: 1 });
    expect(redactValue(new Error('secret XYZW1 leaked'), ['XYZW1'])).toBe('secret [redacted] leaked');
    expect(redactValue(5)).toBe(5);
  });
});
