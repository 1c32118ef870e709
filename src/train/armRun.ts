/**
 * One run of an experiment: one arm (optimizer settings) with one seed, from its first step (or its last
 * checkpoint) to the end. Every arm of a seed starts from the same weights and sees the same batches in the
 * same order; the running batch hash recorded per step proves it. A non-finite loss or gradient stops this
 * run (the caller's other runs go on). Checkpoints hold weights, optimizer state, step, data cursor and the
 * batch hash, so a resumed run continues exactly where it was.
 */
import { armLrSchedule, type ArmSpec, type ExperimentConfig } from '../core/experiment/schema';
import type { RunSpec } from '../core/experiment/runMatrix';
import { totalStepsOf } from '../core/experiment/steps';
import { ownSettings } from '../core/optim/registry';
import { lrAt } from '../core/optim/schedules';
import type { CurvePoint, EvaluationRecord, StopRecord } from '../core/snapshot/schema';
import type { TfjsWebgpu } from '../gpu/tfjsBackend';
import { createFusedOptimizer, type FusedOptimizer, type OptimizerSettings, type OptimizerState } from '../gpu/optim';
import { trainStep } from '../model/trainStep';
import type { LossSpec as ModelLossSpec } from '../model/losses';
import { BatchPlan, type BatchPlanCursor } from './batchPlan';
import { loadEvalSets, measureRun, rerank, type LoadedEvalSet } from './evaluate';
import type { LabHost } from './host';
import { hfFolderFiles, type HfFolderFiles } from '../model/hfFolder';
import { modelShapeOfConfig } from '../core/experiment/memoryEstimate';
import { assertFitsAdapter, buildModel, resolveModel, type ModelSetup, type ResolvedModel } from './modelSetup';
import { modelWeightsHash } from './initialWeights';

export interface RunEvents {
  onStep?(point: CurvePoint, batchHash: string): void | Promise<void>;
  onEvaluation?(record: EvaluationRecord): void | Promise<void>;
  /** pairsPerSecond: measured since this set's scoring began (null before its first batch). */
  onEvalProgress?(evalSet: string, done: number, total: number, pairsPerSecond: number | null): void;
  onCheckpoint?(step: number): void | Promise<void>;
  onLog?(message: string): void;
  /** Training continues after `step` (0: from the start); anything recorded after it is void. */
  onStartAt?(step: number): void | Promise<void>;
}

export interface RunControl {
  /** Checked between steps: 'stop' ends the run (recorded as stopped by the user); 'pause' ends it resumably. */
  requested(): 'continue' | 'pause' | 'stop';
  /** Awaited before each step (1-based), before `requested()` is read: where injected faults happen (faults.ts). */
  beforeStep?(step: number): Promise<void>;
}

export interface RunResult {
  stop: StopRecord | { reason: 'paused'; step: number };
  curve: CurvePoint[];
  batchHashes: string[];
  evaluations: EvaluationRecord[];
  /** weightsHash of the weights the run started from (as built, before step 1 and before any checkpoint is loaded). */
  initialWeightsHash: string;
}

export function optimizerSettingsOf(arm: ArmSpec): OptimizerSettings {
  return { name: arm.optimizer, ...ownSettings(arm.optimizer, arm), weightDecay: arm.weightDecay, clipNorm: arm.clipNorm };
}

function modelLossOf(loss: ExperimentConfig['loss']): ModelLossSpec {
  if (loss.kind === 'bce') return { kind: 'bce' } as ModelLossSpec;
  return { kind: loss.kind, groupSize: loss.negativesPerQuery + 1 } as ModelLossSpec;
}

/** Dropout seed of a step: every arm of a seed draws the same masks at the same step. */
function dropoutSeedOf(runSeed: number, step: number): number {
  return (Math.imul(runSeed ^ 0x9e3779b9, 0x85ebca6b) + step * 0x27d4eb2f) >>> 0;
}

export interface ArmRunOptions {
  experiment: ExperimentConfig;
  configHash: string;
  run: RunSpec;
  host: LabHost;
  tfw: TfjsWebgpu;
  events?: RunEvents;
  control?: RunControl;
  /** Resume from the run's last checkpoint when there is one. */
  resume?: boolean;
  /** Pairs per forward pass when reranking. */
  evalBatchSize?: number;
  /** Already loaded evaluation sets (shared by the runs of one experiment). */
  evalSets?: LoadedEvalSet[];
  /** The model already read and checked (shared by the runs of one experiment). */
  resolvedModel?: ResolvedModel;
  /** Keep the curve etc. from before the checkpoint (the caller has them stored). */
  previous?: Pick<RunResult, 'curve' | 'batchHashes' | 'evaluations'>;
}

export class ArmRun {
  private setup: ModelSetup | null = null;
  private optimizer: FusedOptimizer | null = null;

  constructor(private readonly options: ArmRunOptions) {}

  async run(): Promise<RunResult> {
    const { experiment, configHash, run, host, tfw, events = {}, control } = this.options;
    const totalSteps = totalStepsOf(experiment);
    const schedule = armLrSchedule(run.arm, totalSteps);
    const loss = modelLossOf(experiment.loss);
    const log = (message: string) => events.onLog?.(`${run.runId}: ${message}`);

    const evalSets = this.options.evalSets ?? (await loadEvalSets(experiment, host));
    const resolved = this.options.resolvedModel ?? (await resolveModel(experiment, host));
    assertFitsAdapter(experiment, resolved, tfw.facts.limits);
    const setup = (this.setup = buildModel(resolved, run.seed, experiment.model.kind === 'random' ? experiment.model.seed : undefined));
    log(`model: ${setup.description}, ${setup.model.parameterCount().toLocaleString('en')} parameters`);
    if (setup.report && (setup.report.missing.length || setup.report.unexpected.length)) {
      log(
        `checkpoint: initialised fresh ${setup.report.initialisedFresh.join(', ') || 'nothing'}; unexpected tensors ${setup.report.unexpected.join(', ') || 'none'}`,
      );
    }
    // Before a checkpoint overwrites them: a resumed run records the weights it started from, not its checkpoint's.
    const initialWeightsHash = await modelWeightsHash(setup.model);
    const optimizer = (this.optimizer = createFusedOptimizer(tfw, setup.model.parameters(), optimizerSettingsOf(run.arm)));

    const curve = [...(this.options.previous?.curve ?? [])];
    const batchHashes = [...(this.options.previous?.batchHashes ?? [])];
    const evaluations = [...(this.options.previous?.evaluations ?? [])];
    let step = 0;
    let cursor: BatchPlanCursor | undefined;
    if (this.options.resume && host.checkpoints) {
      const checkpoint = await host.checkpoints.loadCheckpoint(run.runId, { configHash });
      if (checkpoint) {
        setup.model.importWeights(checkpoint.weights);
        optimizer.importState(checkpoint.optimizerState as OptimizerState);
        cursor = checkpoint.dataCursor as BatchPlanCursor;
        step = checkpoint.step;
        log(`resumed from the checkpoint at step ${step}`);
      } else {
        log('no checkpoint to resume from: starting at step 1');
      }
    }
    // Whatever was recorded after the step training continues from is redone, so it is dropped.
    curve.length = Math.min(curve.length, step);
    batchHashes.length = Math.min(batchHashes.length, step);
    for (let i = evaluations.length - 1; i >= 0; i--) if (evaluations[i].step > step) evaluations.splice(i, 1);
    await events.onStartAt?.(step);

    const batches = new BatchPlan(experiment, host.trainingSource(experiment.trainingData), run.seed, cursor ? { cursor, step } : undefined);

    const evaluateAll = async (atStep: number) => {
      for (const loaded of evalSets) {
        const runOut = await rerank(setup.model, setup.tokenizer, loaded, {
          maxLength: experiment.maxLength,
          batchSize: this.options.evalBatchSize ?? 64,
          // The device's own limits (what bind groups are validated against), not the adapter's.
          bufferLimits: { shape: modelShapeOfConfig(resolved.modelConfig), limits: tfw.device.limits },
          onProgress: (done, total, pairsPerSecond) => events.onEvalProgress?.(loaded.spec.name, done, total, pairsPerSecond),
        });
        const record: EvaluationRecord = { step: atStep, evalSet: loaded.spec.name, perQuery: measureRun(loaded, runOut), run: runOut };
        evaluations.push(record);
        await events.onEvaluation?.(record);
      }
    };

    const writeCheckpoint = async () => {
      if (!host.checkpoints) return;
      await host.checkpoints.writeCheckpoint({
        runId: run.runId,
        step,
        configHash,
        weights: await setup.model.exportWeights(),
        optimizerState: await optimizer.exportState(),
        rngState: { dropoutSeed: 'derived from the run seed and the step' },
        dataCursor: batches.cursor(),
      });
      await events.onCheckpoint?.(step);
    };

    try {
      // The untrained model's measures, once per run (a resume from step 0 keeps the evaluation it has).
      if (experiment.evaluateAtStart && step === 0 && !evaluations.some((e) => e.step === 0)) await evaluateAll(0);
      while (step < totalSteps) {
        await control?.beforeStep?.(step + 1);
        const request = control?.requested() ?? 'continue';
        if (request === 'stop') return { stop: { reason: 'stopped-by-user', step }, curve, batchHashes, evaluations, initialWeightsHash };
        if (request === 'pause') {
          // A pause keeps everything up to this step: the checkpoint makes the resume continue exactly here.
          if (step > 0) await writeCheckpoint();
          return { stop: { reason: 'paused', step }, curve, batchHashes, evaluations, initialWeightsHash };
        }

        const { rows, hash } = await batches.next();
        const encoded = setup.tokenizer.encodePairs(rows.queries, rows.passages, { maxLength: experiment.maxLength });
        const lr = lrAt(step, schedule);
        const started = performance.now();
        const { loss: lossValue } = await trainStep(setup.model, optimizer, encoded, Float32Array.from(rows.labels), loss, lr, {
          readLoss: true,
          dropoutSeed: dropoutSeedOf(run.seed, step + 1),
        });
        const gradNorm = await optimizer.lastGradNorm();
        const ms = performance.now() - started;
        step += 1;
        const point: CurvePoint = {
          step,
          loss: lossValue ?? Number.NaN,
          lr,
          gradNorm,
          examplesPerSecond: (rows.queries.length * 1000) / Math.max(ms, 1e-3),
          ms,
        };
        curve.push(point);
        batchHashes.push(hash);
        await events.onStep?.(point, hash);
        if (!Number.isFinite(point.loss) || !Number.isFinite(gradNorm)) {
          const quantity = Number.isFinite(point.loss) ? 'gradient' : 'loss';
          log(`stopped: the ${quantity} is ${Number.isFinite(point.loss) ? gradNorm : point.loss} at step ${step}`);
          return { stop: { reason: 'non-finite', step, quantity }, curve, batchHashes, evaluations, initialWeightsHash };
        }
        const lastStep = step === totalSteps;
        if ((experiment.evaluateEvery > 0 && step % experiment.evaluateEvery === 0) || lastStep) await evaluateAll(step);
        if (experiment.checkpointEvery > 0 && step % experiment.checkpointEvery === 0 && !lastStep) await writeCheckpoint();
      }
      return { stop: { reason: 'completed', step }, curve, batchHashes, evaluations, initialWeightsHash };
    } finally {
      await batches.close();
    }
  }

  /** The model's current weights (for checks and exports); null before run() built the model. */
  async weights(): Promise<Record<string, Float32Array> | null> {
    return this.setup ? this.setup.model.exportWeights() : null;
  }

  /** The model family; null before run() built the model. */
  get family(): ModelSetup['family'] | null {
    return this.setup?.family ?? null;
  }

  /** The model as it is now, as a Hugging Face folder with `readme` as its model card; call after run(). */
  async hfFolder(readme: string): Promise<HfFolderFiles> {
    if (!this.setup) throw new Error('hfFolder: the run has not built its model (call run() first)');
    return hfFolderFiles(this.setup.model, this.setup.tokenizerFile, readme);
  }

  /**
   * GPU memory the run holds now: tfjs's allocated buffers (in use and pooled) plus the fused optimizer's state.
   * Null where tfjs does not say. (One run per worker, so tfjs's count is this run's.)
   */
  gpuBytes(): number | null {
    const tfjsBytes = this.options.tfw.backend.memory?.().numBytesAllocatedInGPU;
    return typeof tfjsBytes === 'number' ? tfjsBytes + (this.optimizer?.gpuBytes ?? 0) : null;
  }

  dispose(): void {
    this.optimizer?.dispose();
    this.setup?.model.dispose();
    this.optimizer = null;
    this.setup = null;
  }
}
