/**
 * `clay-tray stream`: the streaming core without Electron, for scripts, SIEM forwarders and
 * on-call checks. One JSON object per distinct event on stdout (and, with --gaps, one per span that
 * was not received), status lines on stderr. Exit codes: 0 done, 2 usage, 3 credentials refused
 * before the first connection. The token and the client secret never appear in any output.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { ClayEvent, GapRecovery, OfflineGap, ServiceEnvironment, StreamKind, SubscriptionState } from '../common/models';
import { escapeJsonText, hasJsonUnsafe, safeLine } from '../common/safe-text';
import type { TokenProvider } from '../core/auth';
import { ClientCredentialsTokenProvider, staticTokenProvider, tokenExpiry } from '../core/auth';
import { CoreRestClient } from '../core/core-rest';
import { DedupeWindow } from '../core/dedupe';
import { resolveBaseUrl, resolveIdentityUrl, resolveRestUrl, validateHttpUrl } from '../core/endpoints';
import { networkFetch } from '../core/network';
import { createLogger, formatLogLine } from '../core/logger';
import type { LogLevel, Logger } from '../core/ports';
import { silentLogger, systemClock } from '../core/ports';
import { redact } from '../core/redact';
import { RecoveryCoordinator } from '../core/recovery';
import type { SubscriptionSpec } from '../core/supervisor';
import { Supervisor } from '../core/supervisor';
import { version } from '../../package.json';
import { nonEmpty, stopRequested, UsageError } from './command-support';
import type { HubTransport } from '../core/stream';
import { BufferedLines } from './buffered-lines';
import { NETWORK_FLAGS, NETWORK_USAGE, networkFromFlags } from './network-flags';

export interface StreamIo {
  /**
   * Receives whole lines, each ending in "\n" (several at a time when events come fast). Returning
   * false says the reader is behind: reading from the hub pauses until `drained` calls back.
   */
  stdout: (s: string) => unknown;
  stderr: (s: string) => void;
  /** Calls back once stdout has room again. */
  drained?: (callback: () => void) => void;
}

export interface StreamControl {
  /** Aborting stops the stream like SIGINT does (for hosts and tests). */
  readonly signal?: AbortSignal;
  /** Where --token-env and --client-secret-env are looked up; default process.env. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export const DEFAULT_SCOPE = 'core_api.full';

export const EXIT_DONE = 0;
export const EXIT_USAGE = 2;
export const EXIT_AUTH = 3;

/** Waits in the "authentication failed" state, before any connection, after which the command gives up. */
export const AUTH_FAILED_TRIES = 3;

/**
 * The command's own options, in the order --help lists them (the corporate-network ones live in
 * network-flags.ts). A new option is one row here plus its reading in parseOptions.
 */
const FLAGS: readonly { readonly name: string; readonly arg?: string; readonly multiple?: boolean; readonly short?: string; readonly help: string }[] = [
  { name: 'env', arg: 'E', help: 'production (default) or accept' },
  { name: 'base-url', arg: 'URL', help: "Core API base URL instead of the environment's (e.g. a local dev hub)" },
  { name: 'stream', arg: 'S', help: 'incident, entry or all (default all)' },
  { name: 'site', arg: 'ID', multiple: true, help: 'only this site (collectionId, a GUID); repeat for several; default every site' },
  { name: 'allow-any-site', help: 'accept --site values that are not GUIDs' },
  { name: 'token-env', arg: 'NAME', help: 'read a bearer token from environment variable NAME' },
  { name: 'token-file', arg: 'PATH', help: 'read a bearer token from a file (re-read on every connect)' },
  { name: 'client-id', arg: 'ID', help: 'OAuth2 client credentials: the client id...' },
  { name: 'client-secret-env', arg: 'N', help: '...and the environment variable holding the client secret' },
  { name: 'scope', arg: 'S', help: `token scope (default ${DEFAULT_SCOPE})` },
  { name: 'identity-url', arg: 'URL', help: "identity server (default: the --base-url's origin if given, else the environment's)" },
  { name: 'secret-in', arg: 'form|basic', help: 'send the client secret as a form field (default) or HTTP Basic' },
  { name: 'max-events', arg: 'N', help: 'exit 0 after N distinct events' },
  { name: 'recover', help: 'after a gap, fetch what was missed from the Core REST API and print it with "recovered": true (asks again after 1 and 5 minutes, as REST lags)' },
  { name: 'rest-url', arg: 'URL', help: 'the Core REST API for --recover (default: accept\'s known address, or the --base-url origin + /v1.2; production has none, so give it)' },
  { name: 'gaps', help: 'also write gap records to stdout: {"type":"gap","stream","site","from","to","reason"}; with --recover also {"type":"gap-recovery",...,"state","recovered","reason"}' },
  { name: 'retry-auth', help: 'keep retrying refused credentials forever instead of exiting 3' },
  { name: 'verbose', help: 'more detail on stderr' },
  { name: 'version', help: 'print the version and exit' },
  { name: 'help', short: 'h', help: 'show this help' },
];

/** One line of --help, in the columns of NETWORK_USAGE. */
function flagRow(flag: (typeof FLAGS)[number]): string {
  return `  ${`${flag.short ? `-${flag.short}, ` : ''}--${flag.name}${flag.arg ? ` ${flag.arg}` : ''}`.padEnd(24)}${flag.help}`;
}

export const STREAM_USAGE = `Usage: clay-tray stream [--env production|accept] [--base-url URL] [--stream incident|entry|all]
                        [--site ID]... (--token-env NAME | --token-file PATH |
                        --client-id ID --client-secret-env NAME [--scope S] [--identity-url URL] [--secret-in form|basic])
                        [--max-events N] [--gaps] [--retry-auth] [--verbose] [--ca-file PATH] [--token-in-query]
                        [--recover [--rest-url URL]]

Streams SALTO KS Core API events: one JSON object per line on stdout
({"stream","site","id","category","categoryText","detail","time",...,"raw"}), status lines on stderr.
"site" is the subscription's site, else the site id the event itself names. "category" is folded to
lower snake_case (letters of every language kept); "categoryText" is the category as sent.

${FLAGS.filter((flag) => flag.name !== 'help').map(flagRow).join('\n')}
${NETWORK_USAGE}${FLAGS.filter((flag) => flag.name === 'help').map(flagRow).join('\n')}

Exit codes:
  0  done: after --max-events N, or on SIGINT/SIGTERM after a clean run
  1  unexpected error
  2  usage error (a wrong option, a missing variable, a site id that is not a GUID)
  3  the credentials were refused ${AUTH_FAILED_TRIES} times before any connection succeeded (with --retry-auth: never;
     after a successful connection, refusals are always retried)
`;

const SEE_HELP = 'See clay-tray stream --help.';

type Auth =
  | { readonly mode: 'token-env'; readonly name: string }
  | { readonly mode: 'token-file'; readonly path: string }
  | {
      readonly mode: 'client-credentials';
      readonly clientId: string;
      readonly secretEnv: string;
      readonly scope: string;
      readonly identityUrl: string;
      readonly secretIn: 'form' | 'basic';
    };

interface StreamOptions {
  readonly baseUrl: string;
  readonly subscriptions: readonly SubscriptionSpec[];
  readonly auth: Auth;
  readonly maxEvents: number | null;
  readonly gaps: boolean;
  readonly retryAuth: boolean;
  readonly level: LogLevel;
  /** The Core REST API to recover gaps from; null without --recover. */
  readonly restUrl: string | null;
  readonly transport: HubTransport;
}

/** A SALTO site id (collectionId) is a GUID. */
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function parseOptions(argv: readonly string[], processEnv: Readonly<Record<string, string | undefined>>): StreamOptions | 'help' | 'version' {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        ...(Object.fromEntries(
          FLAGS.map((flag) => [flag.name, { type: flag.arg ? 'string' : 'boolean', ...(flag.multiple ? { multiple: true } : {}), ...(flag.short ? { short: flag.short } : {}) }]),
        ) as Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }>),
        ...NETWORK_FLAGS,
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message.split('\n')[0]! : String(error));
  }
  const v = parsed.values as Record<string, string | boolean | string[] | undefined>;
  const str = (name: string): string | undefined => v[name] as string | undefined;
  if (v.help) return 'help';
  if (v.version) return 'version';

  const env = oneOf('env', str('env') ?? 'production', ['production', 'accept'] as const) as ServiceEnvironment;
  const baseUrl = unwrap(resolveBaseUrl(env, nonEmpty('base-url', str('base-url')) ?? null));
  const streamChoice = oneOf('stream', str('stream') ?? 'all', ['incident', 'entry', 'all'] as const);
  const streams: StreamKind[] = streamChoice === 'all' ? ['incident', 'entry'] : [streamChoice];

  const sites: string[] = [];
  for (const site of (v.site as string[] | undefined) ?? []) {
    const id = site.trim();
    if (id === '') throw new UsageError('--site must not be empty.');
    if (!GUID.test(id) && !v['allow-any-site']) {
      throw new UsageError(`--site "${safeLine(id, 80)}" is not a site id; a SALTO KS site id is a GUID like 3f1c9a52-7d4e-4b8a-9c61-2e5f0a8d7b14 (--allow-any-site to use it anyway).`);
    }
    if (!sites.includes(id)) sites.push(id);
  }
  const subscriptions = streams.flatMap((stream): SubscriptionSpec[] => (sites.length === 0 ? [{ stream, site: null }] : sites.map((site) => ({ stream, site }))));

  const modes = [str('token-env') !== undefined, str('token-file') !== undefined, str('client-id') !== undefined].filter(Boolean).length;
  if (modes !== 1) {
    throw new UsageError(
      modes === 0
        ? 'Say how to authenticate: --token-env NAME, --token-file PATH, or --client-id ID with --client-secret-env NAME.'
        : 'Use only one of --token-env, --token-file and --client-id.',
    );
  }
  const credentialsOnly = ['client-secret-env', 'scope', 'identity-url', 'secret-in'] as const;
  let auth: Auth;
  if (str('client-id') !== undefined) {
    const clientId = nonEmpty('client-id', str('client-id'))!;
    const secretEnv = nonEmpty('client-secret-env', str('client-secret-env'));
    if (secretEnv === undefined) throw new UsageError('--client-id needs --client-secret-env NAME (the environment variable holding the client secret).');
    auth = {
      mode: 'client-credentials',
      clientId,
      secretEnv,
      scope: nonEmpty('scope', str('scope')) ?? DEFAULT_SCOPE,
      identityUrl: unwrap(resolveIdentityUrl(env, nonEmpty('identity-url', str('identity-url')) ?? null, nonEmpty('base-url', str('base-url')) ?? null)),
      secretIn: oneOf('secret-in', str('secret-in') ?? 'form', ['form', 'basic'] as const),
    };
  } else {
    const stray = credentialsOnly.find((name) => v[name] !== undefined);
    if (stray) throw new UsageError(`--${stray} only goes with --client-id.`);
    auth = str('token-env') !== undefined ? { mode: 'token-env', name: nonEmpty('token-env', str('token-env'))! } : { mode: 'token-file', path: nonEmpty('token-file', str('token-file'))! };
  }

  let maxEvents: number | null = null;
  const maxText = str('max-events');
  if (maxText !== undefined) {
    const text = maxText.trim();
    maxEvents = Number(text);
    if (!/^\d+$/.test(text) || !Number.isSafeInteger(maxEvents) || maxEvents < 1) {
      throw new UsageError(`--max-events must be a whole number of 1 or more, got "${safeLine(maxText, 80)}".`);
    }
  }
  const restGiven = nonEmpty('rest-url', str('rest-url'));
  if (restGiven !== undefined && !v.recover) throw new UsageError('--rest-url only goes with --recover.');
  const restUrl = v.recover
    ? unwrap(restGiven !== undefined ? validateHttpUrl(restGiven, '--rest-url') : resolveRestUrl(env, nonEmpty('base-url', str('base-url')) ?? null, { production: null, accept: null }))
    : null;
  const { transport } = networkFromFlags(v, processEnv);
  return { baseUrl, subscriptions, auth, maxEvents, gaps: v.gaps === true, retryAuth: v['retry-auth'] === true, level: v.verbose ? 'debug' : 'info', transport, restUrl };
}

function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`--${name} must be ${allowed.join(', ').replace(/, ([^,]*)$/, ' or $1')}, got "${safeLine(value, 80)}".`);
  return value as T;
}

function unwrap<T>(result: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!result.ok) throw new UsageError(result.error.message);
  return result.value;
}

/** Reads the secret once up front, so a missing variable or file is a usage error, not an endless retry. */
async function tokenProviderFor(
  auth: Auth,
  env: Readonly<Record<string, string | undefined>>,
  remember: (secret: string) => void,
  logger: Logger,
  transport: HubTransport,
): Promise<TokenProvider> {
  const fromEnv = (name: string, what: string): string => {
    const value = env[name]?.trim();
    if (!value) throw new UsageError(`Environment variable ${name} (${what}) is not set or empty.`);
    remember(value);
    return value;
  };
  switch (auth.mode) {
    case 'token-env': {
      const token = fromEnv(auth.name, 'the token');
      return staticTokenProvider(async () => token);
    }
    case 'token-file': {
      const read = async (): Promise<string> => {
        const token = (await readFile(auth.path, 'utf8')).trim();
        if (token) remember(token);
        return token;
      };
      try {
        if ((await read()) === '') throw new UsageError(`The token file ${auth.path} is empty.`);
      } catch (error) {
        if (error instanceof UsageError) throw error;
        throw new UsageError(`The token file ${auth.path} cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)}).`);
      }
      return staticTokenProvider(read);
    }
    case 'client-credentials': {
      const secret = fromEnv(auth.secretEnv, 'the client secret');
      return new ClientCredentialsTokenProvider({
        identityUrl: auth.identityUrl,
        clientId: auth.clientId,
        clientSecret: async () => secret,
        scope: auth.scope,
        secretIn: auth.secretIn,
        logger,
        ...(transport.network ? { fetch: networkFetch(transport.network) } : {}),
      });
    }
  }
}

/** Every token handed out is also redacted from output, even an opaque (non-JWT) one. */
function remembering(provider: TokenProvider, remember: (secret: string) => void, onToken: (token: string) => void): TokenProvider {
  return {
    getToken: async () => {
      const token = await provider.getToken();
      remember(token);
      onToken(token);
      return token;
    },
    invalidate: (token) => provider.invalidate(token),
  };
}

/** `1 event`, `2 events`; `1 try`, `2 tries`. */
export function count(n: number, noun: string, plural = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : plural}`;
}

const CATEGORY_TEXT_KEY = 'categoryText';

/**
 * The stdout record: the contract's fields first, `raw` last. Written by hand around JSON.stringify
 * of each value: one object literal less per event, and the same text JSON.stringify would make.
 * Every text field but `site` is read from `raw` (or derived from what it holds), so checking `raw`
 * (for the characters themselves, or a `\u` escape that may spell one) and `site` covers the whole
 * line at a fraction of the cost.
 */
function eventLine(event: ClayEvent, typed: boolean): string {
  const q = JSON.stringify;
  const lock = event.lock;
  const json =
    `{${typed ? '"type":"event",' : ''}"stream":${q(event.stream)},"site":${q(event.site)},"id":${q(event.id)},"category":${q(event.category)},` +
    `"${CATEGORY_TEXT_KEY}":${q(event.categoryText ?? event.category)},"detail":${q(event.detail)},"time":${q(event.time)},"localTime":${q(event.localTime)},` +
    `"lock":{"id":${q(lock.id)},"name":${q(lock.name)}},"accessor":${q(event.accessor)},"accessBy":${q(event.accessBy)},"siteName":${q(event.siteName)},` +
    `"receivedAt":${q(event.receivedAt)},"key":${q(event.key)},${event.recovered ? '"recovered":true,' : ''}"raw":${q(event.raw)}}`;
  const unsafe = event.raw.includes('\\u') || hasJsonUnsafe(event.raw) || (event.site !== null && hasJsonUnsafe(event.site));
  return `${unsafe ? escapeJsonText(json) : json}\n`;
}

function gapLine(gap: OfflineGap, reason: string): string {
  return `${escapeJsonText(JSON.stringify({ type: 'gap', stream: gap.stream, site: gap.site, from: gap.from, to: gap.to, reason }))}\n`;
}

/** With --recover and --gaps: what fetching the gap from the Core REST API achieved, as it changes. */
function gapOutcomeLine(gap: OfflineGap, recovery: GapRecovery): string {
  const { state, recovered, reason } = recovery;
  return `${escapeJsonText(JSON.stringify({ type: 'gap-recovery', stream: gap.stream, site: gap.site, from: gap.from, to: gap.to, state, recovered, reason }))}\n`;
}

/** `incident` or `incident:<site>`, as status lines name a subscription. */
function subscriptionId(gap: OfflineGap): string {
  return gap.site === null ? gap.stream : `${gap.stream}:${gap.site}`;
}

function statusText(state: SubscriptionState, now: number): string {
  const { status } = state;
  const error = state.lastError ? `: ${state.lastError}` : '';
  const next = (at: string | null): string => (at ? `, next try in ${Math.max(0, (Date.parse(at) - now) / 1000).toFixed(1)} s` : '');
  switch (status.phase) {
    case 'connecting':
      return `connecting (attempt ${status.attempt})`;
    case 'connected':
      return 'connected; waiting for events (a site without the streaming feature sends none)';
    case 'reconnecting':
      return status.nextRetryAt ? `reconnecting (attempt ${status.attempt}${next(status.nextRetryAt)})${error}` : `reconnecting (attempt ${status.attempt})`;
    case 'offline':
      return `offline (attempt ${status.attempt}${next(status.nextRetryAt)})${error}`;
    case 'auth-failed':
      return `authentication failed (attempt ${status.attempt}${next(status.nextRetryAt)})${error}`;
    case 'stopped':
      return 'stopped';
  }
}

/** Why the credentials were refused, in words a script's log can carry. */
function refusalReason(lastError: string | null, token: string | null, now: number): string {
  const expiry = token === null ? null : tokenExpiry(token);
  if (expiry !== null && Date.parse(expiry) <= now) return `the token expired at ${expiry.replace(/\.000Z$/, 'Z')}`;
  const code = /^The identity server refused the client id or secret/.test(lastError ?? '') ? 'invalid_client: ' : /refused the scope/.test(lastError ?? '') ? 'invalid_scope: ' : '';
  return `${code}${lastError ?? 'refused'}`;
}

export async function runStreamCommand(argv: readonly string[], io: StreamIo, control: StreamControl = {}): Promise<number> {
  const secrets: string[] = [];
  const remember = (secret: string): void => {
    if (secrets.includes(secret)) return;
    secrets.push(secret);
    // The fixed secrets come first; of the tokens fetched since, the recent ones are enough to check.
    if (secrets.length > 16) secrets.splice(2, 1);
  };
  let options: StreamOptions;
  let tokenProvider: TokenProvider;
  let logger: Logger;
  let lastToken: string | null = null;
  try {
    const parsed = parseOptions(argv, control.env ?? process.env);
    if (parsed === 'help') {
      io.stdout(STREAM_USAGE);
      return EXIT_DONE;
    }
    if (parsed === 'version') {
      io.stdout(`clay-tray ${version}\n`);
      return EXIT_DONE;
    }
    options = parsed;
    logger = createLogger((record) => io.stderr(`${formatLogLine(record)}\n`), { scope: 'stream', level: options.level, secrets: () => secrets });
    // Token fetches are per-attempt detail: shown with --verbose only.
    tokenProvider = remembering(
      await tokenProviderFor(options.auth, control.env ?? process.env, remember, options.level === 'debug' ? logger.child('auth') : silentLogger, options.transport),
      remember,
      (token) => {
        lastToken = token;
      },
    );
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`clay-tray stream: ${redact(error.message, secrets)}\n${SEE_HELP}\n`);
    return EXIT_USAGE;
  }

  const status = (text: string): void => io.stderr(`clay-tray stream: ${safeLine(redact(text, secrets), 1000)}\n`);
  const supervisor = new Supervisor({
    baseUrl: options.baseUrl,
    subscriptions: options.subscriptions,
    tokenProvider,
    transport: options.transport,
    // Per-attempt detail goes to --verbose; the status lines below already say what happened.
    logger: options.level === 'debug' ? logger : silentLogger,
  });

  // A slow reader (a SIEM forwarder, `| less`) holds the hub back rather than filling memory.
  let paused = false;
  const out = new BufferedLines((text) => {
    if (io.stdout(text) !== false || paused || !io.drained) return;
    paused = true;
    supervisor.setReading(false);
    io.drained(() => {
      paused = false;
      supervisor.setReading(true);
    });
  });
  const stop = stopRequested(control.signal);
  let written = 0;
  let finish: (reason: string) => void = () => undefined;
  const finished = new Promise<string>((resolve) => {
    finish = resolve;
  });
  // Live and recovered events meet here: whichever comes second is a copy and is not printed.
  const printed = new DedupeWindow(50_000);
  const print = (event: ClayEvent): boolean => {
    if (options.maxEvents !== null && written >= options.maxEvents) return false;
    if (options.restUrl !== null && printed.seen(event.key)) return false;
    out.add(eventLine(event, options.gaps));
    written += 1;
    if (written === options.maxEvents) finish('max-events');
    return true;
  };
  supervisor.onDidReceive((event) => void print(event));
  supervisor.onDidSkipMessage((note) => status(note));
  const recovery =
    options.restUrl === null
      ? null
      : new RecoveryCoordinator({
          source: () => ({
            client: new CoreRestClient({
              baseUrl: options.restUrl!,
              tokenProvider,
              ...(options.transport.network ? { fetch: networkFetch(options.transport.network) } : {}),
            }),
          }),
          store: print,
          onProgress: ({ gap }) => {
            const r = gap.recovery;
            if (r === undefined) return;
            if (options.gaps) out.add(gapOutcomeLine(gap, r));
            const where = subscriptionId(gap);
            if (r.state === 'failed') status(`${where} ${gap.from}–${gap.to}: could not be recovered: ${r.reason ?? 'unknown reason'}.`);
            else status(`${where} ${gap.from}–${gap.to}: ${count(r.recovered, 'event')} recovered${r.state === 'done' ? '; gap closed' : ', asking again later as REST lags'}.`);
          },
          clock: systemClock,
          logger: options.level === 'debug' ? logger.child('recovery') : silentLogger,
        });

  const lastStatus = new Map<string, string>();
  const lastError = new Map<string, string>();
  let everConnected = false;
  let authFailedWaits = 0;
  let authTries = 0;
  let authRefusal: string | null = null;
  supervisor.onDidChangeState((states) => {
    const now = Date.now();
    for (const state of states) {
      const phase = state.status.phase;
      if (state.lastError) lastError.set(state.id, state.lastError);
      if (phase === 'connected') everConnected = true;
      // "connecting" and in-attempt "reconnecting" lines would double every retry line; the waits carry the news.
      if (phase === 'stopped' || (phase === 'reconnecting' && state.status.nextRetryAt === null) || (phase === 'connecting' && state.status.attempt > 1)) continue;
      const key = `${phase}:${'attempt' in state.status ? state.status.attempt : ''}`;
      if (lastStatus.get(state.id) === key) continue;
      lastStatus.set(state.id, key);
      if (phase === 'auth-failed' && !everConnected) {
        authRefusal = refusalReason(state.lastError, lastToken, now);
        authFailedWaits += 1;
        authTries = Math.max(authTries, state.status.attempt - 1);
        if (authFailedWaits >= AUTH_FAILED_TRIES && !options.retryAuth) {
          finish('auth');
          continue;
        }
      }
      status(`${state.id} ${statusText(state, now)}`);
    }
  });
  supervisor.onDidRecordGap((gap: OfflineGap) => {
    const id = subscriptionId(gap);
    const reason = lastError.get(id) ?? 'the connection was lost';
    if (options.gaps) out.add(gapLine(gap, reason));
    const missed = recovery === null ? 'events sent in that span were not received' : `recovering what was missed from ${new URL(options.restUrl!).host}`;
    status(`${id} was offline from ${gap.from} to ${gap.to}; ${missed}.`);
    recovery?.recover(gap);
  });

  const what = options.subscriptions.map((s) => (s.site ? `${s.stream}:${s.site}` : s.stream)).join(', ');
  status(`streaming ${what} from ${options.baseUrl}${options.maxEvents !== null ? `, until ${count(options.maxEvents, 'event')}` : ''}.`);
  supervisor.start();
  const reason = await Promise.race([stop.promise, finished]);
  stop.dispose();
  recovery?.dispose();
  await supervisor.stop();
  out.flush();
  if (reason === 'auth') {
    status(`the credentials were refused (${authRefusal ?? 'refused'}); giving up after ${count(authTries, 'try', 'tries')} (--retry-auth keeps trying). Exit code 3.`);
    return EXIT_AUTH;
  }
  if (reason === 'max-events') {
    status(`received ${count(written, 'event')}; done.`);
    return EXIT_DONE;
  }
  // A signal while the credentials were still refused is not a clean run: a script must see that.
  const refused = !everConnected && authRefusal !== null;
  status(`stopping (${reason}) after ${count(written, 'event')}${refused ? `; the credentials were refused (${authRefusal}). Exit code 3.` : '.'}`);
  return refused ? EXIT_AUTH : EXIT_DONE;
}
