import { describe, expect, it } from 'vitest';
import { createLogger, type LogRecord } from '../../app/core/diagnostics/logger';
import { systemProxyResolver } from '../../app/shell/system-proxy';

/** Chromium's proxy resolution as a port: answers with `answer(url)` and keeps the URLs asked. */
function chromiumProxy(): { resolve: (url: string) => Promise<string>; answer: (url: string) => string; queries: string[] } {
  const port = { answer: (_url: string) => 'DIRECT', queries: [] as string[], resolve: (url: string) => (port.queries.push(url), Promise.resolve(port.answer(url))) };
  return port;
}

describe("the operating system's proxy through Electron's session", () => {
  it('asks Chromium for the http(s) twin of a WebSocket URL and takes the first usable PAC entry', async () => {
    const logs: LogRecord[] = [];
    const chromium = chromiumProxy();
    const resolve = systemProxyResolver(chromium.resolve, createLogger((r) => logs.push(r), { level: 'debug' }));
    chromium.answer = (url) => (url.startsWith('https://hub.corp.example') ? 'SOCKS5 socks.corp:1080; PROXY proxy.corp:3128; DIRECT' : 'DIRECT');
    expect(await resolve('wss://hub.corp.example/hub/incident?collectionId=x')).toBe('http://proxy.corp:3128');
    expect(await resolve('https://identity.example/connect/token')).toBeNull();
    expect(chromium.queries).toEqual(['https://hub.corp.example/hub/incident?collectionId=x', 'https://identity.example/connect/token']);
    expect(logs.map((r) => r.message)).toEqual(['System proxy', 'System proxy']);
  });

  it('takes an HTTPS proxy entry as a TLS proxy, and an answer with nothing usable as direct', async () => {
    const chromium = chromiumProxy();
    const resolve = systemProxyResolver(chromium.resolve, createLogger(() => undefined));
    chromium.answer = () => 'HTTPS secure-proxy.corp:443';
    expect(await resolve('https://hub.example')).toBe('https://secure-proxy.corp:443');
    chromium.answer = () => 'SOCKS socks.corp:1080';
    expect(await resolve('https://hub.example')).toBeNull();
  });
});
