/**
 * CPU reference for a float32 fused multiply-add, and the cases the fma probe runs (pure; no GPU).
 * A case is (a, b, c1, c2) with addend c = float32(c1·c2), the shape of the optimizers' moment update
 * exactFma(g, 1 − β, β·m): the addend is itself a product, so a compiler that contracts mul+add pairs
 * meets the same temptations in the probe as in the update kernels.
 */

export interface FmaCase {
  a: number;
  b: number;
  c1: number;
  c2: number;
}

const f32 = Math.fround;
const MIN_NORMAL = 2 ** -126;

const scratch = new Float32Array(1);
const scratchBits = new Uint32Array(scratch.buffer);

/** The float32 next to `x` (a float32, finite) in the direction of `toward`. */
function nextFloat32(x: number, toward: number): number {
  if (toward === x) return x;
  if (x === 0) return toward > 0 ? 2 ** -149 : -(2 ** -149);
  scratch[0] = x;
  // Away from zero when moving in x's direction, toward zero otherwise.
  scratchBits[0] += toward > x === x > 0 ? 1 : -1;
  return scratch[0];
}

/**
 * float32(a·b + c) rounded once, for float32 a, b, c; null where float64 cannot decide it without
 * double rounding: a·b is exact in a double (24 + 24 significant bits), but a·b + c may not be, and a
 * sum exactly halfway between two float32s would rest on the tie rule. Also null for non-finite or
 * subnormal results (GPUs may flush those).
 */
export function fmaReference(a: number, b: number, c: number): number | null {
  const p = a * b;
  const s = p + c;
  // Knuth's two-sum in float64: s is the exact sum iff the error is zero.
  const z = s - p;
  const error = p - (s - z) + (c - z);
  if (error !== 0 || !Number.isFinite(s)) return null;
  const r = f32(s);
  if (!Number.isFinite(r) || (r !== 0 && Math.abs(r) < MIN_NORMAL)) return null;
  if (r !== s) {
    const other = nextFloat32(r, s);
    if (s - r === other - s) return null;
  }
  return r;
}

/** What an unfused evaluation gives: the product rounded to float32, then the sum. */
export function unfusedFma(a: number, b: number, c: number): number {
  return f32(f32(a * b) + c);
}

export function addendOf(k: FmaCase): number {
  return f32(k.c1 * k.c2);
}

/** The reference result of a case, or null where it is ambiguous (see fmaReference). */
export function caseReference(k: FmaCase): number | null {
  return fmaReference(k.a, k.b, addendOf(k));
}

/** Deterministic uniform [0, 1) source (mulberry32), so the probe is the same on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BETAS = [0.9, 0.99, 0.999, 0.95, 0.5].map(f32);

/**
 * `count` cases whose reference is unambiguous and (unless `onlyWhereFusionMatters` is false) whose
 * fused and unfused results differ. Most are
 * the optimizer's cancellation pattern (β·m ≈ −(1 − β)·g, where the moment update loses the most to an
 * unfused evaluation); the rest are generic a·b − round(a·b)-like cancellations over a range of scales.
 * Magnitudes stay far from the subnormal range, where an adapter may flush the emulation's error terms.
 */
export function fmaCases(count: number, seed = 1, onlyWhereFusionMatters = true): FmaCase[] {
  const random = seededRandom(seed);
  const out: FmaCase[] = [];
  const scaled = (lo: number, hi: number) => {
    const sign = random() < 0.5 ? -1 : 1;
    return f32(sign * 2 ** (lo + (hi - lo) * random()) * (1 + random()));
  };
  for (let tries = 0; out.length < count; tries++) {
    if (tries > count * 1000) throw new Error(`fmaCases: found only ${out.length} of ${count} cases`);
    let k: FmaCase;
    if (out.length % 4 !== 3) {
      const beta = BETAS[Math.floor(random() * BETAS.length)];
      const oneMinusBeta = f32(1 - beta);
      const g = scaled(-20, 8);
      // m so that β·m nearly cancels (1 − β)·g, off by a small relative amount.
      const m = f32((-oneMinusBeta * g * (1 + (random() - 0.5) * 2 ** -(4 + Math.floor(random() * 16)))) / beta);
      k = { a: g, b: oneMinusBeta, c1: beta, c2: m };
    } else {
      const a = scaled(-12, 12);
      const b = scaled(-12, 12);
      const c = f32(-f32(a * b) * (1 + (random() - 0.5) * 2 ** -(10 + Math.floor(random() * 12))));
      k = { a, b, c1: c, c2: 1 };
    }
    const want = caseReference(k);
    if (want === null || want === 0) continue;
    if (onlyWhereFusionMatters && want === unfusedFma(k.a, k.b, addendOf(k))) continue;
    out.push(k);
  }
  return out;
}
