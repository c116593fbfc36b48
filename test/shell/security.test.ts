import { beforeEach, describe, expect, it } from 'vitest';
import { app, BrowserWindow, fakeEvent, FakeSession, type FakeWebContents, resetElectronFake, session, shell } from '../support/electron';
import type { Logger } from '../../app/core/ports';
import { installSecurityGuards, isSafeExternalUrl, USER_GESTURE_WINDOW_MS } from '../../app/shell/security';

let now = 1_000_000;
const warnings: { message: string; fields: unknown }[] = [];
const logger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: (message, fields) => warnings.push({ message, fields }),
  error: () => undefined,
  child: () => logger,
};

beforeEach(() => {
  resetElectronFake();
  warnings.length = 0;
  installSecurityGuards(logger, () => now);
});

/** The user clicks in the page (main sees the input event before the page does). */
function click(contents: FakeWebContents): void {
  contents.emit('input-event', fakeEvent(), { type: 'mouseDown' });
  contents.emit('input-event', fakeEvent(), { type: 'mouseUp' });
}

describe('isSafeExternalUrl', () => {
  it.each([
    ['https://developer.saltosystems.com/ks/', true],
    ['https://support.saltosystems.com/?q=tray', true],
    ['HTTPS://WWW.SALTOSYSTEMS.COM/en/', true],
    ['https://example.com/', false],
    ['https://saltosystems.com.evil.example/', false],
    ['https://evil.example/?https://support.saltosystems.com/', false],
    ['https://support.saltosystems.com:8443/', false],
    ['http://support.saltosystems.com/', false],
    ['https://user:pw@support.saltosystems.com/', false],
    ['file:///etc/passwd', false],
    ['javascript:alert(1)', false],
    ['smb://host/share', false],
    ['not a url', false],
    ['', false],
  ])('%s → %s', (url, expected) => {
    expect(isSafeExternalUrl(url)).toBe(expected);
  });
});

describe('navigation and new windows', () => {
  it('blocks every navigation and opens an allowed site in the browser right after a click', async () => {
    const win = new BrowserWindow();
    click(win.webContents);
    const allowed = fakeEvent({ url: 'https://support.saltosystems.com/help' });
    win.webContents.emit('will-navigate', allowed);
    click(win.webContents);
    const file = fakeEvent({ url: 'file:///etc/passwd' });
    win.webContents.emit('will-navigate', file);
    click(win.webContents);
    const other = fakeEvent({ url: 'https://example.com/' });
    win.webContents.emit('will-navigate', other);
    expect([allowed.defaultPrevented, file.defaultPrevented, other.defaultPrevented]).toEqual([true, true, true]);
    await Promise.resolve();
    expect(shell.opened).toEqual(['https://support.saltosystems.com/help']);
    expect(warnings.map((w) => w.message)).toEqual(['Refused a link: not one of the allowed sites', 'Refused a link: not one of the allowed sites']);
    expect(warnings[1]?.fields).toEqual({ scheme: 'https', host: 'example.com' });
  });

  it('refuses an allowed site that the page opens on its own, without a click', () => {
    const win = new BrowserWindow();
    win.webContents.emit('will-navigate', fakeEvent({ url: 'https://support.saltosystems.com/' }));
    expect(win.webContents.simulateWindowOpen('https://developer.saltosystems.com/')).toEqual({ action: 'deny' });
    // Moving the mouse or a click long ago is not a request to open a link.
    win.webContents.emit('input-event', fakeEvent(), { type: 'mouseMove' });
    expect(win.webContents.simulateWindowOpen('https://developer.saltosystems.com/')).toEqual({ action: 'deny' });
    click(win.webContents);
    now += USER_GESTURE_WINDOW_MS + 1;
    win.webContents.simulateWindowOpen('https://developer.saltosystems.com/');
    expect(shell.opened).toEqual([]);
    expect(warnings.map((w) => w.message)).toEqual(Array(4).fill('Refused a link the user did not click'));
  });

  it('opens one link per click, and counts a key press (Enter on a link) as a click', () => {
    const win = new BrowserWindow();
    click(win.webContents);
    win.webContents.simulateWindowOpen('https://developer.saltosystems.com/a');
    win.webContents.simulateWindowOpen('https://developer.saltosystems.com/b');
    win.webContents.emit('input-event', fakeEvent(), { type: 'keyDown', keyCode: 'Enter' });
    win.webContents.simulateWindowOpen('https://www.saltosystems.com/c');
    expect(shell.opened).toEqual(['https://developer.saltosystems.com/a', 'https://www.saltosystems.com/c']);
  });

  it('denies window.open, opening only allowed sites externally', () => {
    const win = new BrowserWindow();
    for (const url of ['https://support.saltosystems.com/', 'https://example.com/', 'http://support.saltosystems.com/', 'javascript:alert(1)']) {
      click(win.webContents);
      expect(win.webContents.simulateWindowOpen(url)).toEqual({ action: 'deny' });
    }
    expect(shell.opened).toEqual(['https://support.saltosystems.com/']);
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
