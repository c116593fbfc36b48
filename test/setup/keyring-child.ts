/**
 * Runs the real secret store, with the real keytar, in its own process (so libsecret sees the test
 * bus address), and prints what happened as one JSON line. Usage: keyring-child <directory> <steps JSON>.
 */
import { createSecretStore, loadKeytar } from '../../app/shell/secrets';
import { silentLogger } from '../../app/core/ports';
import { createFakeSafeStorage } from './keyring-safe-storage';

export type KeyringStep =
  | { readonly op: 'get'; readonly account: string }
  | { readonly op: 'set'; readonly account: string; readonly secret: string }
  | { readonly op: 'delete'; readonly account: string };

export interface KeyringChildReport {
  readonly location: string;
  readonly fallbackReason: string | null;
  readonly migration: unknown;
  readonly results: readonly unknown[];
}

const [directory, stepsJson] = process.argv.slice(2);
if (!directory || !stepsJson) throw new Error('usage: keyring-child <directory> <steps JSON>');

const store = await createSecretStore({ keytar: loadKeytar, safeStorage: createFakeSafeStorage(), directory, logger: silentLogger, probeTimeoutMs: 10_000 });
const results: unknown[] = [];
for (const step of JSON.parse(stepsJson) as KeyringStep[]) {
  if (step.op === 'get') results.push(await store.get(step.account));
  else if (step.op === 'set') results.push(await store.set(step.account, step.secret));
  else results.push(await store.delete(step.account));
}
const report: KeyringChildReport = { location: store.location, fallbackReason: store.fallbackReason, migration: store.migration, results };
process.stdout.write(`${JSON.stringify(report)}\n`);
