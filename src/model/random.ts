/**
 * Seeded randomness for initialisation and dropout. Each tensor draws from its own stream keyed by (seed, name),
 * so a parameter's initial values do not depend on which other parameters exist or the order they are made in:
 * a fresh classifier head is the same whether the encoder came from a file or from `randomInit`.
 */

/** PCG-style 32-bit hash (one round of a PCG permutation); also used by dropoutMask.wgsl. */
export function pcgHash(value: number): number {
  const state = (Math.imul(value >>> 0, 747796405) + 2891336453) >>> 0;
  const word = Math.imul(((state >>> (((state >>> 28) + 4) >>> 0)) ^ state) >>> 0, 277803737) >>> 0;
  return ((word >>> 22) ^ word) >>> 0;
}

/** FNV-1a over the UTF-16 code units of `label`, mixed with `seed`. */
export function streamKey(seed: number, label: string): number {
  let h = (2166136261 ^ pcgHash(seed >>> 0)) >>> 0;
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 16777619) >>> 0;
  return pcgHash(h);
}

/** mulberry32: uniform floats in (0, 1), never 0 (Box–Muller takes a log). */
export function uniformStream(key: number): () => number {
  let state = key >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
  };
}

/** `count` draws from N(0, std²), Box–Muller, from the stream named `label` under `seed`. */
export function seededNormal(count: number, std: number, seed: number, label: string): Float32Array {
  const next = uniformStream(streamKey(seed, label));
  const out = new Float32Array(count);
  for (let i = 0; i < count; i += 2) {
    const radius = std * Math.sqrt(-2 * Math.log(next()));
    const angle = 2 * Math.PI * next();
    out[i] = radius * Math.cos(angle);
    if (i + 1 < count) out[i + 1] = radius * Math.sin(angle);
  }
  return out;
}

/**
 * The dropout keep-mask the GPU kernel computes, on the CPU: element i is kept when
 * pcg(pcg(i) ^ seed) >= threshold, with threshold = round(rate · 2³²). Kept elements are scaled by 1/(1 − rate).
 */
export function dropoutThreshold(rate: number): number {
  return Math.min(0xffffffff, Math.round(rate * 4294967296));
}

export function dropoutMaskOnCpu(count: number, rate: number, seed: number): Float32Array {
  const threshold = dropoutThreshold(rate);
  const scale = Math.fround(1 / (1 - rate));
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = pcgHash((pcgHash(i) ^ seed) >>> 0) >= threshold ? scale : 0;
  return out;
}

/** N(0, std²) truncated to ±cutoff·std (PyTorch trunc_normal_ semantics), by rejection, seeded like seededNormal. */
export function seededTruncatedNormal(count: number, std: number, cutoff: number, seed: number, label: string): Float32Array {
  const next = uniformStream(streamKey(seed, label));
  const out = new Float32Array(count);
  let i = 0;
  while (i < count) {
    const radius = Math.sqrt(-2 * Math.log(next()));
    const angle = 2 * Math.PI * next();
    for (const z of [radius * Math.cos(angle), radius * Math.sin(angle)]) {
      if (i < count && Math.abs(z) <= cutoff) out[i++] = z * std;
    }
  }
  return out;
}
