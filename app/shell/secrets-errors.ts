/**
 * Errors from the secret stores. A store's backend may echo what it was given, so every message is
 * built here with the secret scrubbed out and no `cause` attached (a cause would carry it through).
 */
export type SecretStoreErrorCode = 'bad-account' | 'bad-secret' | 'unreadable-file' | 'backend-failed';

export class SecretStoreError extends Error {
  override readonly name = 'SecretStoreError';

  constructor(
    readonly code: SecretStoreErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** The failure's own text, with any secret it might echo replaced. */
export function describeFailure(error: unknown, ...secrets: readonly (string | null | undefined)[]): string {
  let text = error instanceof Error ? error.message : String(error);
  for (const secret of secrets) {
    if (secret) text = text.split(secret).join('[redacted]');
  }
  return text;
}

const ACCOUNT_PATTERN = /^[a-z][a-z0-9-]{0,63}$/;

export function checkAccount(account: unknown): string {
  if (typeof account !== 'string' || !ACCOUNT_PATTERN.test(account)) {
    throw new SecretStoreError('bad-account', 'A secret account name is lower-case letters, digits and dashes (e.g. "client-secret").');
  }
  return account;
}

export function checkSecret(account: string, secret: unknown): string {
  if (typeof secret !== 'string' || secret.length === 0) {
    throw new SecretStoreError('bad-secret', `The ${account} to store must be non-empty text; use delete to remove it.`);
  }
  return secret;
}
