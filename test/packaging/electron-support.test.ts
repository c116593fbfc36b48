/**
 * The supported-Electron check (`npm run check:electron`, run by CI against the real npm registry)
 * against a registry stand-in on loopback, so the verdicts here do not depend on the day's newest
 * Electron or on being online.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkElectronSupport, judgeElectronSupport, pinnedElectron } from '../../scripts/electron-support';

const packageJson = path.resolve('package.json');
/** The newest stable Electron the npm registry served when this project last moved its pin. */
const NEWEST_WHEN_PINNED = '45.5.0';

let server: Server | null = null;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = null;
});

/** A registry that answers `GET /electron/latest` with `version` and counts the requests. */
async function registryServing(version: string): Promise<{ url: string; paths: string[] }> {
  const paths: string[] = [];
  server = createServer((req, res) => {
    paths.push(req.url ?? '');
    if (req.url !== '/electron/latest') {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ name: 'electron', version }));
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server!.address() as AddressInfo).port}/`, paths };
}

describe('judgeElectronSupport', () => {
  it.each([
    ['45.5.0', '45.5.0', true],
    ['44.0.1', '45.5.0', true],
    ['43.9.9', '45.5.0', true],
    ['42.3.0', '45.5.0', false],
    ['40.8.5', '45.5.0', false],
    ['^45.0.0', '46.0.0', true],
  ])('pinned %s, newest %s → supported %s', (pinned, latest, supported) => {
    expect(judgeElectronSupport(pinned, latest).supported).toBe(supported);
  });

  it('says which majors are supported and what to do', () => {
    expect(judgeElectronSupport('40.8.5', '45.5.0').message).toBe(
      'Electron 40.8.5 is out of support: the newest stable Electron is 45.5.0, and only majors 45, 44 and 43 get security fixes. Update "electron" in package.json.',
    );
  });
});

describe('checkElectronSupport against a registry', () => {
  it('passes the pinned Electron against the newest stable release of the day it was pinned', async () => {
    const registry = await registryServing(NEWEST_WHEN_PINNED);
    const result = await checkElectronSupport({ packageJson, registry: registry.url });
    expect(result).toEqual({ code: 0, line: expect.stringMatching(/^Electron 45\.\d+\.\d+ is supported/) as unknown as string });
    expect(registry.paths).toEqual(['/electron/latest']);
  });

  it('fails once three newer majors are out', async () => {
    const registry = await registryServing('48.0.0');
    const result = await checkElectronSupport({ packageJson, registry: registry.url });
    expect(result.code).toBe(1);
    expect(result.line).toContain(`Electron ${pinnedElectron(packageJson)} is out of support`);
  });

  it('says plainly that it could not tell when the registry cannot be reached', async () => {
    const registry = await registryServing(NEWEST_WHEN_PINNED);
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = null;
    const result = await checkElectronSupport({ packageJson, registry: registry.url });
    expect(result.code).toBe(2);
    expect(result.line).toMatch(/^Could not ask the npm registry \(http:\/\/127\.0\.0\.1:\d+\/\) for the newest Electron \(.+\), so whether Electron \S+ is still supported is unknown\. Run this again online\.$/);
  });

  it('pins an exact version, so the check judges what is installed', () => {
    expect(pinnedElectron(packageJson)).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
