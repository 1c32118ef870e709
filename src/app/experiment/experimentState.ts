/**
 * What the page knows of the current experiment: its runs as they train (live curves, evaluations, status), the
 * adapter, the log, the user's holds, and the sweep or tuning study it is part of. Types and pure reads only, so
 * the store, the scheduler, the sequencers and the page's components share one vocabulary without importing one
 * another.
 */
import type { ExperimentConfig } from '../../core/experiment/schema';
import type { RunSpec } from '../../core/experiment/runMatrix';
import type { SweepExperiment } from '../../core/experiment/sweep';
import type { TuningStudy } from '../../core/experiment/tuning';
import { assembleSnapshot, assembleStudySnapshot } from '../../core/snapshot/assemble';
import type { CurvePoint, Environment, EvaluationRecord, RunPrecision, RunRecord, Snapshot, StopRecord } from '../../core/snapshot/schema';
import type { AdapterFacts } from '../../gpu/device';
import type { TuningPhase } from '../../storage/tuningContext';

export type RunStatus = 'pending' | 'running' | 'pausing' | 'paused' | 'finished' | 'failed';

export interface LiveRun {
  spec: RunSpec;
  status: RunStatus;
  curve: CurvePoint[];
  batchHashes: string[];
  evaluations: EvaluationRecord[];
  stop?: StopRecord;
  /** The hash of the weights the run started from, reported with its end (core/formats/weightsHash.ts). */
  initialWeightsHash?: string;
  /** The arithmetic it trained in, reported with its end. */
  precision?: RunPrecision;
  error?: string;
  /** pairsPerSecond: the worker's measurement, absent until it has one. */
  evalProgress?: { evalSet: string; done: number; total: number; pairsPerSecond?: number };
  download?: { file: string; loaded: number; total: number | null; fromCache: boolean };
  /** GPU devices this run lost (and recovered from) on this page. */
  deviceLosses?: number;
  /** GPU bytes its worker held at its last step (tfjs's buffers + the optimizer's), as the worker measured them. */
  gpuBytes?: number;
  /** Fault injection: the step the run's worker is holding before (FaultPlan.holdAt), until released. */
  heldBefore?: number;
}

export interface ExperimentState {
  config: ExperimentConfig | null;
  configHash: string | null;
  runs: Record<string, LiveRun>;
  order: string[];
  facts: AdapterFacts | null;
  log: string[];
  /** The user paused (or nothing is scheduled yet); no new run is started. */
  held: boolean;
  /** Arms the user paused on their own: their runs are not started while the other arms go on. */
  heldArms: string[];
  /** performance.now() when the current stretch of training began, and the steps done before it (for the ETA). */
  clock: { since: number; stepsBefore: number } | null;
  /** A sweep runs its experiments one after another; each finished one leaves its snapshot here. */
  sweep: SweepProgress | null;
  /** A tuning study: its trials' experiment, then (phase 'final') the selected settings on the test sets. */
  tuning?: TuningState | null;
}

/** A sweep under way: its experiments, the one training now, and the snapshots of those that ended. */
export interface SweepProgress {
  name: string;
  experiments: SweepExperiment[];
  index: number;
  finished: { id: string; snapshot: Snapshot }[];
}

export interface TuningState {
  expanded: TuningStudy;
  phase: TuningPhase;
  /** The trials' runs, once every trial has ended (phase 'final'). */
  trials: RunRecord[] | null;
}

/** Where snapshots say they were made (the adapter comes from the workers). */
export type EnvironmentOf = (adapter: AdapterFacts) => Environment;

/** The state before any experiment: nothing scheduled. */
export const EMPTY_EXPERIMENT: ExperimentState = {
  config: null,
  configHash: null,
  runs: {},
  order: [],
  facts: null,
  log: [],
  held: true,
  heldArms: [],
  clock: null,
  sweep: null,
};

export function runRecordFromLive(run: LiveRun): RunRecord | null {
  if (!run.stop) return null;
  return {
    runId: run.spec.runId,
    arm: run.spec.arm.name,
    seed: run.spec.seed,
    stop: run.stop,
    curve: run.curve,
    batchHashes: run.batchHashes,
    evaluations: run.evaluations,
    ...(run.initialWeightsHash ? { initialWeightsHash: run.initialWeightsHash } : {}),
    ...(run.precision ? { precision: run.precision } : {}),
  };
}

export function stepsDone(state: ExperimentState): number {
  return state.order.reduce((n, id) => n + state.runs[id].curve.length, 0);
}

/** What a snapshot is made of: the experiment, its runs, the adapter they trained on, and the study it ends. */
export type SnapshotSource = Pick<ExperimentState, 'config' | 'configHash' | 'runs' | 'order' | 'facts' | 'tuning'>;

/**
 * The snapshot of an experiment once every run has ended (null before). A tuning study's final experiment
 * carries the study and its trials: the selection is recomputable from it.
 */
export function experimentSnapshot(state: SnapshotSource, environmentOf: EnvironmentOf): Snapshot | null {
  if (!state.config || !state.configHash || !state.facts || state.order.length === 0) return null;
  const records = state.order.map((id) => runRecordFromLive(state.runs[id]));
  if (records.some((r) => r === null)) return null;
  const snapshot = assembleSnapshot(state.config, state.configHash, environmentOf(state.facts), records as RunRecord[]);
  const tuning = state.tuning;
  if (tuning?.phase === 'final' && tuning.trials) return assembleStudySnapshot(snapshot, tuning.expanded.study, tuning.trials);
  return snapshot;
}
