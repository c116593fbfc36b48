/**
 * From the network settings and the stored proxy password to the `NetworkOptions` every
 * connection of the app uses (hub, token, REST). The host supplies the operating system's proxy
 * resolution (Electron's session.resolveProxy: PAC scripts and system settings); the core never
 * sees Electron.
 */
import type { NetworkSettings } from '../../common/settings';
import type { NetworkOptions } from '../network/network';
import { NetworkError, trustedAuthorities } from '../network/network';
import { bypassesProxy, withProxyCredentials } from '../network/network-proxy';
import type { SecretStore } from '../ports';

/** The operating system's proxy for a URL: a proxy URL, or null for a direct connection. */
export type SystemProxyResolver = (url: string) => Promise<string | null>;

export const PROXY_PASSWORD = 'proxy-password';

export const CA_SETTING_HINT = 'Settings › Network › Extra CA certificate';

export function networkFor(settings: NetworkSettings, secrets: SecretStore, systemProxy: SystemProxyResolver | null): NetworkOptions {
  // A PEM that passed the settings rules can still be a damaged certificate: say so at connect time.
  let ca: readonly string[] | undefined;
  let caProblem: NetworkError | null = null;
  try {
    ca = trustedAuthorities(settings.extraCaPem);
  } catch (error) {
    caProblem = error instanceof NetworkError ? error : new NetworkError('ca-file', String(error));
  }
  const withCredentials = async (proxy: string | null): Promise<string | null> => {
    if (proxy === null || settings.proxyUsername === '') return proxy;
    return withProxyCredentials(proxy, settings.proxyUsername, await secrets.get(PROXY_PASSWORD));
  };
  const proxyFor = async (url: string): Promise<string | null> => {
    if (caProblem) throw caProblem;
    switch (settings.proxyMode) {
      case 'direct':
        return null;
      case 'manual':
        return settings.proxyUrl === null || bypassesProxy(url, settings.noProxy) ? null : withCredentials(settings.proxyUrl);
      case 'system':
        return withCredentials(systemProxy ? await systemProxy(url) : null);
    }
  };
  return { proxyFor, ...(ca ? { ca } : {}), caHint: CA_SETTING_HINT };
}
