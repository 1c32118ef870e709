/**
 * Test-only helpers: byte streams from text in chosen chunk sizes, and a small seeded generator standing in
 * for the project's PRNG (the shuffle only needs `nextUint32`).
 */
import type { DataSource } from '../train/data/lines';
import type { ShuffleRng } from '../train/data/shuffle';

/** xorshift32 (Marsaglia 2003): enough to drive shuffles in tests; not the lab's PRNG. */
export function xorshift32(seed: number): ShuffleRng {
  let state = seed >>> 0 || 0x9e3779b9;
  return {
    nextUint32() {
      state ^= state << 13;
      state >>>= 0;
      state ^= state >>> 17;
      state ^= state << 5;
      state >>>= 0;
      return state;
    },
  };
}

export function chunkedStream(bytes: Uint8Array, chunkSize: number): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= bytes.length) {
        controller.close();
        return;
      }
      controller.enqueue(bytes.slice(offset, offset + chunkSize));
      offset += chunkSize;
    },
  });
}

export function chunkedSource(bytes: Uint8Array, name: string, chunkSize = 4096): DataSource & { opens: number } {
  const source = {
    name,
    opens: 0,
    open() {
      source.opens++;
      return chunkedStream(bytes, chunkSize);
    },
  };
  return source;
}
