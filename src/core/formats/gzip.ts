/** True when the bytes start with gzip's magic number (1f 8b): files are sniffed, never trusted by name. */
export function isGzip(head: Uint8Array): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}
