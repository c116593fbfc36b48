/**
 * `clay-tray stream`: the streaming core without Electron, for scripts, SIEM forwarders and
 * on-call checks. One JSON object per distinct event on stdout (and, with --gaps, one per span that
 * was not received), status lines on stderr. Exit codes: 0 done, 2 usage, 3 credentials refused
 * before the first connection. The token and the client secret never appear in any output.
 */
import { readFile } from 'node:fs/promises';
import type { ClayEvent, OfflineGap } from '../common/models';
import { safeLine } from '../common/safe-text';
import type { TokenProvider } from '../core/streaming/auth';
import { ClientCredentialsTokenProvider, staticTokenProvider } from '../core/streaming/auth';
import { CoreRestClient } from '../core/recovery/core-rest';
import { DedupeWindow } from '../core/streaming/dedupe';
import { networkFetch } from '../core/network/network';
import { createLogger, formatLogLine } from '../core/diagnostics/logger';
import type { Logger } from '../core/ports';
import { silentLogger, systemClock } from '../core/ports';
import { redact } from '../core/diagnostics/redact';
import { RecoveryCoordinator } from '../core/recovery/recovery';
import { Supervisor } from '../core/streaming/supervisor';
import { version } from '../../package.json';
import { stopRequested, UsageError } from './command-support';
import type { HubTransport } from '../core/streaming/stream';
import { BufferedLines } from './buffered-lines';
import { AUTH_FAILED_TRIES, parseOptions, SEE_HELP, STREAM_USAGE, type Auth, type StreamOptions } from './stream-options';
import { count, eventLine, gapLine, gapOutcomeLine, refusalReason, statusText, subscriptionId } from './stream-output';

export interface StreamIo {
  /**
   * Receives whole lines, each ending in "\n": text, or UTF-8 bytes (events, several lines at a
   * time when they come fast). Returning false says the reader is behind: reading from the hub
   * pauses until `drained` calls back.
   */
  stdout: (chunk: string | Uint8Array) => unknown;
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

export const EXIT_DONE = 0;
export const EXIT_USAGE = 2;
export const EXIT_AUTH = 3;

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
  const out = new BufferedLines((bytes) => {
    if (io.stdout(bytes) !== false || paused || !io.drained) return;
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
    const line = eventLine(event, options.gaps);
    out.add(line.text, line.ascii);
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
