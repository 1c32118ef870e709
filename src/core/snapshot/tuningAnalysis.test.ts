import { describe, expect, it } from 'vitest';
import { expandTuningStudy, finalExperiment, type TuningStudyInput } from '../experiment';
import { bundledEvalSet, bundledTriples, tinyBert } from '../../testing/tinyStudies';
import { analyzeTuning, assembleStudySnapshot, assembleSnapshot, snapshotSchema, studySummaryMarkdown, type Environment, type RunRecord } from '.';

const STUDY: TuningStudyInput = {
  schemaVersion: 1,
  kind: 'tuning',
  name: 'synthetic',
  base: { model: tinyBert(), trainingData: bundledTriples(), batchSize: 2, steps: 4, maxLength: 32, evaluateEvery: 2, checkpointEvery: 0 },
  devSet: bundledEvalSet('dl19', 2),
  testSets: [bundledEvalSet('dl20', 2)],
  search: [
    { optimizer: 'adamw', lr: { min: 1e-4, max: 1e-2 } },
    { optimizer: 'lion', lr: { min: 1e-5, max: 1e-3 } },
  ],
  budget: 2,
  tuningSeeds: [1, 2],
  finalSeeds: [1],
};

/** A run whose dev NDCG@10 per query is `values[step]` (two queries), each step taking `ms`. */
function run(
  experiment: string,
  arm: string,
  seed: number,
  values: Record<number, [number, number]>,
  ms = 100,
  stop: RunRecord['stop'] = { reason: 'completed', step: 4 },
): RunRecord {
  const steps = stop.step;
  return {
    runId: `${experiment}/${arm}/seed-${seed}`,
    arm,
    seed,
    stop,
    curve: Array.from({ length: steps }, (_, i) => ({ step: i + 1, loss: 0.5, lr: 1e-3, gradNorm: 1, examplesPerSecond: 10, ms })),
    batchHashes: Array.from({ length: steps }, (_, i) => `h${seed}-${i}`),
    evaluations: Object.entries(values).map(([step, [a, b]]) => ({
      step: Number(step),
      evalSet: 'dl19',
      perQuery: { q1: { ndcg_cut_10: a }, q2: { ndcg_cut_10: b } },
      run: {},
    })),
  };
}

const T = 'synthetic/tuning';
function trials(): RunRecord[] {
  return [
    // adamw-t1: dev 0.30 / 0.40 (mean 0.35); reaches 0.3 at step 2 in both seeds.
    run(T, 'adamw-t1', 1, { 2: [0.3, 0.3], 4: [0.2, 0.4] }, 100),
    run(T, 'adamw-t1', 2, { 2: [0.2, 0.4], 4: [0.4, 0.4] }, 300),
    // lion-t1: diverged in seed 2: no score.
    run(T, 'lion-t1', 1, { 2: [0.9, 0.9], 4: [0.9, 0.9] }),
    run(T, 'lion-t1', 2, {}, 100, { reason: 'non-finite', step: 3, quantity: 'loss' }),
    // adamw-t2: 0.20 / 0.20.
    run(T, 'adamw-t2', 1, { 2: [0.1, 0.1], 4: [0.2, 0.2] }),
    run(T, 'adamw-t2', 2, { 2: [0.1, 0.1], 4: [0.2, 0.2] }),
    // lion-t2: 0.50 / 0.60 (mean 0.55); mean over seeds 0.2 at step 2, 0.55 at step 4.
    run(T, 'lion-t2', 1, { 2: [0.2, 0.2], 4: [0.5, 0.5] }, 50),
    run(T, 'lion-t2', 2, { 2: [0.2, 0.2], 4: [0.6, 0.6] }, 150),
  ];
}

describe('tuning analysis', () => {
  const expanded = expandTuningStudy(STUDY);

  it('scores each trial by its mean dev NDCG@10 over seeds, selects the best per optimizer, and times the target', () => {
    const a = analyzeTuning(expanded, trials());
    expect(a.complete).toBe(true);
    const t = Object.fromEntries(a.trials.map((x) => [x.trial, x]));
    expect(t['adamw-t1'].mean).toBeCloseTo(0.35, 12);
    expect(t['adamw-t1'].min).toBeCloseTo(0.3, 12);
    expect(t['adamw-t1'].max).toBeCloseTo(0.4, 12);
    expect(t['lion-t1'].mean).toBeNull();
    expect(t['lion-t1'].seeds[1].status).toBe('non-finite loss at step 3');
    expect(t['lion-t2'].mean).toBeCloseTo(0.55, 12);
    expect(a.selected).toEqual([
      { space: 'adamw', optimizer: 'adamw', trial: 'adamw-t1', dev: t['adamw-t1'].mean },
      { space: 'lion', optimizer: 'lion', trial: 'lion-t2', dev: t['lion-t2'].mean },
    ]);
    // Target: the lower best (AdamW's 0.35). AdamW's mean dev curve is 0.3 at step 2 and 0.35 at step 4; Lion's 0.2 then 0.55.
    expect(a.target).toEqual({ value: t['adamw-t1'].mean, source: 'lower of the best' });
    const [adamw, lion] = a.timeToTarget;
    expect(adamw).toMatchObject({ trial: 'adamw-t1', steps: 4, stepsRatio: 1, secondsRatio: 1 });
    expect(adamw.seconds).toBeCloseTo((0.4 + 1.2) / 2, 12);
    expect(lion).toMatchObject({ trial: 'lion-t2', steps: 4, stepsRatio: 1 });
    expect(lion.seconds).toBeCloseTo((0.2 + 0.6) / 2, 12);
    expect(lion.secondsRatio).toBeCloseTo(0.5, 12);
  });

  it('uses the study’s own target when it gives one, and says when a selected trial never reaches it', () => {
    const a = analyzeTuning(expandTuningStudy({ ...STUDY, target: 0.25 }), trials());
    expect(a.target).toEqual({ value: 0.25, source: 'study' });
    expect(a.timeToTarget.map((x) => x.steps)).toEqual([2, 4]);
    expect(a.timeToTarget[1].stepsRatio).toBe(2);
    const high = analyzeTuning(expandTuningStudy({ ...STUDY, target: 0.5 }), trials());
    expect(high.timeToTarget.map((x) => x.steps)).toEqual([null, 4]);
    expect(high.timeToTarget[1].stepsRatio).toBeNull();
  });

  it('is incomplete (nothing selected for the final runs) while a trial has not run', () => {
    const a = analyzeTuning(expanded, trials().slice(0, 6));
    expect(a.complete).toBe(false);
    expect(a.trials.find((x) => x.trial === 'lion-t2')!.seeds[0].status).toBe('not run');
  });

  it('a study snapshot validates when its final arms are the recomputed selection, and is refused when they are not', () => {
    const environment: Environment = {
      adapter: {
        runtime: 'node',
        vendor: 'v',
        architecture: 'a',
        device: 'd',
        description: 'x',
        isFallbackAdapter: false,
        isSoftware: true,
        features: [],
        limits: {},
      },
      runtime: { kind: 'node', userAgent: 'test' },
      app: { version: '0', commit: 'c' },
    };
    const final = finalExperiment(expanded, ['adamw-t1', 'lion-t2']);
    const finalRuns = ['adamw', 'lion'].map((arm) => ({ ...run('synthetic/final', arm, 1, {}), evaluations: [] }));
    const good = assembleStudySnapshot(assembleSnapshot(final, 'f'.repeat(64), environment, finalRuns), expanded.study, trials());
    const parsed = snapshotSchema.safeParse(JSON.parse(JSON.stringify(good)));
    expect(parsed.success).toBe(true);
    expect(studySummaryMarkdown(parsed.data!)).toContain('| Lion | lion-t2 (selected) |');

    const wrong = assembleStudySnapshot(
      assembleSnapshot(finalExperiment(expanded, ['adamw-t2', 'lion-t2']), 'f'.repeat(64), environment, finalRuns),
      expanded.study,
      trials(),
    );
    const refused = snapshotSchema.safeParse(JSON.parse(JSON.stringify(wrong)));
    expect(refused.success).toBe(false);
    expect(refused.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([
      `config: the final experiment is not the one the stored trials select (recomputed arms: adamw lr ${expanded.trials[0].arm.lr}, lion lr ${expanded.trials[3].arm.lr})`,
    ]);
    // A trial run edited to another arm name is caught by the ordinary run checks, under tuning.runs.
    const edited = JSON.parse(JSON.stringify(good));
    edited.tuning.runs[0].runId = 'synthetic/tuning/adamw-t9/seed-1';
    expect(snapshotSchema.safeParse(edited).error!.issues[0].path).toEqual(['tuning', 'runs', 0, 'runId']);
  });
});
