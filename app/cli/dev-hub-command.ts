/**
 * `clay-tray dev-hub`: runs the local hub simulator in the foreground and prints everything a
 * client needs to connect to it, so the app and `clay-tray stream` can be tried without SALTO.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createLogger, formatLogLine } from '../core/diagnostics/logger';
import { startDevHub, type DevHubOptions, type TokenAcceptance } from '../dev-hub/dev-hub';
import { devCertificatesIn } from '../dev-hub/dev-hub-certificate';
import { defaultStatePath, loadOrCreateState } from '../dev-hub/dev-hub-state';
import { nonEmpty, stopRequested, UsageError } from './command-support';

export interface CommandIo {
  /** Receives whole lines, each ending in "\n". */
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

export const DEV_HUB_DEFAULT_PORT = 5080;

export const DEV_HUB_USAGE = `Usage: clay-tray dev-hub [--port N] [--host H] [--rate N] [--token-lifetime S] [--client-id ID] [--client-secret S]
                        [--seed N] [--state FILE | --ephemeral] [--tls] [--token-in header|query|either]

Runs a local SALTO KS Core API hub simulator (incident and entry hubs plus a client-credentials
identity server) until Ctrl+C. Its client secret and token signing key are kept in a state file,
so tokens and the secret stay valid when it restarts.

  --port N             TCP port, 0 for any free port (default ${DEV_HUB_DEFAULT_PORT})
  --host H             address to listen on (default 127.0.0.1)
  --rate N             generated events per second on each hub (default 1; 0 for none)
  --token-lifetime S   access token lifetime in seconds (default 3600)
  --client-id ID       client id the token endpoint accepts (default clay-demo)
  --client-secret S    client secret it accepts (default: the one in the state file, made at random
                       on the first start and kept; with --ephemeral, a new one each start)
  --seed N             seed for the generated events, for a repeatable sequence
  --state FILE         where to keep the secret and signing key (default ${defaultStatePath()})
  --ephemeral          keep nothing: a new secret and signing key for this run only
  --tls                serve https/wss with a certificate signed by a local test CA (generated,
                       kept beside the state file; its path is printed: trust it with --ca-file)
  --token-in W         where the hubs accept the token: header, query (access_token=) or either (default)
  -h, --help           show this help
`;

/** POSIX single quotes, so a copied example line survives any secret a user chose. */
const shellQuote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

function integer(name: string, text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, got "${text}".`);
  }
  return value;
}

function rate(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < 0 || value > 100_000) {
    throw new UsageError(`--rate must be a number of events per second from 0 to 100000, got "${text}".`);
  }
  return value;
}

interface ParsedCommand {
  readonly hub: DevHubOptions;
  /** Null when nothing is kept between runs. */
  readonly stateFile: string | null;
  readonly tls: boolean;
}

function parseOptions(argv: readonly string[]): ParsedCommand | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        rate: { type: 'string' },
        'token-lifetime': { type: 'string' },
        'client-id': { type: 'string' },
        'client-secret': { type: 'string' },
        seed: { type: 'string' },
        state: { type: 'string' },
        ephemeral: { type: 'boolean' },
        tls: { type: 'boolean' },
        'token-in': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const v = parsed.values;
  if (v.help) return 'help';
  const options: DevHubOptions = {
    port: integer('port', v.port, 0, 65_535) ?? DEV_HUB_DEFAULT_PORT,
    ratePerSecond: rate(v.rate) ?? 1,
    tokenLifetimeSeconds: integer('token-lifetime', v['token-lifetime'], 1, 31_536_000) ?? 3600,
    tokenIn: tokenAcceptance(v['token-in']),
  };
  const host = nonEmpty('host', v.host);
  const clientId = nonEmpty('client-id', v['client-id']);
  const clientSecret = nonEmpty('client-secret', v['client-secret']);
  const seed = integer('seed', v.seed, 0, 2 ** 32 - 1);
  if (host !== undefined) options.host = host;
  if (clientId !== undefined) options.clientId = clientId;
  if (clientSecret !== undefined) options.clientSecret = clientSecret;
  if (seed !== undefined) options.seed = seed;
  if (v.ephemeral && v.state !== undefined) throw new UsageError('--state and --ephemeral cannot be used together.');
  const stateFile = v.ephemeral ? null : (nonEmpty('state', v.state) ?? defaultStatePath());
  return { hub: options, stateFile, tls: v.tls === true };
}

function tokenAcceptance(text: string | undefined): TokenAcceptance {
  const value = text?.trim() ?? 'either';
  if (value !== 'header' && value !== 'query' && value !== 'either') throw new UsageError(`--token-in must be header, query or either, got "${text}".`);
  return value;
}

export async function runDevHubCommand(
  argv: readonly string[],
  io: CommandIo,
  control: { readonly signal?: AbortSignal } = {},
): Promise<number> {
  let parsed: ParsedCommand | 'help';
  try {
    parsed = parseOptions(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`clay-tray dev-hub: ${error.message}\nSee clay-tray dev-hub --help.\n`);
    return 2;
  }
  if (parsed === 'help') {
    io.stdout(DEV_HUB_USAGE);
    return 0;
  }
  const options: DevHubOptions = { ...parsed.hub };
  let stateNote = 'none (--ephemeral): a new secret and signing key each run';
  if (parsed.stateFile !== null) {
    try {
      const { state, created } = loadOrCreateState(parsed.stateFile);
      options.clientSecret ??= state.clientSecret;
      options.tokenSigningKey = state.signingKey;
      stateNote = `${parsed.stateFile} (${created ? 'created' : 'reused'}; tokens and secret survive a restart)`;
    } catch (error) {
      io.stderr(`clay-tray dev-hub: ${error instanceof Error ? error.message : String(error)}\n`);
      return 1;
    }
  }

  let ca: { readonly path: string; readonly created: boolean } | null = null;
  if (parsed.tls) {
    const dir = parsed.stateFile === null ? mkdtempSync(path.join(tmpdir(), 'clay-dev-hub-tls-')) : path.join(path.dirname(parsed.stateFile), 'dev-hub-tls');
    try {
      const certificates = await devCertificatesIn(dir);
      options.tls = certificates;
      ca = { path: certificates.caPath, created: certificates.created };
    } catch (error) {
      io.stderr(`clay-tray dev-hub: the TLS certificate could not be made in ${dir}: ${error instanceof Error ? error.message : String(error)}\n`);
      return 1;
    }
  }

  // The demo secret is printed on purpose below; logs still never carry it.
  let secret = options.clientSecret ?? '';
  const logger = createLogger((record) => io.stderr(`${formatLogLine(record)}\n`), { secrets: () => (secret ? [secret] : []) });
  const stop = stopRequested(control.signal);
  let hub;
  try {
    hub = await startDevHub({ ...options, logger });
  } catch (error) {
    stop.dispose();
    const e = error as NodeJS.ErrnoException;
    const where = `${options.host ?? '127.0.0.1'}:${options.port}`;
    const message =
      e.code === 'EADDRINUSE'
        ? `port ${options.port} is already in use (try --port 0 for any free port).`
        : e.code === 'EADDRNOTAVAIL' || e.code === 'ENOTFOUND'
          ? `cannot listen on ${where}: no such local address.`
          : e.code === 'EACCES'
            ? `not allowed to listen on ${where}.`
            : e.message;
    io.stderr(`clay-tray dev-hub: ${message}\n`);
    return 1;
  }
  secret = hub.credentials.clientSecret;
  const lifetime = options.tokenLifetimeSeconds ?? 3600;
  const token = hub.issueToken();
  const streamExtras = `${ca ? ` --ca-file ${shellQuote(ca.path)}` : ''}${options.tokenIn === 'query' ? ' --token-in-query' : ''}`;
  const siteLines = hub.sites.map((s) => `    ${s.id}  ${s.name}`);
  io.stdout(
    [
      'clay-tray dev-hub is running (a local simulator, not SALTO).',
      `  Core API base URL:  ${hub.url}`,
      `  Identity URL:       ${hub.identityUrl}`,
      `  Client id:          ${hub.credentials.clientId}`,
      `  Client secret:      ${hub.credentials.clientSecret}`,
      '  Scope:              core_api.full (or core_api.standard)',
      `  Hubs:               ${hub.url}/hub/incident  ${hub.url}/hub/entry`,
      `  Core REST API:      ${hub.restUrl}/incidents  ${hub.restUrl}/entries`,
      ...(ca ? [`  TLS CA certificate: ${ca.path} (${ca.created ? 'new' : 'kept'}; trust it with --ca-file or the extra CA setting)`] : []),
      `  Token accepted in:  ${options.tokenIn === 'either' ? 'the Authorization header or the access_token query' : options.tokenIn === 'query' ? 'the access_token query only' : 'the Authorization header only'}`,
      `  Events:             ${options.ratePerSecond} per second per hub`,
      `  State:              ${stateNote}`,
      '  Sites (collectionId):',
      ...siteLines,
      `  Token (valid ${lifetime} s):`,
      `    ${token}`,
      '',
      'Stream from it in another terminal (in the clay-tray folder):',
      `  TOKEN=${shellQuote(token)} npx clay-tray stream --base-url ${hub.url} --token-env TOKEN --stream all${streamExtras}`,
      `  CLAY_SECRET=${shellQuote(hub.credentials.clientSecret)} npx clay-tray stream --base-url ${hub.url} --identity-url ${hub.identityUrl} --client-id ${shellQuote(hub.credentials.clientId)} --client-secret-env CLAY_SECRET --stream all${streamExtras}`,
      '',
      'Press Ctrl+C to stop.',
      '',
    ].join('\n'),
  );
  const reason = await stop.promise;
  stop.dispose();
  io.stderr(`clay-tray dev-hub: stopping (${reason}).\n`);
  await hub.stop();
  return 0;
}
