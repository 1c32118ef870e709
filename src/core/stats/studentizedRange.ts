/**
 * The studentized range distribution: Q = R / S, R the range of k independent standard normals and S an
 * independent sqrt(χ²_ν / ν). Its survival function P(Q ≥ q) is what Tukey's HSD test needs; it is computed here
 * by numerical integration of its definition (no npm package of it is small and kept up; jStat's ptukey is old):
 *
 *   P(R ≥ w) = k ∫ φ(z) [Φ(z)^(k−1) − (Φ(z) − Φ(z − w))^(k−1)] dz     (z: the largest of the k)
 *   P(Q ≥ q) = ∫₀^∞ f_S(s) P(R ≥ q·s) ds,  f_S(s) = 2 ν^(ν/2) s^(ν−1) e^(−ν s²/2) / (2^(ν/2) Γ(ν/2))
 *
 * The bracket is expanded as b·Σ a^j (a − b)^(k−2−j) (a = Φ(z), b = Φ(z − w)), which has no cancellation, so
 * small tail probabilities keep their relative accuracy. For k = 2 the closed form through Student's t is used. Checked against scipy.stats.studentized_range.sf
 * (scripts/stats_reference.py) to 1e-9 relative for p ≥ 1e-12.
 */
import { integrate } from './quadrature';
import { logGamma, studentTTwoSided } from './special';

const SQRT_HALF = Math.SQRT1_2;
const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/** erfc(x) for x ≥ 0: a positive series for erf below 3, the Laplace continued fraction (Lentz) above. */
function erfcNonNegative(x: number): number {
  if (x < 3) {
    // erf(x) = 2/√π e^(−x²) Σ 2ⁿ x^(2n+1) / (1·3·…·(2n+1)): every term positive.
    let term = x;
    let sum = x;
    for (let n = 1; n < 200; n++) {
      term *= (2 * x * x) / (2 * n + 1);
      sum += term;
      if (term < sum * 1e-17) break;
    }
    return 1 - (2 / Math.sqrt(Math.PI)) * Math.exp(-x * x) * sum;
  }
  // erfc(x) = e^(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …))))
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let n = 1; n < 500; n++) {
    const a = n / 2;
    d = x + a * d;
    d = Math.abs(d) < tiny ? tiny : d;
    c = x + a / c;
    c = Math.abs(c) < tiny ? tiny : c;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
}

/** Φ(z), the standard normal CDF, with full relative accuracy in the lower tail. */
export function normalCdf(z: number): number {
  const x = z * SQRT_HALF;
  return x < 0 ? erfcNonNegative(-x) / 2 : 1 - erfcNonNegative(x) / 2;
}

const normalPdf = (z: number) => Math.exp(-0.5 * z * z - LOG_SQRT_2PI);

/** Φ(z) − Φ(z − w) for w ≥ 0, from the tails that keep it accurate. */
function normalMass(z: number, w: number): number {
  if (z - w > 0) return normalCdf(w - z) - normalCdf(-z);
  return normalCdf(z) - normalCdf(z - w);
}

/** P(R ≥ w): the range of k standard normals is at least w. */
export function normalRangeSf(w: number, k: number): number {
  if (!(w > 0)) return 1;
  const m = k - 1;
  const integrand = (z: number) => {
    const a = normalCdf(z);
    const b = normalCdf(z - w);
    const inside = normalMass(z, w);
    let sum = 0;
    let aPower = 1;
    for (let j = 0; j < m; j++) {
      sum += aPower * inside ** (m - 1 - j);
      aPower *= a;
    }
    return normalPdf(z) * b * sum;
  };
  // The mass sits where z is near 0 (the largest of k normals) and z − w is not far below it: the breakpoints cover both.
  const centre = w / 2;
  const points = [...new Set([-10, Math.min(0, centre), Math.max(0, centre), Math.max(10, w + 10)])].sort((x, y) => x - y);
  const value = k * integrate(integrand, points, { relative: 1e-10 });
  return Math.min(1, Math.max(0, value));
}

/** log f_S(s): the density of sqrt(χ²_ν / ν). */
function logScaleDensity(s: number, df: number): number {
  return Math.LN2 + (df / 2) * Math.log(df) + (df === 1 ? 0 : (df - 1) * Math.log(s)) - (df * s * s) / 2 - (df / 2) * Math.LN2 - logGamma(df / 2);
}

/**
 * P(Q ≥ q) for the studentized range with k groups and df degrees of freedom (df may be Infinity); the same as
 * scipy.stats.studentized_range.sf(q, k, df).
 */
export function studentizedRangeSf(q: number, k: number, df: number): number {
  if (!Number.isInteger(k) || k < 2) throw new RangeError(`studentized range: k must be an integer ≥ 2, got ${k}`);
  if (!(df >= 1)) throw new RangeError(`studentized range: df must be ≥ 1, got ${df}`);
  if (Number.isNaN(q)) return Number.NaN;
  if (!(q > 0)) return 1;
  if (q === Infinity) return 0;
  if (df === Infinity) return normalRangeSf(q, k);
  // Two groups: Q = |Z₁ − Z₂| / S = √2·|T| with T Student's t on df degrees of freedom, exactly.
  if (k === 2) return studentTTwoSided(q / Math.SQRT2, df);
  // Integrate s where f_S is within e^-60 of its peak (at √((ν−1)/ν)), in steps of its spread ≈ 1/√(2ν).
  const mode = Math.sqrt((df - 1) / df);
  const peak = logScaleDensity(Math.max(mode, 1e-300), df);
  const spread = 1 / Math.sqrt(2 * df);
  const far = (direction: 1 | -1) => {
    let s = mode;
    for (let i = 1; i < 10_000; i++) {
      s = mode + direction * i * spread;
      if (s <= 0) return 0;
      if (logScaleDensity(s, df) < peak - 60) return s;
    }
    return s;
  };
  const low = far(-1);
  const high = far(1);
  const points = [low, (low + mode) / 2, mode, (mode + high) / 2, high].filter((x, i, all) => i === 0 || x > all[i - 1]);
  const integrand = (s: number) => (s <= 0 ? 0 : Math.exp(logScaleDensity(s, df)) * normalRangeSf(q * s, k));
  return Math.min(1, Math.max(0, integrate(integrand, points, { relative: 1e-9 })));
}
