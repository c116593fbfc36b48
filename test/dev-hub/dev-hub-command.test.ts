import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runDevHubCommand } from '../../app/cli/dev-hub-command';
import { DIRECT_NETWORK, networkFetch, trustedAuthorities } from '../../app/core/network/network';
import { connectRaw, hubUrl, isInvocation } from './raw-client';

function capture(): { io: { stdout: (s: string) => void; stderr: (s: string) => void }; out: () => string; err: () => string; waitOut: (re: RegExp) => Promise<RegExpMatchArray> } {
  let out = '';
  let err = '';
  const waiting: { re: RegExp; resolve: (m: RegExpMatchArray) => void }[] = [];
  const check = (): void => {
    for (const w of [...waiting]) {
      const m = out.match(w.re);
      if (m) {
        waiting.splice(waiting.indexOf(w), 1);
        w.resolve(m);
      }
    }
  };
  return {
    io: {
      stdout: (s) => {
        out += s;
        check();
      },
      stderr: (s) => {
        err += s;
      },
    },
    out: () => out,
    err: () => err,
    waitOut: (re) =>
      new Promise((resolve) => {
        waiting.push({ re, resolve });
        check();
      }),
  };
}

let dir: string;
let stateFile: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'clay-dev-hub-'));
  stateFile = path.join(dir, 'nested', 'dev-hub.json');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Starts the command on a free port; returns its banner values and a way to stop it. */
async function startCommand(extra: readonly string[]): Promise<{ url: string; token: string; secret: string; out: () => string; err: () => string; stop: () => Promise<number> }> {
  const c = capture();
  const abort = new AbortController();
  const run = runDevHubCommand(['--port', '0', '--rate', '0', ...extra], c.io, { signal: abort.signal });
  await Promise.race([c.waitOut(/Press Ctrl\+C/), run.then((code) => Promise.reject(new Error(`exited ${code}: ${c.err()}`)))]);
  const url = /Core API base URL:\s+(\S+)/.exec(c.out())?.[1] as string;
  const token = /Token \(valid \d+ s\):\n\s+(\S+)/.exec(c.out())?.[1] as string;
  const secret = /Client secret:\s+(.+)/.exec(c.out())?.[1] as string;
  return {
    url,
    token,
    secret,
    out: c.out,
    err: c.err,
    stop: () => {
      abort.abort();
      return run;
    },
  };
}

describe('clay-tray dev-hub', () => {
  it.each([
    [['--port', 'abc'], /--port must be a whole number/],
    [['--port', '70000'], /--port must be a whole number from 0 to 65535/],
    [['--rate=-1'], /--rate must be a number/],
    [['--rate', 'lots'], /--rate must be a number/],
    [['--token-lifetime', '0'], /--token-lifetime must be a whole number from 1/],
    [['--client-id', ''], /--client-id must not be empty/],
    [['--bogus'], /Unknown option '--bogus'/],
    [['extra'], /positional argument/i],
    [['--state', 'x.json', '--ephemeral'], /cannot be used together/],
    [['--token-in', 'cookie'], /--token-in must be header, query or either/],
  ])('exits 2 with a clear message for %j', async (argv, message) => {
    const c = capture();
    expect(await runDevHubCommand(argv, c.io)).toBe(2);
    expect(c.err()).toMatch(message);
    expect(c.err()).toMatch(/\nSee clay-tray dev-hub --help\.\n$/);
    expect(c.err()).not.toContain('Usage:');
    expect(c.out()).toBe('');
  });

  it('prints help with exit 0', async () => {
    const c = capture();
    expect(await runDevHubCommand(['--help'], c.io)).toBe(0);
    expect(c.out()).toContain('--token-lifetime S');
  });

  it('prints the URLs, credentials, a working token and an example, then stops cleanly on abort', async () => {
    const c = capture();
    const abort = new AbortController();
    const run = runDevHubCommand(['--port', '0', '--rate', '0', '--client-id', 'me', '--client-secret', "it's-secret", '--token-lifetime', '600', '--ephemeral'], c.io, {
      signal: abort.signal,
    });
    const [, url] = (await c.waitOut(/Core API base URL:\s+(\S+)/)) as [string, string];
    await c.waitOut(/Press Ctrl\+C/);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(c.out()).toContain(`Identity URL:       ${url}`);
    expect(c.out()).toContain('Client id:          me');
    expect(c.out()).toContain("Client secret:      it's-secret");
    expect(c.out()).toContain(`npx clay-tray stream --base-url ${url} --token-env TOKEN --stream all`);
    expect(c.out()).toContain(`CLAY_SECRET='it'\\''s-secret'`);
    const [, token] = (await c.waitOut(/Token \(valid 600 s\):\n\s+(\S+)/)) as [string, string];
    const client = await connectRaw(hubUrl(url, 'incident'), { authorization: `Bearer ${token}` });
    expect(client.records[0]).toEqual({});
    const res = await fetch(`${url}/connect/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'me', client_secret: "it's-secret" }),
    });
    expect(res.status).toBe(200);
    abort.abort();
    expect(await run).toBe(0);
    expect((await client.closed).code).toBe(1000);
    // Logs on stderr never carry the secret, even though the banner shows it on purpose.
    expect(c.err()).toContain('token issued');
    expect(c.err()).not.toContain("it's-secret");
  });

  it('exits 1 with a clear message when the port is taken', async () => {
    const first = capture();
    const abort = new AbortController();
    const run = runDevHubCommand(['--port', '0', '--rate', '0', '--ephemeral'], first.io, { signal: abort.signal });
    const [, port] = (await first.waitOut(/127\.0\.0\.1:(\d+)/)) as [string, string];
    const second = capture();
    expect(await runDevHubCommand(['--port', port, '--ephemeral'], second.io)).toBe(1);
    expect(second.err()).toMatch(new RegExp(`port ${port} is already in use`));
    abort.abort();
    expect(await run).toBe(0);
  });

  it('runs as a real process: emits generated events, and exits 0 on SIGINT', async () => {
    const script = fileURLToPath(new URL('./fixtures/run-dev-hub.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', script, '--port', '0', '--rate', '50', '--seed', '5'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const banner = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString('utf8');
        if (out.includes('Press Ctrl+C')) resolve(out);
      });
      child.once('exit', (code) => reject(new Error(`exited early with ${code}: ${out}`)));
    });
    const url = /Core API base URL:\s+(\S+)/.exec(banner)?.[1] as string;
    const token = /Token \(valid 3600 s\):\n\s+(\S+)/.exec(banner)?.[1] as string;
    const client = await connectRaw(hubUrl(url, 'entry', `?collectionId=${/Sites \(collectionId\):\n\s+(\S+)/.exec(banner)?.[1]}`), { authorization: `Bearer ${token}` });
    const invocation = (await client.waitFor(isInvocation)) as { arguments: [string] };
    expect(JSON.parse(invocation.arguments[0])).toMatchObject({ event_category: expect.stringMatching(/^(lock_opened|lock_rejected|easy_office_mode)$/) });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  });

  it('keeps the secret and signing key in an owner-only state file, so a restart accepts the old token', async () => {
    const first = await startCommand(['--state', stateFile]);
    expect(first.out()).toContain(`${stateFile} (created`);
    expect(await first.stop()).toBe(0);
    expect(statSync(stateFile).mode & 0o777).toBe(0o600);
    const second = await startCommand(['--state', stateFile]);
    expect(second.out()).toContain(`${stateFile} (reused`);
    expect(second.secret).toBe(first.secret);
    const client = await connectRaw(hubUrl(second.url, 'incident'), { authorization: `Bearer ${first.token}` });
    expect(client.records[0]).toEqual({});
    expect(await second.stop()).toBe(0);
  });

  it('gives each --ephemeral run its own secret and key', async () => {
    const first = await startCommand(['--ephemeral']);
    await first.stop();
    const second = await startCommand(['--ephemeral']);
    expect(second.secret).not.toBe(first.secret);
    expect(second.out()).toContain('State:              none (--ephemeral)');
    await expect(connectRaw(hubUrl(second.url, 'incident'), { authorization: `Bearer ${first.token}` })).rejects.toThrow(/401/);
    await second.stop();
  });

  it('refuses a damaged state file with exit 1 and leaves it as it was', async () => {
    const damaged = path.join(dir, 'damaged.json');
    writeFileSync(damaged, '{"version":1,"clientSecret":');
    const c = capture();
    expect(await runDevHubCommand(['--port', '0', '--state', damaged], c.io)).toBe(1);
    expect(c.err()).toMatch(/damaged\.json is not valid JSON\. Move it away \(or pass --ephemeral\)/);
    expect(readFileSync(damaged, 'utf8')).toBe('{"version":1,"clientSecret":');
  });
});

describe('clay-tray dev-hub --tls', () => {
  it('serves https under a CA it keeps beside the state file, prints its path, and honours --token-in query', async () => {
    const first = await startCommand(['--tls', '--token-in', 'query', '--state', stateFile]);
    const caPath = path.join(dir, 'nested', 'dev-hub-tls', 'dev-hub-ca.pem');
    try {
      expect(first.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      expect(first.out()).toContain(`TLS CA certificate: ${caPath} (new;`);
      expect(first.out()).toContain('Token accepted in:  the access_token query only');
      expect(first.out()).toContain(`--ca-file '${caPath}' --token-in-query`);
      const trusting = networkFetch({ ...DIRECT_NETWORK, ca: trustedAuthorities(readFileSync(caPath, 'utf8')) });
      const hub = `${first.url}/hub/incident`;
      expect((await trusting(hub, { headers: { authorization: `Bearer ${first.token}` } })).status).toBe(401);
      // Past authorisation, a plain GET without an upgrade is a bad request.
      expect((await trusting(`${hub}?access_token=${first.token}`)).status).toBe(400);
      await expect(networkFetch(DIRECT_NETWORK)(hub)).rejects.toThrow(/not trusted: issued by Clay Tray dev-hub CA/);
    } finally {
      expect(await first.stop()).toBe(0);
    }
    const again = await startCommand(['--tls', '--state', stateFile]);
    try {
      expect(again.out()).toContain(`TLS CA certificate: ${caPath} (kept;`);
      expect(again.out()).toContain('Token accepted in:  the Authorization header or the access_token query');
    } finally {
      expect(await again.stop()).toBe(0);
    }
  });
});
