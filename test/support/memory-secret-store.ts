import type { SecretLocation } from '../../app/common/models';
import type { SecretStore } from '../../app/core/ports';

/**
 * A secret store for tests of code that uses one: held in memory, with a chosen `location`, a log of
 * what was asked of it, and a way to make the next operations fail like a broken keychain would.
 */
export class MemorySecretStore implements SecretStore {
  readonly calls: { readonly operation: 'get' | 'set' | 'delete'; readonly account: string }[] = [];
  private readonly secrets: Map<string, string>;
  private failure: Error | null = null;

  constructor(
    initial: Readonly<Record<string, string>> = {},
    readonly location: SecretLocation = 'session-only',
  ) {
    this.secrets = new Map(Object.entries(initial));
  }

  /** Every following operation rejects with `error` until `failWith(null)`. */
  failWith(error: Error | null): void {
    this.failure = error;
  }

  /** What is stored now, for assertions. */
  snapshot(): Readonly<Record<string, string>> {
    return Object.fromEntries(this.secrets);
  }

  async get(account: string): Promise<string | null> {
    this.record('get', account);
    return this.secrets.get(account) ?? null;
  }

  async set(account: string, secret: string): Promise<void> {
    this.record('set', account);
    this.secrets.set(account, secret);
  }

  async delete(account: string): Promise<boolean> {
    this.record('delete', account);
    return this.secrets.delete(account);
  }

  private record(operation: 'get' | 'set' | 'delete', account: string): void {
    this.calls.push({ operation, account });
    if (this.failure) throw this.failure;
  }
}
