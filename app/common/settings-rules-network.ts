/** The network section of the settings rules: proxy, extra CA certificate, token placement. */
import { SETTINGS_LIMITS, hasControlCharacters, own } from './settings-checker';
import type { Checker } from './settings-checker';
import type { NetworkSettings, ProxyMode } from './settings';

const PROXY_MODES: readonly ProxyMode[] = ['system', 'manual', 'direct'];
const PEM_CERTIFICATE = /^(-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\s*)+$/;

export function readNetwork(check: Checker, raw: unknown): NetworkSettings | undefined {
  const path = 'network';
  const group = check.group(raw, path, 'Network settings');
  if (!group) return undefined;
  const proxyMode = check.choice(own(group, 'proxyMode'), `${path}.proxyMode`, 'Proxy', PROXY_MODES);
  const proxyUrl = readProxyUrl(check, own(group, 'proxyUrl'), `${path}.proxyUrl`);
  const proxyUsername = check.text(own(group, 'proxyUsername'), `${path}.proxyUsername`, 'Proxy user name', SETTINGS_LIMITS.proxyUsername, true);
  const noProxy = check.text(own(group, 'noProxy'), `${path}.noProxy`, 'No proxy for', SETTINGS_LIMITS.noProxy, true);
  const extraCaPem = readPem(check, own(group, 'extraCaPem'), `${path}.extraCaPem`);
  const tokenIn = check.choice(own(group, 'tokenIn'), `${path}.tokenIn`, 'Send the token in', ['header', 'query'] as const);
  if (proxyMode === undefined || proxyUrl === undefined || proxyUsername === undefined || noProxy === undefined || extraCaPem === undefined || tokenIn === undefined) {
    return undefined;
  }
  if (proxyMode === 'manual' && proxyUrl === null) return check.add(`${path}.proxyUrl`, 'Proxy address: enter the proxy, like http://proxy.example:3128, or choose another proxy setting.');
  return { proxyMode, proxyUrl, proxyUsername, noProxy, extraCaPem, tokenIn };
}

/**
 * A proxy is usually plain http (the tunnel inside is TLS), so this is not the service-address
 * rule: http or https, a host, no user name or password (the password is a secret), no path.
 */
function readProxyUrl(check: Checker, raw: unknown, path: string): string | null | undefined {
  const label = 'Proxy address';
  if (raw === null) return null;
  if (typeof raw !== 'string') return check.add(path, `${label}: enter an address like http://proxy.example:3128, or leave it empty.`);
  const value = raw.trim();
  if (value === '') return null;
  if (value.length > SETTINGS_LIMITS.url || hasControlCharacters(value)) return check.add(path, `${label}: enter an address like http://proxy.example:3128.`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return check.add(path, `${label}: enter an address like http://proxy.example:3128.`);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') return check.add(path, `${label}: enter an address like http://proxy.example:3128.`);
  if (url.username !== '' || url.password !== '') {
    return check.add(path, `${label}: remove the user name and password from the address; enter the user name below and the password is kept in the keychain.`);
  }
  if (url.pathname !== '/' || value.includes('?') || value.includes('#')) return check.add(path, `${label}: only the scheme, host and port, like http://proxy.example:3128.`);
  return url.origin;
}

/** PEM certificates, checked for shape here; the core reads each one before trusting it. */
function readPem(check: Checker, raw: unknown, path: string): string | null | undefined {
  if (raw === null) return null;
  const label = 'Extra CA certificate';
  if (typeof raw !== 'string') return check.add(path, `${label} must be text.`);
  const value = raw.trim();
  if (value === '') return null;
  if (value.length > SETTINGS_LIMITS.extraCaPem) return check.add(path, `${label} is too long: at most ${SETTINGS_LIMITS.extraCaPem.toLocaleString('en-US')} characters.`);
  if (!PEM_CERTIFICATE.test(value)) return check.add(path, `${label}: paste one or more certificates in PEM form, each from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----.`);
  return `${value}\n`;
}
