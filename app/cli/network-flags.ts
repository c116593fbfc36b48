/**
 * The corporate-network flags of `clay-tray stream`, kept apart so the command's own flags can
 * change without touching them: --ca-file, --token-in-query, and the proxy from the environment.
 */
import { readFileSync } from 'node:fs';
import type { NetworkOptions } from '../core/network/network';
import { NetworkError, splitPem, trustedAuthorities } from '../core/network/network';
import { proxyFromEnvironment } from '../core/network/network-proxy';
import type { HubTransport } from '../core/streaming/stream';
import { nonEmpty, UsageError } from './command-support';

export const NETWORK_FLAGS = {
  'ca-file': { type: 'string' },
  'token-in-query': { type: 'boolean' },
} as const;

export const NETWORK_USAGE = `  --ca-file PATH          also trust the certificate authorities in this PEM file (a company root)
  --token-in-query        send the token as access_token in the hub URL instead of the Authorization header
  Proxies: HTTPS_PROXY, HTTP_PROXY, ALL_PROXY and NO_PROXY (or lower case) are honoured; a user name
  and password in the proxy URL are sent as Basic proxy authentication.
`;

export interface NetworkFlagValues {
  readonly 'ca-file'?: string | undefined;
  readonly 'token-in-query'?: boolean | undefined;
}

/** How the command's connections go out. Reads the CA file now, so a wrong path is a usage error. */
export function networkFromFlags(values: NetworkFlagValues, env: Readonly<Record<string, string | undefined>>): { network: NetworkOptions; transport: HubTransport } {
  const caFile = nonEmpty('ca-file', values['ca-file']);
  let extraPem: string | null = null;
  if (caFile !== undefined) {
    try {
      extraPem = readFileSync(caFile, 'utf8');
      splitPem(extraPem);
    } catch (error) {
      if (error instanceof NetworkError) throw new UsageError(`--ca-file ${caFile}: ${error.message}`);
      throw new UsageError(`--ca-file ${caFile} cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)}).`);
    }
  }
  const network: NetworkOptions = {
    proxyFor: proxyFromEnvironment(env),
    ca: trustedAuthorities(extraPem, env),
    caHint: '--ca-file (a PEM file with that authority\'s certificate)',
  };
  return { network, transport: { network, tokenIn: values['token-in-query'] ? 'query' : 'header' } };
}
