import { describe, expect, it } from 'vitest';
import type { CurvePoint, EvaluationRecord } from '../snapshot/schema';
import { armSeries, curveSeries, emaSmooth, evaluationSeries, recentThroughput, wallSeconds, yExtent, type RunSeriesInput } from './series';

const point = (step: number, loss: number, ms = 100): CurvePoint => ({ step, loss, lr: 1e-3, gradNorm: 1, examplesPerSecond: 40, ms });

function run(arm: string, seed: number, losses: number[], evaluations: EvaluationRecord[] = []): RunSeriesInput {
  return { runId: `x/${arm}/seed-${seed}`, arm, seed, curve: losses.map((l, i) => point(i + 1, l, 100 * (i + 1))), evaluations };
}

describe('emaSmooth', () => {
  it('weight 0 is the identity; otherwise a debiased EMA (first value kept)', () => {
    expect(emaSmooth([1, 2, 3], 0)).toEqual([1, 2, 3]);
    const s = emaSmooth([1, 3], 0.5);
    expect(s[0]).toBeCloseTo(1, 12);
    // (0.5·0.5·1 + 0.5·3) / (1 − 0.25) = 2.333…
    expect(s[1]).toBeCloseTo(7 / 3, 12);
  });

  it('non-finite values stay in place and do not poison the average', () => {
    const s = emaSmooth([1, Number.NaN, 1], 0.9);
    expect(Number.isNaN(s[1])).toBe(true);
    expect(s[2]).toBeCloseTo(1, 12);
  });
});

describe('curve and evaluation series', () => {
  it('x is the step or the summed wall time in seconds', () => {
    const r = run('adamw', 1, [0.7, 0.6, 0.5]);
    expect(wallSeconds(r.curve)).toEqual([0.1, 0.3, 0.6]);
    expect(curveSeries(r, (p) => p.loss, 'step').points.map((p) => [p.x, p.y])).toEqual([
      [1, 0.7],
      [2, 0.6],
      [3, 0.5],
    ]);
    expect(curveSeries(r, (p) => p.loss, 'time').points.map((p) => p.x)).toEqual([0.1, 0.3, 0.6]);
  });

  it('a non-finite loss is left out of the drawn points', () => {
    expect(curveSeries(run('lion', 1, [0.7, Number.NaN]), (p) => p.loss, 'step').points).toHaveLength(1);
  });

  it('evaluation series start at the first evaluation (one point is a series) and recompute means per step', () => {
    const e = (step: number, a: number, b: number): EvaluationRecord => ({
      step,
      evalSet: 'dl19',
      perQuery: { q1: { ndcg_cut_10: a }, q2: { ndcg_cut_10: b } },
      run: {},
    });
    const one = evaluationSeries(run('adamw', 1, [0.7, 0.6], [e(2, 0.2, 0.4)]), 'dl19', 'ndcg_cut_10', 'step');
    expect(one.points).toEqual([{ step: 2, x: 2, y: 0.30000000000000004 }]);
    const two = evaluationSeries(run('adamw', 1, [0.7, 0.6], [e(2, 0.2, 0.4), e(0, 0, 0.5)]), 'dl19', 'ndcg_cut_10', 'time');
    expect(two.points.map((p) => [p.step, p.x, p.y])).toEqual([
      [0, 0, 0.25],
      [2, 0.3, 0.30000000000000004],
    ]);
    expect(evaluationSeries(run('adamw', 1, [0.7], [e(1, 1, 1)]), 'dl20', 'ndcg_cut_10', 'step').points).toEqual([]);
  });
});

describe('armSeries', () => {
  it('combines seeds per step into mean, min and max; arms keep the given order', () => {
    const series = [run('lion', 2, [0.9, 0.5]), run('adamw', 1, [0.7]), run('lion', 1, [0.7, 0.3])].map((r) => curveSeries(r, (p) => p.loss, 'step'));
    const arms = armSeries(series, ['adamw', 'lion', 'sgd']);
    expect(arms.map((a) => a.arm)).toEqual(['adamw', 'lion']);
    expect(arms[1].runs.map((r) => r.seed)).toEqual([1, 2]);
    expect(arms[1].band).toEqual([
      { step: 1, x: 1, mean: 0.8, min: 0.7, max: 0.9, seeds: 2 },
      { step: 2, x: 2, mean: 0.4, min: 0.3, max: 0.5, seeds: 2 },
    ]);
    expect(yExtent(arms, true)).toEqual([0.3, 0.9]);
    expect(yExtent(arms, false)).toEqual([0.3, 0.9]);
  });
});

describe('recentThroughput', () => {
  it('examples/s weighted by step time, and mean ms per step', () => {
    const curve = [point(1, 1, 100), { ...point(2, 1, 300), examplesPerSecond: 20 }];
    // 4 + 6 examples in 0.4 s
    expect(recentThroughput(curve)).toEqual({ examplesPerSecond: 25, msPerStep: 200 });
    expect(recentThroughput([])).toBeNull();
  });
});
