import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runStreamCommand } from '../../app/cli/stream-command';
import type { DevHub } from '../../app/dev-hub/dev-hub';
import { startDevHub } from '../../app/dev-hub/dev-hub';
import { outputText } from '../support/cli-output';

interface Run {
  readonly stdout: string[];
  readonly stderr: string[];
  readonly done: Promise<number>;
  readonly abort: AbortController;
}

function run(argv: string[], env: Record<string, string> = {}): Run {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const abort = new AbortController();
  const done = runStreamCommand(argv, { stdout: (s) => void stdout.push(outputText(s)), stderr: (s) => stderr.push(s) }, { signal: abort.signal, env });
  return { stdout, stderr, done, abort };
}

async function waitFor(predicate: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const lines = (r: Run) => r.stdout.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);

describe('clay-tray stream usage errors', () => {
  it.each([
    [[], 'Say how to authenticate'],
    [['--token-env', 'T', '--client-id', 'x', '--client-secret-env', 'S'], 'only one of'],
    [['--token-env', 'T', '--stream', 'alarms'], '--stream must be incident, entry or all'],
    [['--token-env', 'T', '--env', 'staging'], '--env must be production or accept'],
    [['--token-env', 'T', '--max-events', '0'], '--max-events must be a whole number'],
    [['--token-env', 'T', '--max-events', '2x'], '--max-events must be a whole number'],
    [['--token-env', 'T', '--base-url', 'ftp://x'], 'http:// or https://'],
    [['--token-env', 'T', '--base-url', 'http://coreapi.example.test'], 'The base URL must start with https://. Plain http:// is allowed only for this computer'],
    [['--client-id', 'x', '--client-secret-env', 'T', '--identity-url', 'http://ids.example.test'], 'The identity server URL must start with https://'],
    [['--token-env', 'T', '--site', ' '], '--site must not be empty'],
    [['--token-env', 'T', '--bogus'], "Unknown option '--bogus'"],
    [['--token-env', 'T', 'extra'], 'positional'],
    [['--client-id', 'x'], '--client-secret-env'],
    [['--token-env', 'T', '--scope', 'core_api.full'], '--scope only goes with --client-id'],
    [['--token-env', 'MISSING'], 'Environment variable MISSING (the token) is not set'],
    [['--client-id', 'x', '--client-secret-env', 'MISSING'], 'Environment variable MISSING (the client secret) is not set'],
    [['--token-file', '/nonexistent/token'], 'cannot be read (ENOENT)'],
    [['--client-id', 'x', '--client-secret-env', 'T', '--identity-url', 'nope'], 'The identity server URL "nope" is not a URL'],
  ])('%j exits 2 with a clear message', async (argv, words) => {
    const r = run(argv, { T: 'tok' });
    expect(await r.done).toBe(2);
    const err = r.stderr.join('');
    expect(err).toContain(words);
    // One line saying what is wrong, one pointing to the help: never the whole help text.
    expect(err.trimEnd().split('\n')).toHaveLength(2);
    expect(err).toMatch(/\nSee clay-tray stream --help\.\n$/);
    expect(r.stdout).toEqual([]);
  });

  it('prints help on stdout and exits 0', async () => {
    const r = run(['--help']);
    expect(await r.done).toBe(0);
    expect(r.stdout.join('')).toContain('--client-secret-env');
  });
});

describe('clay-tray stream against the dev hub', () => {
  let hub: DevHub;
  const scratch = path.resolve('test-output', `stream-command-${process.pid}`);
  beforeAll(async () => {
    hub = await startDevHub({ port: 0, ratePerSecond: 0, pingIntervalMs: 500 });
    mkdirSync(scratch, { recursive: true });
  });
  afterAll(async () => {
    await hub.stop();
    rmSync(scratch, { recursive: true, force: true });
  });
  let current: Run | null = null;
  afterEach(async () => {
    current?.abort.abort();
    await current?.done;
    current = null;
    // The server notices a client's close a moment later; the next test counts connections afresh.
    await waitFor(() => hub.connections().length === 0, 'the previous connections to close');
  });

  it('prints one JSON line per distinct event from both hubs and exits 0 after --max-events', async () => {
    const token = hub.issueToken();
    const r = (current = run(['--base-url', hub.url, '--token-env', 'TOKEN', '--stream', 'all', '--max-events', '3'], { TOKEN: token }));
    await waitFor(() => hub.connections().length === 2, 'both hubs connected');
    const incident = JSON.stringify({ id: 'i-1', event_category: 'intrusion', utc_date_time: '2026-05-01T08:00:00' });
    hub.emit('incident', incident);
    hub.emit('incident', incident);
    // Two sockets have no common order: let the incident land before the entries compete for the last slots.
    await waitFor(() => lines(r).length === 1, 'the incident line');
    hub.emitArguments('entry', [{ Id: 'e-1', EventCategory: 'LockRejected', EventDetail: 'no_access' }]);
    hub.emit('entry', 'not json at all');
    hub.emit('entry', 'one too many');
    expect(await r.done).toBe(0);
    const out = lines(r);
    expect(out).toHaveLength(3);
    const byId = (id: unknown) => out.find((l) => l.id === id);
    expect(byId('i-1')).toMatchObject({ stream: 'incident', site: null, category: 'intrusion', time: '2026-05-01T08:00:00.000Z', raw: incident });
    expect(byId('e-1')).toMatchObject({ stream: 'entry', category: 'lock_rejected', detail: 'no_access', raw: JSON.stringify({ Id: 'e-1', EventCategory: 'LockRejected', EventDetail: 'no_access' }) });
    expect(byId(null)).toMatchObject({ stream: 'entry', category: null, raw: 'not json at all' });
    for (const line of out) expect(Object.keys(line)).toEqual(expect.arrayContaining(['stream', 'site', 'id', 'category', 'time', 'raw']));
    const err = r.stderr.join('');
    expect(err).toMatch(/incident connected/);
    expect(err).toMatch(/received 3 events; done/);
    expect(err + r.stdout.join('')).not.toContain(token);
  });

  it('subscribes per site and labels lines with the subscription site', async () => {
    const [a, b, c] = hub.sites.map((s) => s.id);
    const r = (current = run(['--base-url', hub.url, '--token-env', 'TOKEN', '--stream', 'incident', '--site', a!, '--site', b!, '--max-events', '2'], { TOKEN: hub.issueToken() }));
    await waitFor(() => hub.connections().length === 2, 'two site subscriptions');
    expect(hub.connections().map((x) => x.site).sort()).toEqual([a, b].sort());
    expect(hub.emit('incident', { id: 'c', event_category: 'tamper' }, c)).toBe(0);
    hub.emitGenerated('incident', a);
    hub.emitGenerated('incident', b);
    expect(await r.done).toBe(0);
    expect(lines(r).map((l) => l.site).sort()).toEqual([a, b].sort());
  });

  it.each(['form', 'basic'])('uses client credentials (secret as %s) and never prints the secret or token', async (secretIn) => {
    const secret = hub.credentials.clientSecret;
    const r = (current = run(
      ['--base-url', hub.url, '--identity-url', hub.identityUrl, '--client-id', hub.credentials.clientId, '--client-secret-env', 'CLAY_SECRET', '--secret-in', secretIn, '--stream', 'entry', '--max-events', '1', '--verbose'],
      { CLAY_SECRET: secret },
    ));
    await waitFor(() => hub.connections().length === 1, 'connected');
    const token = hub.connections()[0]!.token;
    hub.emit('entry', { id: 'cc', event_category: 'lock_opened', note: 'ok' });
    expect(await r.done).toBe(0);
    const all = r.stdout.join('') + r.stderr.join('');
    expect(lines(r)[0]).toMatchObject({ id: 'cc' });
    expect(r.stderr.join('')).toContain('Fetched a token');
    expect(all).not.toContain(secret);
    expect(all).not.toContain(token);
  });

  it('says authentication failed for a wrong secret and stops with 3 on a signal before any connection', async () => {
    const r = (current = run(['--base-url', hub.url, '--identity-url', hub.identityUrl, '--client-id', hub.credentials.clientId, '--client-secret-env', 'S', '--stream', 'incident'], { S: 'wrong-secret-1234' }));
    await waitFor(() => r.stderr.join('').includes('authentication failed'), 'the auth failure');
    expect(r.stderr.join('')).toMatch(/refused the client id or secret/);
    r.abort.abort();
    expect(await r.done).toBe(3);
    current = null;
    expect(r.stderr.join('')).not.toContain('wrong-secret-1234');
    expect(r.stderr.join('')).toMatch(/stopping \(abort\) after 0 events; the credentials were refused \(invalid_client: /);
  });

  it('reads the token from a file', async () => {
    const file = path.join(scratch, 'token');
    writeFileSync(file, `${hub.issueToken()}\n`);
    const r = (current = run(['--base-url', hub.url, '--token-file', file, '--stream', 'incident', '--max-events', '1']));
    await waitFor(() => hub.connections().length === 1, 'connected');
    hub.emit('incident', 'from file');
    expect(await r.done).toBe(0);
    expect(lines(r)[0]).toMatchObject({ raw: 'from file' });
  });

  it('keeps printing across a restart of the hub', async () => {
    const secret = 'restart-secret-123';
    let second: DevHub | null = await startDevHub({ port: 0, ratePerSecond: 0, clientSecret: secret });
    const url = second.url;
    const r = (current = run(['--base-url', url, '--identity-url', url, '--client-id', 'clay-demo', '--client-secret-env', 'S', '--stream', 'incident', '--max-events', '2'], { S: secret }));
    try {
      await waitFor(() => second!.connections().length === 1, 'connected to the first hub');
      second.emit('incident', { id: 'before' });
      await waitFor(() => lines(r).length === 1, 'the first event');
      const samePort = Number(new URL(url).port);
      await second.stop();
      second = await startDevHub({ port: samePort, ratePerSecond: 0, clientSecret: secret });
      await waitFor(() => /was offline from .* to .*; events sent in that span were not received/.test(r.stderr.join('')), 'the gap line');
      await waitFor(() => second!.connections().length === 1, 'reconnected to the restarted hub');
      second.emit('incident', { id: 'after' });
      expect(await r.done).toBe(0);
      expect(lines(r).map((l) => l.id)).toEqual(['before', 'after']);
    } finally {
      await second?.stop();
    }
  });
});
