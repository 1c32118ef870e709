/**
 * The page side of a study, and the one object the page holds: it starts an experiment (or a sweep, or a
 * tuning study), restores one from IndexedDB after a reload, and passes the user's controls on. The page never
 * trains: the run scheduler sends the workers commands and turns their events into state.
 *
 * A facade over the parts, each in its own module: the synchronous state store (experimentStore.ts, which React
 * reads through useSyncExternalStore), the worker pool (workerPool.ts), the run scheduler (runScheduler.ts), the
 * sweep and tuning sequencers, and stored experiments read back (storedExperiments.ts).
 */
import { expandRunMatrix } from '../../core/experiment/runMatrix';
import type { ExperimentConfig } from '../../core/experiment/schema';
import type { SweepExperiment } from '../../core/experiment/sweep';
import type { Snapshot } from '../../core/snapshot/schema';
import type { KernelPath } from '../../model/kernels/kernelPath';
import type { LabStorage } from '../../storage/stores';
import type { FaultPlan } from '../../train/faults';
import { ExperimentStore } from './experimentStore';
import { experimentSnapshot, type EnvironmentOf, type ExperimentState, type LiveRun, type TuningState } from './experimentState';
import { RunScheduler } from './runScheduler';
import { loadStoredRuns, storedSnapshot } from './storedExperiments';
import { advanceSweep, beginSweep, storedSweep, type StoredSweepView } from './sweepSequencer';
import { advanceTuning, beginTuning, recallTuning } from './tuningSequencer';
import { WorkerPool, type WorkerFactory } from './workerPool';

export { runRecordFromLive, stepsDone } from './experimentState';
export type { EnvironmentOf, ExperimentState, LiveRun, RunStatus, SweepProgress, TuningState } from './experimentState';
export { TUNING_TRIALS_AT_ONCE } from './runScheduler';
export type { StoredSweepView } from './sweepSequencer';
export type { WorkerFactory } from './workerPool';

export class ExperimentController {
  private readonly store = new ExperimentStore();
  private readonly pool: WorkerPool;
  private readonly scheduler: RunScheduler;
  /** Files the user picked for the config's `file` references (kept for this page's lifetime only). */
  private files: Record<string, File> = {};

  constructor(
    private readonly storage: LabStorage,
    createWorker: WorkerFactory,
    private readonly environmentOf: EnvironmentOf,
    /** Kernel path of fresh runs (the page's `?kernels=`; resumed runs keep theirs). */
    kernels: KernelPath = 'own',
    /** Faults to inject at chosen steps (the page's ?debug=faults), sent with every start and resume. */
    faults: FaultPlan | null = null,
  ) {
    this.pool = new WorkerPool(createWorker);
    this.scheduler = new RunScheduler(this.store, this.pool, storage, {
      kernels,
      faults,
      pickedFiles: () => this.files,
      experimentEnded: () => this.experimentEnded(),
    });
  }

  subscribe = this.store.subscribe;

  getState = this.store.getState;

  /** The snapshot of the current experiment once every run has ended (null before). */
  snapshot(state: ExperimentState = this.getState()): Snapshot | null {
    return experimentSnapshot(state, this.environmentOf);
  }

  /** Runs a tuning study: its trials (two at a time), then the selected setting of each optimizer on the test sets. */
  async startTuning(study: unknown, files: Record<string, File> = {}): Promise<void> {
    await beginTuning(study, (config, hash, tuning) => this.start(config, hash, files, null, tuning));
  }

  /** Runs a sweep's experiments one after another (each like a single experiment, restorable on its own). */
  async startSweep(name: string, experiments: SweepExperiment[], files: Record<string, File> = {}): Promise<void> {
    await beginSweep(this.storage, name, experiments, (config, hash, sweep) => this.start(config, hash, files, sweep));
  }

  /** Names of picked files this page has (a restored experiment needs its training file picked again). */
  pickedFiles(): string[] {
    return Object.keys(this.files);
  }

  /** The picked files themselves, by name (the PyTorch export reads the training file through them). */
  pickedFileMap(): Record<string, File> {
    return { ...this.files };
  }

  /** Adds picked files before resuming a restored experiment. */
  pickFiles(files: Record<string, File>): void {
    this.files = { ...this.files, ...files };
    this.store.set({});
  }

  async start(
    config: ExperimentConfig,
    configHash: string,
    files: Record<string, File> = {},
    sweep: ExperimentState['sweep'] = null,
    tuning: TuningState | null = null,
  ): Promise<void> {
    this.pool.terminateRunning();
    this.files = files;
    await this.storage.saveExperiment(config, configHash);
    const specs = expandRunMatrix(config);
    for (const spec of specs) await this.storage.saveRun({ runId: spec.runId, configHash, arm: spec.arm.name, seed: spec.seed, status: 'pending' });
    const runs = Object.fromEntries(
      specs.map((spec) => [spec.runId, { spec, status: 'pending', curve: [], batchHashes: [], evaluations: [] } satisfies LiveRun]),
    );
    this.store.set({
      config,
      configHash,
      runs,
      order: specs.map((s) => s.runId),
      log: [],
      held: false,
      heldArms: [],
      clock: { since: performance.now(), stepsBefore: 0 },
      sweep,
      tuning,
    });
    this.scheduler.scheduleNext();
  }

  /** Restores an experiment from IndexedDB (after a reload): curves, evaluations, and which runs can resume. */
  async restore(configHash: string): Promise<void> {
    const stored = await this.storage.getExperiment(configHash);
    if (!stored) throw new Error('That experiment is no longer in this browser’s storage.');
    this.pool.terminateRunning();
    const { runs, specs, adapter } = await loadStoredRuns(this.storage, stored.config, configHash);
    const tuning = await recallTuning(this.storage, configHash);
    this.store.set({
      config: stored.config,
      configHash,
      runs,
      order: specs.map((s) => s.runId),
      log: [],
      held: true,
      heldArms: [],
      clock: null,
      facts: adapter,
      sweep: null,
      tuning,
    });
  }

  /**
   * The snapshot of a stored experiment, built from IndexedDB the way the page's own is after `restore` (its runs as
   * stored, the adapter they recorded); null when a run has not ended or the experiment is gone.
   */
  storedSnapshot(configHash: string): Promise<Snapshot | null> {
    return storedSnapshot(this.storage, this.environmentOf, configHash);
  }

  /** A stored sweep, for its gap-by-size view (after a reload too): how many experiments it has and the snapshot of each finished one, in order. */
  storedSweep(name: string): Promise<StoredSweepView> {
    return storedSweep(this.storage, this.environmentOf, name);
  }

  pause(): void {
    this.scheduler.pause();
  }

  resume(): void {
    this.scheduler.resume();
  }

  /** Pauses one arm (its running run checkpoints and stops between steps); the other arms go on. */
  pauseArm(arm: string): void {
    this.scheduler.pauseArm(arm);
  }

  /** Resumes a paused arm: its run of the seed now training starts again (or, when nothing trains, the next seed). */
  resumeArm(arm: string): void {
    this.scheduler.resumeArm(arm);
  }

  /** Stops one arm for good (see RunScheduler.stopArm); the other arms go on. */
  stopArm(arm: string): void {
    this.scheduler.stopArm(arm);
  }

  /** Fault injection: destroys the GPU device of every running worker; each resumes on a new one. */
  loseDevices(): void {
    this.scheduler.loseDevices();
  }

  /** Fault injection: every run held before a step (FaultPlan.holdAt) goes on. */
  release(): void {
    this.scheduler.release();
  }

  stop(): void {
    this.scheduler.stop();
  }

  dispose(): void {
    this.pool.terminateAll();
    this.store.dispose();
  }

  /** Every run has ended: a sweep goes on to its next experiment, a study's trials to its final runs. */
  private experimentEnded() {
    const snapshot = this.snapshot();
    advanceSweep(this.store, snapshot, (config, hash, sweep) => this.start(config, hash, this.files, sweep));
    advanceTuning(this.store, snapshot, (config, hash, tuning) => this.start(config, hash, this.files, null, tuning));
  }
}
