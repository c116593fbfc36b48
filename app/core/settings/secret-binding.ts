/**
 * A stored secret is bound to the servers it was entered for: the origins it (or a token made
 * from it) is sent to. When a settings change points somewhere else, the secret stays home until
 * the user enters it again or confirms the new servers in a native dialog from main; a settings
 * update from the window alone can never send it elsewhere.
 *
 * The binding is kept in the same SecretStore under its own account, which the window cannot
 * write: its only secret request names one of the two secret kinds.
 */
import type { SecretKind } from '../../common/ipc-contract';
import { fail, ok, type Result } from '../../common/result';
import type { Settings } from '../../common/settings';
import { resolveBaseUrl, resolveIdentityUrl } from '../streaming/endpoints';
import type { SecretStore } from '../ports';

/** Where a secret of this kind would go under these settings: the identity server and the hub for client credentials, the hub for a token. */
export function secretDestinations(settings: Settings, kind: SecretKind): Result<readonly string[]> {
  const base = resolveBaseUrl(settings.connection.environment, settings.connection.baseUrl);
  if (!base.ok) return base;
  const hub = new URL(base.value).origin;
  if (kind === 'token') return ok([hub]);
  const identity = resolveIdentityUrl(settings.connection.environment, settings.auth.identityUrl, settings.connection.baseUrl);
  if (!identity.ok) return identity;
  const origin = new URL(identity.value).origin;
  return ok(origin === hub ? [hub] : [origin, hub]);
}

function bindingAccount(kind: SecretKind): string {
  return `${kind}-sent-to`;
}

/** The origins the stored secret was entered for; null when none were recorded (a secret stored by an older version). */
export async function readSecretBinding(secrets: SecretStore, kind: SecretKind): Promise<readonly string[] | null> {
  const text = await secrets.get(bindingAccount(kind));
  if (text === null) return null;
  try {
    const value = JSON.parse(text) as unknown;
    return Array.isArray(value) && value.every((item) => typeof item === 'string') ? (value as string[]) : [];
  } catch {
    // Unreadable counts as bound to nowhere: the user is asked, never the secret sent.
    return [];
  }
}

export function bindSecret(secrets: SecretStore, kind: SecretKind, origins: readonly string[]): Promise<void> {
  return secrets.set(bindingAccount(kind), JSON.stringify(origins));
}

export async function forgetSecretBinding(secrets: SecretStore, kind: SecretKind): Promise<void> {
  await secrets.delete(bindingAccount(kind));
}

export function sameServers(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((origin) => b.includes(origin));
}

/** `https://a`, or `https://a and https://b`. */
export function describeServers(origins: readonly string[]): string {
  if (origins.length === 0) return 'no server';
  return origins.length === 1 ? (origins[0] as string) : `${origins.slice(0, -1).join(', ')} and ${origins.at(-1) as string}`;
}

export function serverChangeMessage(kind: SecretKind, savedFor: readonly string[], nowFor: readonly string[]): string {
  const noun = kind === 'token' ? 'access token' : 'client secret';
  return (
    `Your ${noun} was saved for ${describeServers(savedFor)}. Enter it again to use it with ${describeServers(nowFor)}, ` +
    'or choose "Use it with the new server" in Settings and confirm. Until then it is not sent anywhere.'
  );
}

/**
 * Ok when the stored secret may go where these settings point. A secret from an older version
 * (no binding yet) is bound to where the settings point the first time it is used.
 */
export async function checkSecretBinding(settings: Settings, kind: SecretKind, secrets: SecretStore): Promise<Result<{ readonly boundNow: boolean }>> {
  const wanted = secretDestinations(settings, kind);
  if (!wanted.ok) return wanted;
  const saved = await readSecretBinding(secrets, kind);
  if (saved === null) {
    await bindSecret(secrets, kind, wanted.value);
    return ok({ boundNow: true });
  }
  if (!sameServers(saved, wanted.value)) return fail('secret-server-changed', serverChangeMessage(kind, saved, wanted.value));
  return ok({ boundNow: false });
}
