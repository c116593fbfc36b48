/**
 * Picks where secrets live: the OS keychain through keytar (service "clay-tray"); else a file
 * encrypted with Electron's safeStorage; else memory for this session. The chosen store's
 * `location` is what the window shows. A secret left in the file by an earlier run moves to the
 * keychain only once the keychain has been seen to hold it, and never without a log line.
 */
import type { Logger, SecretStore } from '../core/ports';
import { describeFailure } from './secrets-errors';
import { EncryptedFileSecretStore, safeStorageProtects, type SafeStorageLike } from './secrets-encrypted-file';
import { KeychainSecretStore, keychainAnswers, type KeytarLike } from './secrets-keychain';
import { SessionSecretStore } from './secrets-session';

export { SecretStoreError, type SecretStoreErrorCode } from './secrets-errors';
export { SECRETS_FILE_NAME, type SafeStorageLike } from './secrets-encrypted-file';
export { KEYCHAIN_SERVICE, loadKeytar, type KeytarLike } from './secrets-keychain';

export interface SecretStoreOptions {
  /** Loads keytar; null (or a throw) when its native module is unavailable. */
  readonly keytar: () => Promise<KeytarLike | null>;
  readonly safeStorage: SafeStorageLike;
  /** Where the encrypted fallback file lives (the app's user-data folder). */
  readonly directory: string;
  readonly logger: Logger;
  /** How long the keychain may take to answer its first read. */
  readonly probeTimeoutMs?: number;
}

/** What happened to secrets found in the fallback file while the keychain was available. */
export interface SecretMigration {
  /** Accounts copied to the keychain and read back intact. */
  readonly moved: readonly string[];
  /** Set when the file was kept; the app then keeps using it, so nothing is lost or goes stale. */
  readonly keptBecause: string | null;
}

export interface ManagedSecretStore extends SecretStore {
  /** Why the keychain is not used, for the window and diagnostics; null when it is. */
  readonly fallbackReason: string | null;
  readonly migration: SecretMigration | null;
}

const DEFAULT_PROBE_TIMEOUT_MS = 5_000;

export async function createSecretStore(options: SecretStoreOptions): Promise<ManagedSecretStore> {
  const logger = options.logger;
  const file = new EncryptedFileSecretStore(options.safeStorage, options.directory, logger);

  const keychain = await openKeychain(options);
  if (keychain.ok) {
    const { migration, keepUsingFile } = await migrateFileToKeychain(file, keychain.store, logger);
    if (keepUsingFile) return withReport(file, 'secrets could not be moved to the OS keychain yet', migration);
    return withReport(keychain.store, null, migration);
  }

  logger.warn('OS keychain unavailable; falling back', { reason: keychain.reason });
  if (await safeStorageProtects(options.safeStorage)) {
    logger.info('Secrets are kept in a file encrypted with the OS key store', { file: file.file });
    return withReport(file, keychain.reason, null);
  }
  logger.warn('OS encryption unavailable too; secrets are kept for this session only');
  return withReport(new SessionSecretStore(), keychain.reason, null);
}

async function openKeychain(options: SecretStoreOptions): Promise<{ ok: true; store: KeychainSecretStore } | { ok: false; reason: string }> {
  let keytar: KeytarLike | null;
  try {
    keytar = await options.keytar();
  } catch (error) {
    return { ok: false, reason: `keytar could not load: ${describeFailure(error)}` };
  }
  if (!keytar) return { ok: false, reason: 'keytar could not load' };
  const answer = await keychainAnswers(keytar, options.probeTimeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS);
  if (!answer.ok) return { ok: false, reason: `the OS keychain did not answer: ${answer.reason}` };
  return { ok: true, store: new KeychainSecretStore(keytar) };
}

/**
 * Copies every secret from the file to the keychain, reads each back, and deletes the file only when
 * all of them match. Otherwise the file stays the one source of truth for this run (so nothing is
 * lost or goes stale) and the move is tried again on the next start.
 */
async function migrateFileToKeychain(
  file: EncryptedFileSecretStore,
  keychain: KeychainSecretStore,
  logger: Logger,
): Promise<{ migration: SecretMigration | null; keepUsingFile: boolean }> {
  let entries: Readonly<Record<string, string>>;
  try {
    entries = await file.entries();
  } catch (error) {
    // Unreadable now (OS encryption off, or its key changed): leave it for the user, use the keychain.
    const keptBecause = describeFailure(error);
    logger.warn('Encrypted secrets file left in place', { file: file.file, reason: keptBecause });
    return { migration: { moved: [], keptBecause }, keepUsingFile: false };
  }
  const accounts = Object.keys(entries);
  if (accounts.length === 0) return { migration: null, keepUsingFile: false };

  logger.info('Moving secrets from the encrypted file to the OS keychain', { accounts });
  const moved: string[] = [];
  for (const account of accounts) {
    const secret = entries[account] as string;
    try {
      await keychain.set(account, secret);
      const readBack = await keychain.get(account);
      if (readBack !== secret) throw new Error('the keychain returned a different value when read back');
      moved.push(account);
    } catch (error) {
      const keptBecause = `copying the ${account} failed: ${describeFailure(error, secret)}`;
      logger.warn('Secrets stay in the encrypted file; will retry on next start', { reason: keptBecause, moved });
      return { migration: { moved, keptBecause }, keepUsingFile: true };
    }
  }
  try {
    for (const account of accounts) await file.delete(account);
  } catch (error) {
    logger.error('Secrets are in the OS keychain but the encrypted file could not be removed', {
      file: file.file,
      reason: describeFailure(error),
    });
    return { migration: { moved, keptBecause: null }, keepUsingFile: false };
  }
  logger.info('Secrets moved to the OS keychain; encrypted file removed', { accounts: moved });
  return { migration: { moved, keptBecause: null }, keepUsingFile: false };
}

function withReport(store: SecretStore, fallbackReason: string | null, migration: SecretMigration | null): ManagedSecretStore {
  return {
    location: store.location,
    fallbackReason,
    migration,
    get: (account) => store.get(account),
    set: (account, secret) => store.set(account, secret),
    delete: (account) => store.delete(account),
  };
}
