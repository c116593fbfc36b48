/**
 * The window is served from `app://clay-tray/`, not `file://`: a `file://` page may read any file
 * the user can (and keeps that power unless the grantFileProtocolExtraPrivileges fuse is off, which
 * electron-builder.yml turns off). This handler serves files from the renderer folder only; a path
 * that leads anywhere else (`..`, an encoded `..%2f`, a backslash, a symlink out) gets a 404.
 */
import { realpath, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { protocol } from 'electron';
import type { Logger } from '../core/ports';

export const APP_SCHEME = 'app';
export const APP_HOST = 'clay-tray';

/** The page the window loads. */
export function appPageUrl(page = 'index.html'): string {
  return `${APP_SCHEME}://${APP_HOST}/${page}`;
}

/**
 * Must run before the app is ready. `standard` gives the page a real origin (so the CSP's 'self'
 * means app://clay-tray and relative URLs resolve), `secure` makes it a secure context like https.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true } }]);
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/** The request handler for `protocol.handle`, serving `root` (the built renderer folder). */
export function appFileHandler(root: string, logger: Logger): (request: Request) => Promise<Response> {
  const realRoot = realpath(root).catch(() => path.resolve(root));
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(405, 'method');
    const file = await fileFor(request.url, await realRoot);
    if (file === null) {
      logger.warn('Refused a request outside the window files', { url: request.url.slice(0, 200) });
      return refuse(404, 'outside');
    }
    try {
      if (!(await stat(file)).isFile()) return refuse(404, 'not a file');
      const body = request.method === 'HEAD' ? null : await readFile(file);
      return new Response(body, {
        status: 200,
        headers: { 'content-type': CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream', 'x-content-type-options': 'nosniff' },
      });
    } catch {
      return refuse(404, 'missing');
    }
  };
}

/** Installs the handler; call once the app is ready. */
export function serveAppScheme(root: string, logger: Logger): void {
  protocol.handle(APP_SCHEME, appFileHandler(root, logger));
}

/** The file a URL names inside `realRoot`, or null when it names anything else. */
async function fileFor(url: string, realRoot: string): Promise<string | null> {
  let parsed: URL;
  let relative: string;
  try {
    parsed = new URL(url);
    relative = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return null;
  // After decoding, `..` segments, backslashes (a separator on Windows) and NULs have no business here.
  if (relative.includes('\\') || relative.includes('\0') || relative.split('/').includes('..')) return null;
  const candidate = path.resolve(realRoot, `.${relative === '/' ? '/index.html' : relative}`);
  if (!isInside(candidate, realRoot)) return null;
  // A symlink inside the folder must not lead out of it.
  const real = await realpath(candidate).catch(() => candidate);
  return isInside(real, realRoot) ? real : null;
}

function isInside(candidate: string, root: string): boolean {
  const relative = path.relative(root, candidate);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

function refuse(status: number, reason: string): Response {
  return new Response(null, { status, statusText: reason });
}
