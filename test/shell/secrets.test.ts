import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Logger } from '../../app/core/ports';
import { createSecretStore, KEYCHAIN_SERVICE, SECRETS_FILE_NAME, SecretStoreError, type KeytarLike, type SecretStoreOptions } from '../../app/shell/secrets';
import { createFakeSafeStorage } from '../setup/keyring-safe-storage';

const SECRET = 'tOp-S3cret-value-0f-the-client';

/** keytar's surface over a map; each operation can be made to fail or misbehave. */
interface FakeKeytar extends KeytarLike {
  readonly entries: Map<string, string>;
  failProbe: Error | null;
  hangProbe: boolean;
  failSet: ((password: string) => Error) | null;
  corruptReadBack: boolean;
}

function createFakeKeytar(): FakeKeytar {
  const entries = new Map<string, string>();
  const fake: FakeKeytar = {
    entries,
    failProbe: null,
    hangProbe: false,
    failSet: null,
    corruptReadBack: false,
    getPassword: async (service: string, account: string) => {
      if (fake.hangProbe) return new Promise<string | null>(() => undefined);
      if (fake.failProbe) throw fake.failProbe;
      const value = entries.get(`${service}/${account}`) ?? null;
      return value !== null && fake.corruptReadBack ? `${value}-changed` : value;
    },
    setPassword: async (service: string, account: string, password: string) => {
      if (fake.failSet) throw fake.failSet(password);
      entries.set(`${service}/${account}`, password);
    },
    deletePassword: async (service: string, account: string) => entries.delete(`${service}/${account}`),
  };
  return fake;
}

function createRecordingLogger() {
  const lines: string[] = [];
  const logger: Logger = {
    debug: (message, fields) => lines.push(`debug ${message} ${JSON.stringify(fields ?? {})}`),
    info: (message, fields) => lines.push(`info ${message} ${JSON.stringify(fields ?? {})}`),
    warn: (message, fields) => lines.push(`warn ${message} ${JSON.stringify(fields ?? {})}`),
    error: (message, fields) => lines.push(`error ${message} ${JSON.stringify(fields ?? {})}`),
    child: () => logger,
  };
  return { logger, lines };
}

async function caught(promise: Promise<unknown>): Promise<SecretStoreError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(SecretStoreError);
    return error as SecretStoreError;
  }
  throw new Error('expected a rejection');
}

let directory: string;
let log: ReturnType<typeof createRecordingLogger>;

beforeEach(async () => {
  directory = await mkdtemp(path.join(tmpdir(), 'clay-secrets-'));
  log = createRecordingLogger();
});

afterEach(async () => {
  // Secrets must never reach a log line, whatever the test did.
  expect(log.lines.join('\n')).not.toContain(SECRET);
  await rm(directory, { recursive: true, force: true });
});

function options(overrides: Partial<SecretStoreOptions>): SecretStoreOptions {
  return {
    keytar: async () => null,
    safeStorage: createFakeSafeStorage(),
    directory,
    logger: log.logger,
    ...overrides,
  };
}

const secretsFile = () => path.join(directory, SECRETS_FILE_NAME);

describe('keychain (keytar) as the primary store', () => {
  it('keeps secrets in keytar under the service "clay-tray" and writes no file', async () => {
    const keytar = createFakeKeytar();
    const store = await createSecretStore(options({ keytar: async () => keytar }));

    expect(store.location).toBe('keychain');
    expect(store.fallbackReason).toBeNull();
    await store.set('client-secret', SECRET);
    expect(keytar.entries.get(`${KEYCHAIN_SERVICE}/client-secret`)).toBe(SECRET);
    expect(await store.get('client-secret')).toBe(SECRET);
    expect(await store.get('token')).toBeNull();
    expect(await store.delete('client-secret')).toBe(true);
    expect(await store.delete('client-secret')).toBe(false);
    expect(await readdir(directory)).toEqual([]);
  });

  it('falls back when the keychain does not answer its probe (no Secret Service)', async () => {
    const keytar = createFakeKeytar();
    keytar.failProbe = new Error('Cannot autolaunch D-Bus without X11 $DISPLAY');
    const store = await createSecretStore(options({ keytar: async () => keytar }));

    expect(store.location).toBe('encrypted-file');
    expect(store.fallbackReason).toContain('Cannot autolaunch D-Bus');
  });

  it('falls back when the keychain hangs past the probe limit', async () => {
    const keytar = createFakeKeytar();
    keytar.hangProbe = true;
    const store = await createSecretStore(options({ keytar: async () => keytar, probeTimeoutMs: 20 }));

    expect(store.location).toBe('encrypted-file');
    expect(store.fallbackReason).toContain('no answer within 20 ms');
  });

  it('falls back when keytar cannot load at all', async () => {
    const store = await createSecretStore(
      options({
        keytar: async () => {
          throw new Error('keytar.node: wrong ELF class');
        },
      }),
    );
    expect(store.location).toBe('encrypted-file');
    expect(store.fallbackReason).toContain('wrong ELF class');
  });

  it('reports a keychain failure without the secret in the error', async () => {
    const keytar = createFakeKeytar();
    const store = await createSecretStore(options({ keytar: async () => keytar }));
    keytar.failSet = (password) => new Error(`org.freedesktop.Secret.Error: refused item with secret ${password}`);

    const error = await caught(store.set('token', SECRET));
    expect(error.code).toBe('backend-failed');
    expect(error.message).toContain('Could not store the token in the OS keychain');
    expect(error.message).not.toContain(SECRET);
    expect(String(error.stack)).not.toContain(SECRET);
    expect(error.cause).toBeUndefined();
  });
});

describe('safeStorage-encrypted file as the fallback', () => {
  it('writes one encrypted file, mode 0600, that a later run reads back', async () => {
    const store = await createSecretStore(options({}));
    expect(store.location).toBe('encrypted-file');

    await store.set('client-secret', SECRET);
    await store.set('token', 'second-secret');
    const bytes = await readFile(secretsFile());
    expect(bytes.toString('latin1')).not.toContain(SECRET);
    expect(bytes.toString('latin1')).not.toContain('client-secret');
    if (process.platform !== 'win32') expect((await stat(secretsFile())).mode & 0o777).toBe(0o600);
    // Atomic writes leave no temporary files behind.
    expect(await readdir(directory)).toEqual([SECRETS_FILE_NAME]);

    const later = await createSecretStore(options({}));
    expect(await later.get('client-secret')).toBe(SECRET);
    expect(await later.get('token')).toBe('second-secret');
  });

  it('deletes one account at a time and removes the file with the last one', async () => {
    const store = await createSecretStore(options({}));
    await store.set('client-secret', SECRET);
    await store.set('token', 'second-secret');

    expect(await store.delete('token')).toBe(true);
    expect(await store.get('client-secret')).toBe(SECRET);
    expect(await store.delete('token')).toBe(false);
    expect(await store.delete('client-secret')).toBe(true);
    expect(await readdir(directory)).toEqual([]);
  });

  it('keeps every account when writes overlap', async () => {
    const store = await createSecretStore(options({}));
    await Promise.all([store.set('client-secret', SECRET), store.set('token', 'second-secret'), store.set('other', 'third')]);

    const later = await createSecretStore(options({}));
    expect([await later.get('client-secret'), await later.get('token'), await later.get('other')]).toEqual([SECRET, 'second-secret', 'third']);
  });

  it('refuses an undecryptable file with a clear error, without quoting it, and keeps it', async () => {
    const store = await createSecretStore(options({}));
    const corrupt = `not encrypted by us, contains ${SECRET}`;
    await writeFile(secretsFile(), corrupt);

    const error = await caught(store.get('client-secret'));
    expect(error.code).toBe('unreadable-file');
    expect(error.message).toContain('could not be decrypted');
    expect(error.message).not.toContain(SECRET);
    expect(await readFile(secretsFile(), 'utf8')).toBe(corrupt);
    // Deleting from a file it cannot read would lose the other accounts: refused, file untouched.
    await caught(store.delete('client-secret'));
    expect(await readFile(secretsFile(), 'utf8')).toBe(corrupt);
  });

  it('stores a new secret over an unreadable file by moving that file aside, not deleting it', async () => {
    const store = await createSecretStore(options({}));
    await writeFile(secretsFile(), 'garbage');

    await store.set('token', SECRET);
    expect(await store.get('token')).toBe(SECRET);
    const names = await readdir(directory);
    const kept = names.find((name) => name.startsWith(`${SECRETS_FILE_NAME}.unreadable-`));
    expect(kept).toBeDefined();
    expect(await readFile(path.join(directory, kept as string), 'utf8')).toBe('garbage');
  });

  it('encrypts the file again when the OS says its key changed, and keeps the secrets', async () => {
    const safeStorage = createFakeSafeStorage();
    const store = await createSecretStore(options({ safeStorage }));
    await store.set('client-secret', SECRET);
    const before = await stat(secretsFile());
    safeStorage.rotateKeyOnNextDecrypt = true;
    expect(await store.get('client-secret')).toBe(SECRET);
    const after = await stat(secretsFile());
    expect(after.ino).not.toBe(before.ino);
    expect(await store.get('client-secret')).toBe(SECRET);
    expect(await readFile(secretsFile(), 'utf8')).not.toContain(SECRET);
  });

  it('reports an encryption failure without the secret', async () => {
    const safeStorage = createFakeSafeStorage();
    const store = await createSecretStore(options({ safeStorage }));
    safeStorage.encryptStringAsync = (plainText) => Promise.reject(new Error(`cannot encrypt ${plainText}`));
    const error = await caught(store.set('client-secret', SECRET));
    expect(error.code).toBe('backend-failed');
    expect(error.message).not.toContain(SECRET);
  });

  it('refuses Linux basic_text encryption (a fixed key) and keeps secrets for the session only', async () => {
    const store = await createSecretStore(options({ safeStorage: createFakeSafeStorage({ backend: 'basic_text' }) }));
    expect(store.location).toBe('session-only');
  });

  it('uses a real OS backend such as gnome_libsecret', async () => {
    const store = await createSecretStore(options({ safeStorage: createFakeSafeStorage({ backend: 'gnome_libsecret' }) }));
    expect(store.location).toBe('encrypted-file');
  });
});

describe('session-only memory as the last resort', () => {
  it('keeps secrets in memory when neither keychain nor encryption is available, writing nothing', async () => {
    const store = await createSecretStore(options({ safeStorage: createFakeSafeStorage({ available: false }) }));
    expect(store.location).toBe('session-only');
    expect(store.fallbackReason).toContain('keytar could not load');

    await store.set('client-secret', SECRET);
    expect(await store.get('client-secret')).toBe(SECRET);
    expect(await store.delete('client-secret')).toBe(true);
    expect(await store.get('client-secret')).toBeNull();
    expect(await readdir(directory)).toEqual([]);

    const nextRun = await createSecretStore(options({ safeStorage: createFakeSafeStorage({ available: false }) }));
    expect(await nextRun.get('client-secret')).toBeNull();
  });
});

describe('input checks', () => {
  it.each(['keychain', 'file', 'session'] as const)('rejects bad account names and empty secrets clearly (%s)', async (kind) => {
    const store = await createSecretStore(
      options({
        keytar: async () => (kind === 'keychain' ? createFakeKeytar() : null),
        safeStorage: createFakeSafeStorage({ available: kind === 'file' }),
      }),
    );
    expect((await caught(store.get(''))).code).toBe('bad-account');
    expect((await caught(store.set('../etc/passwd', SECRET))).message).toContain('lower-case letters');
    expect((await caught(store.set('token', ''))).code).toBe('bad-secret');
    expect((await caught(store.delete('Token'))).code).toBe('bad-account');
  });
});

describe('moving secrets from the file to the keychain', () => {
  async function fileWithSecrets(): Promise<Buffer> {
    const fileStore = await createSecretStore(options({}));
    expect(fileStore.location).toBe('encrypted-file');
    await fileStore.set('client-secret', SECRET);
    await fileStore.set('token', 'second-secret');
    return readFile(secretsFile());
  }

  it('copies every secret, verifies it, then deletes the file, and logs that it did', async () => {
    await fileWithSecrets();
    const keytar = createFakeKeytar();
    const store = await createSecretStore(options({ keytar: async () => keytar }));

    expect(store.location).toBe('keychain');
    expect(store.migration).toEqual({ moved: ['client-secret', 'token'], keptBecause: null });
    expect(keytar.entries.get(`${KEYCHAIN_SERVICE}/client-secret`)).toBe(SECRET);
    expect(await store.get('token')).toBe('second-secret');
    expect(await readdir(directory)).toEqual([]);
    expect(log.lines.some((line) => line.startsWith('info Secrets moved to the OS keychain'))).toBe(true);
  });

  it('keeps the file, and keeps using it, when a copy fails', async () => {
    const before = await fileWithSecrets();
    const keytar = createFakeKeytar();
    keytar.failSet = (password) => new Error(`write refused for ${password}`);
    const store = await createSecretStore(options({ keytar: async () => keytar }));

    expect(store.location).toBe('encrypted-file');
    expect(store.migration?.moved).toEqual([]);
    expect(store.migration?.keptBecause).toContain('copying the client-secret failed');
    expect(store.migration?.keptBecause).not.toContain(SECRET);
    expect(await readFile(secretsFile())).toEqual(before);
    expect(await store.get('client-secret')).toBe(SECRET);
  });

  it('keeps the file when the keychain reads back something else', async () => {
    const before = await fileWithSecrets();
    const keytar = createFakeKeytar();
    keytar.corruptReadBack = true;
    const store = await createSecretStore(options({ keytar: async () => keytar }));

    expect(store.location).toBe('encrypted-file');
    expect(store.migration?.keptBecause).toContain('different value');
    expect(await readFile(secretsFile())).toEqual(before);
  });

  it('retries on the next start and then completes', async () => {
    await fileWithSecrets();
    const keytar = createFakeKeytar();
    keytar.failSet = () => new Error('locked');
    expect((await createSecretStore(options({ keytar: async () => keytar }))).location).toBe('encrypted-file');

    keytar.failSet = null;
    const store = await createSecretStore(options({ keytar: async () => keytar }));
    expect(store.location).toBe('keychain');
    expect(await store.get('client-secret')).toBe(SECRET);
    expect(await readdir(directory)).toEqual([]);
  });

  it('leaves a file it cannot decrypt untouched and uses the keychain', async () => {
    const before = await fileWithSecrets();
    const store = await createSecretStore(
      options({ keytar: async () => createFakeKeytar(), safeStorage: createFakeSafeStorage({ available: false }) }),
    );

    expect(store.location).toBe('keychain');
    expect(store.migration?.keptBecause).toContain('could not be decrypted');
    expect(store.migration?.keptBecause).not.toContain(SECRET);
    expect(await readFile(secretsFile())).toEqual(before);
  });

  it('does nothing when there is no file', async () => {
    const store = await createSecretStore(options({ keytar: async () => createFakeKeytar() }));
    expect(store.migration).toBeNull();
  });
});
