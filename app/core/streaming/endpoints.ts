/**
 * Where the SALTO KS Core API hubs live, and how one subscription's hub URL is built.
 * The production and accept hosts are constants only: nothing in this repository's tests contacts them.
 */
import type { ServiceEnvironment, StreamKind } from '../../common/models';
import type { Result } from '../../common/result';
import { fail, ok } from '../../common/result';
import { httpsOnlyMessage, isLoopbackHost } from '../../common/settings-checker';
import { streamKind } from '../../common/stream-kinds';

export const SERVICE_URLS: Readonly<Record<ServiceEnvironment, { readonly coreApi: string; readonly identity: string }>> = {
  production: { coreApi: 'https://coreapi.my-clay.com', identity: 'https://identity.eu.my-clay.com' },
  accept: { coreApi: 'https://coreapi-accept.my-clay.com', identity: 'https://identity-acc.eu.my-clay.com' },
};

/** The accept environment's Core REST API, from Clay's SDK (docs/architecture.md §1); production's is not published. */
export const ACCEPT_REST_URL = 'https://clp-accept-hardware.my-clay.com/v1.2';
/** The REST API's path on a custom Core API origin (the simulator serves it there). */
export const REST_PATH = '/v1.2';

export const NO_PRODUCTION_REST_URL =
  'No Core REST address is known for production yet. Enter it under Recovery in Settings; until then missed events cannot be recovered.';

/**
 * The Core REST API for recovery: the address entered for this environment, else the same origin as a
 * custom Core API base URL plus /v1.2, else accept's known default. Production has none to offer.
 */
export function resolveRestUrl(
  env: ServiceEnvironment,
  baseUrl: string | null,
  restUrls: Readonly<Record<ServiceEnvironment, string | null>>,
): Result<string> {
  const entered = restUrls[env];
  if (entered !== null && entered.trim() !== '') return validateHttpUrl(entered, 'The Core REST address');
  if (baseUrl !== null && baseUrl.trim() !== '') {
    const base = validateHttpUrl(baseUrl, 'The base URL');
    return base.ok ? ok(`${new URL(base.value).origin}${REST_PATH}`) : base;
  }
  return env === 'accept' ? ok(ACCEPT_REST_URL) : fail('no-rest-url', NO_PRODUCTION_REST_URL);
}

/**
 * Checks a user-supplied base URL (https, or http to this computer only) and drops a trailing
 * slash so paths join cleanly.
 */
export function validateHttpUrl(text: string, what: string): Result<string> {
  const trimmed = text.trim();
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return fail('invalid_url', `${what} "${trimmed}" is not a URL; expected something like https://host, or http://127.0.0.1:5000 for the simulator.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return fail('invalid_url', `${what} must start with http:// or https://, not ${url.protocol}//.`);
  }
  if (url.username || url.password) {
    return fail('invalid_url', `${what} must not contain a user name or password.`);
  }
  if (url.search || url.hash) {
    return fail('invalid_url', `${what} must not contain a query or fragment.`);
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) return fail('insecure_url', httpsOnlyMessage(what));
  return ok(`${url.origin}${url.pathname.replace(/\/+$/, '')}`);
}

export function resolveBaseUrl(env: ServiceEnvironment, override: string | null): Result<string> {
  if (override !== null && override.trim() !== '') return validateHttpUrl(override, 'The base URL');
  return ok(SERVICE_URLS[env].coreApi);
}

/**
 * The identity server: the one given, else for a custom base URL that URL's own origin (where the
 * built-in simulator serves /connect/token), else the environment's. A custom base URL never falls
 * back to the production identity server, which would receive a secret meant for somewhere else.
 */
export function resolveIdentityUrl(env: ServiceEnvironment, override: string | null, baseUrlOverride: string | null): Result<string> {
  if (override !== null && override.trim() !== '') return validateHttpUrl(override, 'The identity server URL');
  if (baseUrlOverride !== null && baseUrlOverride.trim() !== '') {
    const base = validateHttpUrl(baseUrlOverride, 'The base URL');
    return base.ok ? ok(new URL(base.value).origin) : base;
  }
  return ok(SERVICE_URLS[env].identity);
}

/** The hub for one stream; a site narrows it to that collection. */
export function hubUrl(baseUrl: string, stream: StreamKind, site: string | null): string {
  const base = `${baseUrl.replace(/\/+$/, '')}${streamKind(stream).hubPath}`;
  return site === null ? base : `${base}?collectionId=${encodeURIComponent(site)}`;
}

export function subscriptionId(stream: StreamKind, site: string | null): string {
  return site === null ? stream : `${stream}:${site}`;
}
