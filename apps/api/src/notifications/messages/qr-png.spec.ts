import { inflateSync } from 'node:zlib';
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { QR_OPTIONS, qrPng } from './qr-png.js';

interface Chunk {
  type: string;
  data: Buffer;
  crc: number;
}

function chunks(png: Buffer): Chunk[] {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const out: Chunk[] = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    out.push({ type: png.toString('latin1', at + 4, at + 8), data: png.subarray(at + 8, at + 8 + length), crc: png.readUInt32BE(at + 8 + length) });
    at += 12 + length;
  }
  return out;
}

/** The image's pixels as true = dark, row by row, from a PNG whose rows all use filter 0 (none). */
function pixels(png: Buffer): { width: number; height: number; dark: boolean[] } {
  const all = chunks(png);
  const ihdr = all.find((c) => c.type === 'IHDR')!.data;
  const width = ihdr.readUInt32BE(0);
  const height = ihdr.readUInt32BE(4);
  const bitDepth = ihdr[8];
  const colorType = ihdr[9];
  const channels = colorType === 0 ? 1 : colorType === 4 ? 2 : colorType === 2 ? 3 : 4;
  const bitsPerPixel = bitDepth * channels;
  const rowBytes = Math.ceil((width * bitsPerPixel) / 8);
  const raw = inflateSync(Buffer.concat(all.filter((c) => c.type === 'IDAT').map((c) => c.data)));
  expect(raw.length).toBe((rowBytes + 1) * height);
  const dark: boolean[] = [];
  for (let y = 0; y < height; y++) {
    const row = raw.subarray(y * (rowBytes + 1), (y + 1) * (rowBytes + 1));
    expect(row[0]).toBe(0);
    for (let x = 0; x < width; x++) {
      if (bitDepth === 1) dark.push(((row[1 + (x >> 3)] >> (7 - (x & 7))) & 1) === 0);
      else dark.push(row[1 + x * channels * (bitDepth / 8)] < 128);
    }
  }
  return { width, height, dark };
}

describe('qrPng', () => {
  it.each(['K7Q2XM', 'AB123456CD', 'Z'])('draws the same pixels as qrcode for %s, as a valid 1-bit PNG', async (code) => {
    const png = qrPng(code);
    const all = chunks(png);
    expect(all.map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
    // The IEND chunk's CRC is fixed (CRC-32 of "IEND"): the chunk CRCs are computed right.
    expect(all[2].crc).toBe(0xae426082);
    // qrcode's own PNG of the same code, written without row filters and in greyscale so the test can read it.
    const reference = await QRCode.toBuffer(code, { type: 'png', ...QR_OPTIONS, rendererOpts: { filterType: 0, colorType: 0 } } as QRCode.QRCodeToBufferOptions);
    const mine = pixels(png);
    const theirs = pixels(reference);
    expect([mine.width, mine.height]).toEqual([QR_OPTIONS.width, QR_OPTIONS.width]);
    expect([theirs.width, theirs.height]).toEqual([mine.width, mine.height]);
    expect(mine.dark.filter(Boolean).length).toBeGreaterThan(1000);
    expect(mine.dark).toEqual(theirs.dark);
  });
});
