import { beforeEach, describe, expect, it } from 'vitest';
import { createLogger, type LogRecord } from '../../app/core/diagnostics/logger';
import { systemProxyResolver } from '../../app/shell/system-proxy';
import { resetElectronFake, session } from '../support/electron';

describe("the operating system's proxy through Electron's session", () => {
  beforeEach(() => resetElectronFake());

  it('asks Chromium for the http(s) twin of a WebSocket URL and takes the first usable PAC entry', async () => {
    const logs: LogRecord[] = [];
    const resolve = systemProxyResolver(createLogger((r) => logs.push(r), { level: 'debug' }));
    session.defaultSession.proxyAnswer = (url) => (url.startsWith('https://hub.corp.example') ? 'SOCKS5 socks.corp:1080; PROXY proxy.corp:3128; DIRECT' : 'DIRECT');
    expect(await resolve('wss://hub.corp.example/hub/incident?collectionId=x')).toBe('http://proxy.corp:3128');
    expect(await resolve('https://identity.example/connect/token')).toBeNull();
    expect(session.defaultSession.proxyQueries).toEqual(['https://hub.corp.example/hub/incident?collectionId=x', 'https://identity.example/connect/token']);
    expect(logs.map((r) => r.message)).toEqual(['System proxy', 'System proxy']);
  });

  it('takes an HTTPS proxy entry as a TLS proxy, and an answer with nothing usable as direct', async () => {
    const resolve = systemProxyResolver(createLogger(() => undefined));
    session.defaultSession.proxyAnswer = () => 'HTTPS secure-proxy.corp:443';
    expect(await resolve('https://hub.example')).toBe('https://secure-proxy.corp:443');
    session.defaultSession.proxyAnswer = () => 'SOCKS socks.corp:1080';
    expect(await resolve('https://hub.example')).toBeNull();
  });
});
