/**
 * Runs every run of an experiment (arm × seed, seed-major: all arms of a seed see the same batches) and
 * hands back their records (core/snapshot's assembleSnapshot makes the snapshot). Used by the headless
 * runner; the page runs the same ArmRun in one worker per arm.
 */
import { estimateExperimentMemory, modelShapeOfConfig, type MemoryEstimate } from '../core/experiment/memoryEstimate';
import type { ExperimentConfig } from '../core/experiment/schema';
import { expandRunMatrix, type RunSpec } from '../core/experiment/runMatrix';
import type { RunRecord } from '../core/snapshot/schema';
import type { TfjsWebgpu } from '../gpu/tfjsBackend';
import { ArmRun, type RunControl, type RunEvents, type RunResult } from './armRun';
import { loadEvalSets } from './evaluate';
import type { LabHost } from './host';
import { assertFitsAdapter, resolveModel } from './modelSetup';

/** A finished (or stopped) run as the snapshot records it; a paused run is not a result yet. */
export function runRecordOf(run: RunSpec, result: RunResult): RunRecord {
  if (result.stop.reason === 'paused') throw new Error(`run ${run.runId} is paused at step ${result.stop.step}; resume it before taking a snapshot`);
  return {
    runId: run.runId,
    arm: run.arm.name,
    seed: run.seed,
    stop: result.stop,
    curve: result.curve,
    batchHashes: result.batchHashes,
    evaluations: result.evaluations,
    initialWeightsHash: result.initialWeightsHash,
    // The lab's kernels (tfjs's and its own WGSL) compute in float32 throughout.
    precision: 'float32',
  };
}

export interface ExperimentRunOptions {
  config: ExperimentConfig;
  configHash: string;
  host: LabHost;
  tfw: TfjsWebgpu;
  events?: (run: RunSpec) => RunEvents;
  onRunDone?: (run: RunSpec, record: RunRecord) => void;
  /** The GPU memory estimate of one run, once the model is known (before anything is allocated). */
  onMemoryEstimate?: (estimate: MemoryEstimate) => void;
  /** Called after each finished run while its model is still on the GPU (e.g. to save it as a HF folder). */
  onModel?: (run: RunSpec, record: RunRecord, armRun: ArmRun) => Promise<void>;
  resume?: boolean;
  /** Checked between steps; 'pause' writes a checkpoint and ends with a RunPausedError. */
  control?: RunControl;
  /** Durable per-run state (the headless runner's files): finished runs are skipped, unfinished ones continue their progress. */
  stored?: {
    finished(run: RunSpec): RunRecord | undefined;
    progress(run: RunSpec): Pick<RunResult, 'curve' | 'batchHashes' | 'evaluations'> | undefined;
    saveFinished(run: RunSpec, record: RunRecord): void | Promise<void>;
  };
  /** A run skipped because it finished earlier. */
  onRunSkipped?: (run: RunSpec, record: RunRecord) => void;
}

/** A run was paused (a stop was requested) after its checkpoint was written; step null: before it started. */
export class RunPausedError extends Error {
  override readonly name = 'RunPausedError';
  constructor(
    readonly runId: string,
    readonly step: number | null,
  ) {
    super(step === null ? `stopped before run ${runId} started` : `run ${runId} paused at step ${step}`);
  }
}

/** Runs the matrix one run at a time (in-process: Node, or a single worker). */
export async function runExperimentRuns(options: ExperimentRunOptions): Promise<RunRecord[]> {
  const { config, configHash, host, tfw } = options;
  // Everything is read and checked before the first step: a wrong model folder fails here, naming the file.
  const resolvedModel = await resolveModel(config, host);
  assertFitsAdapter(config, resolvedModel, tfw.facts.limits);
  options.onMemoryEstimate?.(estimateExperimentMemory(config, modelShapeOfConfig(resolvedModel.modelConfig))!);
  const evalSets = await loadEvalSets(config, host);
  const records: RunRecord[] = [];
  for (const run of expandRunMatrix(config)) {
    const finished = options.stored?.finished(run);
    if (finished) {
      records.push(finished);
      options.onRunSkipped?.(run, finished);
      continue;
    }
    // A stop requested while the previous run was finishing: the next one is not started.
    if (options.control?.requested() === 'pause') throw new RunPausedError(run.runId, null);
    const previous = options.resume ? options.stored?.progress(run) : undefined;
    const armRun = new ArmRun({
      experiment: config,
      configHash,
      run,
      host,
      tfw,
      evalSets,
      resolvedModel,
      resume: options.resume,
      events: options.events?.(run),
      ...(options.control ? { control: options.control } : {}),
      ...(previous ? { previous } : {}),
    });
    try {
      const result = await armRun.run();
      if (result.stop.reason === 'paused') throw new RunPausedError(run.runId, result.stop.step);
      const record = runRecordOf(run, result);
      records.push(record);
      options.onRunDone?.(run, record);
      await options.onModel?.(run, record, armRun);
      await options.stored?.saveFinished(run, record);
    } finally {
      armRun.dispose();
    }
  }
  return records;
}
