/**
 * The typed message protocol between the page and the lab's Web Workers. Both sides import this file,
 * so a message that one side sends and the other does not understand is a type error.
 *
 * A training worker runs one run (arm × seed) at a time: `start` (fresh or resuming from the run's last
 * checkpoint in IndexedDB), then `pause` or `stop` between steps. It streams `step` and `evaluation` events,
 * persists them itself (so a reload loses nothing), and ends with `run-end` or `error`.
 */
import type { AdapterFacts, NoWebGpuReason } from '../gpu/device';
import type { SmokeCheck } from '../gpu/smoke/saxpy';
import type { ExperimentConfig } from '../core/experiment/schema';
import type { RunSpec } from '../core/experiment/runMatrix';
import type { CurvePoint, EvaluationRecord, RunRecord } from '../core/snapshot/schema';
import type { KernelPath } from '../model/kernels/kernelPath';
import type { FaultPlan } from './faults';

export type WorkerCommand =
  | { type: 'smoke'; n: number; a: number }
  | {
      type: 'start';
      experiment: ExperimentConfig;
      configHash: string;
      run: RunSpec;
      resume: boolean;
      /** Files the user picked for `file` references, by name. */
      files?: Record<string, File>;
      /** Kernel path of a fresh run (default `own`); a resumed run keeps the path it started on (bit-identical curves). */
      kernels?: KernelPath;
      /** Faults to inject at chosen steps (the page's ?debug=faults; see faults.ts). */
      faults?: FaultPlan;
    }
  | { type: 'pause' }
  | { type: 'stop' }
  /** Fault injection (the page offers it with ?debug=faults): destroys the worker's GPU device mid-run. */
  | { type: 'lose-device' }
  /** Fault injection: a run held before a step (FaultPlan.holdAt) goes on. */
  | { type: 'release' };

/**
 * Why a run ended in error. `kept-worker-device-lost`: the page handed the run to a kept worker whose device had been
 * lost after its previous run ended (a GPU reset loses every device, idle ones too); the run never trained there,
 * so the page starts it again on a new worker without counting a device loss against it.
 */
export type ErrorReason = NoWebGpuReason | 'device-lost' | 'kept-worker-device-lost' | 'storage-full' | 'internal';

export type WorkerEvent =
  | { type: 'adapter'; facts: AdapterFacts }
  | { type: 'smoke-result'; check: SmokeCheck; ms: number }
  | { type: 'log'; runId?: string; message: string }
  | { type: 'step'; runId: string; point: CurvePoint; batchHash: string; /** GPU bytes the worker holds (ArmRun.gpuBytes). */ gpuBytes?: number }
  | {
      type: 'eval-progress';
      runId: string;
      evalSet: string;
      done: number;
      total: number;
      /** Measured since scoring began; absent before the first batch. */ pairsPerSecond?: number;
    }
  | { type: 'download'; runId: string; file: string; loaded: number; total: number | null; fromCache: boolean }
  | { type: 'evaluation'; runId: string; record: EvaluationRecord }
  | { type: 'checkpoint'; runId: string; step: number }
  /** Fault injection: the run waits before `step` until released, paused or stopped (FaultPlan.holdAt). */
  | { type: 'held'; runId: string; step: number }
  | { type: 'run-end'; runId: string; record: RunRecord }
  | { type: 'paused'; runId: string; step: number }
  | { type: 'error'; runId?: string; message: string; reason?: ErrorReason };
