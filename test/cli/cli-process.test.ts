/** The built CLI in a child process against the simulator: the basics. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevHub } from '../../app/dev-hub/dev-hub';
import { startDevHub } from '../../app/dev-hub/dev-hub';
import type { BuiltCli } from './cli-child';
import { buildCli, runCli as run, waitFor } from './cli-child';

let cli: BuiltCli;
let hub: DevHub;
const runCli = (args: string[], env: Record<string, string> = {}) => run(cli, args, env);

beforeAll(async () => {
  cli = await buildCli('cli-process');
  hub = await startDevHub({ port: 0, ratePerSecond: 50, pingIntervalMs: 500 });
});
afterAll(async () => {
  await hub.stop();
  cli.remove();
});

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
