/**
 * How this app reaches a server on a company network: through a proxy or directly, trusting which
 * certificate authorities. One `NetworkOptions` value is built per host (the CLI from the
 * environment and flags, the app from Electron's proxy resolution and the settings) and every
 * outgoing connection uses it: the hub's WebSocket upgrade, the token request and REST requests.
 * CONNECT handling and proxy authentication are the proxy-agents packages' job, not ours.
 */
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Agent, IncomingHttpHeaders } from 'node:http';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import * as tls from 'node:tls';
import { HttpProxyAgent } from 'http-proxy-agent';
import { HttpsProxyAgent } from 'https-proxy-agent';
import type { Environment } from './network-proxy';
import { describeProxy, normaliseProxyUrl } from './network-proxy';

export interface NetworkOptions {
  /**
   * The proxy for one URL: an http(s) proxy URL (a user name and password in it are sent as Basic
   * proxy authentication) or null to connect directly.
   */
  readonly proxyFor: (url: string) => Promise<string | null>;
  /** The certificate authorities to trust (PEM). Undefined: the runtime's defaults. */
  readonly ca?: readonly string[];
  /** Where the user adds a certificate authority, for messages: "--ca-file" or "Settings › Network". */
  readonly caHint: string;
}

/** No proxy, the runtime's certificate authorities: loopback tests and anything without a network setting. */
export const DIRECT_NETWORK: NetworkOptions = { proxyFor: () => Promise.resolve(null), caHint: 'the extra CA certificate setting' };

/**
 * The certificate authorities to trust: the runtime's bundled ones, the operating system's where
 * this Node can read them (Node 22.15+/23.9+: `tls.getCACertificates('system')`; Electron ships
 * such a Node), NODE_EXTRA_CA_CERTS, and the user's extra PEM. Undefined when nothing is added
 * to the runtime's defaults, so the runtime keeps its own behaviour.
 */
export function trustedAuthorities(extraPem: string | null, env: Environment = process.env): readonly string[] | undefined {
  const system = systemAuthorities();
  const extra = extraPem === null || extraPem.trim() === '' ? [] : splitPem(extraPem);
  if (system.length === 0 && extra.length === 0) return undefined;
  // Passing `ca` replaces the runtime's list, so the defaults (bundled plus NODE_EXTRA_CA_CERTS) come first.
  return [...new Set([...defaultAuthorities(env), ...system, ...extra])];
}

type CaSource = 'default' | 'system' | 'bundled' | 'extra';
const getCACertificates = (tls as { getCACertificates?: (type?: CaSource) => string[] }).getCACertificates;

/** Whether this runtime can read the operating system's certificate store. */
export const SYSTEM_CA_SUPPORTED = typeof getCACertificates === 'function';

function systemAuthorities(): string[] {
  try {
    return getCACertificates?.('system') ?? [];
  } catch {
    return [];
  }
}

function defaultAuthorities(env: Environment): string[] {
  if (getCACertificates) return getCACertificates('default');
  const file = env.NODE_EXTRA_CA_CERTS;
  let extra: string[] = [];
  if (file) {
    try {
      extra = splitPem(readFileSync(file, 'utf8'));
    } catch {
      // Node itself only warns about an unreadable NODE_EXTRA_CA_CERTS; so do we (by trusting the rest).
    }
  }
  return [...tls.rootCertificates, ...extra];
}

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** The certificates in a PEM text; an error in words when there are none or one is damaged. */
export function splitPem(text: string): string[] {
  const blocks = text.match(PEM_BLOCK) ?? [];
  if (blocks.length === 0) throw new NetworkError('ca-file', 'The extra CA certificate is not a PEM certificate (it should start with -----BEGIN CERTIFICATE-----).');
  for (const block of blocks) {
    try {
      new X509Certificate(block);
    } catch {
      throw new NetworkError('ca-file', 'The extra CA certificate is damaged: one of its PEM blocks is not a readable certificate.');
    }
  }
  return blocks;
}

/** An expected network failure, already in words for the person at the desk. */
export class NetworkError extends Error {
  override readonly name = 'NetworkError';
  constructor(
    readonly code: 'certificate' | 'proxy' | 'ca-file' | 'network',
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message);
  }
}

/** The agent for one URL: a proxy tunnel, or undefined for a direct connection. */
export async function agentFor(network: NetworkOptions, url: string): Promise<Agent | undefined> {
  const proxy = await network.proxyFor(url);
  if (proxy === null) return undefined;
  const tlsToProxy = network.ca ? { ca: [...network.ca] } : {};
  // Plain http goes through the proxy as an absolute-URI request; TLS and WebSockets tunnel with CONNECT.
  if (/^http:$/i.test(new URL(url).protocol)) return new HttpProxyAgent(normaliseProxyUrl(proxy), tlsToProxy);
  return new HttpsProxyAgent(normaliseProxyUrl(proxy), tlsToProxy);
}

/** The TLS options for one connection through `network`: its agent and certificate authorities. */
export async function connectionOptions(network: NetworkOptions, url: string): Promise<{ agent?: Agent; ca?: string[] }> {
  const agent = await agentFor(network, url);
  return { ...(agent ? { agent } : {}), ...(network.ca ? { ca: [...network.ca] } : {}) };
}

const NULL_BODY_STATUS = new Set([101, 204, 205, 304]);
const MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

/**
 * A `fetch` that goes through `network` (Node's built-in fetch cannot take a proxy agent or extra
 * certificate authorities). Enough of fetch for the token and REST requests: method, headers,
 * string body, abort signal; it rejects with a NetworkError in words.
 */
export function networkFetch(network: NetworkOptions): typeof fetch {
  const fetchThrough = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
    const options = await connectionOptions(network, url.href);
    const headers = Object.fromEntries(new Headers(init.headers).entries());
    const body = typeof init.body === 'string' ? init.body : init.body == null ? undefined : String(init.body);
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise<Response>((resolve, reject) => {
      const request = send(url, { method: init.method ?? 'GET', headers, ...options, signal: init.signal ?? undefined }, (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_RESPONSE_BYTES) {
            response.destroy(new NetworkError('network', `The answer from ${url.host} is larger than ${MAX_RESPONSE_BYTES / 1024 / 1024} MB.`));
            return;
          }
          chunks.push(chunk);
        });
        response.on('error', reject);
        response.on('end', () => {
          const status = response.statusCode ?? 0;
          resolve(new Response(NULL_BODY_STATUS.has(status) ? null : Buffer.concat(chunks), { status, headers: responseHeaders(response.headers) }));
        });
      });
      request.on('error', (error: Error) => {
        if (error.name === 'AbortError') reject(error);
        else void explainConnectionError(error, url.href, network).then(reject);
      });
      request.end(body);
    });
  };
  return fetchThrough as typeof fetch;
}

function responseHeaders(raw: IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
  }
  return headers;
}

const CERTIFICATE_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_REVOKED',
]);

/** Whether an error from a connection attempt is the server's certificate being refused. */
export function isCertificateError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && CERTIFICATE_CODES.has(String((error as { code?: unknown }).code));
}

/**
 * A connection error in words. A refused certificate is looked at once more without trusting it
 * (no credentials are sent on that look) so the message can name who issued it.
 */
export async function explainConnectionError(error: Error, url: string, network: NetworkOptions): Promise<NetworkError> {
  if (error instanceof NetworkError) return error;
  const code = String((error as NodeJS.ErrnoException).code ?? '');
  const host = hostOf(url);
  if (isCertificateError(error)) {
    const presented = await peerCertificate(url, network).catch(() => null);
    return new NetworkError('certificate', certificateMessage(code, host, presented, network.caHint), error);
  }
  if (/^ERR_SSL_|^EPROTO$/.test(code) || /wrong version number|ssl3_get_record|packet length too long/i.test(error.message)) {
    return new NetworkError('certificate', `The secure connection to ${host} could not be set up: the server (or a proxy in between) does not speak TLS on that port. Check whether the address should start with http:// or https://.`, error);
  }
  const proxy = await network.proxyFor(url).catch(() => null);
  if (proxy !== null && /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH/.test(code)) {
    return new NetworkError('proxy', `The proxy ${describeProxy(proxy)} could not be reached (${code}). Check the proxy setting.`, error);
  }
  return new NetworkError('network', `${host} could not be reached (${code || error.message}).`, error);
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the server';
  }
}

type PeerCertificate = tls.DetailedPeerCertificate;

/** The certificate chain the server presents, fetched without trusting it; a HEAD with no credentials. */
function peerCertificate(url: string, network: NetworkOptions): Promise<PeerCertificate | null> {
  const target = new URL(url);
  target.protocol = /^(wss|https):$/.test(target.protocol) ? 'https:' : 'http:';
  if (target.protocol !== 'https:') return Promise.resolve(null);
  target.search = '';
  return agentFor(network, target.href).then(
    (agent) =>
      new Promise<PeerCertificate | null>((resolve) => {
        const request = httpsRequest(target, { method: 'HEAD', agent, rejectUnauthorized: false, timeout: 5000 }, (response) => {
          const socket = response.socket as tls.TLSSocket;
          const certificate = typeof socket.getPeerCertificate === 'function' ? socket.getPeerCertificate(true) : null;
          response.resume();
          request.destroy();
          resolve(certificate && Object.keys(certificate).length > 0 ? certificate : null);
        });
        request.on('timeout', () => request.destroy());
        request.on('error', () => resolve(null));
        request.end();
      }),
  );
}

function nameOf(part: tls.Certificate | undefined): string | null {
  if (!part) return null;
  const pick = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value);
  return pick(part.CN) ?? pick(part.O) ?? null;
}

/** The top of the presented chain: the authority the server relies on. */
function topOfChain(certificate: PeerCertificate): PeerCertificate {
  let top = certificate;
  const seen = new Set<string>([top.fingerprint256]);
  while (top.issuerCertificate && !seen.has(top.issuerCertificate.fingerprint256)) {
    top = top.issuerCertificate;
    seen.add(top.fingerprint256);
  }
  return top;
}

/** The certificate problem for the person at the desk; never OpenSSL's text. */
export function certificateMessage(code: string, host: string, certificate: PeerCertificate | null, caHint: string): string {
  const addIt = `add your company's root certificate (PEM) under ${caHint}`;
  switch (code) {
    case 'CERT_HAS_EXPIRED':
      return `The server's certificate for ${host} expired${certificate ? ` on ${certificate.valid_to}` : ''}. The server's administrators need to renew it.`;
    case 'CERT_NOT_YET_VALID':
      return `The server's certificate for ${host} is not valid yet${certificate ? ` (from ${certificate.valid_from})` : ''}. Check this computer's date and time.`;
    case 'ERR_TLS_CERT_ALTNAME_INVALID': {
      const names = certificate?.subjectaltname?.replace(/DNS:|IP Address:/g, '') ?? nameOf(certificate?.subject) ?? 'another name';
      return `The server's certificate is for ${names}, not ${host}. Check the address.`;
    }
    case 'CERT_REVOKED':
      return `The server's certificate for ${host} has been revoked by its issuer.`;
    case 'DEPTH_ZERO_SELF_SIGNED_CERT': {
      const name = nameOf(certificate?.subject);
      return `The server's certificate for ${host} is not trusted: it is self-signed${name ? ` ("${name}")` : ''}. If you expect that, ${addIt.replace("your company's root certificate", 'that certificate')}.`;
    }
    default: {
      const issuer = certificate ? nameOf(topOfChain(certificate).issuer) : null;
      return `The server's certificate for ${host} is not trusted: issued by ${issuer ?? 'an authority this computer does not know'}. If that is your company's certificate authority, ${addIt}.`;
    }
  }
}
