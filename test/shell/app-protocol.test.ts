/**
 * The app:// scheme the window is served from, driven with real `Request` objects as Electron's
 * `protocol.handle` passes them: files from the renderer folder only, nothing outside it however
 * the path is spelled.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { app, protocol, resetElectronFake } from '../support/electron';
import { silentLogger } from '../../app/core/ports';
import { APP_SCHEME, appFileHandler, appPageUrl, registerAppScheme, serveAppScheme } from '../../app/shell/app-protocol';

let base: string;
let root: string;
let handler: (request: Request) => Promise<Response>;
const indexHtml = readFileSync(path.resolve('renderer/index.html'), 'utf8');

beforeAll(() => {
  base = mkdtempSync(path.join(tmpdir(), 'clay-app-scheme-'));
  root = path.join(base, 'renderer');
  mkdirSync(path.join(root, 'assets'), { recursive: true });
  writeFileSync(path.join(root, 'index.html'), indexHtml);
  writeFileSync(path.join(root, 'assets', 'index-abc.js'), 'console.log("window");');
  writeFileSync(path.join(root, 'assets', 'index-abc.css'), 'body{}');
  writeFileSync(path.join(base, 'secret.txt'), 'not for the window');
  writeFileSync(path.join(base, 'renderer-evil.txt'), 'a sibling folder with the same prefix');
  symlinkSync(path.join(base, 'secret.txt'), path.join(root, 'assets', 'link.txt'));
  handler = appFileHandler(root, silentLogger);
});
afterAll(() => rmSync(base, { recursive: true, force: true }));
beforeEach(() => resetElectronFake());

async function get(url: string, init?: RequestInit): Promise<{ status: number; type: string | null; text: string }> {
  const response = await handler(new Request(url, init));
  return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
}

describe('serving the window files', () => {
  it('serves the page, its script and its styles with their types', async () => {
    expect(await get(appPageUrl())).toEqual({ status: 200, type: 'text/html; charset=utf-8', text: indexHtml });
    expect(await get('app://clay-tray/assets/index-abc.js')).toMatchObject({ status: 200, type: 'text/javascript; charset=utf-8' });
    expect(await get('app://clay-tray/assets/index-abc.css?v=1#top')).toMatchObject({ status: 200, type: 'text/css; charset=utf-8', text: 'body{}' });
    expect(await get('app://clay-tray/')).toMatchObject({ status: 200, text: indexHtml });
  });

  it('keeps the strict CSP in the page it serves (no inline script, nothing remote)', async () => {
    const { text } = await get(appPageUrl());
    const csp = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(text)?.[1];
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'none'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https?:|file:|\*/);
  });

  it.each([
    ['app://clay-tray/../secret.txt'],
    ['app://clay-tray/..%2fsecret.txt'],
    ['app://clay-tray/..%2Fsecret.txt'],
    ['app://clay-tray/assets/..%2f..%2fsecret.txt'],
    ['app://clay-tray/%2e%2e/secret.txt'],
    ['app://clay-tray/%2e%2e%2fsecret.txt'],
    ['app://clay-tray/..%5csecret.txt'],
    ['app://clay-tray/%2fetc%2fpasswd'],
    ['app://clay-tray/..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd'],
    ['app://clay-tray/..%2frenderer-evil.txt'],
    ['app://clay-tray/assets/link.txt'],
    ['app://clay-tray/index.html%00.png'],
    ['app://clay-tray/%E0%A4%A'],
    ['app://other-host/index.html'],
  ])('refuses %s', async (url) => {
    const answer = await get(url);
    expect(answer.status).toBe(404);
    expect(answer.text).not.toContain('not for the window');
    expect(answer.text).not.toContain('same prefix');
  });

  it('answers 404 for a missing file or a folder, and 405 for anything but GET and HEAD', async () => {
    expect((await get('app://clay-tray/missing.js')).status).toBe(404);
    expect((await get('app://clay-tray/assets')).status).toBe(404);
    expect((await get(appPageUrl(), { method: 'POST', body: 'x' })).status).toBe(405);
    expect(await get(appPageUrl(), { method: 'HEAD' })).toMatchObject({ status: 200, text: '' });
  });
});

describe('registering the scheme', () => {
  it('registers app:// as standard and secure, and serves it through protocol.handle', async () => {
    app.fake.ready = false;
    registerAppScheme();
    expect(protocol.privileged).toEqual([{ schemes: [{ scheme: APP_SCHEME, privileges: { standard: true, secure: true } }], whenReady: false }]);
    serveAppScheme(root, silentLogger);
    expect(protocol.isProtocolHandled('app')).toBe(true);
    const response = await protocol.fetch(new Request('app://clay-tray/assets/index-abc.js'));
    expect(await response.text()).toBe('console.log("window");');
  });
});
