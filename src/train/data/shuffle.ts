/**
 * A seeded shuffle buffer (the streaming shuffle of tf.data / Hugging Face datasets): fill N items, then for
 * each new item emit a uniformly chosen buffered one and put the new item in its slot; at the end, drain the
 * buffer in random order. Memory is N items whatever the stream's length. Which slot is drawn depends only on
 * the random numbers and N, never on the items, so a run can be replayed from its seed exactly.
 */

/** The part of the project's seeded PRNG (`src/core/rng`) the shuffle needs. */
export interface ShuffleRng {
  nextUint32(): number;
}

/** Uniform integer in [0, n) without modulo bias (rejection sampling on 32-bit draws). */
export function uniformIndex(rng: ShuffleRng, n: number): number {
  if (!Number.isInteger(n) || n <= 0 || n > 2 ** 32) throw new Error(`uniformIndex: n = ${n} must be an integer in [1, 2^32]`);
  const limit = 2 ** 32 - (2 ** 32 % n); // draws at or above this would favour small indices
  for (;;) {
    const x = rng.nextUint32() >>> 0;
    if (x < limit) return x % n;
  }
}

export async function* shuffleBuffer<T>(items: AsyncIterable<T>, bufferSize: number, rng: ShuffleRng): AsyncGenerator<T> {
  if (!Number.isInteger(bufferSize) || bufferSize < 1) throw new Error(`shuffle buffer size ${bufferSize} must be a positive integer`);
  const buffer: T[] = [];
  for await (const item of items) {
    if (buffer.length < bufferSize) {
      buffer.push(item);
      continue;
    }
    const slot = uniformIndex(rng, bufferSize);
    const out = buffer[slot]!;
    buffer[slot] = item;
    yield out;
  }
  while (buffer.length > 0) {
    const slot = uniformIndex(rng, buffer.length);
    const out = buffer[slot]!;
    buffer[slot] = buffer[buffer.length - 1]!;
    buffer.pop();
    yield out;
  }
}
