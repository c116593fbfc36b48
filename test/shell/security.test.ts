import { beforeEach, describe, expect, it } from 'vitest';
import { app, BrowserWindow, fakeEvent, FakeSession, resetElectronFake, session, shell } from '../fakes/electron';
import { silentLogger } from '../../app/core/ports';
import { installSecurityGuards, isSafeExternalUrl } from '../../app/shell/security';

beforeEach(() => {
  resetElectronFake();
  installSecurityGuards(silentLogger);
});

describe('isSafeExternalUrl', () => {
  it.each([
    ['https://docs.saltoks.com/', true],
    ['HTTPS://example.com/a?b=c', true],
    ['http://example.com/', false],
    ['file:///etc/passwd', false],
    ['javascript:alert(1)', false],
    ['smb://host/share', false],
    ['https://user:pw@example.com/', false],
    ['not a url', false],
    ['', false],
  ])('%s → %s', (url, expected) => {
    expect(isSafeExternalUrl(url)).toBe(expected);
  });
});

describe('navigation and new windows', () => {
  it('blocks every navigation and sends only https links to the browser', async () => {
    const win = new BrowserWindow();
    const https = fakeEvent();
    win.webContents.emit('will-navigate', https, 'https://example.com/help');
    const file = fakeEvent();
    win.webContents.emit('will-navigate', file, 'file:///etc/passwd');
    const http = fakeEvent();
    win.webContents.emit('will-navigate', http, 'http://example.com/');
    expect([https.defaultPrevented, file.defaultPrevented, http.defaultPrevented]).toEqual([true, true, true]);
    await Promise.resolve();
    expect(shell.opened).toEqual(['https://example.com/help']);
  });

  it('denies window.open, opening only https externally', () => {
    const win = new BrowserWindow();
    expect(win.webContents.simulateWindowOpen('https://example.com/')).toEqual({ action: 'deny' });
    expect(win.webContents.simulateWindowOpen('http://example.com/')).toEqual({ action: 'deny' });
    expect(win.webContents.simulateWindowOpen('javascript:alert(1)')).toEqual({ action: 'deny' });
    expect(shell.opened).toEqual(['https://example.com/']);
  });

  it('blocks sub-frame navigation', () => {
    const win = new BrowserWindow();
    const sub = fakeEvent({ isMainFrame: false, url: 'https://evil.example/' });
    win.webContents.emit('will-frame-navigate', sub);
    expect(sub.defaultPrevented).toBe(true);
  });

  it('blocks redirects and webviews', () => {
    const win = new BrowserWindow();
    const redirect = fakeEvent();
    win.webContents.emit('will-redirect', redirect, 'https://example.com/');
    const webview = fakeEvent();
    win.webContents.emit('will-attach-webview', webview, {}, {});
    expect(redirect.defaultPrevented).toBe(true);
    expect(webview.defaultPrevented).toBe(true);
  });

  it('guards windows created before any page asks', () => {
    expect(app.listenerCount('web-contents-created')).toBe(1);
  });
});

describe('permissions', () => {
  function denies(target: FakeSession): void {
    const answers: boolean[] = [];
    for (const permission of ['media', 'geolocation', 'notifications', 'openExternal'] as const) {
      target.permissionRequestHandler?.({} as never, permission, (granted) => answers.push(granted), {} as never);
    }
    expect(answers).toEqual([false, false, false, false]);
    expect(target.permissionCheckHandler?.(null, 'media', 'file://', {} as never)).toBe(false);
  }

  it('denies every permission request on the default session', () => {
    denies(session.defaultSession);
  });

  it('denies them on sessions created later too', () => {
    const later = new FakeSession();
    app.emit('session-created', later);
    denies(later);
  });
});
