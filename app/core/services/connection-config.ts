/**
 * From settings and stored secrets to what the supervisor runs: the base URL, one subscription per
 * (stream, site), and a token provider. Anything missing or wrong becomes a plain-language reason
 * instead, and the app waits for the user rather than retrying something that cannot work.
 */
import type { SecretKind } from '../../common/ipc-contract';
import type { SystemProxyResolver } from './network-options';
import { networkFor } from './network-options';
import { networkFetch } from '../network/network';
import type { HubTransport } from '../streaming/stream';
import type { StreamKind } from '../../common/models';
import { fail, ok, type Result } from '../../common/result';
import type { Settings } from '../../common/settings';
import { AuthError, ClientCredentialsTokenProvider, staticTokenProvider, type TokenProvider } from '../streaming/auth';
import { resolveBaseUrl, resolveIdentityUrl } from '../streaming/endpoints';
import type { Clock, Logger, SecretStore } from '../ports';
import { checkSecretBinding } from '../settings/secret-binding';
import type { SubscriptionSpec } from '../streaming/stream-timing';
import { STREAM_KINDS } from '../../common/stream-kinds';

export interface StreamConfig {
  readonly baseUrl: string;
  readonly subscriptions: readonly SubscriptionSpec[];
  readonly tokenProvider: TokenProvider;
  readonly transport: HubTransport;
}

/** The secret the current auth mode needs. */
export function secretKindFor(settings: Settings): Exclude<SecretKind, 'proxy-password'> {
  return settings.auth.mode === 'token' ? 'token' : 'client-secret';
}

export function subscriptionsFor(settings: Settings): SubscriptionSpec[] {
  const streams = STREAM_KINDS.filter((s: StreamKind) => settings.connection.streams[s]);
  const sites = settings.connection.sites.length > 0 ? settings.connection.sites.map((s) => s.id) : [null];
  return streams.flatMap((stream) => sites.map((site) => ({ stream, site })));
}

/** Checks what can be checked without a secret or the network. */
export function checkSettings(settings: Settings): Result<{ baseUrl: string; identityUrl: string; subscriptions: SubscriptionSpec[] }> {
  const baseUrl = resolveBaseUrl(settings.connection.environment, settings.connection.baseUrl);
  if (!baseUrl.ok) return baseUrl;
  const identityUrl = resolveIdentityUrl(settings.connection.environment, settings.auth.identityUrl, settings.connection.baseUrl);
  if (!identityUrl.ok) return identityUrl;
  const subscriptions = subscriptionsFor(settings);
  if (subscriptions.length === 0) return fail('no-streams', 'Both streams are switched off, so there is nothing to listen to.');
  if (settings.auth.mode === 'client-credentials' && settings.auth.clientId.trim() === '') {
    return fail('no-client-id', 'No client id is set. Enter the client id and secret in Settings.');
  }
  return ok({ baseUrl: baseUrl.value, identityUrl: identityUrl.value, subscriptions });
}

export function missingSecretMessage(kind: SecretKind): string {
  return kind === 'token' ? 'No access token is stored. Paste one in Settings.' : 'No client secret is stored. Enter it in Settings.';
}

/**
 * The token provider reads the secret on every fetch, so a secret changed in Settings is used on
 * the next connect without rebuilding anything. Each read checks again that the secret may go
 * where these settings point.
 */
export function tokenProviderFor(settings: Settings, identityUrl: string, secrets: SecretStore, clock: Clock, logger: Logger, transport: HubTransport): TokenProvider {
  const kind = secretKindFor(settings);
  const read = async (): Promise<string> => {
    const value = await secrets.get(kind);
    if (value === null || value.trim() === '') throw new AuthError('missing_secret', missingSecretMessage(kind));
    const bound = await checkSecretBinding(settings, kind, secrets);
    if (!bound.ok) throw new AuthError('missing_secret', bound.error.message);
    return value;
  };
  if (kind === 'token') return staticTokenProvider(read);
  return new ClientCredentialsTokenProvider({
    identityUrl,
    clientId: settings.auth.clientId.trim(),
    clientSecret: read,
    scope: settings.auth.scope,
    clock,
    logger,
    ...(transport.network ? { fetch: networkFetch(transport.network) } : {}),
  });
}

/** Proxy, certificate authorities and token placement from the settings: one value for hub, token and REST. */
export function transportFor(settings: Settings, secrets: SecretStore, systemProxy: SystemProxyResolver | null): HubTransport {
  return { network: networkFor(settings.network, secrets, systemProxy), tokenIn: settings.network.tokenIn };
}

/** Everything the supervisor needs, or why it cannot run yet. */
export async function streamConfigFor(
  settings: Settings,
  secrets: SecretStore,
  clock: Clock,
  logger: Logger,
  systemProxy: SystemProxyResolver | null = null,
): Promise<Result<StreamConfig>> {
  const checked = checkSettings(settings);
  if (!checked.ok) return checked;
  const kind = secretKindFor(settings);
  let stored: string | null;
  try {
    stored = await secrets.get(kind);
  } catch (error) {
    return fail('secret-unreadable', `The stored secret could not be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (stored === null || stored.trim() === '') return fail('no-secret', missingSecretMessage(kind));
  try {
    const bound = await checkSecretBinding(settings, kind, secrets);
    if (!bound.ok) return bound;
    if (bound.value.boundNow) logger.info('Bound a secret stored by an earlier version to the servers it is used with now');
  } catch (error) {
    return fail('secret-unreadable', `The stored secret could not be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  const transport = transportFor(settings, secrets, systemProxy);
  return ok({
    baseUrl: checked.value.baseUrl,
    subscriptions: checked.value.subscriptions,
    tokenProvider: tokenProviderFor(settings, checked.value.identityUrl, secrets, clock, logger, transport),
    transport,
  });
}

/** Only these settings change what the supervisor runs. */
export function connectionKey(settings: Settings): string {
  return JSON.stringify([settings.connection, settings.auth, settings.network]);
}
