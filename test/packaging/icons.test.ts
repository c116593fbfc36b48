/**
 * The committed icons in build/: every file the tray and the packager expect exists, decodes, has
 * the right sizes, macOS templates are black + alpha only, and the files are exactly what
 * scripts/make-icons.mjs draws (so an edit to the script without regenerating fails here).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodePng, readDibHeader, readIcns, readIco } from './image-files';

const root = fileURLToPath(new URL('../..', import.meta.url));
const build = path.join(root, 'build');
const STATES = ['connected', 'connecting', 'offline', 'auth-failed', 'paused'] as const;
const VARIANTS = STATES.flatMap((state) => [`tray-${state}`, `tray-${state}-unread`]);

const read = (relative: string) => readFile(path.join(build, relative));

async function listFiles(directory: string, prefix = ''): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(directory, { withFileTypes: true })) {
    const relative = path.posix.join(prefix, entry.name);
    if (entry.isDirectory()) found.push(...(await listFiles(path.join(directory, entry.name), relative)));
    else found.push(relative);
  }
  return found.sort();
}

describe('app icon', () => {
  it('icon.png is a 512×512 RGBA PNG with transparent corners and an opaque middle', async () => {
    const png = decodePng(await read('icon.png'));
    expect([png.width, png.height]).toEqual([512, 512]);
    expect(png.rgba[3]).toBe(0);
    expect(png.rgba[(256 * 512 + 256) * 4 + 3]).toBe(255);
  });

  it('icon.ico holds 16 to 256 px, small sizes as 32-bit DIBs and 256 as PNG', async () => {
    const entries = readIco(await read('icon.ico'));
    expect(entries.map((entry) => entry.width)).toEqual([16, 24, 32, 48, 64, 128, 256]);
    for (const entry of entries) {
      expect(entry.height).toBe(entry.width);
      expect(entry.bitsPerPixel).toBe(32);
      if (entry.format === 'png') {
        expect(decodePng(entry.data).width).toBe(entry.width);
      } else {
        expect(readDibHeader(entry.data)).toMatchObject({ width: entry.width, height: entry.width, bitsPerPixel: 32 });
      }
    }
    expect(entries.filter((entry) => entry.width <= 48).every((entry) => entry.format === 'dib')).toBe(true);
  });

  it('icon.icns holds PNG entries from 16 to 1024 px, each its declared size', async () => {
    const entries = readIcns(await read('icon.icns'));
    const sizes: Record<string, number> = { icp4: 16, icp5: 32, ic11: 32, icp6: 64, ic12: 64, ic07: 128, ic08: 256, ic13: 256, ic09: 512, ic14: 512, ic10: 1024 };
    expect(entries.map((entry) => entry.type).sort()).toEqual(Object.keys(sizes).sort());
    for (const entry of entries) {
      const png = decodePng(entry.data);
      expect([entry.type, png.width, png.height]).toEqual([entry.type, sizes[entry.type], sizes[entry.type]]);
    }
  });
});

describe('tray icons', () => {
  it.each(VARIANTS)('%s: Linux PNG at 22 px and @2x 44 px', async (name) => {
    expect(decodePng(await read(`tray/linux/${name}.png`)).width).toBe(22);
    const hi = decodePng(await read(`tray/linux/${name}@2x.png`));
    expect([hi.width, hi.height]).toEqual([44, 44]);
  });

  it.each(VARIANTS)('%s: Windows ICO with 16, 24, 32 and 48 px', async (name) => {
    const entries = readIco(await read(`tray/win/${name}.ico`));
    expect(entries.map((entry) => [entry.width, entry.height])).toEqual([
      [16, 16],
      [24, 24],
      [32, 32],
      [48, 48],
    ]);
    for (const entry of entries) expect(readDibHeader(entry.data)).toMatchObject({ width: entry.width, height: entry.width, bitsPerPixel: 32 });
  });

  it.each(VARIANTS)('%s: macOS template, 16 px and @2x 32 px, black + alpha only', async (name) => {
    for (const [suffix, size] of [
      ['Template.png', 16],
      ['Template@2x.png', 32],
    ] as const) {
      const png = decodePng(await read(`tray/mac/${name}${suffix}`));
      expect([png.width, png.height]).toEqual([size, size]);
      let drawn = 0;
      let clear = 0;
      for (let i = 0; i < png.rgba.length; i += 4) {
        if (png.rgba[i + 3] === 0) {
          clear++;
          continue;
        }
        drawn++;
        expect([png.rgba[i], png.rgba[i + 1], png.rgba[i + 2]]).toEqual([0, 0, 0]);
      }
      expect(drawn).toBeGreaterThan(size);
      expect(clear).toBeGreaterThan(size);
    }
  });

  it('tells every state apart, and each unread variant from its plain one', async () => {
    for (const folder of ['linux', 'mac'] as const) {
      const images = await Promise.all(
        VARIANTS.map((name) => read(folder === 'linux' ? `tray/linux/${name}.png` : `tray/mac/${name}Template.png`).then((bytes) => decodePng(bytes).rgba.toString('base64'))),
      );
      expect(new Set(images).size).toBe(VARIANTS.length);
    }
  });

  it('marks unread with a dot in the top-right corner', async () => {
    for (const state of STATES) {
      const plain = decodePng(await read(`tray/mac/tray-${state}Template@2x.png`));
      const unread = decodePng(await read(`tray/mac/tray-${state}-unreadTemplate@2x.png`));
      const alphaAt = (png: typeof plain, x: number, y: number) => png.rgba[(y * png.width + x) * 4 + 3];
      // Centre of the dot: (0.82, 0.18) of 32 px.
      expect(alphaAt(unread, 26, 5)).toBe(255);
      expect(alphaAt(plain, 26, 5)).toBe(0);
    }
  });
});

describe('make-icons script', () => {
  let fresh: string;

  beforeAll(async () => {
    fresh = await mkdtemp(path.join(tmpdir(), 'clay-icons-'));
    await promisify(execFile)(process.execPath, [path.join(root, 'scripts', 'make-icons.mjs'), fresh], { timeout: 60_000 });
  });

  afterAll(async () => {
    await rm(fresh, { recursive: true, force: true });
  });

  it('draws exactly the committed files, byte for byte', async () => {
    const committed = await listFiles(build);
    const drawn = await listFiles(fresh);
    const iconFiles = committed.filter((file) => file.startsWith('tray/') || /^icon\.(png|ico|icns)$/.test(file));
    expect(drawn).toEqual(iconFiles);
    expect(drawn).toHaveLength(3 + VARIANTS.length * 5);
    for (const file of drawn) {
      const same = (await readFile(path.join(fresh, file))).equals(await readFile(path.join(build, file)));
      expect({ file, same }).toEqual({ file, same: true });
    }
  });
});
