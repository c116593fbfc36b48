import type * as keytarModule from 'keytar';
import type { SecretStore } from '../core/ports';
import { checkAccount, checkSecret, describeFailure, SecretStoreError } from './secrets-errors';

/** The part of keytar this app uses, typed from keytar's own definitions. */
export type KeytarLike = Pick<typeof keytarModule, 'getPassword' | 'setPassword' | 'deletePassword'>;

export const KEYCHAIN_SERVICE = 'clay-tray';

/** Never written: reading it only proves the keychain answers. */
const PROBE_ACCOUNT = 'availability-probe';

/**
 * Loads keytar's native module. It is CommonJS, so an ES import sees it as `default`. Null when the
 * module cannot load (not built for this Electron, missing libsecret): the caller falls back.
 */
export async function loadKeytar(): Promise<KeytarLike | null> {
  try {
    const loaded = (await import('keytar')) as typeof keytarModule & { default?: typeof keytarModule };
    return loaded.default ?? loaded;
  } catch {
    return null;
  }
}

/**
 * Whether the OS keychain answers. On Linux keytar loads fine without a Secret Service and only
 * fails on first use; a locked keyring may instead wait on an unlock prompt, hence the time limit.
 */
export async function keychainAnswers(keytar: KeytarLike, timeoutMs: number): Promise<{ ok: true } | { ok: false; reason: string }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    timer.unref();
  });
  try {
    await Promise.race([keytar.getPassword(KEYCHAIN_SERVICE, PROBE_ACCOUNT), timeout]);
    return { ok: true };
  } catch (error) {
    return { ok: false, reason: describeFailure(error) };
  } finally {
    clearTimeout(timer);
  }
}

export class KeychainSecretStore implements SecretStore {
  readonly location = 'keychain' as const;

  constructor(private readonly keytar: KeytarLike) {}

  async get(account: string): Promise<string | null> {
    checkAccount(account);
    try {
      return await this.keytar.getPassword(KEYCHAIN_SERVICE, account);
    } catch (error) {
      throw new SecretStoreError('backend-failed', `Could not read the ${account} from the OS keychain: ${describeFailure(error)}`);
    }
  }

  async set(account: string, secret: string): Promise<void> {
    checkAccount(account);
    checkSecret(account, secret);
    try {
      await this.keytar.setPassword(KEYCHAIN_SERVICE, account, secret);
    } catch (error) {
      throw new SecretStoreError('backend-failed', `Could not store the ${account} in the OS keychain: ${describeFailure(error, secret)}`);
    }
  }

  async delete(account: string): Promise<boolean> {
    checkAccount(account);
    try {
      return await this.keytar.deletePassword(KEYCHAIN_SERVICE, account);
    } catch (error) {
      throw new SecretStoreError('backend-failed', `Could not delete the ${account} from the OS keychain: ${describeFailure(error)}`);
    }
  }
}
