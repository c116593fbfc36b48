/**
 * Is the Electron this app pins still supported? Electron supports its newest three stable majors
 * (https://www.electronjs.org/docs/latest/tutorial/electron-timelines), so the pinned major must be
 * within two of the newest one the npm registry serves. `npm run check:electron` asks the registry;
 * CI runs it on every build, so a pin that falls out of support fails the build.
 *
 * Exit codes: 0 supported, 1 out of support, 2 the registry could not be asked (offline): that is
 * said in one line and never passes for "supported".
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const SUPPORTED_MAJORS = 3;
const DEFAULT_REGISTRY = 'https://registry.npmjs.org/';
const REGISTRY_TIMEOUT_MS = 15_000;

export interface SupportVerdict {
  readonly supported: boolean;
  readonly message: string;
}

export function majorOf(version: string): number {
  const match = /^\D*(\d+)\./.exec(version);
  if (!match?.[1]) throw new Error(`"${version}" is not a version number.`);
  return Number(match[1]);
}

/** Whether `pinned` is one of the newest three majors, judged against the registry's newest stable `latest`. */
export function judgeElectronSupport(pinned: string, latest: string): SupportVerdict {
  const newest = majorOf(latest);
  const oldestSupported = newest - (SUPPORTED_MAJORS - 1);
  const major = majorOf(pinned);
  const range = `${newest}, ${newest - 1} and ${oldestSupported}`;
  if (major >= oldestSupported) {
    return { supported: true, message: `Electron ${pinned} is supported: the newest stable Electron is ${latest}, and majors ${range} get fixes.` };
  }
  return {
    supported: false,
    message: `Electron ${pinned} is out of support: the newest stable Electron is ${latest}, and only majors ${range} get security fixes. Update "electron" in package.json.`,
  };
}

/** The version the registry tags `latest` for electron (its newest stable release). */
export async function fetchLatestElectron(registry: string, timeoutMs = REGISTRY_TIMEOUT_MS): Promise<string> {
  const url = new URL('electron/latest', registry.endsWith('/') ? registry : `${registry}/`);
  const response = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(timeoutMs) });
  if (!response.ok) throw new Error(`${url.href} answered ${response.status}`);
  const body = (await response.json()) as { version?: unknown };
  if (typeof body.version !== 'string') throw new Error(`${url.href} did not name a version`);
  return body.version;
}

export function pinnedElectron(packageJsonPath: string): string {
  const pkg = JSON.parse(readFileSync(packageJsonPath, 'utf8')) as { devDependencies?: Record<string, string>; dependencies?: Record<string, string> };
  const pinned = pkg.devDependencies?.['electron'] ?? pkg.dependencies?.['electron'];
  if (!pinned) throw new Error(`${packageJsonPath} does not depend on electron.`);
  return pinned;
}

export async function checkElectronSupport(options: { readonly packageJson: string; readonly registry: string }): Promise<{ readonly code: 0 | 1 | 2; readonly line: string }> {
  const pinned = pinnedElectron(options.packageJson);
  let latest: string;
  try {
    latest = await fetchLatestElectron(options.registry);
  } catch (error) {
    const reason = error instanceof Error ? (error.cause instanceof Error ? `${error.message}: ${error.cause.message}` : error.message) : String(error);
    return { code: 2, line: `Could not ask the npm registry (${options.registry}) for the newest Electron (${reason}), so whether Electron ${pinned} is still supported is unknown. Run this again online.` };
  }
  const verdict = judgeElectronSupport(pinned, latest);
  return { code: verdict.supported ? 0 : 1, line: verdict.message };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
  const registry = process.env['npm_config_registry'] || DEFAULT_REGISTRY;
  const result = await checkElectronSupport({ packageJson: path.join(root, 'package.json'), registry });
  (result.code === 0 ? process.stdout : process.stderr).write(`${result.line}\n`);
  process.exitCode = result.code;
}
