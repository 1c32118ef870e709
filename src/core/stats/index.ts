/**
 * Paired significance tests for two runs over the same queries (a[i] and b[i] are the same query's
 * per-query values; use `pairByQuery` to line records up by qid). All tests are two-sided and about the
 * mean difference a − b.
 */
import { createRng } from '../rng';
import { studentTTwoSided } from './special';

export { incompleteBeta, logGamma, studentTTwoSided } from './special';
export { normalCdf, normalRangeSf, studentizedRangeSf } from './studentizedRange';
export { tukeyHsd, type TukeyPair, type TukeyResult } from './tukey';

function differences(a: readonly number[], b: readonly number[], minimum: number): number[] {
  if (a.length !== b.length) throw new RangeError(`paired samples differ in length: ${a.length} vs ${b.length}`);
  if (a.length < minimum) throw new RangeError(`need at least ${minimum} pairs, got ${a.length}`);
  return a.map((x, i) => x - b[i]);
}

function mean(values: readonly number[]): number {
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/** Lines up two qid → value records; both must hold the same queries. Pairs come in sorted qid order. */
export function pairByQuery(a: Record<string, number>, b: Record<string, number>): { qids: string[]; a: number[]; b: number[] } {
  const qids = Object.keys(a).sort();
  const missing = qids.filter((q) => !(q in b)).concat(Object.keys(b).filter((q) => !(q in a)));
  if (missing.length > 0)
    throw new RangeError(`runs are not over the same queries; unpaired: ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''}`);
  return { qids, a: qids.map((q) => a[q]), b: qids.map((q) => b[q]) };
}

export interface TTestResult {
  t: number;
  df: number;
  /** Two-sided p-value. */
  p: number;
  meanDiff: number;
}

/**
 * Paired t-test, two-sided; the same t, df and p as scipy.stats.ttest_rel(a, b). Where scipy gives NaN
 * (every difference exactly zero) this returns t = 0, p = 1: no evidence of a difference. When all
 * differences are equal and non-zero the variance is 0 and t = ±Infinity, p = 0, as in scipy.
 */
export function pairedTTest(a: readonly number[], b: readonly number[]): TTestResult {
  const d = differences(a, b, 2);
  const n = d.length;
  const meanDiff = mean(d);
  let squares = 0;
  for (const x of d) squares += (x - meanDiff) * (x - meanDiff);
  const df = n - 1;
  const standardError = Math.sqrt(squares / df / n);
  if (standardError === 0) {
    if (meanDiff === 0) return { t: 0, df, p: 1, meanDiff };
    return { t: meanDiff > 0 ? Infinity : -Infinity, df, p: 0, meanDiff };
  }
  const t = meanDiff / standardError;
  return { t, df, p: studentTTwoSided(t, df), meanDiff };
}

export interface RandomizationOptions {
  /** Random sign assignments drawn (default 10 000). When 2^n ≤ permutations every assignment is enumerated instead. */
  permutations?: number;
  seed: number | string;
}

export interface RandomizationResult {
  /** Two-sided p-value. */
  p: number;
  meanDiff: number;
  /** Assignments counted (2^n when exact). */
  permutations: number;
  /** True when every one of the 2^n sign assignments was enumerated (p is then exact). */
  exact: boolean;
}

/**
 * Paired randomization (sign-flip permutation) test, two-sided: under H0 each query's difference is as
 * likely to have either sign; p = P(|mean of sign-flipped differences| ≥ |observed mean difference|).
 * Sums equal up to 1e-9 relative rounding count as ties (≥), so tied magnitudes are handled as exact ties.
 * - Exact (2^n ≤ permutations): p = count / 2^n over all assignments (the observed one included).
 * - Monte Carlo: p = (count + 1) / (permutations + 1). The +1 counts the observed assignment, which is
 *   itself a member of the permutation distribution; this makes p a valid p-value (never 0, never below
 *   its nominal level under H0; Phipson & Smyth 2010) and matches scipy.stats.permutation_test.
 * Equivalent to scipy.stats.permutation_test((a, b), mean-of-differences, permutation_type='samples').
 */
export function randomizationTest(a: readonly number[], b: readonly number[], options: RandomizationOptions): RandomizationResult {
  const d = differences(a, b, 1);
  const n = d.length;
  const permutations = options.permutations ?? 10_000;
  if (!Number.isInteger(permutations) || permutations < 1) throw new RangeError(`permutations must be a positive integer, got ${permutations}`);
  let scale = 0;
  let observed = 0;
  for (const x of d) {
    observed += x;
    scale += Math.abs(x);
  }
  const threshold = Math.abs(observed) - 1e-9 * scale;
  const meanDiff = observed / n;

  if (n < 31 && 2 ** n <= permutations) {
    const total = 2 ** n;
    let count = 0;
    for (let mask = 0; mask < total; mask++) {
      let sum = 0;
      for (let i = 0; i < n; i++) sum += mask & (1 << i) ? -d[i] : d[i];
      if (Math.abs(sum) >= threshold) count++;
    }
    return { p: count / total, meanDiff, permutations: total, exact: true };
  }

  const rng = createRng(options.seed).fork('randomization');
  let count = 0;
  for (let k = 0; k < permutations; k++) {
    let sum = 0;
    let bits = 0;
    for (let i = 0; i < n; i++) {
      if ((i & 31) === 0) bits = rng.nextUint32();
      sum += bits & (1 << (i & 31)) ? -d[i] : d[i];
    }
    if (Math.abs(sum) >= threshold) count++;
  }
  return { p: (count + 1) / (permutations + 1), meanDiff, permutations, exact: false };
}

export interface BootstrapOptions {
  /** Resamples (default 10 000). */
  samples?: number;
  seed: number | string;
  /** Confidence level (default 0.95). */
  level?: number;
}

export interface BootstrapResult {
  meanDiff: number;
  lower: number;
  upper: number;
  level: number;
  samples: number;
}

/** Quantile with linear interpolation between order statistics (numpy's default 'linear' method). */
function quantileSorted(sorted: Float64Array, q: number): number {
  const position = q * (sorted.length - 1);
  const low = Math.floor(position);
  const high = Math.min(low + 1, sorted.length - 1);
  return sorted[low] + (position - low) * (sorted[high] - sorted[low]);
}

/**
 * Mean difference a − b with a percentile bootstrap confidence interval: queries are resampled with
 * replacement (pairs kept together), the interval is the (1 − level)/2 and (1 + level)/2 quantiles of the
 * resampled mean differences (scipy.stats.bootstrap(method='percentile') does the same).
 */
export function bootstrapCI(a: readonly number[], b: readonly number[], options: BootstrapOptions): BootstrapResult {
  const d = differences(a, b, 1);
  const n = d.length;
  const samples = options.samples ?? 10_000;
  const level = options.level ?? 0.95;
  if (!(level > 0 && level < 1)) throw new RangeError(`level must be in (0, 1), got ${level}`);
  if (!Number.isInteger(samples) || samples < 1) throw new RangeError(`samples must be a positive integer, got ${samples}`);
  const rng = createRng(options.seed).fork('bootstrap');
  const means = new Float64Array(samples);
  for (let s = 0; s < samples; s++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += d[rng.nextInt(n)];
    means[s] = sum / n;
  }
  means.sort();
  const alpha = (1 - level) / 2;
  return { meanDiff: mean(d), lower: quantileSorted(means, alpha), upper: quantileSorted(means, 1 - alpha), level, samples };
}

export interface WinsTiesLosses {
  wins: number;
  ties: number;
  losses: number;
}

/** Per-query comparison: a win when a[i] − b[i] > tolerance, a loss when < −tolerance, else a tie. */
export function winsTiesLosses(a: readonly number[], b: readonly number[], tolerance = 0): WinsTiesLosses {
  const d = differences(a, b, 0);
  const result = { wins: 0, ties: 0, losses: 0 };
  for (const x of d) {
    if (x > tolerance) result.wins++;
    else if (x < -tolerance) result.losses++;
    else result.ties++;
  }
  return result;
}

/**
 * Holm–Bonferroni step-down adjustment (family-wise error), in the input's order: with p sorted ascending,
 * adjusted p(i) = max over j ≤ i of min(1, (m − j + 1)·p(j)) (1-based j). Reject where adjusted ≤ α.
 */
export function holm(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = pValues.map((p, i) => ({ p, i })).sort((x, y) => x.p - y.p);
  const adjusted = new Array<number>(m);
  let running = 0;
  order.forEach(({ p, i }, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * p));
    adjusted[i] = running;
  });
  return adjusted;
}
