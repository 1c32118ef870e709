import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../testing/shared';
import { bundledEvalSet, bundledTriples, tinyBert } from '../../testing/tinyStudies';
import {
  expandTuningStudy,
  fairDemoPreset,
  fairMiniLmPreset,
  finalExperiment,
  radicalInverse,
  tuningHonestyChecks,
  unitPoints,
  type TuningStudyInput,
} from '.';

function study(patch: Partial<TuningStudyInput> = {}): TuningStudyInput {
  return {
    schemaVersion: 1,
    kind: 'tuning',
    name: 'unit',
    base: { model: tinyBert(), trainingData: bundledTriples(), batchSize: 2, steps: 4, maxLength: 32, evaluateEvery: 2, checkpointEvery: 0 },
    devSet: bundledEvalSet('dl19', 2),
    testSets: [bundledEvalSet('dl20', 2)],
    search: [
      { optimizer: 'adamw', lr: { min: 1e-4, max: 1e-2 } },
      { optimizer: 'lion', lr: { min: 1e-5, max: 1e-3 }, weightDecay: 0.1 },
    ],
    budget: 3,
    ...patch,
  };
}

const problemsOf = (input: unknown): string => {
  try {
    expandTuningStudy(input, 'fair.json');
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the study to be refused');
};

describe('tuning study schema', () => {
  it('refuses a study that selects and reports on the same set, naming the field', () => {
    expect(problemsOf(study({ testSets: [bundledEvalSet('dl20', 2), bundledEvalSet('dl19', 5)] }))).toMatch(
      /^fair\.json: testSets\[1\]\.name: the same name as devSet \(dl19\): a study must select on one set and report on another/,
    );
    // Renamed, but the same judgments: still the dev set.
    expect(problemsOf(study({ testSets: [{ ...bundledEvalSet('dl20', 2), qrels: 'data/qrels.dl19-passage.txt', name: 'other' }] }))).toMatch(
      /fair\.json: testSets\[0\]\.qrels: the same qrels file as devSet \(dl19\)/,
    );
    expect(
      problemsOf(study({ testSets: [{ ...bundledEvalSet('dl20', 2), name: 'x', topics: { source: 'bundled', path: 'data/topics.dl19-passage.txt' } }] })),
    ).toMatch(/testSets\[0\]\.topics: the same topics file as devSet/);
  });

  it('names the study’s own fields for problems of the expanded experiments, all at once', () => {
    const message = problemsOf(
      study({
        base: { model: tinyBert(), trainingData: bundledTriples(), batchSize: 0, steps: 4, arms: [] },
        search: [
          { optimizer: 'adamw', lr: { min: 1e-2, max: 1e-4 } },
          { optimizer: 'lion', lr: { min: 1e-5, max: 1e-3 }, eps: 1e-8 },
        ],
      }),
    );
    expect(message).toContain('fair.json: base.arms: set by the tuning study; remove it from base');
    expect(message).toContain('fair.json: search[0].lr.max: max is below min (0.01)');
    const second = problemsOf(study({ base: { model: tinyBert(), trainingData: bundledTriples(), batchSize: 0, steps: 4 } }));
    expect(second).toBe('fair.json: base.batchSize: expected a number ≥ 1 (got 0) (trials)');
    expect(
      problemsOf(
        study({
          search: [
            { optimizer: 'adamw', lr: { min: 1e-4, max: 1e-2 } },
            { optimizer: 'lion', lr: { min: 1e-5, max: 1e-3 }, eps: 1e-8 },
          ],
        }),
      ),
    ).toBe('fair.json: search[1].eps: Lion has no eps; remove it (trials)');
    expect(problemsOf(study({ devSet: { ...bundledEvalSet('dl19', 2), measures: ['map'] } }))).toContain(
      'fair.json: devSet.measures: trials are selected by ndcg_cut_10; add it to the dev set',
    );
    expect(problemsOf(study({ finalSeeds: [1, 1] }))).toContain('fair.json: finalSeeds[1]: duplicate seed 1 (final runs)');
    expect(
      problemsOf(
        study({
          sampler: 'grid',
          budget: 3,
          search: [
            { optimizer: 'adamw', lr: { min: 1e-4, max: 1e-2 }, weightDecay: { min: 0, max: 0.1 } },
            { optimizer: 'lion', lr: { min: 1e-5, max: 1e-3 } },
          ],
        }),
      ),
    ).toContain('fair.json: budget: a grid over 2 searched dimensions (search[0]) needs a budget that is a square (e.g. 4, 9, 16)');
  });

  it('expands the trials interleaved, with the same budget per optimizer, into a dev-only experiment', () => {
    const expanded = expandTuningStudy(study());
    expect(expanded.tuning.name).toBe('unit/tuning');
    expect(expanded.tuning.arms.map((a) => a.name)).toEqual(['adamw-t1', 'lion-t1', 'adamw-t2', 'lion-t2', 'adamw-t3', 'lion-t3']);
    expect(expanded.tuning.evalSets.map((e) => e.name)).toEqual(['dl19']);
    expect(expanded.tuning.seeds).toEqual([1]);
    for (const t of expanded.trials) {
      const [min, max] = t.space === 'adamw' ? [1e-4, 1e-2] : [1e-5, 1e-3];
      expect(t.point.lr).toBeGreaterThanOrEqual(min);
      expect(t.point.lr).toBeLessThanOrEqual(max);
      expect(t.arm.lr).toBe(t.point.lr);
    }
    // The same unit points for both spaces: the k-th Lion trial sits where the k-th AdamW trial sits in its own range.
    const position = (lr: number, min: number, max: number) => Math.log(lr / min) / Math.log(max / min);
    for (let k = 1; k <= 3; k++) {
      const a = expanded.trials.find((t) => t.name === `adamw-t${k}`)!.point.lr;
      const l = expanded.trials.find((t) => t.name === `lion-t${k}`)!.point.lr;
      expect(position(a, 1e-4, 1e-2)).toBeCloseTo(position(l, 1e-5, 1e-3), 2);
    }
    expect(expanded.trials.find((t) => t.name === 'lion-t2')!.arm.weightDecay).toBe(0.1);
    // The final experiment: the chosen trials under the spaces' names, on the test sets, evaluated after the last step only.
    const final = finalExperiment(expanded, ['adamw-t2', 'lion-t3']);
    expect(final.name).toBe('unit/final');
    expect(final.arms.map((a) => [a.name, a.lr])).toEqual([
      ['adamw', expanded.trials.find((t) => t.name === 'adamw-t2')!.point.lr],
      ['lion', expanded.trials.find((t) => t.name === 'lion-t3')!.point.lr],
    ]);
    expect(final.evalSets.map((e) => e.name)).toEqual(['dl20']);
    expect(final.evaluateEvery).toBe(0);
    expect(final.seeds).toEqual([1, 2, 3]);
  });

  it('draws points from the van der Corput / Halton sequence and grids from min to max', () => {
    // van der Corput in base 2 and 3 (Halton's first two coordinates).
    expect([1, 2, 3, 4, 5, 6].map((i) => radicalInverse(i, 2))).toEqual([0.5, 0.25, 0.75, 0.125, 0.625, 0.375]);
    expect([1, 2, 3, 4].map((i) => radicalInverse(i, 3))).toEqual([1 / 3, 2 / 3, 1 / 9, 4 / 9]);
    const points = unitPoints('quasi-random', 4, ['lr'], 7);
    expect(unitPoints('quasi-random', 4, ['lr'], 7)).toEqual(points);
    expect(unitPoints('quasi-random', 4, ['lr'], 8)).not.toEqual(points);
    // A shifted Halton sequence keeps its spacing: consecutive lr coordinates differ as van der Corput's do (mod 1).
    const gaps = points.slice(1).map((p, i) => (p.lr - points[i].lr + 1) % 1);
    expect(gaps.map((g) => g.toFixed(10))).toEqual([0.75, 0.5, 0.375].map((g) => g.toFixed(10)));
    const grid = expandTuningStudy(study({ sampler: 'grid', budget: 3 }));
    expect(grid.trials.filter((t) => t.space === 'adamw').map((t) => t.point.lr)).toEqual([1e-4, 1e-3, 1e-2]);
  });

  it('ships configs/fair-demo.json as the Fair tuning (Demo) preset, and both presets expand', () => {
    const file = JSON.parse(readFileSync(join(REPO_ROOT, 'configs/fair-demo.json'), 'utf8'));
    expect(file).toEqual(JSON.parse(JSON.stringify(fairDemoPreset())));
    const demo = expandTuningStudy(file, 'fair-demo.json');
    expect(demo.trials).toHaveLength(8);
    expect(demo.tuning.evalSets[0].name).toBe('dl19');
    const gpu = expandTuningStudy(fairMiniLmPreset({ triplesUrl: 'https://example.org/triples.tsv.gz' }));
    expect(gpu.trials).toHaveLength(16);
    expect(gpu.tuning.model).toMatchObject({ kind: 'hub', id: 'microsoft/MiniLM-L12-H384-uncased' });
  });

  it('warns about the final runs in the study’s own fields, not about the searched learning rates', () => {
    const warnings = tuningHonestyChecks(expandTuningStudy(fairDemoPreset()));
    expect(warnings.map((w) => `${w.code} ${w.field}`)).toEqual(['single-eval-set testSets', 'few-seeds finalSeeds']);
    const minilm = tuningHonestyChecks(expandTuningStudy(fairMiniLmPreset({ triplesUrl: 'https://example.org/t.tsv.gz' })));
    expect(minilm.map((w) => `${w.code} ${w.field}`)).toEqual(['single-eval-set testSets', 'unpinned-hub-revision base.model.revision']);
  });
});
