/**
 * The two facts of a PNG file that figures need: its size in pixels (the IHDR chunk), and its resolution (the pHYs
 * chunk), which says how large it prints — a 1050-pixel-wide figure at 300 dpi is 3.5 in wide in LaTeX or a word
 * processor, where without pHYs it is taken at 72 or 96 dpi. PNG layout: an 8-byte signature, then chunks of
 * length (4 bytes, big-endian), type (4), data, CRC-32 of type and data (4); IHDR comes first.
 */
import CRC32 from 'crc-32';

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const METRES_PER_INCH = 0.0254;

function chunkType(bytes: Uint8Array, at: number): string {
  return String.fromCharCode(...bytes.subarray(at + 4, at + 8));
}

function checkSignature(bytes: Uint8Array): void {
  if (bytes.length < 33 || SIGNATURE.some((b, i) => bytes[i] !== b) || chunkType(bytes, 8) !== 'IHDR') throw new Error('not a PNG file');
}

/** Width and height in pixels, from IHDR. */
export function pngSize(bytes: Uint8Array): { width: number; height: number } {
  checkSignature(bytes);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** Dots per inch from pHYs, or null when the file has none (or gives an aspect ratio only). */
export function pngDpi(bytes: Uint8Array): number | null {
  checkSignature(bytes);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let at = 8; at + 12 <= bytes.length; at += 12 + view.getUint32(at)) {
    if (chunkType(bytes, at) !== 'pHYs') continue;
    if (bytes[at + 16] !== 1) return null;
    return Math.round(view.getUint32(at + 8) * METRES_PER_INCH);
  }
  return null;
}

/** The PNG with a pHYs chunk saying `dpi` in both directions (any earlier pHYs is dropped). */
export function withPngDpi(bytes: Uint8Array, dpi: number): Uint8Array {
  checkSignature(bytes);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const kept: Uint8Array[] = [bytes.subarray(0, 8)];
  const phys = new Uint8Array(21);
  const physView = new DataView(phys.buffer);
  const perMetre = Math.round(dpi / METRES_PER_INCH);
  physView.setUint32(0, 9);
  phys.set([0x70, 0x48, 0x59, 0x73], 4); // "pHYs"
  physView.setUint32(8, perMetre);
  physView.setUint32(12, perMetre);
  phys[16] = 1; // the unit is the metre
  physView.setUint32(17, CRC32.buf(phys.subarray(4, 17)) >>> 0);
  for (let at = 8; at + 12 <= bytes.length;) {
    const end = at + 12 + view.getUint32(at);
    const type = chunkType(bytes, at);
    if (type !== 'pHYs') kept.push(bytes.subarray(at, end));
    if (type === 'IHDR') kept.push(phys);
    at = end;
  }
  const out = new Uint8Array(kept.reduce((n, part) => n + part.length, 0));
  let offset = 0;
  for (const part of kept) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
