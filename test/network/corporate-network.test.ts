/**
 * The CLI and core on a company network, all on loopback: a real CONNECT proxy (the `proxy`
 * package, with and without Basic authentication) between `clay-tray stream` and the dev hub
 * running with TLS under a throw-away certificate authority; the authority trusted and not;
 * NO_PROXY; the token in the query or the header against a hub that accepts only one.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runStreamCommand } from '../../app/cli/stream-command';
import type { DevHub, TokenAcceptance } from '../../app/dev-hub/dev-hub';
import { startDevHub } from '../../app/dev-hub/dev-hub';
import type { DevCertificates } from '../../app/dev-hub/dev-hub-certificate';
import { createDevCertificates } from '../../app/dev-hub/dev-hub-certificate';
import { waitFor as waitUntil } from '../core/streaming/stream-fixture';
import { startProxy, type LoopbackProxy } from './loopback-proxy';
import { outputText } from '../support/cli-output';

interface Run {
  readonly stdout: string[];
  readonly stderr: string[];
  readonly done: Promise<number>;
  output(): string;
  /** Stops the command as SIGINT would, and waits for it. */
  stop(): Promise<number>;
}

/** `clay-tray stream` in this process, with `env` as its whole environment (proxies included). */
function run(argv: string[], env: Record<string, string>): Run {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const abort = new AbortController();
  const done = runStreamCommand(argv, { stdout: (s) => stdout.push(outputText(s)), stderr: (s) => stderr.push(s) }, { signal: abort.signal, env });
  return {
    stdout,
    stderr,
    done,
    output: () => stdout.join('') + stderr.join(''),
    stop: () => {
      abort.abort();
      return done;
    },
  };
}

const waitFor = (predicate: () => boolean, what: string): Promise<void> => waitUntil(predicate, what, 20_000);

const scratch = path.resolve('test-output', `corporate-network-${process.pid}`);
const caFile = path.join(scratch, 'dev-hub-ca.pem');
let certificates: DevCertificates;
const hubs = new Map<TokenAcceptance, DevHub>();
let open: LoopbackProxy;
let guarded: LoopbackProxy;
const PROXY_USER = 'desk';
const PROXY_PASSWORD = 'pr0xy pass:word';

beforeAll(async () => {
  certificates = await createDevCertificates();
  mkdirSync(scratch, { recursive: true });
  writeFileSync(caFile, certificates.caCert);
  for (const tokenIn of ['either', 'query', 'header'] as const) {
    hubs.set(tokenIn, await startDevHub({ port: 0, ratePerSecond: 0, tls: certificates, tokenIn }));
  }
  open = await startProxy(null);
  guarded = await startProxy({ user: PROXY_USER, password: PROXY_PASSWORD });
});

afterAll(async () => {
  for (const hub of hubs.values()) await hub.stop();
  await open.stop();
  await guarded.stop();
  rmSync(scratch, { recursive: true, force: true });
});

let current: Run | null = null;
afterEach(async () => {
  await current?.stop();
  current = null;
  const all = [...hubs.values()];
  await waitFor(() => all.every((hub) => hub.connections().length === 0), 'the previous connections to close');
});

const hub = (tokenIn: TokenAcceptance = 'either'): DevHub => hubs.get(tokenIn)!;
const lines = (r: Run) => r.stdout.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
const hostOf = (url: string) => new URL(url).host;

/** Streams one event from `target` and returns the finished run. */
async function streamOne(target: DevHub, argv: string[], env: Record<string, string>): Promise<Run> {
  const r = (current = run(['--base-url', target.url, '--stream', 'incident', '--max-events', '1', ...argv], env));
  await waitFor(() => target.connections().length === 1, `connected to ${target.url}`);
  target.emit('incident', { id: 'through', event_category: 'intrusion_alarm' });
  expect(await r.done).toBe(0);
  current = null;
  expect(lines(r)).toMatchObject([{ id: 'through' }]);
  return r;
}

describe('clay-tray stream through an HTTPS_PROXY to a TLS hub', () => {
  it('tunnels the hub upgrade through the proxy and trusts the company CA from --ca-file', async () => {
    const before = open.tunnels.length;
    const token = hub().issueToken();
    const r = await streamOne(hub(), ['--token-env', 'TOKEN', '--ca-file', caFile], { TOKEN: token, HTTPS_PROXY: open.url });
    expect(open.tunnels.slice(before)).toContain(hostOf(hub().url));
    expect(r.output()).not.toContain(token);
  });

  it('fetches the token and opens the hub through a proxy that wants Basic authentication, never printing its password', async () => {
    const before = guarded.tunnels.length;
    const proxyUrl = `http://${PROXY_USER}:${encodeURIComponent(PROXY_PASSWORD)}@${hostOf(guarded.url)}`;
    const target = hub();
    const r = await streamOne(
      target,
      ['--identity-url', target.identityUrl, '--client-id', target.credentials.clientId, '--client-secret-env', 'SECRET', '--ca-file', caFile, '--verbose'],
      { SECRET: target.credentials.clientSecret, https_proxy: proxyUrl },
    );
    // One tunnel for the token request, one for the hub.
    expect(guarded.tunnels.slice(before).filter((t) => t === hostOf(target.url)).length).toBeGreaterThanOrEqual(2);
    expect(guarded.credentials.length).toBeGreaterThan(0);
    expect(r.output()).not.toContain(PROXY_PASSWORD);
    expect(r.output()).not.toContain(encodeURIComponent(PROXY_PASSWORD));
  });

  it('sends plain http through HTTP_PROXY too: the token request as a proxy request, the ws upgrade through a tunnel', async () => {
    const plain = await startDevHub({ port: 0, ratePerSecond: 0 });
    try {
      const before = open.tunnels.length;
      const r = await streamOne(plain, ['--identity-url', plain.identityUrl, '--client-id', plain.credentials.clientId, '--client-secret-env', 'SECRET'], {
        SECRET: plain.credentials.clientSecret,
        HTTP_PROXY: open.url,
      });
      expect(plain.tokensIssued).toBe(1);
      expect(open.tunnels.slice(before)).toEqual([hostOf(plain.url)]);
      expect(open.requests).toContain(`${plain.identityUrl}/connect/token`);
      expect(r.output()).not.toContain(plain.credentials.clientSecret);
    } finally {
      await plain.stop();
    }
  });

  it('says the proxy wants a sign-in when its password is wrong', async () => {
    const wrong = `http://${PROXY_USER}:not-the-password@${hostOf(guarded.url)}`;
    const r = (current = run(['--base-url', hub().url, '--token-env', 'TOKEN', '--stream', 'incident', '--ca-file', caFile], { TOKEN: hub().issueToken(), HTTPS_PROXY: wrong }));
    await waitFor(() => /proxy asks for a sign-in \(HTTP 407\)/.test(r.stderr.join('')), 'the 407 explained');
    expect(r.output()).not.toContain('not-the-password');
    expect(hub().connections()).toHaveLength(0);
  });

  it('says which proxy cannot be reached', async () => {
    const closed = await startProxy(null);
    await closed.stop();
    const r = (current = run(['--base-url', hub().url, '--token-env', 'TOKEN', '--stream', 'incident', '--ca-file', caFile], { TOKEN: hub().issueToken(), HTTPS_PROXY: closed.url }));
    await waitFor(() => r.stderr.join('').includes(`The proxy http://${hostOf(closed.url)} could not be reached`), 'the unreachable proxy named');
  });

  it('goes direct for a host in NO_PROXY', async () => {
    const before = open.tunnels.length;
    await streamOne(hub(), ['--token-env', 'TOKEN', '--ca-file', caFile], { TOKEN: hub().issueToken(), HTTPS_PROXY: open.url, NO_PROXY: 'localhost,127.0.0.1' });
    expect(open.tunnels.length).toBe(before);
  });
});

describe('certificate authorities', () => {
  it('explains an untrusted certificate in words, naming its issuer and where to add it', async () => {
    const r = (current = run(['--base-url', hub().url, '--token-env', 'TOKEN', '--stream', 'incident'], { TOKEN: hub().issueToken(), HTTPS_PROXY: open.url }));
    await waitFor(() => r.stderr.join('').includes('not trusted'), 'the certificate explained');
    const err = r.stderr.join('');
    expect(err).toContain("The server's certificate for");
    expect(err).toContain('is not trusted: issued by Clay Tray dev-hub CA');
    expect(err).toContain('--ca-file');
    expect(err).not.toMatch(/UNABLE_TO_|SELF_SIGNED|unable to verify|self[- ]signed certificate in/i);
    expect(hub().connections()).toHaveLength(0);
  });

  it('explains it for the token request too', async () => {
    const target = hub();
    const issued = target.tokensIssued;
    const r = (current = run(
      ['--base-url', target.url, '--identity-url', target.identityUrl, '--client-id', target.credentials.clientId, '--client-secret-env', 'SECRET', '--stream', 'incident'],
      { SECRET: target.credentials.clientSecret },
    ));
    await waitFor(() => r.stderr.join('').includes('not trusted'), 'the certificate explained');
    expect(r.stderr.join('')).toContain('issued by Clay Tray dev-hub CA');
    expect(target.tokensIssued).toBe(issued);
  });

  it('refuses a --ca-file that is not a PEM certificate as a usage error', async () => {
    const bad = path.join(scratch, 'not-a-cert.pem');
    writeFileSync(bad, 'hello');
    const r = run(['--base-url', hub().url, '--token-env', 'TOKEN', '--ca-file', bad], { TOKEN: 'x' });
    expect(await r.done).toBe(2);
    expect(r.stderr.join('')).toContain('is not a PEM certificate');
  });
});

describe('where the token goes', () => {
  it('sends it in the query with --token-in-query to a hub that reads only the query', async () => {
    const token = hub('query').issueToken();
    const r = await streamOne(hub('query'), ['--token-env', 'TOKEN', '--ca-file', caFile, '--token-in-query', '--verbose'], { TOKEN: token });
    expect(r.output()).not.toContain(token);
  });

  it('is refused by a query-only hub when sent in the header (the default)', async () => {
    const r = (current = run(['--base-url', hub('query').url, '--token-env', 'TOKEN', '--stream', 'incident', '--ca-file', caFile], { TOKEN: hub('query').issueToken() }));
    await waitFor(() => r.stderr.join('').includes('refused the token (HTTP 401)'), 'the refusal');
  });

  it('sends it in the header to a header-only hub, and is refused there with --token-in-query', async () => {
    await streamOne(hub('header'), ['--token-env', 'TOKEN', '--ca-file', caFile], { TOKEN: hub('header').issueToken() });
    const r = (current = run(['--base-url', hub('header').url, '--token-env', 'TOKEN', '--stream', 'incident', '--ca-file', caFile, '--token-in-query'], { TOKEN: hub('header').issueToken() }));
    await waitFor(() => r.stderr.join('').includes('refused the token (HTTP 401)'), 'the refusal');
  });
});
