#!/usr/bin/env node
// Draws every icon the app ships and writes them into build/ (or the folder given as the first
// argument): the app icon (PNG, ICO, ICNS) and the tray icons per connection state, made the way each
// OS wants them. Pure Node, no image libraries: shapes are signed distance functions, so every size is
// drawn directly (anti-aliased) instead of scaled. Output is deterministic; the icons test re-runs this
// script and compares it with the committed files.
//
//   node scripts/make-icons.mjs [output-folder]
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

export const TRAY_STATES = ['connected', 'connecting', 'offline', 'auth-failed', 'paused'];

// ---------------------------------------------------------------- shapes (unit square, y down)

const circle = (cx, cy, r) => (x, y) => Math.hypot(x - cx, y - cy) - r;
const ring = (cx, cy, r, width) => (x, y) => Math.abs(Math.hypot(x - cx, y - cy) - r) - width / 2;
const roundRect = (x0, y0, x1, y1, r) => {
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  const hx = (x1 - x0) / 2 - r;
  const hy = (y1 - y0) / 2 - r;
  return (x, y) => {
    const qx = Math.abs(x - cx) - hx;
    const qy = Math.abs(y - cy) - hy;
    return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
  };
};
const segment = (ax, ay, bx, by, width) => (x, y) => {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - ax - t * dx, y - ay - t * dy) - width / 2;
};
const union = (...shapes) => (x, y) => Math.min(...shapes.map((shape) => shape(x, y)));
const intersect = (a, b) => (x, y) => Math.max(a(x, y), b(x, y));
const halfPlaneAbove = (yLimit) => (_x, y) => y - yLimit;
const halfPlaneRightOf = (xLimit) => (x) => xLimit - x;

// ---------------------------------------------------------------- raster

/** Layers: { shape, color: [r,g,b,a] | (x,y) => [r,g,b,a] } painted over, or { shape, erase: true }. */
function render(size, layers) {
  const pixels = new Float64Array(size * size * 4); // premultiplied RGBA, 0..1
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const x = (px + 0.5) / size;
      const y = (py + 0.5) / size;
      const i = (py * size + px) * 4;
      for (const layer of layers) {
        const coverage = Math.max(0, Math.min(1, 0.5 - layer.shape(x, y) * size));
        if (coverage === 0) continue;
        if (layer.erase) {
          for (let c = 0; c < 4; c++) pixels[i + c] *= 1 - coverage;
          continue;
        }
        const [r, g, b, a] = typeof layer.color === 'function' ? layer.color(x, y) : layer.color;
        const alpha = a * coverage;
        pixels[i] = r * alpha + pixels[i] * (1 - alpha);
        pixels[i + 1] = g * alpha + pixels[i + 1] * (1 - alpha);
        pixels[i + 2] = b * alpha + pixels[i + 2] * (1 - alpha);
        pixels[i + 3] = alpha + pixels[i + 3] * (1 - alpha);
      }
    }
  }
  const rgba = Buffer.alloc(size * size * 4);
  for (let i = 0; i < rgba.length; i += 4) {
    const alpha = pixels[i + 3];
    rgba[i + 3] = Math.round(alpha * 255);
    if (rgba[i + 3] === 0) continue;
    for (let c = 0; c < 3; c++) rgba[i + c] = Math.round(Math.min(1, pixels[i + c] / alpha) * 255);
  }
  return { size, rgba };
}

const hex = (value, alpha = 1) => [
  parseInt(value.slice(1, 3), 16) / 255,
  parseInt(value.slice(3, 5), 16) / 255,
  parseInt(value.slice(5, 7), 16) / 255,
  alpha,
];

// ---------------------------------------------------------------- encoders

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buffer) {
  let crc = 0xffffffff;
  for (const byte of buffer) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

export function encodePng({ size, rgba }) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, deflate, no interlace
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) rgba.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A classic 32-bit DIB entry: what every Windows version and tray API reads for small sizes. */
function encodeDib({ size, rgba }) {
  const maskStride = Math.ceil(size / 32) * 4;
  const header = Buffer.alloc(40);
  header.writeUInt32LE(40, 0);
  header.writeInt32LE(size, 4);
  header.writeInt32LE(size * 2, 8); // colour rows + mask rows
  header.writeUInt16LE(1, 12);
  header.writeUInt16LE(32, 14);
  header.writeUInt32LE(size * size * 4 + maskStride * size, 20);
  const colour = Buffer.alloc(size * size * 4);
  const mask = Buffer.alloc(maskStride * size);
  for (let y = 0; y < size; y++) {
    const row = size - 1 - y; // bottom-up
    for (let x = 0; x < size; x++) {
      const from = (y * size + x) * 4;
      const to = (row * size + x) * 4;
      colour[to] = rgba[from + 2];
      colour[to + 1] = rgba[from + 1];
      colour[to + 2] = rgba[from];
      colour[to + 3] = rgba[from + 3];
      if (rgba[from + 3] === 0) mask[row * maskStride + (x >> 3)] |= 0x80 >> (x & 7);
    }
  }
  return Buffer.concat([header, colour, mask]);
}

/** Sizes up to 48 as DIBs, larger ones as PNG (Windows Vista and later). */
export function encodeIco(images) {
  const entries = images.map((image) => (image.size <= 48 ? encodeDib(image) : encodePng(image)));
  const head = Buffer.alloc(6 + 16 * images.length);
  head.writeUInt16LE(0, 0);
  head.writeUInt16LE(1, 2);
  head.writeUInt16LE(images.length, 4);
  let offset = head.length;
  images.forEach((image, index) => {
    const at = 6 + index * 16;
    head[at] = image.size >= 256 ? 0 : image.size;
    head[at + 1] = image.size >= 256 ? 0 : image.size;
    head.writeUInt16LE(1, at + 4);
    head.writeUInt16LE(32, at + 6);
    head.writeUInt32LE(entries[index].length, at + 8);
    head.writeUInt32LE(offset, at + 12);
    offset += entries[index].length;
  });
  return Buffer.concat([head, ...entries]);
}

/** PNG-based icns entries: OSType -> pixel size. */
const ICNS_TYPES = [
  ['icp4', 16],
  ['icp5', 32],
  ['ic11', 32],
  ['icp6', 64],
  ['ic12', 64],
  ['ic07', 128],
  ['ic08', 256],
  ['ic13', 256],
  ['ic09', 512],
  ['ic14', 512],
  ['ic10', 1024],
];

function encodeIcns(draw) {
  const pngs = new Map();
  const entries = ICNS_TYPES.map(([type, size]) => {
    if (!pngs.has(size)) pngs.set(size, encodePng(draw(size)));
    const data = pngs.get(size);
    const head = Buffer.alloc(8);
    head.write(type, 0, 'latin1');
    head.writeUInt32BE(data.length + 8, 4);
    return Buffer.concat([head, data]);
  });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'latin1');
  head.writeUInt32BE(8 + entries.reduce((sum, entry) => sum + entry.length, 0), 4);
  return Buffer.concat([head, ...entries]);
}

// ---------------------------------------------------------------- the app icon

const CLAY_LIGHT = hex('#dd7a52');
const CLAY_DARK = hex('#a5402a');

function appIconLayers() {
  const tile = roundRect(0.06, 0.06, 0.94, 0.94, 0.2);
  const gradient = (_x, y) => CLAY_LIGHT.map((light, c) => light + (CLAY_DARK[c] - light) * y);
  const white = hex('#fff8f2');
  const door = roundRect(0.3, 0.24, 0.58, 0.82, 0.03);
  const doorway = roundRect(0.25, 0.19, 0.63, 0.84, 0.05);
  // The stream: two arcs to the upper right of the door.
  const arcCentre = [0.58, 0.42];
  const arcs = [0.16, 0.26].map((r) =>
    intersect(intersect(ring(arcCentre[0], arcCentre[1], r, 0.045), halfPlaneAbove(arcCentre[1] - 0.02)), halfPlaneRightOf(arcCentre[0] + 0.04)),
  );
  return [
    { shape: tile, color: gradient },
    { shape: doorway, color: hex('#5a2418', 0.55) },
    { shape: door, color: white },
    { shape: circle(0.51, 0.55, 0.028), color: CLAY_DARK },
    { shape: roundRect(0.18, 0.82, 0.74, 0.86, 0.02), color: white },
    ...arcs.map((shape) => ({ shape, color: white })),
  ];
}

// ---------------------------------------------------------------- tray icons

const BADGE = { x: 0.76, y: 0.76, r: 0.235, gap: 0.315 };
const UNREAD = { x: 0.82, y: 0.18, r: 0.15, gap: 0.22 };

/** The badge's mark, drawn in white on colour or cut out of the black template badge. */
function badgeMark(state) {
  const { x, y } = BADGE;
  switch (state) {
    case 'connected':
      return union(segment(x - 0.12, y + 0.01, x - 0.04, y + 0.09, 0.075), segment(x - 0.04, y + 0.09, x + 0.12, y - 0.08, 0.075));
    case 'connecting':
      return ring(x, y, 0.11, 0.065);
    case 'offline':
      return segment(x - 0.1, y + 0.1, x + 0.1, y - 0.1, 0.08);
    case 'auth-failed':
      return union(segment(x, y - 0.13, x, y + 0.02, 0.08), circle(x, y + 0.12, 0.045));
    case 'paused':
      return union(segment(x - 0.055, y - 0.1, x - 0.055, y + 0.1, 0.075), segment(x + 0.055, y - 0.1, x + 0.055, y + 0.1, 0.075));
    default:
      throw new Error(`unknown tray state ${state}`);
  }
}

const BADGE_COLOURS = {
  connected: hex('#1e9e4a'),
  connecting: hex('#e39a00'),
  offline: hex('#6f7782'),
  'auth-failed': hex('#d93025'),
  paused: hex('#4f63d2'),
};

/**
 * A door with a state badge and an optional unread dot. `template` draws macOS template images:
 * black and alpha only (the OS tints them), so the state is told by the badge's shape alone and the
 * normal connected state has no badge at all.
 */
function trayLayers(state, unread, template) {
  const dim = state === 'offline' ? 0.5 : 1;
  const frame = roundRect(0.1, 0.04, 0.6, 0.97, 0.07);
  const panel = roundRect(0.18, 0.12, 0.52, 1.2, 0.03);
  const knob = circle(0.43, 0.52, 0.05);
  const showBadge = !(template && state === 'connected');
  const layers = template
    ? [
        { shape: frame, color: [0, 0, 0, dim] },
        { shape: knob, erase: true },
      ]
    : [
        { shape: frame, color: hex('#1f2329', dim) },
        { shape: panel, color: hex('#e8ebef', dim) },
        { shape: knob, color: hex('#1f2329', dim) },
      ];
  if (showBadge) {
    layers.push({ shape: circle(BADGE.x, BADGE.y, BADGE.gap), erase: true });
    if (template) {
      layers.push({ shape: circle(BADGE.x, BADGE.y, BADGE.r), color: [0, 0, 0, 1] }, { shape: badgeMark(state), erase: true });
    } else {
      layers.push({ shape: circle(BADGE.x, BADGE.y, BADGE.r), color: BADGE_COLOURS[state] }, { shape: badgeMark(state), color: hex('#ffffff') });
    }
  }
  if (unread) {
    layers.push(
      { shape: circle(UNREAD.x, UNREAD.y, UNREAD.gap), erase: true },
      { shape: circle(UNREAD.x, UNREAD.y, UNREAD.r), color: template ? [0, 0, 0, 1] : hex('#1a73e8') },
    );
  }
  return layers;
}

// ---------------------------------------------------------------- output

export function makeIcons(outDir) {
  const written = [];
  const write = (relative, data) => {
    const file = path.join(outDir, relative);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, data);
    written.push(relative);
  };

  const app = (size) => render(size, appIconLayers());
  write('icon.png', encodePng(app(512)));
  write('icon.ico', encodeIco([16, 24, 32, 48, 64, 128, 256].map(app)));
  write('icon.icns', encodeIcns(app));

  for (const state of TRAY_STATES) {
    for (const unread of [false, true]) {
      const name = `tray-${state}${unread ? '-unread' : ''}`;
      const colour = (size) => render(size, trayLayers(state, unread, false));
      const template = (size) => render(size, trayLayers(state, unread, true));
      write(`tray/linux/${name}.png`, encodePng(colour(22)));
      write(`tray/linux/${name}@2x.png`, encodePng(colour(44)));
      write(`tray/win/${name}.ico`, encodeIco([16, 24, 32, 48].map(colour)));
      write(`tray/mac/${name}Template.png`, encodePng(template(16)));
      write(`tray/mac/${name}Template@2x.png`, encodePng(template(32)));
    }
  }
  return written;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
  const outDir = path.resolve(process.argv[2] ?? path.join(root, 'build'));
  const written = makeIcons(outDir);
  process.stdout.write(`make-icons: wrote ${written.length} files to ${outDir}\n`);
}
