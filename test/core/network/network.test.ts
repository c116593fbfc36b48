import { X509Certificate } from 'node:crypto';
import type { DetailedPeerCertificate } from 'node:tls';
import { rootCertificates } from 'node:tls';
import { describe, expect, it } from 'vitest';
import { tokenToQuery } from '../../../app/core/streaming/hub-socket';
import { certificateMessage, splitPem, trustedAuthorities } from '../../../app/core/network/network';
import { bypassesProxy, describeProxy, proxyFromEnvironment, withProxyCredentials } from '../../../app/core/network/network-proxy';
import { redact } from '../../../app/core/diagnostics/redact';

describe('proxy from the environment', () => {
  it('takes HTTPS_PROXY for https and wss, HTTP_PROXY for http and ws, lower case first, ALL_PROXY last', async () => {
    const env = { HTTPS_PROXY: 'http://upper:1', https_proxy: 'http://lower:2', HTTP_PROXY: 'plain:3' };
    const proxyFor = proxyFromEnvironment(env);
    expect(await proxyFor('https://hub.example/hub/incident')).toBe('http://lower:2');
    expect(await proxyFor('wss://hub.example/hub/incident')).toBe('http://lower:2');
    expect(await proxyFor('ws://hub.example/hub/incident')).toBe('http://plain:3');
    expect(await proxyFromEnvironment({ ALL_PROXY: 'http://all:4' })('https://x.example')).toBe('http://all:4');
    expect(await proxyFromEnvironment({})('https://x.example')).toBeNull();
  });

  it('honours NO_PROXY: exact hosts, domain suffixes, ports, IPv6 and *', async () => {
    const proxyFor = proxyFromEnvironment({ HTTPS_PROXY: 'http://proxy:8080', NO_PROXY: 'localhost, .corp.example,10.0.0.1:8443 [::1]' });
    expect(await proxyFor('https://localhost:5080')).toBeNull();
    expect(await proxyFor('https://hub.corp.example')).toBeNull();
    expect(await proxyFor('https://corp.example')).toBeNull();
    expect(await proxyFor('https://10.0.0.1:8443')).toBeNull();
    expect(await proxyFor('https://10.0.0.1')).toBe('http://proxy:8080');
    expect(await proxyFor('https://[::1]:5080')).toBeNull();
    expect(await proxyFor('https://notcorp.example')).toBe('http://proxy:8080');
    expect(bypassesProxy('https://anything.example', '*')).toBe(true);
    expect(bypassesProxy('not a url', 'localhost')).toBe(false);
  });
});

describe('proxy credentials', () => {
  it('puts an encoded user name and password into the proxy URL and shows it without the password', () => {
    const url = withProxyCredentials('proxy.corp:3128', 'CORP\\desk', 'p@ss:word/1');
    expect(new URL(url).host).toBe('proxy.corp:3128');
    expect(decodeURIComponent(new URL(url).password)).toBe('p@ss:word/1');
    expect(describeProxy(url)).toBe('http://CORP\\desk@proxy.corp:3128');
    expect(withProxyCredentials('http://proxy:1', '', 'ignored')).toBe('http://proxy:1/');
  });

  it('redacts a password in any URL in a message', () => {
    expect(redact('failed via http://desk:s3cret-pass@proxy:3128 now')).toBe('failed via http://desk:[redacted]@proxy:3128 now');
    expect(redact('see https://hub.example/hub/incident?collectionId=a&access_token=abc.def')).toContain('access_token=[redacted]');
  });
});

describe('certificate authorities', () => {
  const pem = rootCertificates[0]!;

  it('adds an extra PEM to the runtime defaults, and leaves the defaults alone when nothing is added', () => {
    const withExtra = trustedAuthorities(`${pem}\n`, {});
    expect(withExtra).toContain(pem);
    expect(withExtra!.length).toBeGreaterThanOrEqual(rootCertificates.length);
    const none = trustedAuthorities(null, {});
    // Only a runtime that can read the system store adds anything without an extra PEM.
    if (none !== undefined) expect(none.length).toBeGreaterThan(rootCertificates.length);
  });

  it('refuses text that is not a certificate, in words', () => {
    expect(() => splitPem('just text')).toThrow(/not a PEM certificate/);
    expect(() => splitPem('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----')).toThrow(/damaged/);
    expect(splitPem(`${pem}\n${rootCertificates[1]!}`)).toHaveLength(2);
  });
});

describe('certificate messages', () => {
  const root = new X509Certificate(rootCertificates[0]!);
  const peer = (fields: Partial<DetailedPeerCertificate>): DetailedPeerCertificate => fields as DetailedPeerCertificate;
  const hint = 'Settings › Network';

  it('names the issuer at the top of the chain the server sent', () => {
    const top = peer({ subject: { CN: 'Example Corp Issuing' } as never, issuer: { CN: 'Example Corp Root' } as never, fingerprint256: 'b' });
    const leaf = peer({ subject: { CN: 'hub.example' } as never, issuer: { CN: 'Example Corp Issuing' } as never, fingerprint256: 'a', issuerCertificate: top });
    const text = certificateMessage('UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'hub.example', leaf, hint);
    expect(text).toBe(
      "The server's certificate for hub.example is not trusted: issued by Example Corp Root. If that is your company's certificate authority, add your company's root certificate (PEM) under Settings › Network.",
    );
  });

  it('says expired, not yet valid, wrong name and self-signed in words', () => {
    const cert = peer({ subject: { CN: 'other.example' } as never, valid_to: root.validTo, valid_from: root.validFrom, subjectaltname: 'DNS:other.example, DNS:www.other.example' });
    expect(certificateMessage('CERT_HAS_EXPIRED', 'h', cert, hint)).toContain(`expired on ${root.validTo}`);
    expect(certificateMessage('CERT_NOT_YET_VALID', 'h', cert, hint)).toContain("Check this computer's date and time");
    expect(certificateMessage('ERR_TLS_CERT_ALTNAME_INVALID', 'hub.example', cert, hint)).toBe("The server's certificate is for other.example, www.other.example, not hub.example. Check the address.");
    expect(certificateMessage('DEPTH_ZERO_SELF_SIGNED_CERT', 'h', cert, hint)).toContain('self-signed ("other.example")');
    expect(certificateMessage('SELF_SIGNED_CERT_IN_CHAIN', 'h', null, hint)).toContain('issued by an authority this computer does not know');
  });
});

describe('token in the query', () => {
  it('moves the Bearer header to access_token and keeps the other headers and the query', () => {
    const moved = tokenToQuery('wss://hub.example/hub/incident?collectionId=a%20b', { Authorization: 'Bearer abc.def', 'User-Agent': 'x' });
    const url = new URL(moved.url);
    expect(url.searchParams.get('access_token')).toBe('abc.def');
    expect(url.searchParams.get('collectionId')).toBe('a b');
    expect(moved.headers).toEqual({ 'User-Agent': 'x' });
    expect(tokenToQuery('wss://h/hub/entry', {}).url).toBe('wss://h/hub/entry');
  });
});
