import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../app/core/ports';
import { UpdateFeedError } from '../../app/core/updates/update-policy';
import { createUpdateFeed, detectInstall } from '../../app/shell/updater';
import { app, net, resetElectronFake } from '../support/electron';
import { useElectronFakeForRequire } from '../support/electron-require';

// The real electron-updater reads a feed this test serves on loopback; only Electron is faked
// (its `net.request` makes real Node requests, so every byte crosses a socket).

const NEW_APPIMAGE = Buffer.from('#!/bin/sh\necho "Clay Tray 9.9.9"\n'.repeat(200));
const sha512 = (bytes: Buffer): string => createHash('sha512').update(bytes).digest('base64');

function channelFile(version: string, file: string, bytes: Buffer, checksum = sha512(bytes)): string {
  return [
    `version: ${version}`,
    'files:',
    `  - url: ${file}`,
    `    sha512: ${checksum}`,
    `    size: ${bytes.length}`,
    `path: ${file}`,
    `sha512: ${checksum}`,
    "releaseDate: '2026-11-30T10:00:00.000Z'",
    '',
  ].join('\n');
}

let server: Server;
let feedUrl: string;
const files = new Map<string, string | Buffer>();
const served: string[] = [];
let scratch: string;
const savedEnv = { APPIMAGE: process.env.APPIMAGE, XDG_CACHE_HOME: process.env.XDG_CACHE_HOME };
const savedResources = Object.getOwnPropertyDescriptor(process, 'resourcesPath');

beforeAll(async () => {
  useElectronFakeForRequire();
  server = createServer((request, response) => {
    const name = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname.slice(1));
    served.push(name);
    const body = files.get(name);
    if (body === undefined) {
      response.writeHead(404).end('not found');
      return;
    }
    response.writeHead(200, { 'content-length': Buffer.byteLength(body) }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  feedUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

beforeEach(() => {
  resetElectronFake();
  files.clear();
  served.length = 0;
  scratch = mkdtempSync(path.join(tmpdir(), 'clay-updater-'));
  app.fake.version = '0.1.0';
  app.fake.isPackaged = true;
  app.fake.userData = path.join(scratch, 'user-data');
  process.env.XDG_CACHE_HOME = path.join(scratch, 'cache');
  const oldAppImage = path.join(scratch, 'Clay-Tray-0.1.0.AppImage');
  writeFileSync(oldAppImage, 'old');
  process.env.APPIMAGE = oldAppImage;
  // What electron-builder writes into resources/ from the `publish` config (a generic feed here).
  const resources = path.join(scratch, 'resources');
  Object.defineProperty(process, 'resourcesPath', { value: resources, configurable: true, writable: true });
  writeResource('app-update.yml', `provider: generic\nurl: ${feedUrl}\nupdaterCacheDirName: clay-tray-updater\n`);
});

afterEach(() => {
  for (const [key, value] of Object.entries(savedEnv)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  if (savedResources) Object.defineProperty(process, 'resourcesPath', savedResources);
  else delete (process as { resourcesPath?: string }).resourcesPath;
  rmSync(scratch, { recursive: true, force: true });
});

function writeResource(name: string, text: string): void {
  const dir = (process as unknown as { resourcesPath: string }).resourcesPath;
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, name), text);
}

function host(overrides: Partial<Parameters<typeof createUpdateFeed>[0]> = {}): Parameters<typeof createUpdateFeed>[0] {
  return {
    platform: 'linux',
    isPackaged: true,
    resourcesPath: (process as unknown as { resourcesPath: string }).resourcesPath,
    appImage: process.env.APPIMAGE,
    demo: false,
    logger: silentLogger,
    ...overrides,
  };
}

describe('update feed (real electron-updater, local feed)', () => {
  it('finds a newer version in latest-linux.yml from the published feed and downloads it in the background', async () => {
    files.set('latest-linux.yml', channelFile('9.9.9', 'Clay-Tray-9.9.9.AppImage', NEW_APPIMAGE));
    files.set('Clay-Tray-9.9.9.AppImage', NEW_APPIMAGE);
    const feed = createUpdateFeed(host());
    expect(feed.install).toEqual({ kind: 'self' });

    await expect(feed.check('stable', null)).resolves.toEqual({ version: '9.9.9' });
    expect(served).toContain('latest-linux.yml');
    await feed.download();
    const pending = path.join(process.env.XDG_CACHE_HOME ?? '', 'clay-tray-updater', 'pending', 'Clay-Tray-9.9.9.AppImage');
    expect(existsSync(pending)).toBe(true);
    expect(readFileSync(pending).equals(NEW_APPIMAGE)).toBe(true);
    // Through Electron's net module, in electron-updater's own session, never Node's globals.
    expect(net.requested.some((url) => url.endsWith('/Clay-Tray-9.9.9.AppImage'))).toBe(true);
  });

  it('reads latest.yml for the Windows (NSIS) installer', async () => {
    files.set('latest.yml', channelFile('9.9.9', 'Clay-Tray-Setup-9.9.9.exe', NEW_APPIMAGE));
    // electron-updater picks the channel file by process.platform: this test plays Windows for the check only.
    const platform = Object.getOwnPropertyDescriptor(process, 'platform')!;
    Object.defineProperty(process, 'platform', { value: 'win32', configurable: true });
    try {
      const feed = createUpdateFeed(host({ platform: 'win32' }));
      expect(feed.install).toEqual({ kind: 'self' });
      await expect(feed.check('stable', null)).resolves.toEqual({ version: '9.9.9' });
    } finally {
      Object.defineProperty(process, 'platform', platform);
    }
    expect(served).toContain('latest.yml');
    expect(served).not.toContain('latest-linux.yml');
  });

  it('answers "up to date" when the feed holds this version', async () => {
    files.set('latest-linux.yml', channelFile('0.1.0', 'Clay-Tray-0.1.0.AppImage', NEW_APPIMAGE));
    const feed = createUpdateFeed(host());
    await expect(feed.check('stable', null)).resolves.toBeNull();
  });

  it('reads beta-linux.yml on the beta channel from a feed named in Settings', async () => {
    const beta = Buffer.from('beta build');
    files.set(`beta/latest-linux.yml`, channelFile('9.9.9', 'Clay-Tray-9.9.9.AppImage', NEW_APPIMAGE));
    files.set('beta/beta-linux.yml', channelFile('10.0.0-beta.1', 'Clay-Tray-10.0.0-beta.1.AppImage', beta));
    const feed = createUpdateFeed(host());
    await expect(feed.check('beta', `${feedUrl}/beta`)).resolves.toEqual({ version: '10.0.0-beta.1' });
    expect(served).toContain('beta/beta-linux.yml');
    expect(served).not.toContain('latest-linux.yml');
  });

  it('refuses a download whose checksum does not match, in words', async () => {
    files.set('latest-linux.yml', channelFile('9.9.9', 'Clay-Tray-9.9.9.AppImage', NEW_APPIMAGE, sha512(Buffer.from('something else'))));
    files.set('Clay-Tray-9.9.9.AppImage', NEW_APPIMAGE);
    const feed = createUpdateFeed(host());
    await feed.check('stable', null);
    const failure = await feed.download().then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(UpdateFeedError);
    expect(failure).toMatchObject({ unreachable: false, message: 'The downloaded update was damaged on the way (its checksum did not match), so it was not used.' });
  });

  it('calls a feed that does not answer unreachable, not an error', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const feed = createUpdateFeed(host());
    await expect(feed.check('stable', `http://127.0.0.1:${port}`)).rejects.toMatchObject({ unreachable: true, message: 'The update server could not be reached.' });
  });

  it('says so in words when the feed has no file for the channel', async () => {
    const feed = createUpdateFeed(host());
    await expect(feed.check('stable', null)).rejects.toMatchObject({ unreachable: false, message: 'The update server has no release for this channel yet.' });
  });

  it('lets a deb install find a version without downloading it', async () => {
    delete process.env.APPIMAGE;
    writeResource('package-type', 'deb\n');
    files.set('latest-linux.yml', channelFile('9.9.9', 'clay-tray_9.9.9_amd64.deb', NEW_APPIMAGE));
    const feed = createUpdateFeed(host({ appImage: undefined }));
    expect(feed.install).toEqual({ kind: 'package-manager' });
    await expect(feed.check('stable', null)).resolves.toEqual({ version: '9.9.9' });
  });
});

describe('which installs update themselves', () => {
  const base = { platform: 'linux' as NodeJS.Platform, isPackaged: true, resourcesPath: '/nonexistent', appImage: undefined, demo: false };
  it('follows electron-updater: NSIS, macOS zip and AppImage do; deb is told; source, unpacked and demo do not', () => {
    expect(detectInstall({ ...base, platform: 'win32' })).toMatchObject({ install: { kind: 'self' }, flavour: 'nsis' });
    expect(detectInstall({ ...base, platform: 'darwin' })).toMatchObject({ install: { kind: 'self' }, flavour: 'mac' });
    expect(detectInstall({ ...base, appImage: '/opt/Clay.AppImage' })).toMatchObject({ install: { kind: 'self' }, flavour: 'appimage' });
    expect(detectInstall(base).install.kind).toBe('none');
    expect(detectInstall({ ...base, isPackaged: false }).install).toMatchObject({ kind: 'none', reason: expect.stringContaining('runs from source') });
    expect(detectInstall({ ...base, platform: 'win32', demo: true }).install).toMatchObject({ kind: 'none', reason: 'Demo mode does not look for updates.' });
  });
});
