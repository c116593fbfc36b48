import type { SecretStore } from '../core/ports';
import { checkAccount, checkSecret } from './secrets-errors';

/** The last resort when neither the keychain nor safeStorage works: gone when the app quits. */
export class SessionSecretStore implements SecretStore {
  readonly location = 'session-only' as const;
  private readonly secrets = new Map<string, string>();

  async get(account: string): Promise<string | null> {
    return this.secrets.get(checkAccount(account)) ?? null;
  }

  async set(account: string, secret: string): Promise<void> {
    checkAccount(account);
    this.secrets.set(account, checkSecret(account, secret));
  }

  async delete(account: string): Promise<boolean> {
    return this.secrets.delete(checkAccount(account));
  }
}
