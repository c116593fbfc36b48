/**
 * Runs the built renderer in a real Chromium: vite-builds it to a temp folder, serves it over
 * loopback HTTP with the production CSP as a header, and injects the bundled test bridge before
 * the page's own scripts. Shared by the browser tests and the window benchmark.
 */
import { build as esbuild } from 'esbuild';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { build as viteBuild } from 'vite';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The same policy index.html carries; sent as a header too so frame-ancestors is enforced. */
export const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; media-src 'self'; font-src 'self'; connect-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.wav': 'audio/wav',
};

export interface Harness {
  readonly url: string;
  /** The built renderer being served; the benchmark adds its baseline page here. */
  readonly outDir: string;
  readonly browser: Browser;
  /** The bundled test bridge, injected into every page before the renderer runs. */
  readonly bridgeScript: string;
  close(): Promise<void>;
}

/**
 * Source files swapped for others in the build (repository-relative, without `.ts`), e.g. the
 * stream-kind list for one with a third kind. The replacement may import the file it replaces.
 */
export type ModuleSwaps = Readonly<Record<string, string>>;

/** The replacement for `source` imported from `importer`, if `swaps` names one. */
function swapped(swaps: ModuleSwaps, source: string, importer: string | undefined): string | null {
  if (importer === undefined || !source.startsWith('.')) return null;
  const target = path.relative(root, path.resolve(path.dirname(importer), source)).replace(/\.ts$/, '');
  const replacement = swaps[target];
  if (replacement === undefined || path.resolve(root, replacement) === importer.replace(/\.ts$/, '')) return null;
  return path.resolve(root, `${replacement}.ts`);
}

export async function bundle(entry: string, swaps: ModuleSwaps = {}): Promise<string> {
  const result = await esbuild({
    entryPoints: [path.join(root, entry)],
    plugins: [{ name: 'swap', setup: (b) => b.onResolve({ filter: /^\./ }, (args) => { const to = swapped(swaps, args.path, args.importer); return to === null ? undefined : { path: to }; }) }],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    write: false,
    logLevel: 'warning',
  });
  const file = result.outputFiles[0];
  if (file === undefined) throw new Error(`esbuild produced nothing for ${entry}`);
  return file.text;
}

function serve(dir: string): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
    // Electron never asks for a favicon over file://; answer the browser's request without a 404 in the console.
    if (pathname === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    const file = path.join(dir, pathname === '/' ? 'index.html' : pathname);
    if (!file.startsWith(dir + path.sep)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = readFileSync(file);
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'content-security-policy': CSP, 'cache-control': 'no-store' });
      res.end(body);
    } catch {
      res.writeHead(404, { 'content-security-policy': CSP }).end();
    }
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      resolve({ server, url: `http://127.0.0.1:${port}/` });
    });
  });
}

/** `chromiumArgs` adds to the fixed flags (the benchmark exposes gc to settle the heap it seeded). */
export async function startHarness(chromiumArgs: readonly string[] = [], swaps: ModuleSwaps = {}): Promise<Harness> {
  const outDir = mkdtempSync(path.join(tmpdir(), 'clay-renderer-'));
  const swap = { name: 'swap', enforce: 'pre' as const, resolveId: (source: string, importer: string | undefined) => swapped(swaps, source, importer) };
  await viteBuild({ configFile: path.join(root, 'renderer/vite.config.ts'), logLevel: 'warn', build: { outDir, emptyOutDir: true }, plugins: [swap] });
  const [bridgeScript, { server, url }, browser] = await Promise.all([
    bundle('test/renderer/test-bridge-entry.ts', swaps),
    serve(outDir),
    chromium.launch({
      executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--autoplay-policy=no-user-gesture-required', ...chromiumArgs],
    }),
  ]);
  return {
    url,
    outDir,
    browser,
    bridgeScript,
    async close() {
      await browser.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}

export interface PageProbe {
  readonly page: Page;
  /** Console errors and CSP violations seen so far. */
  readonly problems: string[];
  /** Native dialogs (alert, confirm, prompt) that fired: hostile text must never open one. */
  readonly dialogs: string[];
}

/**
 * Opens the window with the test bridge installed. `setup` runs in the page after the bridge and
 * before the renderer (seed the history, set a status), with `arg` passed through.
 */
export interface OpenOptions {
  readonly colorScheme?: 'light' | 'dark';
  /** Relative to the served renderer; the benchmark opens its baseline page this way. */
  readonly path?: string;
  /** 'commit' when the page's own load is what is being measured. */
  readonly waitUntil?: 'load' | 'commit';
  /** The OS locale as Chromium gets it (navigator.language); Playwright's default otherwise. */
  readonly locale?: string;
}

export async function openWindow<A>(harness: Harness, setup?: (arg: A) => void, arg?: A, options: OpenOptions = {}): Promise<PageProbe> {
  const { colorScheme = 'light', path: pagePath = '', waitUntil = 'load', locale } = options;
  // A fixed zone, so times in words are the same on every machine.
  const page = await harness.browser.newPage({ viewport: { width: 1100, height: 760 }, timezoneId: 'UTC', colorScheme, ...(locale === undefined ? {} : { locale }) });
  const problems: string[] = [];
  const dialogs: string[] = [];
  page.on('console', (message) => {
    const text = message.text();
    // Chromium warns that frame-ancestors is ignored in a <meta> CSP; the header enforces it.
    if (text.includes("'frame-ancestors' is ignored")) return;
    if (message.type() === 'error' || /content security policy/i.test(text)) problems.push(text);
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  await page.addInitScript({ content: harness.bridgeScript });
  // Passed as source: the function runs in the page, with its argument as JSON.
  if (setup) await page.addInitScript({ content: `(${setup.toString()})(${JSON.stringify(arg ?? null)});` });
  await page.goto(harness.url + pagePath, { waitUntil });
  return { page, problems, dialogs };
}
