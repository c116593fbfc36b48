/**
 * Issue 9, items 2-6, and issue 8 finding 5 (network text made safe where shown): the real command
 * as a child process against the simulator.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevHub } from '../../app/dev-hub/dev-hub';
import { startDevHub } from '../../app/dev-hub/dev-hub';
import { AUTH_FAILED_TRIES } from '../../app/cli/stream-options';
import { createAppLog } from '../../app/shell/log';
import { version } from '../../package.json';
import type { BuiltCli, Child } from './cli-child';
import { buildCli, jsonLines, runCli, waitFor } from './cli-child';

let cli: BuiltCli;
let hub: DevHub;
beforeAll(async () => {
  cli = await buildCli('stream-operator');
  hub = await startDevHub({ port: 0, ratePerSecond: 0, pingIntervalMs: 1_000 });
});
afterAll(async () => {
  await hub.stop();
  cli.remove();
});

const stream = (args: string[], env: Record<string, string> = {}): Child => runCli(cli, ['stream', '--base-url', hub.url, ...args], env);

async function stopped(child: Child, signal: NodeJS.Signals = 'SIGINT'): Promise<number | null> {
  child.kill(signal);
  return child.exit;
}

/** Lines a terminal would act on: ESC, BEL, C1 controls, bidi overrides, line separators. */
const TERMINAL_CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/;

describe('item 2: categories and invocations without an argument', () => {
  it('folds a category losslessly and keeps the text as sent; skips an invocation with no argument with a line on stderr', async () => {
    const child = stream(['--token-env', 'TOKEN', '--stream', 'entry', '--max-events', '3'], { TOKEN: hub.issueToken() });
    await waitFor(() => hub.connections().length === 1, 'connected');
    hub.emitArguments('entry', []);
    hub.emit('entry', { id: 'de', event_category: 'Tür geöffnet' });
    hub.emit('entry', { id: 'jp', EventCategory: 'ドア開放' });
    hub.emit('entry', { id: 'camel', eventCategory: 'LockOpenedByPIN' });
    expect(await child.exit).toBe(0);
    const lines = jsonLines(child.out());
    expect(lines.map((l) => [l.id, l.category, l.categoryText])).toEqual([
      ['de', 'tür_geöffnet', 'Tür geöffnet'],
      ['jp', 'ドア開放', 'ドア開放'],
      ['camel', 'lock_opened_by_pin', 'LockOpenedByPIN'],
    ]);
    expect(lines.some((l) => l.raw === '' || l.raw === null)).toBe(false);
    expect(child.err()).toContain('entry: skipped a message without an argument');
  }, 60_000);
});

describe('item 3: exit codes', () => {
  it('exits 3 for an expired token before any connection, naming when it expired', async () => {
    const token = hub.issueToken(1);
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    const child = stream(['--token-env', 'TOKEN', '--stream', 'incident'], { TOKEN: token });
    expect(await child.exit).toBe(3);
    expect(child.err()).toMatch(/the credentials were refused \(the token expired at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\); giving up after \d+ tries \(--retry-auth keeps trying\)\. Exit code 3\.\n$/);
    expect(child.out()).toBe('');
    expect(child.err()).not.toContain(token);
  }, 60_000);

  it('exits 3 for a wrong client secret, saying invalid_client', async () => {
    const child = stream(['--identity-url', hub.identityUrl, '--client-id', hub.credentials.clientId, '--client-secret-env', 'S', '--stream', 'entry'], { S: 'not-the-secret-42' });
    expect(await child.exit).toBe(3);
    expect(child.err()).toMatch(/the credentials were refused \(invalid_client: The identity server refused the client id or secret/);
    expect(child.err()).not.toContain('in the settings');
    expect(child.err()).not.toContain('not-the-secret-42');
  }, 60_000);

  it('keeps trying with --retry-auth, and a signal then still exits 3', async () => {
    const child = stream(['--identity-url', hub.identityUrl, '--client-id', hub.credentials.clientId, '--client-secret-env', 'S', '--stream', 'entry', '--retry-auth'], { S: 'not-the-secret-42' });
    await waitFor(() => (child.err().match(/authentication failed \(attempt/g) ?? []).length >= 4, 'four refusals in a row', 60_000);
    expect(await stopped(child)).toBe(3);
    expect(child.err()).toMatch(/stopping \(SIGINT\) after 0 events; the credentials were refused \(invalid_client: .*\)\. Exit code 3\./);
  }, 90_000);

  it('after a successful connection retries refusals as before, and exits 0 on a signal', async () => {
    const child = stream(['--token-env', 'TOKEN', '--stream', 'incident'], { TOKEN: hub.issueToken() });
    try {
      await waitFor(() => hub.connections().length === 1, 'connected');
      hub.faults.refuseTokens(true);
      hub.faults.drop();
      await waitFor(() => (child.err().match(/authentication failed \(attempt/g) ?? []).length >= AUTH_FAILED_TRIES, 'as many refusals as make a first start give up', 60_000);
      hub.faults.refuseTokens(false);
      await waitFor(() => hub.connections().length === 1, 'reconnected', 60_000);
      hub.emit('incident', { id: 'back', event_category: 'tamper' });
      await waitFor(() => child.out().includes('"back"'), 'the event after the refusals');
    } finally {
      hub.faults.refuseTokens(false);
    }
    expect(await stopped(child, 'SIGTERM')).toBe(0);
    expect(child.err()).toMatch(/stopping \(SIGTERM\) after 1 event\.\n$/);
  }, 120_000);

  it('exits 2 on a usage error with one line and a pointer to --help; --help documents the codes', async () => {
    const child = stream(['--token-env', 'T', '--stream', 'everything'], { T: 'x' });
    expect(await child.exit).toBe(2);
    expect(child.err()).toBe('clay-tray stream: --stream must be incident, entry or all, got "everything".\nSee clay-tray stream --help.\n');
    const help = runCli(cli, ['stream', '--help']);
    expect(await help.exit).toBe(0);
    expect(help.out()).toMatch(/Exit codes:\n {2}0 {2}done[^\n]*\n {2}1 [^\n]*\n {2}2 {2}usage error[^\n]*\n {2}3 {2}the credentials were refused/);
    for (const flag of ['--gaps', '--retry-auth', '--allow-any-site', '--version']) expect(help.out()).toContain(flag);
  }, 30_000);
});

describe('item 5: site', () => {
  it('labels an all-sites event with the site the payload names', async () => {
    const [site] = hub.sites;
    const child = stream(['--token-env', 'TOKEN', '--stream', 'incident', '--max-events', '2'], { TOKEN: hub.issueToken() });
    await waitFor(() => hub.connections().length === 1, 'connected');
    hub.emitGenerated('incident', site!.id);
    hub.emit('incident', { id: 'nowhere', event_category: 'tamper' });
    expect(await child.exit).toBe(0);
    const lines = jsonLines(child.out());
    expect(lines[0]).toMatchObject({ site: site!.id });
    expect(lines[1]).toMatchObject({ id: 'nowhere', site: null });
  }, 60_000);

  it('refuses a site id that is not a GUID unless --allow-any-site is given', async () => {
    const refused = stream(['--token-env', 'T', '--site', 'not-a-guid'], { T: 'x' });
    expect(await refused.exit).toBe(2);
    expect(refused.err()).toMatch(/^clay-tray stream: --site "not-a-guid" is not a site id; a SALTO KS site id is a GUID .*--allow-any-site.*\nSee clay-tray stream --help\.\n$/);
    const allowed = stream(['--token-env', 'TOKEN', '--stream', 'incident', '--site', 'lobby', '--allow-any-site', '--max-events', '1'], { TOKEN: hub.issueToken() });
    await waitFor(() => hub.connections().some((c) => c.site === 'lobby'), 'the lobby subscription');
    hub.emit('incident', { id: 'l1', event_category: 'tamper' }, 'lobby');
    expect(await allowed.exit).toBe(0);
    expect(jsonLines(allowed.out())[0]).toMatchObject({ id: 'l1', site: 'lobby' });
  }, 60_000);
});

describe('item 6: the rough edges', () => {
  it('prints the version', async () => {
    for (const args of [['stream', '--version'], ['--version']]) {
      const child = runCli(cli, args);
      expect(await child.exit).toBe(0);
      expect(child.out()).toBe(`clay-tray ${version}\n`);
    }
  });

  it('shows the endpoint in full and counts in correct plurals', async () => {
    const child = stream(['--token-env', 'TOKEN', '--stream', 'incident', '--max-events', '1'], { TOKEN: hub.issueToken() });
    await waitFor(() => hub.connections().length === 1, 'connected');
    hub.emit('incident', { id: 'one', event_category: 'tamper' });
    expect(await child.exit).toBe(0);
    expect(child.err()).toContain(`clay-tray stream: streaming incident from ${hub.url}, until 1 event.\n`);
    expect(child.err()).toContain('clay-tray stream: received 1 event; done.\n');
  }, 30_000);

  it('says in one line that https:// met a plain-HTTP port', async () => {
    const child = runCli(cli, ['stream', '--base-url', hub.url.replace('http:', 'https:'), '--token-env', 'TOKEN', '--stream', 'incident'], { TOKEN: hub.issueToken() });
    await waitFor(() => child.err().includes('next try'), 'the first failed attempt');
    expect(await stopped(child)).toBe(0);
    const failure = child.err().split('\n').find((line) => line.includes('next try'));
    expect(failure).toMatch(/does not speak TLS on that port\. Check whether the address should start with http:\/\/ or https:\/\/\.$/);
    expect(child.err()).not.toMatch(/ssl3_get_record|openssl|WebSocket failed to connect/i);
  }, 30_000);

  it('prints dev-hub example lines that run as printed', async () => {
    const devHub = runCli(cli, ['dev-hub', '--port', '0', '--rate', '5', '--ephemeral']);
    try {
      await waitFor(() => devHub.out().includes('Press Ctrl+C'), 'the dev hub banner');
      const examples = devHub.out().split('\n').filter((line) => line.includes(' npx clay-tray stream '));
      expect(examples).toHaveLength(2);
      for (const line of examples) {
        // `npx clay-tray` as npm runs it in the project folder: here, the built CLI.

        const run = spawn('sh', ['-c', `npx() { shift; exec "${process.execPath}" "${cli.path}" "$@"; }; ${line.trim()} --max-events 2`], { stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        run.stdout.setEncoding('utf8').on('data', (s: string) => (out += s));
        const code = await new Promise<number | null>((resolve) => run.on('close', resolve));
        expect(code).toBe(0);
        expect(jsonLines(out)).toHaveLength(2);
      }
    } finally {
      await stopped(devHub);
    }
  }, 60_000);
});

describe('issue 8 finding 5: text from the network is made safe where it is shown', () => {
  const hostile = `\u001b[2J\u001b]0;pwned\u0007\u001b]52;c;ZWNobyBoaQ==\u0007\u009b31m\u202eevil\u2028${'A'.repeat(100_000)}`;

  it('escapes and caps close and handshake errors in status lines, and escapes C1, bidi and U+2028 in NDJSON', async () => {
    const child = stream(['--token-env', 'TOKEN', '--stream', 'incident'], { TOKEN: hub.issueToken() });
    try {
      await waitFor(() => hub.connections().length === 1, 'connected');
      hub.emit('incident', { id: 'h1', event_category: 'tamper', event_detail: '\u009b2J \u202egnp.exe \u2028 \u2029 \u0085 \u001b[31m' });
      // The same characters spelled as JSON escapes in the payload's text.
      hub.emit('incident', '{"id":"h2","event_category":"tamper","event_detail":"\\u009b2J \\u202egnp.exe \\u2028"}');
      await waitFor(() => child.out().includes('h2'), 'the hostile events');
      hub.faults.sendClose({ error: hostile, allowReconnect: true });
      await waitFor(() => /reconnecting \(attempt \d, next try/.test(child.err()) || hub.connections().length === 1, 'the reconnect');
      hub.faults.failHandshake(hostile);
      hub.faults.drop();
      await waitFor(() => (child.err().match(/pwned/g) ?? []).length >= 2, 'both hostile errors on stderr', 30_000);
      hub.faults.failHandshake(null);
    } finally {
      hub.faults.failHandshake(null);
      expect(await stopped(child)).toBe(0);
    }
    const err = child.err();
    expect(err).not.toMatch(TERMINAL_CONTROLS);
    expect(err).toContain('\\x1b[2J');
    expect(err).toContain('\\u202e');
    for (const line of err.split('\n')) expect(line.length).toBeLessThanOrEqual(1_200);
    expect(err).toMatch(/more characters\)/);
    const out = child.out();
    expect(out).not.toMatch(TERMINAL_CONTROLS);
    expect(out).toContain('\\u009b2J \\u202egnp.exe \\u2028 \\u2029 \\u0085 \\u001b[31m');
    expect(jsonLines(out)[0]).toMatchObject({ detail: '\u009b2J \u202egnp.exe \u2028 \u2029 \u0085 \u001b[31m' });
    expect(jsonLines(out)[1]).toMatchObject({ id: 'h2', detail: '\u009b2J \u202egnp.exe \u2028' });
  }, 90_000);

  it("writes raw as the hub's own JSON text of the argument, and still escapes what a terminal would act on", async () => {
    const child = stream(['--token-env', 'TOKEN', '--stream', 'incident', '--max-events', '1'], { TOKEN: hub.issueToken() });
    await waitFor(() => hub.connections().length === 1, 'connected');
    const payload = '{"id":"lit","event_category":"tamper","event_detail":"a/b café \u202egnp.exe \u2028 \u0085"}';
    // The hub's spelling: `\/` and `\u00e9` escaped, the bidi override, U+2028 and C1 as the characters themselves.
    const literal = JSON.stringify(payload).replace('a/b', 'a\\/b').replace('é', '\\u00e9');
    expect(JSON.parse(literal)).toBe(payload);
    hub.emitArgumentJson('incident', literal);
    expect(await child.exit).toBe(0);
    const out = child.out();
    expect(out).not.toMatch(TERMINAL_CONTROLS);
    expect(out).toContain('a\\/b caf\\u00e9');
    expect(jsonLines(out)).toMatchObject([{ id: 'lit', raw: payload, detail: 'a/b café \u202egnp.exe \u2028 \u0085' }]);
  }, 60_000);

  it("escapes and caps the same text in the app's log file", () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'clay-log-'));
    try {
      const log = createAppLog({ directory: dir, secrets: () => [] });
      log.logger.warn(`Connection lost: ${hostile}`, { reason: hostile });
      const text = readFileSync(log.file.path, 'utf8');
      expect(text.split('\n').filter(Boolean)).toHaveLength(1);
      expect(text.trimEnd()).not.toMatch(TERMINAL_CONTROLS);
      expect(text).toContain('\\x1b]0;pwned\\x07');
      expect(text.length).toBeLessThan(5_000);
      expect(log.recentProblems()[0]).not.toMatch(TERMINAL_CONTROLS);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
