/**
 * Seeded pseudo-random numbers for everything in the lab that must replay exactly: shuffling, weight
 * init, dropout masks, randomization tests, bootstrap resamples.
 *
 * Generator: xoshiro128** (Blackman & Vigna 2018, https://prng.di.unimi.it/xoshiro128starstar.c), 128-bit
 * state, 32-bit outputs, period 2^128 − 1; pure 32-bit integer arithmetic, so it gives the same numbers
 * in every JavaScript engine, page, worker and Node.
 *
 * Seeding: the seed (a number is taken as its decimal string, so 42 and "42" are the same seed) is hashed
 * into the 128-bit state with a multiply-xorshift string hash followed by splitmix32 steps.
 * `fork(label)` derives a generator from this generator's seed path plus the label, not from its current
 * state: forks are reproducible whatever was drawn before, and distinct labels give unrelated streams.
 */

export interface Rng {
  /** Uniform integer in [0, 2^32). */
  nextUint32(): number;
  /** Uniform float in [0, 1) with 53 random bits. */
  nextFloat(): number;
  /** Uniform integer in [0, bound), bound ≤ 2^32, without modulo bias. */
  nextInt(bound: number): number;
  /** Standard normal (Box–Muller; the second value of each pair is kept for the next call). */
  nextNormal(): number;
  /** An independent generator for `label`, determined by this generator's seed path and the label only. */
  fork(label: string): Rng;
  /** The seed path this generator was made from, e.g. `"42/init/layer0"`. */
  readonly seedPath: string;
}

/** xoshiro128** over an explicit 4-word state (exposed for the reference test vectors). */
export function xoshiro128ss(state: readonly [number, number, number, number]): () => number {
  let s0 = state[0] >>> 0;
  let s1 = state[1] >>> 0;
  let s2 = state[2] >>> 0;
  let s3 = state[3] >>> 0;
  if ((s0 | s1 | s2 | s3) === 0) throw new RangeError('xoshiro128** state must not be all zero');
  return () => {
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3, 11);
    return result;
  };
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** splitmix32 finalizer: a bijective avalanche of a 32-bit word. */
function mix32(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x21f0aaad);
  x = Math.imul(x ^ (x >>> 15), 0x735a2d97);
  return (x ^ (x >>> 15)) >>> 0;
}

/** Hashes a string into 4 state words: four lanes with different multipliers, then splitmix32 rounds. */
function seedState(key: string): [number, number, number, number] {
  let h0 = 0x9e3779b9 ^ key.length;
  let h1 = 0x243f6a88;
  let h2 = 0xb7e15162;
  let h3 = 0x85a308d3;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    h0 = Math.imul(h0 ^ c, 0x85ebca6b);
    h1 = Math.imul(h1 ^ c, 0xc2b2ae35);
    h2 = Math.imul(h2 ^ c, 0x27d4eb2f);
    h3 = Math.imul(h3 ^ c, 0x165667b1);
  }
  let x = mix32(h0 ^ mix32(h1 ^ mix32(h2 ^ mix32(h3))));
  const words: number[] = [];
  for (const h of [h0, h1, h2, h3]) {
    x = mix32((x + 0x9e3779b9) ^ h);
    words.push(x);
  }
  if ((words[0] | words[1] | words[2] | words[3]) === 0) words[0] = 1;
  return words as [number, number, number, number];
}

class Xoshiro128Rng implements Rng {
  private readonly next: () => number;
  private spareNormal: number | null = null;

  constructor(readonly seedPath: string) {
    this.next = xoshiro128ss(seedState(seedPath));
  }

  nextUint32(): number {
    return this.next();
  }

  nextFloat(): number {
    const high = this.next() >>> 5; // 27 bits
    const low = this.next() >>> 6; // 26 bits
    return (high * 67108864 + low) / 9007199254740992;
  }

  nextInt(bound: number): number {
    if (!Number.isInteger(bound) || bound < 1 || bound > 2 ** 32) throw new RangeError(`nextInt bound must be an integer in [1, 2^32], got ${bound}`);
    const limit = 2 ** 32 - (2 ** 32 % bound);
    for (;;) {
      const x = this.next();
      if (x < limit) return x % bound;
    }
  }

  nextNormal(): number {
    if (this.spareNormal !== null) {
      const z = this.spareNormal;
      this.spareNormal = null;
      return z;
    }
    const radius = Math.sqrt(-2 * Math.log(1 - this.nextFloat())); // 1 - u ∈ (0, 1]: no log(0)
    const angle = 2 * Math.PI * this.nextFloat();
    this.spareNormal = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  }

  fork(label: string): Rng {
    return new Xoshiro128Rng(`${this.seedPath}/${label}`);
  }
}

/** A seeded generator; the same seed always gives the same sequence. */
export function createRng(seed: number | string): Rng {
  if (typeof seed === 'number' && !Number.isFinite(seed)) throw new RangeError(`seed must be finite, got ${seed}`);
  return new Xoshiro128Rng(String(seed));
}
