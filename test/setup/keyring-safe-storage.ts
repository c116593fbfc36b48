import type { SafeStorageLike } from '../../app/shell/secrets';

const MARK = 'fake-safe-storage:';

/**
 * Stands in for Electron's safeStorage, which needs the Electron binary. Its "encryption" is a
 * reversible transform that hides the plaintext bytes, so a test can tell that the file is not plain.
 */
export function createFakeSafeStorage(options: { available?: boolean; backend?: ReturnType<NonNullable<SafeStorageLike['getSelectedStorageBackend']>> } = {}): SafeStorageLike & {
  available: boolean;
  rotateKeyOnNextDecrypt: boolean;
} {
  const backend = options.backend;
  const fake = {
    available: options.available ?? true,
    /** Test hook: the next decrypt says the OS key changed, so the data should be encrypted again. */
    rotateKeyOnNextDecrypt: false,
    isAsyncEncryptionAvailable: () => Promise.resolve(fake.available),
    async encryptStringAsync(plainText: string): Promise<Buffer> {
      if (!fake.available) throw new Error('Encryption is not available.');
      const bytes = Buffer.from(plainText, 'utf8').map((byte) => byte ^ 0x5a);
      return Buffer.from(MARK + Buffer.from(bytes).toString('base64'));
    },
    async decryptStringAsync(encrypted: Buffer): Promise<{ shouldReEncrypt: boolean; result: string }> {
      const text = encrypted.toString('latin1');
      // Like a real decrypt failure, it quotes what it got: the store must not pass that on.
      if (!fake.available || !text.startsWith(MARK)) throw new Error(`Error while decrypting the ciphertext provided: ${text}`);
      const bytes = Buffer.from(text.slice(MARK.length), 'base64').map((byte) => byte ^ 0x5a);
      const shouldReEncrypt = fake.rotateKeyOnNextDecrypt;
      fake.rotateKeyOnNextDecrypt = false;
      return { shouldReEncrypt, result: Buffer.from(bytes).toString('utf8') };
    },
    ...(backend ? { getSelectedStorageBackend: () => backend } : {}),
  };
  return fake;
}
