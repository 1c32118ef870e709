/**
 * Test-only: a gzip bomb built in memory — one member of zeros repeated (gunzip reads concatenated members as
 * one stream), so a few MB of gzip inflate to gigabytes without compressing gigabytes here.
 */
import { gzipSync } from 'fflate';

const MEMBER_BYTES = 16 * 2 ** 20;

/** Gzip bytes that inflate to `inflatedBytes` (rounded up to 16 MiB) of zeros. */
export function gzipBomb(inflatedBytes: number): Uint8Array {
  const member = gzipSync(new Uint8Array(MEMBER_BYTES), { level: 9, mtime: 0 });
  const members = Math.ceil(inflatedBytes / MEMBER_BYTES);
  const bomb = new Uint8Array(member.length * members);
  for (let i = 0; i < members; i++) bomb.set(member, i * member.length);
  return bomb;
}
