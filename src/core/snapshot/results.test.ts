import { describe, expect, it } from 'vitest';
import { fixtureConfig, fixtureEvaluation, fixtureRun, fixtureSnapshot } from '../../testing/snapshots';
import { armConfigDiff, armMeasureResults, parameterCountOfConfig, perQueryCsv, queryScatter, sweepGapPoints } from './results';
import { summarizeSnapshot } from './summary';

const v = (a: number, b: number, c: number) => ({ q1: a, q2: b, q3: c });

async function study() {
  const config = fixtureConfig();
  const evals = (final: Record<string, number>, early: Record<string, number>) =>
    ['dl19', 'dl20'].flatMap((set) => [
      fixtureEvaluation(set, 1, { ndcg_cut_10: early, map: early }),
      fixtureEvaluation(set, 3, { ndcg_cut_10: final, map: final }),
    ]);
  return fixtureSnapshot(config, [
    fixtureRun(config, 'adamw', 1, evals(v(0.2, 0.4, 0.6), v(0.5, 0.5, 0.5))),
    fixtureRun(config, 'adamw', 2, evals(v(0.4, 0.4, 0.4), v(0.3, 0.3, 0.3))),
    fixtureRun(config, 'lion', 1, evals(v(0.5, 0.5, 0.8), v(0.1, 0.1, 0.1))),
    fixtureRun(config, 'lion', 2, evals(v(0.3, 0.5, 0.6), v(0.2, 0.2, 0.2))),
  ]);
}

describe('armMeasureResults', () => {
  it('final equals the summary cell; best is the largest seed-averaged mean over evaluation steps', async () => {
    const snapshot = await study();
    const results = armMeasureResults(snapshot);
    const summary = summarizeSnapshot(snapshot);
    expect(results).toHaveLength(2 * 2 * 2);
    for (const r of results) {
      const cell = summary.cells.find((c) => c.arm === r.arm && c.evalSet === r.evalSet && c.measure === r.measure)!;
      expect(r.final).toBeCloseTo(cell.mean, 12);
    }
    const adamw = results.find((r) => r.arm === 'adamw' && r.evalSet === 'dl19' && r.measure === 'ndcg_cut_10')!;
    // step 1: (0.5 + 0.3) / 2 = 0.4 = step 3's (0.4 + 0.4) / 2: ties keep the final step
    expect(adamw).toMatchObject({ finalStep: 3, bestStep: 3, steps: [1, 3], seeds: [1, 2] });
    expect(adamw.final).toBeCloseTo(0.4, 12);
    expect(adamw.best).toBe(adamw.final);
    const lion = results.find((r) => r.arm === 'lion' && r.evalSet === 'dl20' && r.measure === 'map')!;
    expect(lion.final).toBeCloseTo((0.6 + 1.4 / 3) / 2, 12);
    expect(lion.bestStep).toBe(3);
  });

  it('an earlier evaluation that beats the final one is the best', async () => {
    const config = fixtureConfig({ seeds: [1], evalSets: [{ name: 'dl19', topics: 't', qrels: 'q', candidates: 'c', measures: ['ndcg_cut_10'] }] });
    const run = fixtureRun(config, 'adamw', 1, [
      fixtureEvaluation('dl19', 2, { ndcg_cut_10: v(0.9, 0.9, 0.9) }),
      fixtureEvaluation('dl19', 3, { ndcg_cut_10: v(0.3, 0.3, 0.3) }),
    ]);
    const [r] = armMeasureResults(await fixtureSnapshot(config, [run]));
    expect(r).toMatchObject({ final: 0.3, best: 0.9, bestStep: 2 });
  });

  it('runs stopped early are not counted (as in the summary)', async () => {
    const config = fixtureConfig({ seeds: [1] });
    const stopped = fixtureRun(config, 'lion', 1, [fixtureEvaluation('dl19', 1, { ndcg_cut_10: v(1, 1, 1) })], { reason: 'stopped-by-user', step: 1 });
    const done = fixtureRun(config, 'adamw', 1, [fixtureEvaluation('dl19', 3, { ndcg_cut_10: v(0.1, 0.2, 0.3), map: v(0, 0, 0) })]);
    const results = armMeasureResults(await fixtureSnapshot(config, [done, stopped]));
    expect(results.map((r) => `${r.arm} ${r.evalSet} ${r.measure}`)).toEqual(['adamw dl19 ndcg_cut_10', 'adamw dl19 map']);
  });
});

describe('queryScatter', () => {
  it('per query, each arm averaged over the paired seeds; the mean difference is the summary comparison', async () => {
    const snapshot = await study();
    const points = queryScatter(snapshot, 'dl19', 'lion');
    expect(points).toEqual([
      { qid: 'q1', baseline: 0.30000000000000004, treatment: 0.4 },
      { qid: 'q2', baseline: 0.4, treatment: 0.5 },
      { qid: 'q3', baseline: 0.5, treatment: 0.7 },
    ]);
    const comparison = summarizeSnapshot(snapshot).comparisons.find((c) => c.evalSet === 'dl19' && c.measure === 'ndcg_cut_10')!;
    const meanDiff = points.reduce((s, p) => s + p.treatment - p.baseline, 0) / points.length;
    expect(meanDiff).toBeCloseTo(comparison.meanDifference, 12);
    expect(comparison.wins).toBe(points.filter((p) => p.treatment > p.baseline).length);
  });
});

describe('armConfigDiff', () => {
  it('lists only the fields whose values differ', () => {
    const config = fixtureConfig();
    const diff = armConfigDiff(config.arms);
    const fields = diff.map((d) => d.field);
    expect(fields).toContain('optimizer');
    expect(fields).toContain('lr');
    expect(fields).toContain('weightDecay');
    expect(fields).not.toContain('clipNorm');
    expect(diff.find((d) => d.field === 'optimizer')!.values).toEqual({ adamw: '"adamw"', lion: '"lion"' });
    expect(armConfigDiff([config.arms[0], { ...config.arms[0], name: 'copy' }])).toEqual([]);
  });
});

describe('perQueryCsv', () => {
  it('one row per run × evaluation × query, measures as columns', async () => {
    const csv = perQueryCsv(await study())
      .trim()
      .split('\n');
    expect(csv[0]).toBe('arm,seed,eval_set,step,qid,ndcg_cut_10,map');
    expect(csv).toHaveLength(1 + 4 * 2 * 2 * 3);
    expect(csv[1]).toBe('adamw,1,dl19,1,q1,0.5,0.5');
    expect(csv).toContain('lion,2,dl20,3,q3,0.6,0.6');
  });
});

describe('sweepGapPoints', () => {
  it('the comparison of every eval set with the model parameter count', async () => {
    const snapshot = await study();
    const points = sweepGapPoints([{ id: 'L1-H8', snapshot }]);
    expect(points.map((p) => p.evalSet)).toEqual(['dl19', 'dl20']);
    expect(points[0].parameters).toBe(parameterCountOfConfig(snapshot.config));
    // the fixture's BERT: 1 layer × hidden 8, vocab 50, 16 positions, 2 token types
    const h = 8;
    const i = 16;
    expect(points[0].parameters).toBe(50 * h + 2 * h + 16 * h + 2 * h + (4 * (h * h + h) + 4 * h + (i * h + i) + (h * i + h)) + (h * h + h) + (h + 1));
    expect(points[0].ciLow).toBeLessThanOrEqual(points[0].meanDifference);
  });
});
