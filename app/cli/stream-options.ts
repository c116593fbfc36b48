/** `clay-tray stream`'s options: the flags, --help text and parsing into StreamOptions. */
import { parseArgs } from 'node:util';
import type { ServiceEnvironment, StreamKind } from '../common/models';
import { safeLine } from '../common/safe-text';
import { resolveBaseUrl, resolveIdentityUrl, resolveRestUrl, validateHttpUrl } from '../core/streaming/endpoints';
import type { LogLevel } from '../core/ports';
import type { HubTransport } from '../core/streaming/stream';
import type { SubscriptionSpec } from '../core/streaming/stream-timing';
import { nonEmpty, UsageError } from './command-support';
import { NETWORK_FLAGS, NETWORK_USAGE, networkFromFlags } from './network-flags';
import { inWords, STREAM_KINDS } from '../common/stream-kinds';

export const DEFAULT_SCOPE = 'core_api.full';

/** Waits in the "authentication failed" state, before any connection, after which the command gives up. */
export const AUTH_FAILED_TRIES = 3;

/**
 * The command's own options, in the order --help lists them (the corporate-network ones live in
 * network-flags.ts). A new option is one row here plus its reading in parseOptions.
 */
const FLAGS: readonly { readonly name: string; readonly arg?: string; readonly multiple?: boolean; readonly short?: string; readonly help: string }[] = [
  { name: 'env', arg: 'E', help: 'production (default) or accept' },
  { name: 'base-url', arg: 'URL', help: "Core API base URL instead of the environment's (e.g. a local dev hub)" },
  { name: 'stream', arg: 'S', help: `${inWords([...STREAM_KINDS, 'all'], 'or')} (default all)` },
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

export const STREAM_USAGE = `Usage: clay-tray stream [--env production|accept] [--base-url URL] [--stream ${[...STREAM_KINDS, 'all'].join('|')}]
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

export const SEE_HELP = 'See clay-tray stream --help.';

export type Auth =
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

export interface StreamOptions {
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

export function parseOptions(argv: readonly string[], processEnv: Readonly<Record<string, string | undefined>>): StreamOptions | 'help' | 'version' {
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
  const streamChoice = oneOf('stream', str('stream') ?? 'all', [...STREAM_KINDS, 'all'] as const);
  const streams: StreamKind[] = streamChoice === 'all' ? [...STREAM_KINDS] : [streamChoice];

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
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`--${name} must be ${inWords(allowed, 'or')}, got "${safeLine(value, 80)}".`);
  return value as T;
}

function unwrap<T>(result: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!result.ok) throw new UsageError(result.error.message);
  return result.value;
}
