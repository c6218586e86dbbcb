import { deflateSync } from 'node:zlib';
import QRCode from 'qrcode';

/** The QR's look, as the API's (BookingArtifacts.qrSvg): high error correction (it scans from a cracked screen), a 2-module quiet zone, 240 px wide, black on white. */
export const QR_OPTIONS = { errorCorrectionLevel: 'H', margin: 2, width: 240 } as const;

/**
 * A booking code's QR as a PNG: the same pixels as `QRCode.toBuffer(code, { type: 'png', ...QR_OPTIONS })`
 * (qrcode's own scaling, below), written as a 1-bit greyscale image with no row filter. qrcode
 * draws 240 × 240 RGBA pixels and pngjs tries five row filters on each before deflating: ~10 ms
 * of CPU per email, the largest single cost of a booking message (bench/notifications). This is
 * ~0.3 ms and a smaller file (1-bit rows of 30 bytes deflate well).
 */
export function qrPng(code: string): Buffer {
  const { modules } = QRCode.create(code, { errorCorrectionLevel: QR_OPTIONS.errorCorrectionLevel });
  const size = modules.size;
  const margin = QR_OPTIONS.margin;
  // qrcode's getScale / getImageWidth / qrToImageData, so every pixel is the one it would draw.
  const scale = QR_OPTIONS.width >= size + margin * 2 ? QR_OPTIONS.width / (size + margin * 2) : 4;
  const width = Math.floor((size + margin * 2) * scale);
  const scaledMargin = margin * scale;
  const rowBytes = Math.ceil(width / 8);
  // Each row: filter byte 0 (none), then the pixels, 8 per byte, most significant first; 1 = white.
  const raw = Buffer.alloc((rowBytes + 1) * width, 0);
  // Rows drawn from the same module row (or the margin) are alike: each is drawn once and copied.
  let previous = -2;
  for (let i = 0; i < width; i++) {
    const row = i * (rowBytes + 1) + 1;
    const inRows = i >= scaledMargin && i < width - scaledMargin;
    const iSrc = inRows ? Math.floor((i - scaledMargin) / scale) : -1;
    if (iSrc === previous) {
      raw.copy(raw, row, row - rowBytes - 1, row - 1);
      continue;
    }
    previous = iSrc;
    for (let j = 0; j < width; j++) {
      const dark = inRows && j >= scaledMargin && j < width - scaledMargin && modules.data[iSrc * size + Math.floor((j - scaledMargin) / scale)] === 1;
      if (!dark) raw[row + (j >> 3)] |= 0x80 >> (j & 7);
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(width, 4);
  header[8] = 1; // bit depth
  header[9] = 0; // greyscale
  header[10] = 0; // deflate
  header[11] = 0; // adaptive filtering (each row says which; here none)
  header[12] = 0; // no interlace
  return Buffer.concat([PNG_SIGNATURE, chunk('IHDR', header), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function chunk(type: string, data: Buffer): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out, 4, 8 + data.length), 8 + data.length);
  return out;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (ISO 3309, as PNG's chunks use) of `buffer[start, end)`. */
function crc32(buffer: Buffer, start: number, end: number): number {
  let c = 0xffffffff;
  for (let i = start; i < end; i++) c = CRC_TABLE[(c ^ buffer[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
