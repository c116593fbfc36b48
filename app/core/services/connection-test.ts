/**
 * "Test connection": settings → secret → token → connect, each step in plain language, stopping at
 * the first failure. It uses a fresh token provider so a cached token cannot hide a wrong secret,
 * and it never changes the running connections.
 */
import type { ConnectionTestReport, ConnectionTestStep } from '../../common/ipc-contract';
import type { Settings, TokenPlacement } from '../../common/settings';
import { AuthError, tokenExpiry } from '../streaming/auth';
import { checkSettings, missingSecretMessage, secretKindFor, tokenProviderFor, transportFor } from './connection-config';
import type { SystemProxyResolver } from './network-options';
import { CoreRestClient, RestFailure } from '../recovery/core-rest';
import { resolveRestUrl } from '../streaming/endpoints';
import { normaliseEvent } from '../streaming/events';
import { networkFetch } from '../network/network';
import type { Clock, Logger, SecretStore } from '../ports';
import { checkSecretBinding } from '../settings/secret-binding';
import { redact } from '../diagnostics/redact';
import { probeHub } from '../streaming/hub-probe';
import { streamKind, type StreamKind } from '../../common/stream-kinds';

export interface ConnectionTestOptions {
  readonly settings: Settings;
  readonly secrets: SecretStore;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly timeoutMs: number;
  readonly siteName: (siteId: string | null) => string | null;
  /** The operating system's proxy for a URL (Electron's session); null: none known. */
  readonly systemProxy?: SystemProxyResolver | null;
}

type Step = ConnectionTestReport['steps'][number];

const PLACEMENT_WORDS: Readonly<Record<TokenPlacement, string>> = {
  header: 'in the Authorization header',
  query: 'in the address (access_token)',
};

export async function runConnectionTest(options: ConnectionTestOptions): Promise<ConnectionTestReport> {
  const steps: Step[] = [];
  const knownSecrets: string[] = [];
  const say = (step: ConnectionTestStep, ok: boolean, message: string): ConnectionTestReport => {
    steps.push({ step, ok, message: redact(message, knownSecrets) });
    return { ok: ok && (step === 'connect' || step === 'rest'), steps };
  };

  const { settings, secrets } = options;
  const checked = checkSettings(settings);
  if (!checked.ok) return say('settings', false, checked.error.message);
  const first = checked.value.subscriptions[0];
  if (!first) return say('settings', false, 'There is nothing to connect to.');
  say('settings', true, `Settings look complete: ${checked.value.subscriptions.length} subscription(s) at ${checked.value.baseUrl}.`);

  const kind = secretKindFor(settings);
  let secret: string | null;
  try {
    secret = await secrets.get(kind);
  } catch (error) {
    return say('secret', false, `The stored secret could not be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (secret === null || secret.trim() === '') return say('secret', false, missingSecretMessage(kind));
  knownSecrets.push(secret);
  try {
    const bound = await checkSecretBinding(settings, kind, secrets);
    if (!bound.ok) return say('secret', false, bound.error.message);
  } catch (error) {
    return say('secret', false, `The stored secret could not be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  say('secret', true, kind === 'token' ? 'An access token is stored.' : 'A client secret is stored.');

  const transport = transportFor(settings, secrets, options.systemProxy ?? null);
  let token: string;
  if (kind === 'token') {
    token = secret.trim();
    const expiry = tokenExpiry(token);
    if (expiry !== null && Date.parse(expiry) <= options.clock.now()) {
      return say('token', false, `The stored token expired at ${expiry}. Paste a fresh one in Settings.`);
    }
    say('token', true, expiry ? `The token is valid until ${expiry}.` : 'The token is not a JWT, so its expiry cannot be checked; the hub will decide.');
  } else {
    const provider = tokenProviderFor(settings, checked.value.identityUrl, secrets, options.clock, options.logger, transport);
    try {
      token = await provider.getToken();
    } catch (error) {
      const message = error instanceof AuthError ? error.message : `Getting a token failed: ${error instanceof Error ? error.message : String(error)}`;
      return say('token', false, message);
    }
    knownSecrets.push(token);
    const expiry = tokenExpiry(token);
    say('token', true, `The identity server at ${checked.value.identityUrl} issued a token${expiry ? ` valid until ${expiry}` : ''}.`);
  }

  const probe = (tokenIn: TokenPlacement) =>
    probeHub({
      baseUrl: checked.value.baseUrl,
      stream: first.stream,
      site: first.site,
      tokenProvider: { getToken: () => Promise.resolve(token), invalidate: () => undefined },
      timeoutMs: options.timeoutMs,
      logger: options.logger,
      transport: { ...transport, tokenIn },
    });
  const chosen = settings.network.tokenIn;
  const probed = await probe(chosen);
  if (!probed.ok && probed.error.code === 'refused') {
    // Deployments may honour only one placement: one more try the other way tells the user which to change.
    const other: TokenPlacement = chosen === 'header' ? 'query' : 'header';
    const otherWay = await probe(other);
    const advice = otherWay.ok
      ? ` Sent ${PLACEMENT_WORDS[other]} instead, the same token was accepted: under Settings › Network, send the token ${PLACEMENT_WORDS[other]}.`
      : ` Sent ${PLACEMENT_WORDS[other]} it was refused as well, so the token itself is the problem, not where it is sent.`;
    return say('connect', false, `${probed.error.message}${advice}`);
  }
  if (!probed.ok) return say('connect', false, probed.error.message);
  const where = first.site === null ? 'for all sites' : `for ${options.siteName(first.site) ?? `site ${first.site}`}`;
  const connected = say('connect', true, `Connected to the ${first.stream} hub ${where}. Events will arrive as they happen.`);
  if (!settings.recovery.enabled) return connected;
  const { message, ok } = await probeRest(settings, first, token, options, transport.network ? networkFetch(transport.network) : undefined);
  return say('rest', ok, message);
}

/** One `$top=1` query against the Core REST API, and what it found, in words. */
async function probeRest(
  settings: Settings,
  first: { readonly stream: StreamKind; readonly site: string | null },
  token: string,
  options: ConnectionTestOptions,
  /** Through the configured proxy and extra CA, as the hubs are reached. */
  fetchImpl: typeof fetch | undefined,
): Promise<{ message: string; ok: boolean }> {
  const url = resolveRestUrl(settings.connection.environment, settings.connection.baseUrl, settings.recovery.restUrl);
  if (!url.ok) return { ok: false, message: `Missed events cannot be recovered yet: ${url.error.message}` };
  const client = new CoreRestClient({
    baseUrl: url.value,
    tokenProvider: { getToken: () => Promise.resolve(token), invalidate: () => undefined },
    timeoutMs: options.timeoutMs,
    ...(fetchImpl ? { fetch: fetchImpl } : {}),
  });
  const noun = streamKind(first.stream).singular;
  try {
    const { newest } = await client.probe(first.stream, first.site);
    if (newest === null) return { ok: true, message: `The Core REST API at ${url.value} answered, with no ${noun} stored yet. Missed events can be recovered.` };
    const event = normaliseEvent(newest, { stream: first.stream, site: first.site, receivedAt: new Date(options.clock.now()).toISOString() });
    const when = event.time ?? 'an unknown time';
    return { ok: true, message: `The Core REST API at ${url.value} answered: the newest ${noun} is from ${when}. Missed events can be recovered.` };
  } catch (error) {
    const reason = error instanceof RestFailure ? error.message : String(error);
    return { ok: false, message: `Missed events cannot be recovered: ${reason} (at ${url.value}).` };
  }
}
