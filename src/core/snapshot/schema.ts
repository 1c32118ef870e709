/**
 * The snapshot (schemaVersion 1): the shareable result of an experiment. It holds what was run (the
 * resolved config and its hash), where (adapter facts, runtime, app version and commit), and everything
 * measured: per run (arm × seed) the training curve, the running batch hash after every step, every
 * evaluation's per-query values and TREC run, and why the run stopped.
 *
 * It holds no summary numbers: every mean, difference and p-value shown anywhere is recomputed from the
 * per-query values (./summary.ts), so a snapshot cannot disagree with itself.
 *
 * Curves may hold NaN or ±Infinity (a diverged loss is a result). JSON cannot, so the exported file
 * writes them as the strings "NaN", "Infinity", "-Infinity"; the schema reads either form back as numbers.
 * Per-query values and scores must be finite.
 */
import { z } from 'zod';
import { experimentSchema } from '../experiment/schema';
import { runIdOf } from '../experiment/runMatrix';
import { canonicalJson } from '../experiment/hash';
import { SchemaValidationError } from '../experiment/issues';
import { expandTuningStudy } from '../experiment/tuning';
import type { ExperimentConfig } from '../experiment/schema';
import { analyzeTuning, selectedFinalExperiment } from './tuningAnalysis';

export const SNAPSHOT_SCHEMA_VERSION = 1;
export const SNAPSHOT_KIND = 'rerank-lab-snapshot';

const NON_FINITE: Record<string, number> = { NaN: Number.NaN, Infinity: Number.POSITIVE_INFINITY, '-Infinity': Number.NEGATIVE_INFINITY };

/** A measured quantity that may be non-finite (loss, gradient norm). */
const measured = z.union([
  z.custom<number>((v) => typeof v === 'number', { error: 'expected a number' }),
  z.enum(['NaN', 'Infinity', '-Infinity']).transform((s) => NON_FINITE[s]),
]);
const finite = z.number();
const step = z.int().min(0);

/**
 * The adapter facts (same shape as `AdapterFacts` in src/gpu/device.ts, declared here so the core stays
 * free of GPU code; an `AdapterFacts` value is assignable to it and back). Fields added to AdapterFacts
 * later must be added here too: unknown fields are dropped on import.
 */
export const environmentFactsSchema = z.object({
  runtime: z.enum(['browser-page', 'browser-worker', 'node']),
  vendor: z.string(),
  architecture: z.string(),
  device: z.string(),
  description: z.string(),
  isFallbackAdapter: z.boolean(),
  isSoftware: z.boolean(),
  features: z.array(z.string()),
  limits: z.record(z.string(), finite),
});
export type EnvironmentFacts = z.output<typeof environmentFactsSchema>;

export const environmentSchema = z.strictObject({
  adapter: environmentFactsSchema,
  runtime: z.strictObject({ kind: z.enum(['browser', 'node']), userAgent: z.string() }),
  app: z.strictObject({ version: z.string().min(1), commit: z.string().min(1) }),
  /** Which kernels ran the model (RERANK_LAB_KERNELS): tfjs's ops or our fused WGSL. Absent in older snapshots (tfjs). */
  kernels: z.enum(['tfjs', 'own']).optional(),
});
export type Environment = z.output<typeof environmentSchema>;

export const curvePointSchema = z.strictObject({
  step: z.int().min(1),
  loss: measured,
  lr: finite,
  gradNorm: measured,
  examplesPerSecond: finite.min(0),
  /** Wall time of the step in milliseconds. */
  ms: finite.min(0),
});
export type CurvePoint = z.output<typeof curvePointSchema>;

export const rankedDocSchema = z.strictObject({ docno: z.string().min(1), score: finite });

export const evaluationSchema = z.strictObject({
  /** Optimizer steps done before this evaluation (0: the model before training). */
  step,
  evalSet: z.string().min(1),
  /** qid → measure (trec_eval printed name, e.g. `ndcg_cut_10`) → value; the layout `evaluate()` returns. */
  perQuery: z.record(z.string(), z.record(z.string(), finite)),
  /** The reranked TREC run: qid → documents with scores. */
  run: z.record(z.string(), z.array(rankedDocSchema)),
});
export type EvaluationRecord = z.output<typeof evaluationSchema>;

export const stopSchema = z.discriminatedUnion('reason', [
  z.strictObject({ reason: z.literal('completed'), step }),
  /** The loss or the gradient norm was NaN or ±Infinity at `step`; the arm stopped there. */
  z.strictObject({ reason: z.literal('non-finite'), step, quantity: z.enum(['loss', 'gradient']) }),
  z.strictObject({ reason: z.literal('stopped-by-user'), step }),
]);
export type StopRecord = z.output<typeof stopSchema>;

export const runHardwareSchema = z.strictObject({
  /** DDP processes (1: no DDP). */
  worldSize: z.int().min(1),
  /** Collective backend: nccl, gloo, or none. */
  backend: z.string(),
  /** One device name per process. */
  devices: z.array(z.string()),
  torch: z.string(),
  python: z.string(),
  /** lab: the lab's dropout masks; native: torch's own. */
  dropout: z.enum(['lab', 'native']),
  /** compact (the exported BERT) or transformers. */
  model: z.string(),
  optimizer: z.string(),
});
export type RunHardware = z.output<typeof runHardwareSchema>;

/** The arithmetic a run trained in. Every producer so far trains in float32 (the lab's WebGPU kernels; PyTorch with TF32 off). */
export const RUN_PRECISIONS = ['float32', 'tf32', 'bfloat16', 'float16'] as const;
export type RunPrecision = (typeof RUN_PRECISIONS)[number];

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, { error: 'expected a SHA-256 hex digest (64 hex digits)' });

/** Where a run of a merged snapshot came from (core/snapshot/merge.ts). */
export const runOriginSchema = z.strictObject({
  /** The snapshot file it was merged from (as the merge was given it). */
  file: z.string().min(1),
  /** What trained it: the lab in a browser, the lab headless in Node (`npm run experiment`), or an exported PyTorch project. */
  runtime: z.enum(['browser', 'node', 'pytorch']),
  /** The adapter (vendor · architecture · description), or a PyTorch run's devices. */
  adapter: z.string(),
  /** The lab's kernels (lab runs only; tfjs where the source snapshot did not say). */
  kernels: z.enum(['tfjs', 'own']).optional(),
});
export type RunOrigin = z.output<typeof runOriginSchema>;

export const runRecordSchema = z.strictObject({
  runId: z.string().min(1),
  arm: z.string().min(1),
  seed: z.int().min(0),
  stop: stopSchema,
  curve: z.array(curvePointSchema),
  /** batchHashes[i]: the running hash of every batch up to step i + 1 (equal across arms of one seed). */
  batchHashes: z.array(z.string().min(1)),
  evaluations: z.array(evaluationSchema),
  /** Where the run trained: the lab's own engine (absent: WebGPU) or an exported PyTorch project (import-torch). */
  runtime: z.enum(['webgpu', 'pytorch']).optional(),
  /** PyTorch runs: the processes and devices that trained it, and what the script used. */
  hardware: runHardwareSchema.optional(),
  /**
   * SHA-256 of the run's weights after init or loading, before step 1 (core/formats/weightsHash.ts): equal across the
   * arms of a seed. Absent in snapshots made before it was recorded.
   */
  initialWeightsHash: sha256Hex.optional(),
  /** The arithmetic it trained in; absent: float32 (all runs made before the field was recorded were). */
  precision: z.enum(RUN_PRECISIONS).optional(),
  /** Runs of a merged snapshot: the file, runtime and adapter it came from. */
  origin: runOriginSchema.optional(),
});
export type RunRecord = z.output<typeof runRecordSchema>;

/** The per-run checks every snapshot's runs must pass against the config they were run under. */
function checkRuns(config: ExperimentConfig, runs: readonly RunRecord[], at: PropertyKey[], push: (path: PropertyKey[], message: string) => void): void {
  const arms = new Set(config.arms.map((a) => a.name));
  const evalSets = new Set(config.evalSets.map((e) => e.name));
  const seen = new Set<string>();
  runs.forEach((run, r) => {
    const here = [...at, r];
    if (!arms.has(run.arm)) push([...here, 'arm'], `no arm "${run.arm}" in the config (arms: ${[...arms].join(', ')})`);
    if (!config.seeds.includes(run.seed)) push([...here, 'seed'], `seed ${run.seed} is not among the config's seeds (${config.seeds.join(', ')})`);
    const expectedId = runIdOf(config.name, run.arm, run.seed);
    if (run.runId !== expectedId) push([...here, 'runId'], `expected "${expectedId}" for arm ${run.arm}, seed ${run.seed}`);
    if (seen.has(run.runId)) push([...here, 'runId'], `duplicate run "${run.runId}"`);
    seen.add(run.runId);
    run.curve.forEach((point, i) => {
      if (point.step !== i + 1) push([...here, 'curve', i, 'step'], `expected step ${i + 1} (one curve point per step, in order)`);
    });
    if (run.batchHashes.length !== run.curve.length) {
      push([...here, 'batchHashes'], `${run.batchHashes.length} batch hashes for ${run.curve.length} steps (one per step)`);
    }
    if (run.stop.step !== run.curve.length)
      push([...here, 'stop', 'step'], `the run stopped at step ${run.stop.step} but its curve has ${run.curve.length} steps`);
    run.evaluations.forEach((evaluation, e) => {
      if (!evalSets.has(evaluation.evalSet)) push([...here, 'evaluations', e, 'evalSet'], `no evaluation set "${evaluation.evalSet}" in the config`);
      if (evaluation.step > run.stop.step)
        push([...here, 'evaluations', e, 'step'], `evaluation at step ${evaluation.step} after the run stopped (step ${run.stop.step})`);
    });
  });
}

/**
 * A tuning study's snapshot (core/experiment/tuning.ts): `config` and `runs` are the final experiment; `tuning` holds
 * the study and every trial's runs on the dev set. The check recomputes the selection from those runs and refuses a
 * snapshot whose final arms are not the trials they select.
 */
export const tuningRecordSchema = z.strictObject({
  study: z.record(z.string(), z.unknown()),
  runs: z.array(runRecordSchema),
});
export type TuningRecord = z.output<typeof tuningRecordSchema>;

const appSchema = z.strictObject({ version: z.string().min(1), commit: z.string().min(1) });

/**
 * A merged snapshot's provenance: the lab that merged it and each source snapshot (file name, when it was made, its
 * config hash and environment). The merged snapshot's own `environment` is that of the first source by file name;
 * each run's `origin` says where that run came from.
 */
export const mergeRecordSchema = z.strictObject({
  app: appSchema,
  sources: z
    .array(
      z.strictObject({
        file: z.string().min(1),
        createdAt: z.string().min(1),
        configHash: sha256Hex,
        environment: environmentSchema,
      }),
    )
    .min(1),
});
export type MergeRecord = z.output<typeof mergeRecordSchema>;

export const snapshotSchema = z
  .strictObject({
    schemaVersion: z.literal(SNAPSHOT_SCHEMA_VERSION),
    kind: z.literal(SNAPSHOT_KIND),
    /** ISO 8601 time of export. */
    createdAt: z.string().min(1),
    config: experimentSchema,
    configHash: z.string().regex(/^[0-9a-f]{64}$/, { error: 'expected a SHA-256 hex digest (64 hex digits)' }),
    environment: environmentSchema,
    runs: z.array(runRecordSchema),
    /** Present only in a tuning study's snapshot. */
    tuning: tuningRecordSchema.optional(),
    /** Present only in a merged snapshot (core/snapshot/merge.ts): who merged it and every source it was merged from. */
    merge: mergeRecordSchema.optional(),
  })
  .check((ctx) => {
    const { config, runs, tuning } = ctx.value;
    const push = (path: PropertyKey[], message: string) => ctx.issues.push({ code: 'custom', input: ctx.value, path, message });
    checkRuns(config, runs, ['runs'], push);
    if (tuning) checkTuning(config, tuning, push);
  });
export type Snapshot = z.output<typeof snapshotSchema>;
export type SnapshotInput = z.input<typeof snapshotSchema>;

function checkTuning(config: ExperimentConfig, tuning: TuningRecord, push: (path: PropertyKey[], message: string) => void): void {
  let expanded: ReturnType<typeof expandTuningStudy>;
  try {
    expanded = expandTuningStudy(tuning.study, 'tuning.study');
  } catch (error) {
    const lines = error instanceof SchemaValidationError ? error.problems : [(error as Error).message];
    for (const line of lines) push(['tuning', 'study'], line);
    return;
  }
  let problems = 0;
  checkRuns(expanded.tuning, tuning.runs, ['tuning', 'runs'], (path, message) => {
    problems++;
    push(path, message);
  });
  if (problems > 0) return;
  try {
    const final = selectedFinalExperiment(expanded, analyzeTuning(expanded, tuning.runs));
    if (canonicalJson(final) !== canonicalJson(config))
      push(
        ['config'],
        `the final experiment is not the one the stored trials select (recomputed arms: ${final.arms.map((a) => `${a.name} lr ${a.lr}`).join(', ')})`,
      );
  } catch (error) {
    push(['tuning', 'runs'], (error as Error).message);
  }
}

/**
 * A sweep's snapshot (its own kind and schemaVersion): the sweep's name, how many experiments it has, and the snapshot
 * of every finished one, each a whole experiment snapshot under the same schema and counts (io.ts checks them before
 * the schema runs). It holds no numbers of its own either: the gap-by-size view recomputes each member's summary.
 */
export const SWEEP_SNAPSHOT_SCHEMA_VERSION = 1;
export const SWEEP_SNAPSHOT_KIND = 'rerank-lab-sweep-snapshot';

export const sweepSnapshotSchema = z
  .strictObject({
    schemaVersion: z.literal(SWEEP_SNAPSHOT_SCHEMA_VERSION),
    kind: z.literal(SWEEP_SNAPSHOT_KIND),
    /** ISO 8601 time of export. */
    createdAt: z.string().min(1),
    sweep: z.strictObject({
      name: z.string().min(1),
      /** Experiments the sweep has, finished or not (members are the finished ones). */
      experiments: z.int().min(1),
    }),
    members: z.array(snapshotSchema).min(1),
  })
  .check((ctx) => {
    const { sweep, members } = ctx.value;
    const push = (path: PropertyKey[], message: string) => ctx.issues.push({ code: 'custom', input: ctx.value, path, message });
    if (members.length > sweep.experiments)
      push(['members'], `${members.length} finished experiments in a sweep of ${sweep.experiments} (sweep.experiments counts them all)`);
    const seen = new Set<string>();
    members.forEach((member, i) => {
      if (seen.has(member.config.name)) push(['members', i, 'config', 'name'], `duplicate experiment "${member.config.name}" in the sweep`);
      seen.add(member.config.name);
    });
  });
export type SweepSnapshot = z.output<typeof sweepSnapshotSchema>;

/** What a snapshot file, URL or share link holds: one experiment's snapshot or a sweep's. */
export type AnySnapshot = Snapshot | SweepSnapshot;

export function isSweepSnapshot(snapshot: AnySnapshot): snapshot is SweepSnapshot {
  return snapshot.kind === SWEEP_SNAPSHOT_KIND;
}
