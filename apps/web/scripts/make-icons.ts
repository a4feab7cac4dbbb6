/**
 * Draws the app's icons (the "DS" mark of the header on the brand colour) as PNG files in public/icons, with
 * no image library: a bitmap font scaled up, written by a minimal PNG encoder. Run with
 * `npx tsx apps/web/scripts/make-icons.ts` after changing the mark.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { deflateSync } from 'node:zlib';

const brand = [0x0b, 0x4f, 0x6c] as const;
const white = [0xff, 0xff, 0xff] as const;

// 5 × 7 glyphs.
const glyphs: Record<string, string[]> = {
  D: ['11110', '10001', '10001', '10001', '10001', '10001', '11110'],
  S: ['01111', '10000', '10000', '01110', '00001', '00001', '11110'],
};

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), Buffer.from(data)]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A square icon; `safe` is the share of the side the mark may use (maskable icons need a margin). */
function icon(size: number, options: { rounded: boolean; safe: number }): Buffer {
  const rgba = Buffer.alloc(size * size * 4);
  const radius = options.rounded ? size * 0.2 : 0;
  const text = 'DS';
  const cell = Math.floor((size * options.safe * 0.8) / (text.length * 6 - 1));
  const textWidth = cell * (text.length * 6 - 1);
  const left = Math.floor((size - textWidth) / 2);
  const top = Math.floor((size - cell * 7) / 2);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const dx = Math.max(radius - x, x - (size - 1 - radius), 0);
      const dy = Math.max(radius - y, y - (size - 1 - radius), 0);
      const inside = dx * dx + dy * dy <= radius * radius;
      let colour: readonly number[] = brand;
      const gx = Math.floor((x - left) / cell);
      const gy = Math.floor((y - top) / cell);
      if (x >= left && y >= top && gy < 7 && gx < text.length * 6) {
        const glyph = glyphs[text[Math.floor(gx / 6)] ?? ''];
        if (glyph && gx % 6 < 5 && glyph[gy]?.[gx % 6] === '1') colour = white;
      }
      const i = (y * size + x) * 4;
      rgba[i] = colour[0] ?? 0;
      rgba[i + 1] = colour[1] ?? 0;
      rgba[i + 2] = colour[2] ?? 0;
      rgba[i + 3] = inside ? 255 : 0;
    }
  }
  const raw = Buffer.alloc((size * 4 + 1) * size);
  for (let y = 0; y < size; y++) rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', new Uint8Array()),
  ]);
}

const out = path.join(import.meta.dirname, '../public/icons');
writeFileSync(path.join(out, 'icon-192.png'), icon(192, { rounded: true, safe: 1 }));
writeFileSync(path.join(out, 'icon-512.png'), icon(512, { rounded: true, safe: 1 }));
writeFileSync(path.join(out, 'maskable-512.png'), icon(512, { rounded: false, safe: 0.7 }));
writeFileSync(path.join(out, 'apple-touch-icon.png'), icon(180, { rounded: false, safe: 0.9 }));
