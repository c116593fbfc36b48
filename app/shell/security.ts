/**
 * One app-wide guard, installed before any window exists: every webContents may not navigate, open
 * windows or attach webviews, and every session refuses permission requests. A link the user
 * clicks leaves the app only if it is `https:`, and then only to the default browser.
 */
import { app, session, shell, type Session, type WebContents } from 'electron';
import type { Logger } from '../core/ports';

export function isSafeExternalUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' && parsed.username === '' && parsed.password === '';
  } catch {
    return false;
  }
}

export function installSecurityGuards(logger: Logger): void {
  app.on('web-contents-created', (_event, contents) => guardContents(contents, logger));
  app.on('session-created', (created) => guardSession(created));
  guardSession(session.defaultSession);
}

function openExternally(url: string, logger: Logger): void {
  if (!isSafeExternalUrl(url)) {
    logger.warn('Blocked a link that is not https', { scheme: schemeOf(url) });
    return;
  }
  shell.openExternal(url).catch((error: unknown) => {
    logger.warn('Could not open a link in the browser', { error: error instanceof Error ? error.message : String(error) });
  });
}

function guardContents(contents: WebContents, logger: Logger): void {
  contents.on('will-navigate', (event, url) => {
    event.preventDefault();
    openExternally(url, logger);
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
    openExternally(url, logger);
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
