/**
 * One app-wide guard, installed before any window exists: every webContents may not navigate, open
 * windows or attach webviews, and every session refuses permission requests. A link leaves the app
 * only to the default browser, only right after the user clicked or pressed a key in the window
 * (main watches the input itself; the page cannot fake it), and only to the vendor's documentation
 * and support sites. Anything else is refused and logged.
 */
import { app, session, shell, type Session, type WebContents } from 'electron';
import type { Logger } from '../core/ports';

/** SALTO's documentation and support sites: the only places a link from the window may open. */
export const EXTERNAL_LINK_HOSTS: readonly string[] = ['developer.saltosystems.com', 'support.saltosystems.com', 'www.saltosystems.com'];
/** A link counts as the user's only this soon after their click or key press. */
export const USER_GESTURE_WINDOW_MS = 1_000;

const GESTURE_INPUTS: ReadonlySet<string> = new Set(['mouseUp', 'keyDown', 'rawKeyDown', 'gestureTap', 'pointerUp']);

export function isSafeExternalUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' && parsed.username === '' && parsed.password === '' && parsed.port === '' && EXTERNAL_LINK_HOSTS.includes(parsed.hostname);
  } catch {
    return false;
  }
}

export function installSecurityGuards(logger: Logger, now: () => number = Date.now): void {
  app.on('web-contents-created', (_event, contents) => guardContents(contents, logger, now));
  app.on('session-created', (created) => guardSession(created));
  guardSession(session.defaultSession);
}

function openExternally(url: string, gesture: UserGestures, logger: Logger): void {
  if (!isSafeExternalUrl(url)) {
    logger.warn('Refused a link: not one of the allowed sites', { scheme: schemeOf(url), host: hostOf(url) });
    return;
  }
  if (!gesture.consume()) {
    logger.warn('Refused a link the user did not click', { host: hostOf(url) });
    return;
  }
  shell.openExternal(url).catch((error: unknown) => {
    logger.warn('Could not open a link in the browser', { error: error instanceof Error ? error.message : String(error) });
  });
}

/** The user's recent clicks and key presses in one webContents; each opens at most one link. */
class UserGestures {
  private lastAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly now: () => number) {}

  saw(type: string): void {
    if (GESTURE_INPUTS.has(type)) this.lastAt = this.now();
  }

  consume(): boolean {
    const fresh = this.now() - this.lastAt <= USER_GESTURE_WINDOW_MS;
    this.lastAt = Number.NEGATIVE_INFINITY;
    return fresh;
  }
}

function guardContents(contents: WebContents, logger: Logger, now: () => number): void {
  const gestures = new UserGestures(now);
  contents.on('input-event', (_event, input) => gestures.saw(input.type));
  // The URL comes from the event's details; the positional url argument is deprecated.
  contents.on('will-navigate', (event) => {
    event.preventDefault();
    openExternally(event.url, gestures, logger);
  });
  // Sub-frames too (an iframe the page was tricked into hosting); the main frame is handled above.
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    logger.warn('Blocked a webview');
  });
  contents.setWindowOpenHandler(({ url }) => {
    openExternally(url, gestures, logger);
    return { action: 'deny' };
  });
}

function guardSession(target: Session): void {
  target.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  target.setPermissionCheckHandler(() => false);
}

function schemeOf(url: string): string {
  const match = /^([a-z][a-z0-9+.-]*):/i.exec(url);
  return match?.[1]?.toLowerCase() ?? 'none';
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname.slice(0, 100);
  } catch {
    return 'none';
  }
}
