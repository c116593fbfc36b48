/**
 * `clay-tray stream`: the streaming core without Electron. One JSON object per distinct event on
 * stdout, status lines on stderr; exits 0 after --max-events or on SIGINT/SIGTERM, 2 on a usage error.
 * The token and the client secret never appear in any output.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { ClayEvent, OfflineGap, ServiceEnvironment, StreamKind, SubscriptionState } from '../common/models';
import type { TokenProvider } from '../core/auth';
import { ClientCredentialsTokenProvider, staticTokenProvider } from '../core/auth';
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
import { nonEmpty, stopRequested, UsageError } from './command-support';
import type { HubTransport } from '../core/stream';
import { NETWORK_FLAGS, NETWORK_USAGE, networkFromFlags } from './network-flags';

export interface StreamIo {
  /** Receives whole lines, each ending in "\n". */
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

export interface StreamControl {
  /** Aborting stops the stream like SIGINT does (for hosts and tests). */
  readonly signal?: AbortSignal;
  /** Where --token-env and --client-secret-env are looked up; default process.env. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export const DEFAULT_SCOPE = 'core_api.full';

export const STREAM_USAGE = `Usage: clay-tray stream [--env production|accept] [--base-url URL] [--stream incident|entry|all]
                        [--site ID]... (--token-env NAME | --token-file PATH |
                        --client-id ID --client-secret-env NAME [--scope S] [--identity-url URL] [--secret-in form|basic])
                        [--max-events N] [--verbose] [--ca-file PATH] [--token-in-query]
                        [--recover [--rest-url URL]]

Streams SALTO KS Core API events: one JSON object per line on stdout
({"stream","site","id","category","detail","time",...,"raw"}), status lines on stderr.

  --env E                 production (default) or accept
  --base-url URL          Core API base URL instead of the environment's (e.g. a local dev hub)
  --stream S              incident, entry or all (default all)
  --site ID               only this site (collectionId); repeat for several; default every site
  --token-env NAME        read a bearer token from environment variable NAME
  --token-file PATH       read a bearer token from a file (re-read on every connect)
  --client-id ID          OAuth2 client credentials: the client id...
  --client-secret-env N   ...and the environment variable holding the client secret
  --scope S               token scope (default ${DEFAULT_SCOPE})
  --identity-url URL      identity server (default: the --base-url's origin if given, else the environment's)
  --secret-in form|basic  send the client secret as a form field (default) or HTTP Basic
  --max-events N          exit 0 after N distinct events
  --recover               after a gap, fetch what was missed from the Core REST API and print it
                          with "recovered": true (asks again after 1 and 5 minutes, as REST lags)
  --rest-url URL          the Core REST API (default: accept's known address, or the --base-url
                          origin + /v1.2; production has no verified default, so give it)
  --verbose               more detail on stderr
${NETWORK_USAGE}  -h, --help              show this help

Exit codes: 0 after --max-events N or on SIGINT/SIGTERM; 2 on a usage error.
`;

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
  readonly sitesGiven: boolean;
  readonly auth: Auth;
  readonly maxEvents: number | null;
  readonly level: LogLevel;
  /** The Core REST API to recover gaps from; null without --recover. */
  readonly restUrl: string | null;
  readonly transport: HubTransport;
}

function parseOptions(argv: readonly string[], processEnv: Readonly<Record<string, string | undefined>>): StreamOptions | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        env: { type: 'string' },
        'base-url': { type: 'string' },
        stream: { type: 'string' },
        site: { type: 'string', multiple: true },
        'token-env': { type: 'string' },
        'token-file': { type: 'string' },
        'client-id': { type: 'string' },
        'client-secret-env': { type: 'string' },
        scope: { type: 'string' },
        'identity-url': { type: 'string' },
        'secret-in': { type: 'string' },
        'max-events': { type: 'string' },
        recover: { type: 'boolean' },
        'rest-url': { type: 'string' },
        verbose: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        ...NETWORK_FLAGS,
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const v = parsed.values;
  if (v.help) return 'help';

  const env = oneOf('env', v.env ?? 'production', ['production', 'accept'] as const) as ServiceEnvironment;
  const baseUrl = unwrap(resolveBaseUrl(env, nonEmpty('base-url', v['base-url']) ?? null));
  const streamChoice = oneOf('stream', v.stream ?? 'all', ['incident', 'entry', 'all'] as const);
  const streams: StreamKind[] = streamChoice === 'all' ? ['incident', 'entry'] : [streamChoice];

  const sites: string[] = [];
  for (const site of v.site ?? []) {
    const id = site.trim();
    if (id === '') throw new UsageError('--site must not be empty.');
    if (!sites.includes(id)) sites.push(id);
  }
  const subscriptions = streams.flatMap((stream): SubscriptionSpec[] => (sites.length === 0 ? [{ stream, site: null }] : sites.map((site) => ({ stream, site }))));

  const modes = [v['token-env'] !== undefined, v['token-file'] !== undefined, v['client-id'] !== undefined].filter(Boolean).length;
  if (modes !== 1) {
    throw new UsageError(
      modes === 0
        ? 'Say how to authenticate: --token-env NAME, --token-file PATH, or --client-id ID with --client-secret-env NAME.'
        : 'Use only one of --token-env, --token-file and --client-id.',
    );
  }
  const credentialsOnly = ['client-secret-env', 'scope', 'identity-url', 'secret-in'] as const;
  let auth: Auth;
  if (v['client-id'] !== undefined) {
    const clientId = nonEmpty('client-id', v['client-id'])!;
    const secretEnv = nonEmpty('client-secret-env', v['client-secret-env']);
    if (secretEnv === undefined) throw new UsageError('--client-id needs --client-secret-env NAME (the environment variable holding the client secret).');
    auth = {
      mode: 'client-credentials',
      clientId,
      secretEnv,
      scope: nonEmpty('scope', v.scope) ?? DEFAULT_SCOPE,
      identityUrl: unwrap(resolveIdentityUrl(env, nonEmpty('identity-url', v['identity-url']) ?? null, nonEmpty('base-url', v['base-url']) ?? null)),
      secretIn: oneOf('secret-in', v['secret-in'] ?? 'form', ['form', 'basic'] as const),
    };
  } else {
    const stray = credentialsOnly.find((name) => v[name] !== undefined);
    if (stray) throw new UsageError(`--${stray} only goes with --client-id.`);
    auth = v['token-env'] !== undefined ? { mode: 'token-env', name: nonEmpty('token-env', v['token-env'])! } : { mode: 'token-file', path: nonEmpty('token-file', v['token-file'])! };
  }

  let maxEvents: number | null = null;
  if (v['max-events'] !== undefined) {
    const text = v['max-events'].trim();
    maxEvents = Number(text);
    if (!/^\d+$/.test(text) || !Number.isSafeInteger(maxEvents) || maxEvents < 1) {
      throw new UsageError(`--max-events must be a whole number of 1 or more, got "${v['max-events']}".`);
    }
  }
  const restGiven = nonEmpty('rest-url', v['rest-url']);
  if (restGiven !== undefined && !v.recover) throw new UsageError('--rest-url only goes with --recover.');
  const restUrl = v.recover
    ? unwrap(restGiven !== undefined ? validateHttpUrl(restGiven, '--rest-url') : resolveRestUrl(env, nonEmpty('base-url', v['base-url']) ?? null, { production: null, accept: null }))
    : null;
  const { transport } = networkFromFlags(v, processEnv);
  return { baseUrl, subscriptions, sitesGiven: sites.length > 0, auth, maxEvents, level: v.verbose ? 'debug' : 'info', transport, restUrl };
}

function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`--${name} must be ${allowed.join(', ').replace(/, ([^,]*)$/, ' or $1')}, got "${value}".`);
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
function remembering(provider: TokenProvider, remember: (secret: string) => void): TokenProvider {
  return {
    getToken: async () => {
      const token = await provider.getToken();
      remember(token);
      return token;
    },
    invalidate: (token) => provider.invalidate(token),
  };
}

/** The stdout record: the contract's fields first, `raw` last. */
function eventLine(event: ClayEvent, site: string | null): string {
  return `${JSON.stringify({
    stream: event.stream,
    site,
    id: event.id,
    category: event.category,
    detail: event.detail,
    time: event.time,
    localTime: event.localTime,
    lock: event.lock,
    accessor: event.accessor,
    accessBy: event.accessBy,
    siteName: event.siteName,
    payloadSite: event.site,
    receivedAt: event.receivedAt,
    key: event.key,
    ...(event.recovered ? { recovered: true } : {}),
    raw: event.raw,
  })}\n`;
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
  try {
    const parsed = parseOptions(argv, control.env ?? process.env);
    if (parsed === 'help') {
      io.stdout(STREAM_USAGE);
      return 0;
    }
    options = parsed;
    logger = createLogger((record) => io.stderr(`${formatLogLine(record)}\n`), { scope: 'stream', level: options.level, secrets: () => secrets });
    // Token fetches are per-attempt detail: shown with --verbose only.
    tokenProvider = remembering(
      await tokenProviderFor(options.auth, control.env ?? process.env, remember, options.level === 'debug' ? logger.child('auth') : silentLogger, options.transport),
      remember,
    );
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`clay-tray stream: ${redact(error.message, secrets)}\n\n${STREAM_USAGE}`);
    return 2;
  }

  const status = (text: string): void => io.stderr(`clay-tray stream: ${redact(text, secrets)}\n`);
  const supervisor = new Supervisor({
    baseUrl: options.baseUrl,
    subscriptions: options.subscriptions,
    tokenProvider,
    transport: options.transport,
    // Per-attempt detail goes to --verbose; the status lines below already say what happened.
    logger: options.level === 'debug' ? logger : silentLogger,
  });

  const stop = stopRequested(control.signal);
  let written = 0;
  let finishedByCount: () => void = () => undefined;
  const enough = new Promise<string>((resolve) => {
    finishedByCount = () => resolve('max-events');
  });
  // Live and recovered events meet here: whichever comes second is a copy and is not printed.
  const printed = new DedupeWindow(50_000);
  const print = (event: ClayEvent): boolean => {
    if (options.maxEvents !== null && written >= options.maxEvents) return false;
    if (options.restUrl !== null && printed.seen(event.key)) return false;
    io.stdout(eventLine(event, options.sitesGiven ? event.site : null));
    written += 1;
    if (written === options.maxEvents) finishedByCount();
    return true;
  };
  supervisor.onDidReceive((event) => void print(event));
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
            const where = gap.key.replace(/^gap:/, '').replace(/:[^:]*T.*$/, '');
            if (r.state === 'failed') status(`${where} ${gap.from}–${gap.to}: could not be recovered: ${r.reason ?? 'unknown reason'}.`);
            else status(`${where} ${gap.from}–${gap.to}: ${r.recovered} events recovered${r.state === 'done' ? '; gap closed' : ', asking again later as REST lags'}.`);
          },
          clock: systemClock,
          logger: options.level === 'debug' ? logger.child('recovery') : silentLogger,
        });
  const lastStatus = new Map<string, string>();
  supervisor.onDidChangeState((states) => {
    const now = Date.now();
    for (const state of states) {
      const phase = state.status.phase;
      // "connecting" and in-attempt "reconnecting" lines would double every retry line; the waits carry the news.
      if (phase === 'stopped' || (phase === 'reconnecting' && state.status.nextRetryAt === null) || (phase === 'connecting' && state.status.attempt > 1)) continue;
      const text = statusText(state, now);
      const key = `${phase}:${'attempt' in state.status ? state.status.attempt : ''}`;
      if (lastStatus.get(state.id) === key) continue;
      lastStatus.set(state.id, key);
      status(`${state.id} ${text}`);
    }
  });
  supervisor.onDidRecordGap((gap: OfflineGap) => {
    const missed = recovery === null ? 'events sent in that span were not received' : `recovering what was missed from ${new URL(options.restUrl!).host}`;
    status(`${gap.key.replace(/^gap:/, '').replace(/:[^:]*T.*$/, '')} was offline from ${gap.from} to ${gap.to}; ${missed}.`);
    recovery?.recover(gap);
  });

  const target = new URL(options.baseUrl).host;
  status(`streaming ${options.subscriptions.map((s) => (s.site ? `${s.stream}:${s.site}` : s.stream)).join(', ')} from ${target}${options.maxEvents !== null ? `, until ${options.maxEvents} events` : ''}.`);
  supervisor.start();
  const reason = await Promise.race([stop.promise, enough]);
  stop.dispose();
  recovery?.dispose();
  await supervisor.stop();
  status(reason === 'max-events' ? `received ${written} events; done.` : `stopping (${reason}) after ${written} events.`);
  return 0;
}
