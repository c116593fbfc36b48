/** The network section of the settings schema: proxy, extra CA certificate, token placement. */
import * as v from 'valibot';
import { SETTINGS_LIMITS, choice, hasControlCharacters, optionalText, section, setting, text } from './settings-checker';

const PEM_CERTIFICATE = /^(-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\s*)+$/;

function parsedProxy(value: string): URL | null {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '' ? url : null;
  } catch {
    return null;
  }
}

/**
 * A proxy is usually plain http (the tunnel inside is TLS), so this is not the service-address
 * rule: http or https, a host, no user name or password (the password is a secret), no path.
 */
function proxyAddress(): v.GenericSchema<unknown, string | null> {
  const label = 'Proxy address';
  const example = `${label}: enter an address like http://proxy.example:3128.`;
  // Each check passes what an earlier one refuses, so the first problem is the one shown.
  const proxy = (value: string | null): URL | null => (value === null ? null : parsedProxy(value));
  return v.pipe(
    optionalText(`${label}: enter an address like http://proxy.example:3128, or leave it empty.`),
    v.check((value) => value === null || (value.length <= SETTINGS_LIMITS.url && !hasControlCharacters(value) && parsedProxy(value) !== null), example),
    v.check(
      (value) => proxy(value) === null || (proxy(value)?.username === '' && proxy(value)?.password === ''),
      `${label}: remove the user name and password from the address; enter the user name below and the password is kept in the keychain.`,
    ),
    v.check((value) => value === null || proxy(value) === null || (proxy(value)?.pathname === '/' && !value.includes('?') && !value.includes('#')), `${label}: only the scheme, host and port, like http://proxy.example:3128.`),
    v.transform((value) => proxy(value)?.origin ?? null),
  );
}

/** PEM certificates, checked for shape here; the core reads each one before trusting it. */
function pemCertificates(): v.GenericSchema<unknown, string | null> {
  const label = 'Extra CA certificate';
  return v.pipe(
    optionalText(`${label} must be text.`),
    v.check((value) => value === null || value.length <= SETTINGS_LIMITS.extraCaPem, `${label} is too long: at most ${SETTINGS_LIMITS.extraCaPem.toLocaleString('en-US')} characters.`),
    v.check((value) => value === null || PEM_CERTIFICATE.test(value), `${label}: paste one or more certificates in PEM form, each from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----.`),
    v.transform((value) => (value === null ? null : `${value}\n`)),
  );
}

/** A company network: proxy, an extra certificate authority, where the token goes. */
export const networkSection = section(
  'Network settings',
  {
    /** system: the operating system's proxy settings (PAC included); manual: `proxyUrl`; direct: no proxy. */
    proxyMode: setting(choice('Proxy', ['system', 'manual', 'direct']), 'system'),
    /** The manual proxy, e.g. http://proxy.corp.example:3128. */
    proxyUrl: setting(proxyAddress(), null),
    /** Basic proxy authentication; the password is a secret (SecretStore 'proxy-password'). Empty: none. */
    proxyUsername: setting(text('Proxy user name', SETTINGS_LIMITS.proxyUsername, true), ''),
    /** Hosts the manual proxy is not used for, NO_PROXY style: "localhost, .corp.example". */
    noProxy: setting(text('No proxy for', SETTINGS_LIMITS.noProxy, true), ''),
    /** Certificate authorities (PEM) trusted in addition to the system's, e.g. the company root. */
    extraCaPem: setting(pemCertificates(), null),
    /** Where the hub connection sends the token: the Authorization header or `access_token` in the URL. */
    tokenIn: setting(choice('Send the token in', ['header', 'query']), 'header'),
  },
  {
    test: (n) => n.proxyMode !== 'manual' || n.proxyUrl !== null,
    message: 'Proxy address: enter the proxy, like http://proxy.example:3128, or choose another proxy setting.',
    field: 'proxyUrl',
  },
);
