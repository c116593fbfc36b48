import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { SafeStorage } from 'electron';
import type { Logger, SecretStore } from '../core/ports';
import { checkAccount, checkSecret, describeFailure, SecretStoreError } from './secrets-errors';

/**
 * The part of Electron's safeStorage this app uses: the asynchronous API (the synchronous one is
 * deprecated since Electron 45; files it wrote decrypt with the asynchronous one).
 * `getSelectedStorageBackend` is optional so a plain fake can stand in; when present it lets us
 * refuse Linux's `basic_text`, which encrypts with a fixed, public key and so protects nothing.
 */
export type SafeStorageLike = Pick<SafeStorage, 'isAsyncEncryptionAvailable' | 'encryptStringAsync' | 'decryptStringAsync'> &
  Partial<Pick<SafeStorage, 'getSelectedStorageBackend'>>;

export const SECRETS_FILE_NAME = 'secrets.enc';

interface SecretsFile {
  readonly version: 1;
  readonly secrets: Readonly<Record<string, string>>;
}

export async function safeStorageProtects(safeStorage: SafeStorageLike): Promise<boolean> {
  if (!(await safeStorage.isAsyncEncryptionAvailable())) return false;
  return safeStorage.getSelectedStorageBackend?.() !== 'basic_text';
}

/**
 * All secrets in one file, encrypted as a whole with safeStorage (the OS protects the key). Every
 * write replaces the file atomically, so a crash leaves either the old or the new file, never half.
 */
export class EncryptedFileSecretStore implements SecretStore {
  readonly location = 'encrypted-file' as const;
  readonly file: string;
  /** Operations run one at a time so two writes cannot lose each other's account. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly safeStorage: SafeStorageLike,
    readonly directory: string,
    private readonly logger: Logger,
  ) {
    this.file = path.join(directory, SECRETS_FILE_NAME);
  }

  async get(account: string): Promise<string | null> {
    checkAccount(account);
    return this.serialize(async () => (await this.readAll())[account] ?? null);
  }

  async set(account: string, secret: string): Promise<void> {
    checkAccount(account);
    checkSecret(account, secret);
    return this.serialize(async () => {
      let current: Readonly<Record<string, string>>;
      try {
        current = await this.readAll();
      } catch (error) {
        if (!(error instanceof SecretStoreError && error.code === 'unreadable-file')) throw error;
        // A new secret must be storable even if the old file cannot be read; keep that file beside it.
        const kept = `${this.file}.unreadable-${Date.now()}`;
        await rename(this.file, kept);
        this.logger.warn('Unreadable secrets file moved aside before storing a new secret', { kept });
        current = {};
      }
      await this.writeAll({ ...current, [account]: secret }, secret);
    });
  }

  async delete(account: string): Promise<boolean> {
    checkAccount(account);
    return this.serialize(async () => {
      const current = await this.readAll();
      if (!(account in current)) return false;
      const { [account]: _removed, ...rest } = current;
      await this.writeAll(rest);
      return true;
    });
  }

  /** Every stored account and secret; for migrating them elsewhere. */
  entries(): Promise<Readonly<Record<string, string>>> {
    return this.serialize(() => this.readAll());
  }

  private serialize<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.queue.then(operation, operation);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async readAll(): Promise<Readonly<Record<string, string>>> {
    let encrypted: Buffer;
    try {
      encrypted = await readFile(this.file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw new SecretStoreError('unreadable-file', `Could not read the encrypted secrets file ${this.file}: ${describeFailure(error)}`);
    }
    let parsed: unknown;
    let reEncrypt = false;
    try {
      const decrypted = await this.safeStorage.decryptStringAsync(encrypted);
      reEncrypt = decrypted.shouldReEncrypt;
      parsed = JSON.parse(decrypted.result);
    } catch {
      // The decrypt or parse error may quote the plaintext; say only what happened.
      throw new SecretStoreError(
        'unreadable-file',
        `The encrypted secrets file ${this.file} could not be decrypted (the OS key may have changed); it was left as it is.`,
      );
    }
    if (!isSecretsFile(parsed)) {
      throw new SecretStoreError('unreadable-file', `The encrypted secrets file ${this.file} has an unknown layout; it was left as it is.`);
    }
    if (reEncrypt) {
      // The OS rotated the key (or offers a stronger one): store the file again under it. The secrets
      // were read either way, so a failure here is only logged.
      await this.writeAll(parsed.secrets).catch((error: unknown) => {
        this.logger.warn('Could not re-encrypt the secrets file under the new OS key', { reason: describeFailure(error, ...Object.values(parsed.secrets)) });
      });
    }
    return parsed.secrets;
  }

  private async writeAll(secrets: Readonly<Record<string, string>>, newSecret?: string): Promise<void> {
    if (Object.keys(secrets).length === 0) {
      await rm(this.file, { force: true });
      return;
    }
    const content: SecretsFile = { version: 1, secrets };
    let encrypted: Buffer;
    try {
      encrypted = await this.safeStorage.encryptStringAsync(JSON.stringify(content));
    } catch (error) {
      throw new SecretStoreError('backend-failed', `Could not encrypt the secrets: ${describeFailure(error, newSecret, ...Object.values(secrets))}`);
    }
    await mkdir(this.directory, { recursive: true, mode: 0o700 });
    const temporary = `${this.file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    const handle = await open(temporary, 'wx', 0o600);
    try {
      await handle.writeFile(encrypted);
      await handle.sync();
    } catch (error) {
      await handle.close();
      await rm(temporary, { force: true });
      throw new SecretStoreError('backend-failed', `Could not write the encrypted secrets file ${this.file}: ${describeFailure(error)}`);
    }
    await handle.close();
    await rename(temporary, this.file);
  }
}

function isSecretsFile(value: unknown): value is SecretsFile {
  if (typeof value !== 'object' || value === null) return false;
  const { version, secrets } = value as { version?: unknown; secrets?: unknown };
  return (
    version === 1 &&
    typeof secrets === 'object' &&
    secrets !== null &&
    !Array.isArray(secrets) &&
    Object.values(secrets).every((secret) => typeof secret === 'string')
  );
}
