/**
 * keytar for real, against gnome-keyring on a private D-Bus session bus this test starts itself.
 * Each run of the store is a child process, so "stored" means stored in the Secret Service, not in
 * the memory of the process that wrote it.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SECRETS_FILE_NAME } from '../../app/shell/secrets';
import { startKeyring, type Keyring } from '../setup/keyring';
import type { KeyringChildReport, KeyringStep } from '../setup/keyring-child';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));
const child = fileURLToPath(new URL('../setup/keyring-child.ts', import.meta.url));
const SECRET = 'real-keyring-S3cret-value';

async function storeRun(env: NodeJS.ProcessEnv, directory: string, steps: readonly KeyringStep[]): Promise<KeyringChildReport> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', child, directory, JSON.stringify(steps)], {
    cwd: root,
    env,
    timeout: 30_000,
  });
  return JSON.parse(stdout) as KeyringChildReport;
}

describe.runIf(process.platform === 'linux')('keytar against a real Secret Service (gnome-keyring)', () => {
  let keyring: Keyring;
  let directory: string;

  beforeAll(async () => {
    keyring = await startKeyring();
  });

  afterAll(async () => {
    await keyring?.stop();
  });

  beforeEach(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'clay-keyring-store-'));
    return () => rm(directory, { recursive: true, force: true });
  });

  it('stores, reads back from another process, and deletes a secret in the keychain', async () => {
    const first = await storeRun(keyring.env, directory, [
      { op: 'set', account: 'client-secret', secret: SECRET },
      { op: 'get', account: 'client-secret' },
    ]);
    expect(first.location).toBe('keychain');
    expect(first.fallbackReason).toBeNull();
    expect(first.results[1]).toBe(SECRET);

    const second = await storeRun(keyring.env, directory, [
      { op: 'get', account: 'client-secret' },
      { op: 'delete', account: 'client-secret' },
      { op: 'get', account: 'client-secret' },
      { op: 'delete', account: 'client-secret' },
    ]);
    expect(second.results).toEqual([SECRET, true, null, false]);
    // Nothing fell through to the file.
    expect(await readdir(directory)).toEqual([]);
  });

  it('falls back to the encrypted file when no Secret Service is reachable', async () => {
    const noBus = { ...keyring.env, DBUS_SESSION_BUS_ADDRESS: `unix:path=${path.join(directory, 'no-such-bus')}` };
    const report = await storeRun(noBus, directory, [{ op: 'set', account: 'token', secret: SECRET }]);

    expect(report.location).toBe('encrypted-file');
    expect(report.fallbackReason).toMatch(/the OS keychain did not answer/);
    expect(report.fallbackReason).not.toContain(SECRET);
    expect(await readdir(directory)).toEqual([SECRETS_FILE_NAME]);
  });

  it('moves a secret from the fallback file into the keychain once it answers again', async () => {
    const noBus = { ...keyring.env, DBUS_SESSION_BUS_ADDRESS: `unix:path=${path.join(directory, 'no-such-bus')}` };
    await storeRun(noBus, directory, [{ op: 'set', account: 'token', secret: SECRET }]);

    const back = await storeRun(keyring.env, directory, [{ op: 'get', account: 'token' }]);
    expect(back.location).toBe('keychain');
    expect(back.migration).toEqual({ moved: ['token'], keptBecause: null });
    expect(back.results).toEqual([SECRET]);
    expect(await readdir(directory)).toEqual([]);

    // It is in the Secret Service itself: a fresh run with no file still finds it.
    const again = await storeRun(keyring.env, directory, [
      { op: 'get', account: 'token' },
      { op: 'delete', account: 'token' },
    ]);
    expect(again.results).toEqual([SECRET, true]);
  });
});
