import { deflateSync } from 'node:zlib';
import CRC32 from 'crc-32';
import { describe, expect, it } from 'vitest';
import { pngDpi, pngSize, withPngDpi } from './png';

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(
    [...type].map((c) => c.charCodeAt(0)),
    4,
  );
  out.set(data, 8);
  view.setUint32(8 + data.length, CRC32.buf(out.subarray(4, 8 + data.length)) >>> 0);
  return out;
}

/** A valid 3 × 2 greyscale PNG, written here from the PNG specification's layout. */
function tinyPng(extra: Uint8Array[] = []): Uint8Array {
  const header = new Uint8Array(13);
  new DataView(header.buffer).setUint32(0, 3);
  new DataView(header.buffer).setUint32(4, 2);
  header.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale
  const pixels = deflateSync(new Uint8Array([0, 10, 20, 30, 0, 40, 50, 60]));
  const parts = [
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    ...extra,
    chunk('IDAT', pixels),
    chunk('IEND', new Uint8Array()),
  ];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((at, p) => (out.set(p, at), at + p.length), 0);
  return out;
}

/** Chunk types in order, each with its CRC checked. */
function chunks(png: Uint8Array): string[] {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const types: string[] = [];
  for (let at = 8; at < png.length; at += 12 + view.getUint32(at)) {
    const length = view.getUint32(at);
    expect(view.getUint32(at + 8 + length)).toBe(CRC32.buf(png.subarray(at + 4, at + 8 + length)) >>> 0);
    types.push(String.fromCharCode(...png.subarray(at + 4, at + 8)));
  }
  return types;
}

describe('PNG size and dpi', () => {
  it('reads the size from IHDR; a file without pHYs has no dpi', () => {
    expect(pngSize(tinyPng())).toEqual({ width: 3, height: 2 });
    expect(pngDpi(tinyPng())).toBeNull();
  });

  it('adds a pHYs chunk after IHDR saying the dpi (in pixels per metre), replacing any earlier one', () => {
    const tagged = withPngDpi(tinyPng(), 300);
    expect(chunks(tagged)).toEqual(['IHDR', 'pHYs', 'IDAT', 'IEND']);
    expect(pngDpi(tagged)).toBe(300);
    // 300 dpi = 11811 pixels per metre
    expect(new DataView(tagged.buffer).getUint32(8 + 25 + 8)).toBe(11811);
    const again = withPngDpi(tagged, 600);
    expect(chunks(again)).toEqual(['IHDR', 'pHYs', 'IDAT', 'IEND']);
    expect(pngDpi(again)).toBe(600);
    expect(pngSize(again)).toEqual({ width: 3, height: 2 });
  });

  it('refuses what is not a PNG', () => {
    expect(() => pngSize(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/> and more bytes to pass the length'))).toThrow('not a PNG file');
  });
});
