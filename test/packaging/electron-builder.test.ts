/**
 * electron-builder packs the real config (electron-builder.yml) into an unpacked Linux build, with a
 * stand-in Electron (the real binary cannot be downloaded here): a script that carries Electron's
 * fuse wire, so electron-builder flips the fuses in it exactly as it would in the real binary.
 * Network-free: no Electron download, no native rebuild against Electron's headers. The project is
 * built from the current sources into a private copy first.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, cp, link, mkdir, mkdtemp, readdir, readFile, readlink, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { listPackage, statFile } from '@electron/asar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));
const ENTRIES = ['dist/main.js', 'dist/preload.cjs', 'dist/cli.js', 'dist/renderer/index.html', 'dist/renderer/sounds/alarm.wav'];

/** @electron/fuses finds the wire after this marker: version 1, length, then one byte per fuse. */
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** Electron's own defaults, in wire order (see @electron/fuses FuseV1Options). */
const DEFAULT_FUSES = '10110001';
const FUSE_ORDER = [
  'runAsNode',
  'enableCookieEncryption',
  'enableNodeOptionsEnvironmentVariable',
  'enableNodeCliInspectArguments',
  'enableEmbeddedAsarIntegrityValidation',
  'onlyLoadAppFromAsar',
  'loadBrowserProcessSpecificV8Snapshot',
  'grantFileProtocolExtraPrivileges',
] as const;

/**
 * A private copy of the project to pack, built from the current sources, so the test neither needs
 * nor disturbs the shared dist/. It lives under test-output/ (git-ignored) so node_modules can be
 * hard-linked rather than copied: electron-builder walks a real node_modules, not a symlink to one.
 */
async function stageProject(): Promise<string> {
  await mkdir(path.join(root, 'test-output'), { recursive: true });
  const stage = await mkdtemp(path.join(root, 'test-output', 'pack-'));
  for (const item of ['package.json', 'package-lock.json', 'tsconfig.json', 'electron-builder.yml', 'build', 'app', 'renderer', 'scripts/build.mjs', 'scripts/main-build.mjs', 'scripts/alarm-sound.ts', 'scripts/notices.mjs']) {
    await cp(path.join(root, item), path.join(stage, item), { recursive: true });
  }
  await linkTree(path.join(root, 'node_modules'), path.join(stage, 'node_modules'));
  try {
    await run(process.execPath, [path.join(stage, 'scripts', 'build.mjs')], { cwd: stage, timeout: 120_000 });
  } catch (error) {
    throw new Error(`scripts/build.mjs failed: ${(error as { stderr?: string }).stderr ?? String(error)}`);
  }
  return stage;
}

async function linkTree(from: string, to: string): Promise<void> {
  await mkdir(to, { recursive: true });
  for (const entry of await readdir(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isDirectory()) await linkTree(source, target);
    else if (entry.isSymbolicLink()) await symlink(await readlink(source), target);
    else await link(source, target);
  }
}

async function makeStandInElectron(directory: string): Promise<void> {
  await mkdir(path.join(directory, 'resources'), { recursive: true });
  await mkdir(path.join(directory, 'locales'), { recursive: true });
  const wire = Buffer.concat([Buffer.from(`#!/bin/sh\n# ${FUSE_SENTINEL}`, 'latin1'), Buffer.from([1, FUSE_ORDER.length]), Buffer.from(`${DEFAULT_FUSES}\nexit 0\n`)]);
  await writeFile(path.join(directory, 'electron'), wire);
  await chmod(path.join(directory, 'electron'), 0o755);
  const version = JSON.parse(await readFile(path.join(root, 'node_modules', 'electron', 'package.json'), 'utf8')) as { version: string };
  await writeFile(path.join(directory, 'version'), version.version);
  await writeFile(path.join(directory, 'LICENSE'), 'stand-in for the Electron license\n');
  await writeFile(path.join(directory, 'locales', 'en-US.pak'), '');
}

/** Every package reachable from package.json's dependencies, walking node_modules as Node resolves. */
async function productionClosure(): Promise<Set<string>> {
  const manifest = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  const seen = new Set<string>();
  const queue = Object.keys(manifest.dependencies).map((name) => ({ name, from: root }));
  while (queue.length > 0) {
    const { name, from } = queue.shift() as { name: string; from: string };
    let directory = from;
    let found: string | null = null;
    for (;;) {
      const candidate = path.join(directory, 'node_modules', name);
      if (existsSync(path.join(candidate, 'package.json'))) {
        found = candidate;
        break;
      }
      if (directory === root) break;
      directory = path.dirname(directory);
    }
    if (!found || seen.has(found)) continue;
    seen.add(found);
    const pkg = JSON.parse(await readFile(path.join(found, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
      optionalDependencies?: Record<string, string>;
    };
    for (const dependency of Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies })) queue.push({ name: dependency, from: found });
  }
  return new Set([...seen].map((found) => path.relative(root, found).split(path.sep).join('/')));
}

describe('electron-builder --dir --linux with a stand-in Electron', () => {
  let stage: string;
  let appOut: string;
  let asar: string;
  let files: string[];

  beforeAll(async () => {
    stage = await stageProject();
    await makeStandInElectron(path.join(stage, 'electron-dist'));
    await run(
      process.execPath,
      [
        path.join(stage, 'node_modules', 'electron-builder', 'cli.js'),
        '--config',
        'electron-builder.yml',
        '--dir',
        '--linux',
        '--x64',
        '--publish',
        'never',
        `-c.electronDist=${path.join(stage, 'electron-dist')}`,
        // The real build recompiles keytar against Electron's headers, a download; here it stays as built.
        '-c.npmRebuild=false',
        `-c.directories.output=${path.join(stage, 'release')}`,
      ],
      { cwd: stage, timeout: 170_000, env: { ...process.env, ELECTRON_BUILDER_CACHE: path.join(stage, 'cache') } },
    );
    appOut = path.join(stage, 'release', 'linux-unpacked');
    asar = path.join(appOut, 'resources', 'app.asar');
    files = listPackage(asar, { isPack: false }).map((file) => file.replace(/^[/\\]/, '').split('\\').join('/'));
  }, 180_000);

  afterAll(async () => {
    if (stage) await rm(stage, { recursive: true, force: true });
  });

  it('names the executable after the package and ships the entry points in app.asar', () => {
    expect(existsSync(path.join(appOut, 'clay-tray'))).toBe(true);
    for (const entry of [...ENTRIES, 'package.json']) expect(files).toContain(entry);
  });

  it('holds exactly the built bundles from dist/, without source maps', async () => {
    const listDist = async (directory: string): Promise<string[]> =>
      (await readdir(path.join(stage, directory), { withFileTypes: true, recursive: true }))
        .filter((entry) => entry.isFile())
        .map((entry) => path.relative(stage, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'));
    const shipped = files.filter((file) => file.startsWith('dist/') && 'size' in statFile(asar, file));
    const built = (await listDist('dist')).filter((file) => !file.endsWith('.map'));
    expect(shipped.sort()).toEqual(built.sort());
    expect(files.filter((file) => file.endsWith('.map') || file.endsWith('.ts'))).toEqual([]);
  });

  it('leaves out sources, tests, scripts and build resources', () => {
    const topLevel = new Set(files.map((file) => file.split('/')[0]));
    expect([...topLevel].sort()).toEqual(['dist', 'node_modules', 'package.json']);
  });

  it('ships the production dependency tree and no devDependencies', async () => {
    const manifest = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    const closure = await productionClosure();
    const shippedPackages = new Set(
      files
        .filter((file) => file.endsWith('/package.json') && file.startsWith('node_modules/'))
        .map((file) => file.slice(0, -'/package.json'.length))
        // Only package roots: a package's own nested folders with a package.json are not packages.
        .filter((directory) => /(^|\/)node_modules\/(@[^/]+\/)?[^/@]+$/.test(directory)),
    );
    for (const dependency of Object.keys(manifest.dependencies)) expect(shippedPackages).toContain(`node_modules/${dependency}`);
    // A devDependency ships only when a production package needs it too (js-yaml, for electron-updater).
    for (const dev of Object.keys(manifest.devDependencies)) {
      if (![...closure].some((directory) => directory.endsWith(`node_modules/${dev}`))) expect(shippedPackages).not.toContain(`node_modules/${dev}`);
    }
    expect(shippedPackages).not.toContain('node_modules/electron');
    expect(shippedPackages).not.toContain('node_modules/vitest');
    // electron-builder may hoist a nested production package (electron-updater's own fs-extra) to a
    // different folder than npm did, so the closure is compared by package name.
    const packageName = (directory: string): string => directory.replace(/^.*node_modules\//, '');
    const closureNames = new Set([...closure].map(packageName));
    const outsideClosure = [...shippedPackages].filter((directory) => !closureNames.has(packageName(directory)));
    expect(outsideClosure).toEqual([]);
  });

  it("keeps keytar's native module outside the archive, in app.asar.unpacked", () => {
    const native = 'node_modules/keytar/build/Release/keytar.node';
    expect(files).toContain(native);
    expect(statFile(asar, native)).toMatchObject({ unpacked: true });
    expect(existsSync(path.join(appOut, 'resources', 'app.asar.unpacked', native))).toBe(true);
  });

  it('writes the update feed electron-updater reads, from the publish config', async () => {
    const feed = await readFile(path.join(appOut, 'resources', 'app-update.yml'), 'utf8');
    expect(feed).toMatch(/^owner: claytray$/m);
    expect(feed).toMatch(/^repo: clay-tray$/m);
    expect(feed).toMatch(/^provider: github$/m);
    expect(feed).toMatch(/^updaterCacheDirName: clay-tray-updater$/m);
  });

  it('ships the third-party notices the About view reads', () => {
    expect(files).toContain('dist/notices.json');
  });

  it("copies only Linux's tray icons to resources/tray/linux", async () => {
    const tray = path.join(appOut, 'resources', 'tray');
    expect(await readdir(tray)).toEqual(['linux']);
    const icons = await readdir(path.join(tray, 'linux'));
    expect(icons).toContain('tray-connected.png');
    expect(icons).toContain('tray-auth-failed-unread@2x.png');
    expect(icons).toEqual(await readdir(path.join(root, 'build', 'tray', 'linux')));
  });

  it('flips the Electron fuses in the executable as electron-builder.yml asks', async () => {
    const binary = await readFile(path.join(appOut, 'clay-tray'));
    const at = binary.indexOf(FUSE_SENTINEL) + FUSE_SENTINEL.length;
    const wire = binary.subarray(at + 2, at + 2 + FUSE_ORDER.length).toString('latin1');
    const fuses = Object.fromEntries(FUSE_ORDER.map((name, index) => [name, wire[index] === '1']));
    expect(fuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      // The window is served from app://, so file:// keeps no extra privileges.
      grantFileProtocolExtraPrivileges: false,
      // Not set by us: Electron's default stays.
      loadBrowserProcessSpecificV8Snapshot: false,
    });
  });
});
