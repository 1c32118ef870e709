/**
 * Tukey's HSD for IR evaluation (Carterette 2012, "Multiple testing in statistical analysis of systems-based
 * information retrieval experiments", TOIS; Sakai 2014): systems × queries as a two-way ANOVA without replication,
 * whose residual mean square estimates the noise of every pairwise difference; each pair's difference of means,
 * divided by √(MSE / queries), is compared with the studentized range for all k systems at the residual's
 * (k − 1)(n − 1) degrees of freedom. The test controls the family-wise error over all k(k − 1)/2 pairs by itself.
 */
import { studentizedRangeSf } from './studentizedRange';

export interface TukeyPair {
  /** Row indices of the two systems (i < j). */
  i: number;
  j: number;
  /** mean_i − mean_j over the queries. */
  meanDifference: number;
  /** |mean_i − mean_j| / √(MSE / n). */
  q: number;
  /** P(Q ≥ q) for the studentized range with k systems and the residual degrees of freedom. */
  p: number;
}

export interface TukeyResult {
  systems: number;
  queries: number;
  /** Residual mean square of the two-way (system × query) ANOVA. */
  mse: number;
  df: number;
  means: number[];
  pairs: TukeyPair[];
}

/** HSD over `scores[system][query]` (every system over the same queries, in the same order). */
export function tukeyHsd(scores: readonly (readonly number[])[]): TukeyResult {
  const k = scores.length;
  if (k < 2) throw new RangeError(`Tukey's HSD needs at least two systems, got ${k}`);
  const n = scores[0].length;
  if (scores.some((row) => row.length !== n)) throw new RangeError('Tukey: every system needs a value for the same queries');
  if (n < 2) throw new RangeError(`Tukey's HSD needs at least two queries, got ${n}`);
  const means = scores.map((row) => row.reduce((s, v) => s + v, 0) / n);
  const grand = means.reduce((s, v) => s + v, 0) / k;
  const queryMeans = Array.from({ length: n }, (_, q) => scores.reduce((s, row) => s + row[q], 0) / k);
  let sse = 0;
  for (let s = 0; s < k; s++) for (let q = 0; q < n; q++) sse += (scores[s][q] - means[s] - queryMeans[q] + grand) ** 2;
  const df = (k - 1) * (n - 1);
  const mse = sse / df;
  const standardError = Math.sqrt(mse / n);
  const pairs: TukeyPair[] = [];
  for (let i = 0; i < k; i++) {
    for (let j = i + 1; j < k; j++) {
      const meanDifference = means[i] - means[j];
      // No residual noise: a difference is certain, no difference is none (as the t-test treats a zero variance).
      const q = standardError > 0 ? Math.abs(meanDifference) / standardError : meanDifference === 0 ? 0 : Infinity;
      pairs.push({ i, j, meanDifference, q, p: studentizedRangeSf(q, k, df) });
    }
  }
  return { systems: k, queries: n, mse, df, means, pairs };
}
