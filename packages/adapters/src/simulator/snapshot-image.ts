// The simulated camera's snapshot: a fixed 32 × 24 PNG (a grey bay with a green car-sized block),
// built in code so no binary file is needed; a few hundred bytes, a valid image any viewer opens.
import { deflateSync } from 'node:zlib';

const WIDTH = 32;
const HEIGHT = 24;

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** CRC-32 of PNG chunks (ISO 3309). */
function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const out = Buffer.alloc(body.length + 8);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), body.length + 4);
  return out;
}

/** The pixel of the scene at (x, y): RGB. */
function pixel(x: number, y: number): readonly [number, number, number] {
  const car = x >= 8 && x < 24 && y >= 6 && y < 18;
  const line = x === 2 || x === 29;
  if (car) return [40, 170, 90];
  if (line) return [240, 240, 240];
  return [110, 110, 110];
}

/** Builds the PNG: signature, IHDR (8-bit RGB), one IDAT (filter 0 per row), IEND. */
function buildPng(): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(WIDTH, 0);
  header.writeUInt32BE(HEIGHT, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const raw = Buffer.alloc(HEIGHT * (1 + WIDTH * 3));
  for (let y = 0; y < HEIGHT; y += 1) {
    const row = y * (1 + WIDTH * 3);
    for (let x = 0; x < WIDTH; x += 1) raw.set(pixel(x, y), row + 1 + x * 3);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

/** The simulated camera's snapshot image (PNG bytes; the same every time). */
export const SIMULATED_SNAPSHOT_PNG: Uint8Array = new Uint8Array(buildPng());
