/**
 * Test-only: small, fully specified snapshots built from explicit per-query values.
 */
import { configHash } from '../core/experiment/hash';
import { runIdOf } from '../core/experiment/runMatrix';
import { validateExperiment } from '../core/experiment/validate';
import type { ExperimentConfig } from '../core/experiment/schema';
import type { EvaluationRecord, RunRecord, Snapshot, StopRecord, SweepSnapshot } from '../core/snapshot/schema';

export const FIXTURE_ENVIRONMENT: Snapshot['environment'] = {
  adapter: {
    runtime: 'node',
    vendor: 'google',
    architecture: 'swiftshader',
    device: '',
    description: 'SwiftShader Device (Subzero)',
    isFallbackAdapter: false,
    isSoftware: true,
    features: ['float32-filterable'],
    limits: { maxBufferSize: 1073741824 },
  },
  runtime: { kind: 'node', userAgent: 'Node.js/v20' },
  app: { version: '0.1.0', commit: 'abc1234' },
};

export function fixtureConfig(overrides: Record<string, unknown> = {}): ExperimentConfig {
  return validateExperiment({
    schemaVersion: 1,
    name: 'fixture',
    model: { kind: 'random', architecture: 'bert', layers: 1, hidden: 8, heads: 2, intermediate: 16, vocabSize: 50, maxPositions: 16 },
    trainingData: { source: 'bundled', path: 'data/t.tsv', format: 'triples' },
    evalSets: [
      { name: 'dl19', topics: 't19', qrels: 'q19', candidates: 'c19', measures: ['ndcg_cut_10', 'map'] },
      { name: 'dl20', topics: 't20', qrels: 'q20', candidates: 'c20', measures: ['ndcg_cut_10', 'map'] },
    ],
    seeds: [1, 2],
    steps: 3,
    maxLength: 16,
    ...overrides,
  });
}

/** values[measure][qid] → an evaluation record at `step`, with a run ranking docs by descending value. */
export function fixtureEvaluation(evalSet: string, step: number, values: Record<string, Record<string, number>>): EvaluationRecord {
  // no prototypes: a qid such as "__proto__" is an ordinary key
  const perQuery: EvaluationRecord['perQuery'] = Object.create(null);
  for (const [measure, byQuery] of Object.entries(values)) {
    for (const [qid, value] of Object.entries(byQuery)) (perQuery[qid] ??= Object.create(null))[measure] = value;
  }
  const run: EvaluationRecord['run'] = Object.create(null);
  for (const qid of Object.keys(perQuery))
    run[qid] = [
      { docno: `${qid}-a`, score: 2.5 },
      { docno: `${qid}-b`, score: -1 },
    ];
  return { step, evalSet, perQuery, run };
}

export function fixtureRun(
  config: ExperimentConfig,
  arm: string,
  seed: number,
  evaluations: EvaluationRecord[],
  stop: StopRecord = { reason: 'completed', step: 3 },
): RunRecord {
  const curve = Array.from({ length: stop.step }, (_, i) => ({
    step: i + 1,
    loss: stop.reason === 'non-finite' && i + 1 === stop.step ? Number.NaN : 0.7 - 0.01 * i,
    lr: 1e-5,
    gradNorm: stop.reason === 'non-finite' && i + 1 === stop.step ? Number.POSITIVE_INFINITY : 1.5,
    examplesPerSecond: 12.5,
    ms: 80,
  }));
  return {
    runId: runIdOf(config.name, arm, seed),
    arm,
    seed,
    stop,
    curve,
    batchHashes: curve.map((p) => `hash-${seed}-${p.step}`),
    evaluations,
  };
}

export async function fixtureSnapshot(config: ExperimentConfig, runs: RunRecord[]): Promise<Snapshot> {
  return {
    schemaVersion: 1,
    kind: 'rerank-lab-snapshot',
    createdAt: '2026-01-01T00:00:00.000Z',
    config,
    configHash: await configHash(config),
    environment: FIXTURE_ENVIRONMENT,
    runs,
  };
}

/** A sweep's member config: fixtureConfig with a name `sweep/L1-H<hidden>` and a BERT of that hidden size. */
export function fixtureSweepMemberConfig(sweep: string, hidden: number): ExperimentConfig {
  return fixtureConfig({
    name: `${sweep}/L1-H${hidden}`,
    model: { kind: 'random', architecture: 'bert', layers: 1, hidden, heads: 2, intermediate: 2 * hidden, vocabSize: 50, maxPositions: 16 },
  });
}

/** A sweep's snapshot from member snapshots (createdAt fixed, like fixtureSnapshot's). */
export function fixtureSweepSnapshot(name: string, experiments: number, members: Snapshot[]): SweepSnapshot {
  return { schemaVersion: 1, kind: 'rerank-lab-sweep-snapshot', createdAt: '2026-01-02T00:00:00.000Z', sweep: { name, experiments }, members };
}
