/**
 * Reference values computed once with SciPy 1.17.1 / NumPy 2.4.6 (python3, this repository does not run it):
 *   scipy.stats.ttest_rel(a, b)                                   → t, p, df
 *   scipy.stats.permutation_test((a, b), lambda x, y, axis: np.mean(x - y, axis=axis),
 *       permutation_type='samples', n_resamples=np.inf, alternative='two-sided', vectorized=True)  → exact p
 *   scipy.stats.bootstrap((a, b), same statistic, paired=True, vectorized=True, method='percentile',
 *       n_resamples=100000, confidence_level=0.95, rng=np.random.default_rng(1))  → CI (Monte Carlo itself)
 */
import { describe, expect, it } from 'vitest';
import { bootstrapCI, holm, incompleteBeta, pairByQuery, pairedTTest, randomizationTest, winsTiesLosses } from './index';

const A = [0.61, 0.42, 0.55, 0.7, 0.38, 0.49, 0.66, 0.52, 0.47, 0.58, 0.73, 0.44];
const B = [0.5, 0.45, 0.5, 0.62, 0.38, 0.4, 0.6, 0.55, 0.47, 0.5, 0.65, 0.41];
// Ties: several differences share a magnitude (±0.1) and two are zero.
const TA = [0.5, 0.4, 0.3, 0.6, 0.2, 0.5, 0.4, 0.7, 0.3, 0.5];
const TB = [0.4, 0.5, 0.3, 0.5, 0.1, 0.5, 0.3, 0.6, 0.4, 0.3];
// 20 pairs from numpy.random.default_rng(2024): C ~ U(0.2, 0.9), D = clip(C − N(0.03, 0.08)), rounded to 4 places.
const C = [
  0.6731, 0.35, 0.4166, 0.7596, 0.8971, 0.2996, 0.2551, 0.3266, 0.4518, 0.3187, 0.6121, 0.6318, 0.2738, 0.596, 0.2032, 0.5256, 0.8829, 0.7596, 0.6178, 0.4277,
];
const D = [
  0.5709, 0.4384, 0.4293, 0.7165, 0.9206, 0.2898, 0.2428, 0.2631, 0.4563, 0.2669, 0.5776, 0.5678, 0.2258, 0.4334, 0.2263, 0.3997, 0.8851, 0.8062, 0.4909,
  0.4329,
];

const SCIPY = {
  AB: { t: 3.107594384269423, p: 0.009968154032452655, df: 11, exactP: 0.017578125, ci: [0.016666666666666653, 0.06916666666666664] },
  ties: { t: 1.6269784336399216, p: 0.1381847553511833, df: 9, exactP: 0.234375, ci: [-0.010000000000000004, 0.10000000000000002] },
  CD: { t: 2.254766416872327, p: 0.03614128089314733, df: 19, exactP: 0.0359649658203125, ci: [0.005284750000000021, 0.05948500000000001] },
};

describe('pairedTTest equals scipy.stats.ttest_rel', () => {
  for (const [name, [a, b]] of Object.entries({ AB: [A, B], ties: [TA, TB], CD: [C, D] })) {
    it(name, () => {
      const ref = SCIPY[name as keyof typeof SCIPY];
      const r = pairedTTest(a, b);
      expect(r.df).toBe(ref.df);
      expect(r.t).toBeCloseTo(ref.t, 12);
      expect(Math.abs(r.p - ref.p) / ref.p).toBeLessThan(1e-10);
    });
  }
  it('all-zero differences: p = 1, t = 0 (scipy returns NaN)', () => {
    expect(pairedTTest([0.3, 0.5, 0.7], [0.3, 0.5, 0.7])).toEqual({ t: 0, df: 2, p: 1, meanDiff: 0 });
  });
  it('equal non-zero differences: t = inf, p = 0 (as scipy)', () => {
    const r = pairedTTest([1, 2, 3], [0, 1, 2]);
    expect([r.t, r.p]).toEqual([Infinity, 0]);
  });
  it('needs two pairs of equal length', () => {
    expect(() => pairedTTest([1], [0])).toThrow(RangeError);
    expect(() => pairedTTest([1, 2], [0])).toThrow(RangeError);
  });
  it('incomplete beta matches closed forms', () => {
    expect(incompleteBeta(0.3, 1, 1)).toBeCloseTo(0.3, 14);
    expect(incompleteBeta(0.25, 0.5, 0.5)).toBeCloseTo((2 / Math.PI) * Math.asin(Math.sqrt(0.25)), 13);
    expect(incompleteBeta(0.6, 2, 3)).toBeCloseTo(1 - (1 - 0.6) ** 3 * (1 + 3 * 0.6), 13);
  });
});

describe('randomizationTest', () => {
  it('enumerates all 2^n sign flips when that is within the budget: exact p equals scipy', () => {
    for (const [a, b, ref] of [
      [A, B, SCIPY.AB],
      [TA, TB, SCIPY.ties],
    ] as const) {
      const r = randomizationTest(a, b, { seed: 1 });
      expect(r.exact).toBe(true);
      expect(r.p).toBe(ref.exactP);
    }
  });
  it('Monte Carlo with 10 000 draws is within 4 standard errors of the exact p, and replays per seed', () => {
    const r = randomizationTest(C, D, { seed: 'runs-a-b', permutations: 10_000 });
    expect(r.exact).toBe(false);
    const p = SCIPY.CD.exactP;
    expect(Math.abs(r.p - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / 10_000));
    expect(randomizationTest(C, D, { seed: 'runs-a-b' }).p).toBe(r.p);
    expect(randomizationTest(C, D, { seed: 'other' }).p).not.toBe(r.p);
  });
  it('all-zero differences: p = 1, exactly and by Monte Carlo', () => {
    const zeros = Array.from({ length: 40 }, (_, i) => i / 40);
    expect(randomizationTest(zeros.slice(0, 5), zeros.slice(0, 5), { seed: 0 }).p).toBe(1);
    expect(randomizationTest(zeros, zeros, { seed: 0 }).p).toBe(1);
  });
});

describe('bootstrapCI', () => {
  it('agrees with scipy percentile bootstrap within Monte Carlo error', () => {
    for (const [a, b, ref] of [
      [A, B, SCIPY.AB],
      [TA, TB, SCIPY.ties],
      [C, D, SCIPY.CD],
    ] as const) {
      const r = bootstrapCI(a, b, { seed: 3, samples: 20_000 });
      const width = ref.ci[1] - ref.ci[0];
      expect(Math.abs(r.lower - ref.ci[0])).toBeLessThan(0.06 * width);
      expect(Math.abs(r.upper - ref.ci[1])).toBeLessThan(0.06 * width);
      expect(r.meanDiff).toBeCloseTo(a.reduce((s, x, i) => s + x - b[i], 0) / a.length, 15);
    }
  });
  it('is degenerate for constant differences and replays per seed', () => {
    expect(bootstrapCI([1, 2, 3], [1, 2, 3], { seed: 1 })).toMatchObject({ lower: 0, upper: 0, meanDiff: 0 });
    expect(bootstrapCI(C, D, { seed: 9 })).toEqual(bootstrapCI(C, D, { seed: 9 }));
  });
});

describe('winsTiesLosses, holm, pairByQuery', () => {
  it('counts per-query wins, ties and losses', () => {
    expect(winsTiesLosses(TA, TB)).toEqual({ wins: 6, ties: 2, losses: 2 });
    expect(winsTiesLosses([0.5, 0.5], [0.49, 0.6], 0.02)).toEqual({ wins: 0, ties: 1, losses: 1 });
  });
  it('Holm step-down adjustment (worked by hand from the definition)', () => {
    // sorted: 0.005·4 = 0.02, 0.01·3 = 0.03, 0.03·2 = 0.06, max(0.06, 0.04·1) = 0.06; then capped at 1.
    const adjusted = holm([0.01, 0.04, 0.03, 0.005]);
    [0.03, 0.06, 0.06, 0.02].forEach((v, i) => expect(adjusted[i]).toBeCloseTo(v, 15));
    expect(holm([0.5, 0.6])).toEqual([1, 1]);
  });
  it('pairs per-query records by qid and refuses different query sets', () => {
    expect(pairByQuery({ q2: 0.2, q1: 0.1 }, { q1: 1, q2: 2 })).toEqual({ qids: ['q1', 'q2'], a: [0.1, 0.2], b: [1, 2] });
    expect(() => pairByQuery({ q1: 1 }, { q2: 1 })).toThrow('unpaired: q1, q2');
  });
});
