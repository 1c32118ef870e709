/**
 * Runs the current experiment's runs on training workers: every arm of a seed at once, one worker each, on the
 * shared GPU, then the next seed (a tuning study's trials two at a time); the user's pauses and stops, all or
 * one arm; a worker whose GPU device was lost is replaced and its run resumes from its last checkpoint. It turns
 * the workers' reports into the store's state, and says when the experiment has ended; what comes next (a
 * sweep's next experiment, a study's final runs) is the sequencers'.
 */
import type { RunSpec } from '../../core/experiment/runMatrix';
import type { KernelPath } from '../../model/kernels/kernelPath';
import type { LabStorage } from '../../storage/stores';
import type { FaultPlan } from '../../train/faults';
import type { WorkerCommand, WorkerEvent } from '../../train/protocol';
import type { ExperimentStore } from './experimentStore';
import { stepsDone, type ExperimentState, type LiveRun } from './experimentState';
import { isRunReport, runChangeFrom } from './runEvents';
import { workerShapeKey, type WorkerPool } from './workerPool';

/** Trials at once in the page during a tuning study: one AdamW and one Lion trial side by side, as two arms are now. */
export const TUNING_TRIALS_AT_ONCE = 2;

const isActive = (run: LiveRun) => run.status === 'running' || run.status === 'pausing';
const isWaiting = (run: LiveRun) => run.status === 'pending' || run.status === 'paused';

/**
 * What to do when nothing may be training: start these runs (every waiting arm of the next seed, not held by
 * the user), wait (held, a run still active, or only held arms' runs left), or end the experiment.
 */
export function nextRunsToStart(state: ExperimentState): { start: LiveRun[] } | 'wait' | 'experiment-ended' {
  const { order, runs, held, heldArms } = state;
  if (held || order.some((id) => isActive(runs[id]))) return 'wait';
  const startable = (run: LiveRun) => isWaiting(run) && !heldArms.includes(run.spec.arm.name);
  const next = order.find((id) => startable(runs[id]));
  // runs of paused arms wait for their Resume; otherwise the experiment is over
  if (!next) return order.some((id) => isWaiting(runs[id])) ? 'wait' : 'experiment-ended';
  const seed = runs[next].spec.seed;
  const start = order.map((id) => runs[id]).filter((run) => run.spec.seed === seed && startable(run));
  // A tuning study has many trials per seed: they go two at a time (the GPU is shared), in the interleaved order.
  return { start: state.tuning?.phase === 'tuning' ? start.slice(0, TUNING_TRIALS_AT_ONCE) : start };
}

export interface RunSchedulerOptions {
  /** Kernel path of fresh runs (the page's `?kernels=`; resumed runs keep theirs). */
  kernels: KernelPath;
  /** Faults to inject at chosen steps (the page's ?debug=faults), sent with every start and resume. */
  faults: FaultPlan | null;
  /** The files the user picked for the config's `file` references, as they are when a run starts. */
  pickedFiles: () => Record<string, File>;
  /** Called once every run of the experiment has ended. */
  experimentEnded: () => void;
}

export class RunScheduler {
  constructor(
    private readonly store: ExperimentStore,
    private readonly pool: WorkerPool,
    private readonly storage: LabStorage,
    private readonly options: RunSchedulerOptions,
  ) {}

  /** Starts every waiting arm of the next seed once no run is active; ends the experiment when none is left. */
  scheduleNext(): void {
    const next = nextRunsToStart(this.store.getState());
    if (next === 'wait') return;
    if (next === 'experiment-ended') {
      this.store.set({ held: true, clock: null });
      this.options.experimentEnded();
      return;
    }
    for (const run of next.start) this.launch(run.spec, run.curve.length > 0);
  }

  pause(): void {
    this.store.set({ held: true, clock: null });
    for (const [runId, worker] of this.pool.runningWorkers()) {
      worker.postMessage({ type: 'pause' } satisfies WorkerCommand);
      this.store.patchRun(runId, { status: 'pausing' });
    }
  }

  resume(): void {
    this.store.set({ held: false, heldArms: [], clock: this.clockFromNow() });
    this.scheduleNext();
  }

  /** Pauses one arm (its running run checkpoints and stops between steps); the other arms go on. */
  pauseArm(arm: string): void {
    const { heldArms } = this.store.getState();
    if (!heldArms.includes(arm)) this.store.set({ heldArms: [...heldArms, arm] });
    for (const [runId, worker] of this.pool.runningWorkers()) {
      if (this.store.getState().runs[runId]?.spec.arm.name !== arm) continue;
      worker.postMessage({ type: 'pause' } satisfies WorkerCommand);
      this.store.patchRun(runId, { status: 'pausing' });
    }
  }

  /** Resumes a paused arm: its run of the seed now training starts again (or, when nothing trains, the next seed). */
  resumeArm(arm: string): void {
    this.store.set({ heldArms: this.store.getState().heldArms.filter((a) => a !== arm) });
    if (this.store.getState().held) {
      this.store.set({ held: false, clock: this.clockFromNow() });
      this.scheduleNext();
      return;
    }
    const { order, runs } = this.store.getState();
    const activeSeeds = new Set(order.filter((id) => isActive(runs[id])).map((id) => runs[id].spec.seed));
    if (activeSeeds.size === 0) {
      this.scheduleNext();
      return;
    }
    for (const id of order) {
      const run = runs[id];
      if (run.spec.arm.name === arm && activeSeeds.has(run.spec.seed) && isWaiting(run)) this.launch(run.spec, run.curve.length > 0);
    }
  }

  /**
   * Stops one arm for good: its running run stops between steps and ends as "stopped by the user" (kept in the
   * snapshot, left out of the summary); its runs not yet started end the same way at the step they reached.
   * The other arms go on, and their results appear when they finish.
   */
  stopArm(arm: string): void {
    const { order, runs, configHash } = this.store.getState();
    for (const id of order) {
      const run = runs[id];
      if (run.spec.arm.name !== arm) continue;
      const worker = this.pool.workerOf(id);
      if (worker) {
        worker.postMessage({ type: 'stop' } satisfies WorkerCommand);
        continue;
      }
      if (isWaiting(run)) {
        const stop = { reason: 'stopped-by-user', step: run.curve.length } as const;
        this.store.patchRun(id, { status: 'finished', stop, evalProgress: undefined });
        if (configHash) void this.storage.saveRun({ runId: id, configHash, arm, seed: run.spec.seed, status: 'finished', stop });
      }
    }
    this.store.set({ heldArms: this.store.getState().heldArms.filter((a) => a !== arm) });
    this.scheduleNext();
  }

  /** Fault injection: destroys the GPU device of every running worker; each resumes on a new one. */
  loseDevices(): void {
    this.pool.broadcast({ type: 'lose-device' });
  }

  /** Fault injection: every run held before a step (FaultPlan.holdAt) goes on. */
  release(): void {
    this.pool.broadcast({ type: 'release' });
  }

  stop(): void {
    this.store.set({ held: true, clock: null });
    this.pool.broadcast({ type: 'stop' });
  }

  /** A training stretch starting now, after the steps already done (for the ETA). */
  private clockFromNow(): ExperimentState['clock'] {
    return { since: performance.now(), stepsBefore: stepsDone(this.store.getState()) };
  }

  /** `afterDeviceLoss`: the relaunch of a run whose device was lost, which gets no injected faults (one loss is one). */
  private launch(spec: RunSpec, resume: boolean, afterDeviceLoss = false) {
    const { config, configHash } = this.store.getState();
    if (!config || !configHash) return;
    const worker = this.pool.take(spec.runId, workerShapeKey(config));
    this.store.patchRun(spec.runId, { status: 'running', error: undefined });
    worker.onmessage = (message: MessageEvent<WorkerEvent>) => this.handle(spec, message.data);
    worker.onerror = (event) => this.fail(spec.runId, `The training worker crashed (${event.message}). Reload the page to resume from the last checkpoint.`);
    const { faults, kernels } = this.options;
    worker.postMessage({
      type: 'start',
      experiment: config,
      configHash,
      run: spec,
      resume,
      files: this.options.pickedFiles(),
      kernels,
      ...(faults && !afterDeviceLoss ? { faults } : {}),
    } satisfies WorkerCommand);
  }

  /** A worker whose run ended cleanly (`reusable`) is kept for the next run; any other is terminated. */
  private retire(runId: string, reusable = false) {
    const { config } = this.store.getState();
    // at most as many as run at once: the arms of a seed, or two tuning trials
    const atMost = Math.max(TUNING_TRIALS_AT_ONCE, config?.arms.length ?? 0);
    this.pool.retire(runId, reusable ? { key: workerShapeKey(config), atMost } : null);
  }

  private fail(runId: string, message: string) {
    this.retire(runId);
    this.store.patchRun(runId, { status: 'failed', error: message, evalProgress: undefined });
    this.scheduleNext();
  }

  private handle(spec: RunSpec, event: WorkerEvent) {
    const runId = spec.runId;
    if (isRunReport(event)) {
      // a run that paused or ended cleanly leaves its worker for the next run, which may start now
      const settled = event.type === 'paused' || event.type === 'run-end';
      if (settled) this.retire(runId, true);
      this.store.patchRun(runId, (run) => runChangeFrom(run, event));
      if (settled) this.scheduleNext();
      return;
    }
    switch (event.type) {
      case 'adapter':
        if (!this.store.getState().facts) this.store.set({ facts: event.facts });
        return;
      case 'log':
        this.store.log(event.message);
        return;
      case 'error':
        if (event.reason === 'device-lost' || event.reason === 'kept-worker-device-lost') {
          // launch() drops this worker and takes another kept one or a new one (a new device); the run resumes from
          // its last checkpoint. Only the run's own device counts as its loss.
          this.store.log(`${runId}: ${event.message}`);
          if (event.reason === 'device-lost') this.store.patchRun(runId, (r) => ({ deviceLosses: (r.deviceLosses ?? 0) + 1, heldBefore: undefined }));
          this.launch(spec, true, event.reason === 'device-lost');
          return;
        }
        this.fail(runId, event.message);
        return;
      case 'checkpoint':
      case 'smoke-result':
        return;
    }
  }
}
