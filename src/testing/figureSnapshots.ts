/**
 * Test-only: small snapshots with known numbers for the figures' tests — a sweep of two model sizes with known gaps,
 * and a tuning study with known dev scores per trial and seed.
 */
import { runIdOf } from '../core/experiment/runMatrix';
import { expandTuningStudy, type TuningStudy } from '../core/experiment/tuning';
import { assembleStudySnapshot } from '../core/snapshot/assemble';
import type { RunRecord, Snapshot, SweepSnapshot } from '../core/snapshot/schema';
import { analyzeTuning, selectedFinalExperiment } from '../core/snapshot/tuningAnalysis';
import { fixtureEvaluation, fixtureRun, fixtureSnapshot, fixtureSweepMemberConfig, fixtureSweepSnapshot } from './snapshots';
import { bundledEvalSet, bundledTriples, tinyBert } from './tinyStudies';

/** The gap (lion − adamw) on every query, per member's hidden size. */
export const SWEEP_GAPS: Record<number, number> = { 8: 0.1, 16: -0.05 };

/** Sweep `sw` of two sizes (hidden 8 and 16), 2 seeds: lion's NDCG@10 is adamw's + SWEEP_GAPS[hidden] on every query. */
export async function twoSizeSweep(): Promise<SweepSnapshot> {
  const members = await Promise.all(
    Object.entries(SWEEP_GAPS).map(async ([hidden, gap]) => {
      const config = fixtureSweepMemberConfig('sw', Number(hidden));
      const adamw = { q1: 0.3, q2: 0.5, q3: 0.7 };
      const lion = Object.fromEntries(Object.entries(adamw).map(([q, v]) => [q, v + gap]));
      const evals = (values: Record<string, number>) => ['dl19', 'dl20'].map((set) => fixtureEvaluation(set, 3, { ndcg_cut_10: values, map: values }));
      return fixtureSnapshot(
        config,
        [1, 2].flatMap((seed) => [fixtureRun(config, 'adamw', seed, evals(adamw)), fixtureRun(config, 'lion', seed, evals(lion))]),
      );
    }),
  );
  return fixtureSweepSnapshot('sw', 3, members);
}

/** A study `lr-study`: 3 trials per optimizer, seeds 1 and 2, 2 steps each, judged on dl19. */
export const TUNING_STUDY = {
  schemaVersion: 1,
  kind: 'tuning',
  name: 'lr-study',
  base: { model: tinyBert(), trainingData: bundledTriples(), batchSize: 2, steps: 2, maxLength: 32, evaluateEvery: 0, checkpointEvery: 0 },
  devSet: bundledEvalSet('dl19', 2),
  testSets: [bundledEvalSet('dl20', 2)],
  search: [
    { optimizer: 'adamw', lr: { min: 1e-4, max: 1e-2 } },
    { optimizer: 'lion', lr: { min: 1e-5, max: 1e-3 } },
  ],
  budget: 3,
  tuningSeeds: [1, 2],
  finalSeeds: [1],
};

/** Dev NDCG@10 of trial index k (1-based) of a space in seed s: the same on both queries. */
export function tuningDevScore(space: string, k: number, seed: number): number {
  return (space === 'adamw' ? 0.2 : 0.3) + 0.1 * k + 0.02 * seed;
}

function trialRun(expanded: TuningStudy, trial: TuningStudy['trials'][number], seed: number): RunRecord {
  const value = tuningDevScore(trial.space, trial.index, seed);
  const curve = [1, 2].map((step) => ({ step, loss: 0.7, lr: trial.point.lr, gradNorm: 1, examplesPerSecond: 10, ms: 50 }));
  return {
    runId: runIdOf(expanded.tuning.name, trial.name, seed),
    arm: trial.name,
    seed,
    stop: { reason: 'completed', step: 2 },
    curve,
    batchHashes: curve.map((p) => `h${seed}-${p.step}`),
    evaluations: [fixtureEvaluation('dl19', 2, { ndcg_cut_10: { q1: value, q2: value } })],
  };
}

/** The study's snapshot: every trial run, and the final experiment its selection makes (no final runs yet). */
export async function tuningStudySnapshot(): Promise<Snapshot> {
  const expanded = expandTuningStudy(TUNING_STUDY);
  const runs = expanded.trials.flatMap((trial) => [1, 2].map((seed) => trialRun(expanded, trial, seed)));
  const final = selectedFinalExperiment(expanded, analyzeTuning(expanded, runs));
  return assembleStudySnapshot(await fixtureSnapshot(final, []), expanded.study, runs);
}
