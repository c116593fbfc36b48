/**
 * The operating system's proxy, as Chromium resolves it for the app's session: system settings,
 * WPAD and PAC scripts included. The core asks per URL, so a PAC script that sends the identity
 * server and the hubs different ways is honoured.
 */
import type { SystemProxyResolver } from '../core/services/network-options';
import { proxyFromPacResult } from '../core/network/network-proxy';
import type { Logger } from '../core/ports';
import type { ResolveProxy } from './host-ports';

export function systemProxyResolver(resolveProxy: ResolveProxy, logger: Logger): SystemProxyResolver {
  let lastAnswer: string | null = null;
  return async (url) => {
    // Chromium resolves WebSocket URLs as their http(s) twins.
    const answer = await resolveProxy(url.replace(/^ws(s?):/i, 'http$1:'));
    if (answer !== lastAnswer) {
      lastAnswer = answer;
      const chosen = proxyFromPacResult(answer);
      logger.info('System proxy', { answer, using: chosen ?? 'a direct connection' });
    }
    return proxyFromPacResult(answer);
  };
}
