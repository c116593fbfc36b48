/**
 * The CLI as users run it: the esbuild bundle of app/cli/main.ts in a child process. Built into a
 * private folder so a concurrent `npm run build` (which empties dist/) cannot pull it away.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevHub } from '../../app/dev-hub/dev-hub';
import { startDevHub } from '../../app/dev-hub/dev-hub';
import { buildCli, runCli as runBuilt, waitFor, type BuiltCli, type Child } from './cli-child';

let cli: BuiltCli;
let refuseDnsPreload: string;
let hub: DevHub;

beforeAll(async () => {
  cli = await buildCli('cli-process');
  refuseDnsPreload = path.join(cli.dir, 'refuse-dns-preload.mjs');
  await build({ entryPoints: [path.resolve('test/setup/refuse-dns-preload.ts')], outfile: refuseDnsPreload, bundle: true, platform: 'node', target: 'node20', format: 'esm', logLevel: 'error' });
  hub = await startDevHub({ port: 0, ratePerSecond: 50, pingIntervalMs: 500 });
});
afterAll(async () => {
  await hub.stop();
  cli.remove();
});

function runCli(args: string[], env: Record<string, string> = {}, nodeOptions: string[] = []): Child {
  return runBuilt(cli, args, env, nodeOptions);
}

describe('clay-tray (built CLI in a child process)', () => {
  it('streams N events as JSON lines and exits 0, never printing the token', async () => {
    const token = hub.issueToken();
    const child = runCli(['stream', '--base-url', hub.url, '--token-env', 'TOKEN', '--stream', 'all', '--max-events', '5'], { TOKEN: token });
    expect(await child.exit).toBe(0);
    const lines = child.out().trim().split('\n');
    expect(lines).toHaveLength(5);
    for (const line of lines) {
      const event = JSON.parse(line) as Record<string, unknown>;
      expect(['incident', 'entry']).toContain(event.stream);
      expect(typeof event.raw).toBe('string');
      expect(event.category).toEqual(expect.any(String));
    }
    expect(child.err()).toMatch(/received 5 events; done/);
    expect(child.out() + child.err()).not.toContain(token);
  });

  it.each(['SIGINT', 'SIGTERM'] as const)('exits 0 on %s', async (signal) => {
    const child = runCli(['stream', '--base-url', hub.url, '--token-env', 'TOKEN', '--stream', 'incident'], { TOKEN: hub.issueToken() });
    await waitFor(() => child.out().includes('\n'), 'a first event');
    child.kill(signal);
    expect(await child.exit).toBe(0);
    expect(child.err()).toContain(`stopping (${signal})`);
  });

  it('with a custom base URL and no --identity-url, gets its token from that origin and looks up no other host', async () => {
    const dnsLog = path.join(cli.dir, `dns-${Date.now()}.log`);
    writeFileSync(dnsLog, '');
    const { clientId, clientSecret } = hub.credentials;
    const child = runCli(['stream', '--base-url', hub.url, '--client-id', clientId, '--client-secret-env', 'SECRET', '--max-events', '1'], { SECRET: clientSecret, CLAY_TEST_DNS_LOG: dnsLog }, ['--import', refuseDnsPreload]);
    // Today's main would send the secret to identity.eu.my-clay.com: the refused lookup ends the wait.
    await waitFor(() => child.out().includes('\n') || readFileSync(dnsLog, 'utf8') !== '', 'an event or a name lookup');
    child.kill('SIGTERM');
    await child.exit;
    expect(readFileSync(dnsLog, 'utf8')).toBe('');
    expect(JSON.parse(child.out().split('\n')[0]!)).toMatchObject({ stream: expect.stringMatching(/^(incident|entry)$/) });
    expect(child.out() + child.err()).not.toContain(clientSecret);
  });

  it('exits 2 with a clear message on a usage error', async () => {
    const child = runCli(['stream', '--stream', 'everything', '--token-env', 'T'], { T: 'x' });
    expect(await child.exit).toBe(2);
    expect(child.err()).toContain('--stream must be incident, entry or all, got "everything"');
    expect(child.out()).toBe('');
  });

  it('dispatches dev-hub and refuses an unknown command', async () => {
    const help = runCli(['dev-hub', '--help']);
    expect(await help.exit).toBe(0);
    expect(help.out()).toContain('clay-tray dev-hub');
    const unknown = runCli(['listen']);
    expect(await unknown.exit).toBe(2);
    expect(unknown.err()).toContain('unknown command "listen"');
  });
});
