/**
 * The studentized range, Tukey's HSD and the paired t-test against SciPy: fixtures/golden/stats/scipy-reference.json
 * is scripts/stats_reference.py's output (SciPy 1.10.1, NumPy 1.24.2; the HSD written there from its definition).
 * The script also runs live when /usr/bin/python3 has SciPy; with CI=true a missing SciPy fails.
 *
 * Tolerances: SciPy's own studentized_range.sf integrates to about 1e-8 relative (its HSD p for two systems differs
 * from its own exactly equal t-test p by 4e-9), so p-values of the studentized range are compared at 1e-6 relative
 * (1e-12 absolute below 1e-9); t, q, MSE and means, computed in closed form on both sides, at 1e-10.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, readSharedJson } from '../../testing/shared';
import { normalCdf, normalRangeSf, pairedTTest, studentizedRangeSf, studentTTwoSided, tukeyHsd } from './index';

interface Reference {
  versions: Record<string, string>;
  studentizedRangeSf: { q: number; k: number; df: number | 'inf'; sf: number }[];
  matrices: {
    name: string;
    scores: number[][];
    tukey: { mse: number; df: number; means: number[]; pairs: { i: number; j: number; q: number; p: number }[] };
    ttest: { i: number; j: number; t: number; p: number; df: number }[];
  }[];
}

const FIXTURE = readSharedJson<Reference>('golden/stats/scipy-reference.json');

function closeRelative(actual: number, expected: number, relative: number) {
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(relative * Math.abs(expected));
}
function closeP(actual: number, expected: number) {
  if (expected < 1e-9) expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(1e-12);
  else closeRelative(actual, expected, 1e-6);
}

function checkAgainst(reference: Reference) {
  for (const { q, k, df, sf } of reference.studentizedRangeSf) closeP(studentizedRangeSf(q, k, df === 'inf' ? Infinity : df), sf);
  for (const matrix of reference.matrices) {
    const result = tukeyHsd(matrix.scores);
    expect(result.df).toBe(matrix.tukey.df);
    closeRelative(result.mse, matrix.tukey.mse, 1e-10);
    result.means.forEach((m, i) => closeRelative(m, matrix.tukey.means[i], 1e-12));
    expect(result.pairs.map(({ i, j }) => [i, j])).toEqual(matrix.tukey.pairs.map(({ i, j }) => [i, j]));
    result.pairs.forEach((pair, n) => {
      closeRelative(pair.q, matrix.tukey.pairs[n].q, 1e-10);
      closeP(pair.p, matrix.tukey.pairs[n].p);
    });
    for (const { i, j, t, p, df } of matrix.ttest) {
      const ours = pairedTTest(matrix.scores[i], matrix.scores[j]);
      expect(ours.df).toBe(df);
      closeRelative(ours.t, t, 1e-10);
      closeRelative(ours.p, p, 1e-9);
    }
  }
}

describe('against the committed SciPy reference (scripts/stats_reference.py)', () => {
  it(`studentized_range.sf, the two-way HSD and ttest_rel (SciPy ${FIXTURE.versions.scipy})`, () => {
    expect(FIXTURE.studentizedRangeSf.length).toBeGreaterThanOrEqual(16);
    expect(FIXTURE.matrices.map((m) => m.scores.length)).toEqual([3, 4, 5, 2]);
    checkAgainst(FIXTURE);
  });
});

describe('closed forms', () => {
  it('the range of two normals: P(R ≥ w) = 2 Φ(−w/√2), through the integral', () => {
    for (const w of [0.1, 1, 2.5, 5, 9]) closeRelative(normalRangeSf(w, 2), 2 * normalCdf(-w / Math.SQRT2), 1e-9);
  });
  it('two systems: the studentized range is √2 |t|', () => {
    for (const [q, df] of [
      [1, 3],
      [4.2, 42],
      [10, 126],
    ])
      closeRelative(studentizedRangeSf(q, 2, df), studentTTwoSided(q / Math.SQRT2, df), 1e-14);
  });
  it('Φ at two points (scipy.stats.norm.cdf)', () => {
    closeRelative(normalCdf(1.96), 0.9750021048517795, 1e-14);
    closeRelative(normalCdf(-5), 2.866515718791933e-7, 1e-12);
  });
});

describe('tukeyHsd', () => {
  it('refuses fewer than two systems or queries, and ragged rows', () => {
    expect(() => tukeyHsd([[0.1, 0.2]])).toThrow(/at least two systems, got 1/);
    expect(() => tukeyHsd([[0.1], [0.2]])).toThrow(/at least two queries/);
    expect(() => tukeyHsd([[0.1, 0.2], [0.3]])).toThrow(/same queries/);
  });
  it('identical systems: p = 1; a constant shift with no residual: p = 0', () => {
    expect(
      tukeyHsd([
        [0.1, 0.5, 0.9],
        [0.1, 0.5, 0.9],
      ]).pairs[0].p,
    ).toBe(1);
    expect(
      tukeyHsd([
        [0.2, 0.6, 1],
        [0.1, 0.5, 0.9],
        [0.1, 0.5, 0.9],
      ]).pairs[0].p,
    ).toBe(0);
  });
});

describe('SciPy live', () => {
  const python = '/usr/bin/python3';
  const hasScipy = spawnSync(python, ['-c', 'import scipy'], { stdio: 'ignore' }).status === 0;
  if (!hasScipy) {
    const message = `${python} has no SciPy: apt-get install -y python3-scipy`;
    if (process.env.CI === 'true' || process.env.CI === '1') it('needs SciPy in CI', () => expect.fail(`CI requires SciPy: ${message}`));
    else console.warn(`[SciPy live check skipped] ${message}`);
  }
  it.runIf(hasScipy)('scripts/stats_reference.py now agrees with the TypeScript and with the fixture', () => {
    const result = spawnSync(python, [join(REPO_ROOT, 'scripts/stats_reference.py')], { encoding: 'utf8', timeout: 120_000 });
    expect(result.status, result.stderr).toBe(0);
    const live = JSON.parse(result.stdout) as Reference;
    checkAgainst(live);
    expect(live.matrices.map((m) => m.scores)).toEqual(FIXTURE.matrices.map((m) => m.scores));
  });
});
