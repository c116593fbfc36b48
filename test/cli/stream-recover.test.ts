import { afterEach, describe, expect, it } from 'vitest';
import { runStreamCommand } from '../../app/cli/stream-command';
import { startDevHub, type DevHub } from '../../app/dev-hub/dev-hub';
import { outputText } from '../support/cli-output';

let hub: DevHub | null = null;
afterEach(async () => {
  await hub?.stop();
  hub = null;
});

async function waitFor(predicate: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function run(argv: string[], env: Record<string, string>) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const abort = new AbortController();
  const done = runStreamCommand(argv, { stdout: (s) => stdout.push(outputText(s)), stderr: (s) => stderr.push(s) }, { signal: abort.signal, env });
  const lines = (): Record<string, unknown>[] => stdout.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
  return { stdout, stderr, done, abort, lines };
}

describe('clay-tray stream --recover', () => {
  it('refuses --rest-url without --recover, and --recover for production without an address', async () => {
    const lone = run(['--token-env', 'T', '--rest-url', 'http://127.0.0.1:1/v1.2'], { T: 'x' });
    expect(await lone.done).toBe(2);
    expect(lone.stderr.join('')).toContain('--rest-url only goes with --recover');
    const production = run(['--token-env', 'T', '--recover'], { T: 'x' });
    expect(await production.done).toBe(2);
    expect(production.stderr.join('')).toContain('No Core REST address is known for production');
  });

  it('prints the events missed while the hub was down with "recovered": true, once each, and says the outcome', async () => {
    hub = await startDevHub({ seed: 11 });
    const site = hub.sites[0]!.id;
    const r = run(['--base-url', hub.url, '--token-env', 'TOKEN', '--stream', 'incident', '--site', site, '--recover', '--rest-url', hub.restUrl], { TOKEN: hub.issueToken() });
    await waitFor(() => hub!.connections().length === 1, 'connected');
    const live = hub.emitGenerated('incident', site).id;
    await waitFor(() => r.lines().length === 1, 'the live event');
    hub.faults.hubsDown(true);
    await waitFor(() => hub!.connections().length === 0, 'disconnected');
    const missed = [hub.emitGenerated('incident', site).id, hub.emitGenerated('incident', site).id];
    hub.faults.hubsDown(false);
    await waitFor(() => r.lines().length === 3, 'the recovered events');
    await waitFor(() => r.stderr.join('').includes('2 events recovered'), 'the outcome');
    const lines = r.lines();
    expect(lines[0]).toMatchObject({ id: live });
    expect(lines[0]).not.toHaveProperty('recovered');
    expect(lines.slice(1).map((l) => [l.id, l.recovered]).sort()).toEqual(missed.map((id) => [id, true]).sort());
    expect(Object.keys(lines[1]!).at(-1)).toBe('raw');
    // A late live copy of a recovered event is not printed again.
    hub.emit('incident', String(lines[1]!.raw), site);
    hub.emitGenerated('incident', site);
    await waitFor(() => r.lines().length === 4, 'the next live event');
    expect(r.lines().filter((l) => l.id === lines[1]!.id)).toHaveLength(1);
    r.abort.abort();
    expect(await r.done).toBe(0);
    expect(r.stderr.join('')).toMatch(/was offline from .* to .*; recovering what was missed from 127\.0\.0\.1/);
  });

  it('with --gaps, writes the gap and then what recovering it achieved to stdout', async () => {
    hub = await startDevHub({ seed: 12 });
    const site = hub.sites[0]!.id;
    const r = run(['--base-url', hub.url, '--token-env', 'TOKEN', '--stream', 'incident', '--site', site, '--recover', '--rest-url', hub.restUrl, '--gaps'], { TOKEN: hub.issueToken() });
    await waitFor(() => hub!.connections().length === 1, 'connected');
    hub.faults.hubsDown(true);
    await waitFor(() => hub!.connections().length === 0, 'disconnected');
    const missed = hub.emitGenerated('incident', site).id;
    hub.faults.hubsDown(false);
    await waitFor(() => r.lines().some((l) => l.type === 'gap-recovery' && l.recovered === 1), 'the recovery outcome');
    const lines = r.lines();
    const gap = lines.findIndex((l) => l.type === 'gap');
    const outcome = lines.findIndex((l) => l.type === 'gap-recovery' && l.recovered === 1);
    expect(gap).toBeGreaterThanOrEqual(0);
    expect(outcome).toBeGreaterThan(gap);
    expect(lines[outcome]).toMatchObject({ stream: 'incident', site, from: lines[gap]!.from, to: lines[gap]!.to });
    expect(['checking', 'done']).toContain(lines[outcome]!.state);
    expect(lines.find((l) => l.id === missed)).toMatchObject({ type: 'event', recovered: true });
    r.abort.abort();
    expect(await r.done).toBe(0);
  });
});
