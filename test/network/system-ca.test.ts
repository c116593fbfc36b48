/**
 * The operating system's certificate store, for real, in a child process (Node reads its stores at
 * start): the dev hub's CA is put where OpenSSL looks (SSL_CERT_FILE), no --ca-file is given. On a
 * runtime with `tls.getCACertificates('system')` (Node 22.15+/23.9+, Electron's Node) the CLI trusts
 * it; on one without (Node 20), it does not, and the documented fallback NODE_EXTRA_CA_CERTS does.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_CA_SUPPORTED } from '../../app/core/network/network';
import type { DevHub } from '../../app/dev-hub/dev-hub';
import { startDevHub } from '../../app/dev-hub/dev-hub';
import { createDevCertificates } from '../../app/dev-hub/dev-hub-certificate';

const scratch = path.resolve('test-output', `system-ca-${process.pid}`);
const caFile = path.join(scratch, 'company-root.pem');
let hub: DevHub;

beforeAll(async () => {
  const certificates = await createDevCertificates();
  mkdirSync(scratch, { recursive: true });
  writeFileSync(caFile, certificates.caCert);
  hub = await startDevHub({ port: 0, ratePerSecond: 0, tls: certificates });
});
afterAll(async () => {
  await hub.stop();
  rmSync(scratch, { recursive: true, force: true });
});

/** `clay-tray stream` from source in a child process; resolves with its exit code and stderr. */
async function streamOnce(env: Record<string, string>): Promise<{ code: number | null; err: string }> {
  const args = ['--import', 'tsx', path.resolve('app/cli/main.ts'), 'stream', '--base-url', hub.url, '--token-env', 'TOKEN', '--stream', 'incident', '--max-events', '1'];
  const child = spawn(process.execPath, args, { env: { PATH: process.env.PATH ?? '', TOKEN: hub.issueToken(), ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr.setEncoding('utf8').on('data', (s: string) => (err += s));
  child.stdout.resume();
  const exit = new Promise<number | null>((resolve) => child.on('close', resolve));
  const deadline = Date.now() + 30_000;
  while (hub.connections().length === 0 && !/not trusted/.test(err)) {
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`Timed out; stderr: ${err}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  if (hub.connections().length > 0) hub.emit('incident', { id: 'system-ca' });
  else child.kill('SIGINT');
  const code = await exit;
  return { code, err };
}

describe("the operating system's certificate store", () => {
  it(`${SYSTEM_CA_SUPPORTED ? 'is trusted on this runtime' : 'is not readable on this runtime, and NODE_EXTRA_CA_CERTS is the way'} (Node ${process.versions.node})`, async () => {
    const fromSystem = await streamOnce({ SSL_CERT_FILE: caFile });
    if (SYSTEM_CA_SUPPORTED) {
      expect(fromSystem.err).toMatch(/received 1 event; done/);
      expect(fromSystem.code).toBe(0);
    } else {
      expect(fromSystem.err).toContain('is not trusted: issued by Clay Tray dev-hub CA');
      const fromExtra = await streamOnce({ NODE_EXTRA_CA_CERTS: caFile });
      expect(fromExtra.err).toMatch(/received 1 event; done/);
      expect(fromExtra.code).toBe(0);
    }
  });
});
