/**
 * Readers for the icon containers we write, independent of the writer (scripts/make-icons.mjs): a
 * PNG decoder that checks chunk CRCs and undoes every filter type, and ICO / ICNS directory parsers.
 */
import { crc32, inflateSync } from 'node:zlib';

export interface DecodedPng {
  readonly width: number;
  readonly height: number;
  /** Straight (not premultiplied) RGBA, row by row. */
  readonly rgba: Buffer;
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function isPng(bytes: Buffer): boolean {
  return bytes.subarray(0, 8).equals(SIGNATURE);
}

export function decodePng(bytes: Buffer): DecodedPng {
  if (!isPng(bytes)) throw new Error('not a PNG: bad signature');
  let offset = 8;
  let width = 0;
  let height = 0;
  const data: Buffer[] = [];
  let ended = false;
  while (offset < bytes.length && !ended) {
    const length = bytes.readUInt32BE(offset);
    const type = bytes.toString('latin1', offset + 4, offset + 8);
    const body = bytes.subarray(offset + 8, offset + 8 + length);
    if (crc32(bytes.subarray(offset + 4, offset + 8 + length)) !== bytes.readUInt32BE(offset + 8 + length)) {
      throw new Error(`PNG chunk ${type}: CRC mismatch`);
    }
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      const [depth, colourType, , , interlace] = body.subarray(8);
      if (depth !== 8 || colourType !== 6 || interlace !== 0) throw new Error(`PNG: only 8-bit RGBA, not interlaced, is expected (got ${depth}/${colourType}/${interlace})`);
    } else if (type === 'IDAT') {
      data.push(body);
    } else if (type === 'IEND') {
      ended = true;
    }
    offset += 12 + length;
  }
  if (!ended || width === 0) throw new Error('PNG: missing IHDR or IEND');
  const raw = inflateSync(Buffer.concat(data));
  const stride = width * 4;
  if (raw.length !== height * (stride + 1)) throw new Error(`PNG: image data is ${raw.length} bytes, expected ${height * (stride + 1)}`);
  const rgba = Buffer.alloc(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    for (let x = 0; x < stride; x++) {
      const value = raw[y * (stride + 1) + 1 + x] as number;
      const left = x >= 4 ? (rgba[y * stride + x - 4] as number) : 0;
      const up = y > 0 ? (rgba[(y - 1) * stride + x] as number) : 0;
      const upLeft = x >= 4 && y > 0 ? (rgba[(y - 1) * stride + x - 4] as number) : 0;
      let predictor: number;
      if (filter === 0) predictor = 0;
      else if (filter === 1) predictor = left;
      else if (filter === 2) predictor = up;
      else if (filter === 3) predictor = (left + up) >> 1;
      else if (filter === 4) predictor = paeth(left, up, upLeft);
      else throw new Error(`PNG: unknown filter ${filter} on row ${y}`);
      rgba[y * stride + x] = (value + predictor) & 0xff;
    }
  }
  return { width, height, rgba };
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

export interface IcoEntry {
  readonly width: number;
  readonly height: number;
  readonly bitsPerPixel: number;
  readonly format: 'png' | 'dib';
  readonly data: Buffer;
}

export function readIco(bytes: Buffer): IcoEntry[] {
  if (bytes.readUInt16LE(0) !== 0 || bytes.readUInt16LE(2) !== 1) throw new Error('not an ICO: bad header');
  const count = bytes.readUInt16LE(4);
  return Array.from({ length: count }, (_, index) => {
    const at = 6 + index * 16;
    const width = bytes[at] || 256;
    const height = bytes[at + 1] || 256;
    const size = bytes.readUInt32LE(at + 8);
    const offset = bytes.readUInt32LE(at + 12);
    if (offset + size > bytes.length) throw new Error(`ICO entry ${index} runs past the end of the file`);
    const data = bytes.subarray(offset, offset + size);
    return { width, height, bitsPerPixel: bytes.readUInt16LE(at + 6), format: isPng(data) ? 'png' : 'dib', data };
  });
}

/** A DIB entry's header: its own width, height (doubled: colour + mask) and bit depth. */
export function readDibHeader(data: Buffer): { width: number; height: number; bitsPerPixel: number; alphaAt: (x: number, y: number) => number } {
  if (data.readUInt32LE(0) !== 40) throw new Error('DIB: expected a BITMAPINFOHEADER');
  const width = data.readInt32LE(4);
  const height = data.readInt32LE(8) / 2;
  const bitsPerPixel = data.readUInt16LE(14);
  const expected = 40 + width * height * 4 + Math.ceil(width / 32) * 4 * height;
  if (data.length !== expected) throw new Error(`DIB: ${data.length} bytes, expected ${expected}`);
  return { width, height, bitsPerPixel, alphaAt: (x, y) => data[40 + ((height - 1 - y) * width + x) * 4 + 3] as number };
}

export function readIcns(bytes: Buffer): { type: string; data: Buffer }[] {
  if (bytes.toString('latin1', 0, 4) !== 'icns') throw new Error('not an ICNS: bad magic');
  if (bytes.readUInt32BE(4) !== bytes.length) throw new Error('ICNS: length field does not match the file');
  const entries: { type: string; data: Buffer }[] = [];
  for (let offset = 8; offset < bytes.length; ) {
    const length = bytes.readUInt32BE(offset + 4);
    if (length < 8 || offset + length > bytes.length) throw new Error(`ICNS: bad entry length at ${offset}`);
    entries.push({ type: bytes.toString('latin1', offset, offset + 4), data: bytes.subarray(offset + 8, offset + length) });
    offset += length;
  }
  return entries;
}
