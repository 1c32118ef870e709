/**
 * The page side of a study: schedules the runs of an experiment onto Web Workers (every arm of a seed at
 * once, one worker each, on the shared GPU; then the next seed), keeps their live curves, restarts a worker
 * whose GPU device was lost (it resumes from its last checkpoint), and restores runs from IndexedDB after a
 * reload. The page never trains: it sends commands and renders events.
 *
 * A plain class with synchronous state (React reads it through useSyncExternalStore), so scheduling
 * decisions always see the latest state.
 */
import type { ExperimentConfig } from '../../core/experiment/schema';
import type { KernelPath } from '../../model/kernels/kernelPath';
import { configHash as hashConfig } from '../../core/experiment/hash';
import { expandRunMatrix, type RunSpec } from '../../core/experiment/runMatrix';
import type { SweepExperiment } from '../../core/experiment/sweep';
import { expandTuningStudy, type TuningStudy } from '../../core/experiment/tuning';
import { analyzeTuning, selectedFinalExperiment } from '../../core/snapshot/tuningAnalysis';
import type { CurvePoint, Environment, EvaluationRecord, RunRecord, Snapshot, StopRecord } from '../../core/snapshot/schema';
import { assembleSnapshot, assembleStudySnapshot } from '../../core/snapshot/assemble';
import type { AdapterFacts } from '../../gpu/device';
import type { LabStorage } from '../../storage/stores';
import type { FaultPlan } from '../../train/faults';
import type { WorkerCommand, WorkerEvent } from '../../train/protocol';

export type RunStatus = 'pending' | 'running' | 'pausing' | 'paused' | 'finished' | 'failed';

export interface LiveRun {
  spec: RunSpec;
  status: RunStatus;
  curve: CurvePoint[];
  batchHashes: string[];
  evaluations: EvaluationRecord[];
  stop?: StopRecord;
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
  sweep: { name: string; experiments: SweepExperiment[]; index: number; finished: { id: string; snapshot: Snapshot }[] } | null;
  /** A tuning study: its trials' experiment, then (phase 'final') the selected settings on the test sets. */
  tuning?: TuningState | null;
}

export interface TuningState {
  expanded: TuningStudy;
  phase: 'tuning' | 'final';
  /** The trials' runs, once every trial has ended (phase 'final'). */
  trials: RunRecord[] | null;
}

/** Trials at once in the page during a tuning study: one AdamW and one Lion trial side by side, as two arms are now. */
export const TUNING_TRIALS_AT_ONCE = 2;
const TUNING_KEY = 'rerank-lab-tuning-study/';

/** Which study an experiment (by config hash) belongs to, kept so a reload can carry on with the study. */
function rememberTuning(configHash: string, study: object, phase: TuningState['phase']): void {
  try {
    globalThis.localStorage?.setItem(TUNING_KEY + configHash, JSON.stringify({ study, phase }));
  } catch {
    // Storage full or unavailable: the experiment still runs; only the study context is lost on reload.
  }
}

function recalledTuning(configHash: string): { study: unknown; phase: TuningState['phase'] } | null {
  try {
    const text = globalThis.localStorage?.getItem(TUNING_KEY + configHash);
    return text ? (JSON.parse(text) as { study: unknown; phase: TuningState['phase'] }) : null;
  } catch {
    return null;
  }
}

export type WorkerFactory = (name: string) => Worker;

/** A sweep read back from storage: its name, its experiments' count, and the finished ones' snapshots. */
export interface StoredSweepView {
  name: string;
  total: number;
  finished: { id: string; snapshot: Snapshot }[];
}

/** Where snapshots say they were made (the adapter comes from the workers). */
export type EnvironmentOf = (adapter: AdapterFacts) => Environment;

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
  };
}

export function stepsDone(state: ExperimentState): number {
  return state.order.reduce((n, id) => n + state.runs[id].curve.length, 0);
}

export class ExperimentController {
  private state: ExperimentState = {
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
  private readonly listeners = new Set<() => void>();
  private readonly workers = new Map<string, Worker>();
  /**
   * Workers whose run ended cleanly, kept for the next run of the same model shape: a new worker gets a new GPU
   * device and compiles every tfjs pipeline again (about 35 s of a first step on SwiftShader), a kept one has them.
   * Keyed by model, batch and length, so tfjs's buffer pool in a kept worker fits the next run's tensors.
   */
  private idleWorkers: { worker: Worker; key: string }[] = [];

  constructor(
    private readonly storage: LabStorage,
    private readonly createWorker: WorkerFactory,
    private readonly environmentOf: EnvironmentOf,
    /** Kernel path of fresh runs (the page's `?kernels=`; resumed runs keep theirs). */
    private readonly kernels: KernelPath = 'own',
    /** Faults to inject at chosen steps (the page's ?debug=faults), sent with every start and resume. */
    private readonly faults: FaultPlan | null = null,
  ) {}

  /** The snapshot of the current experiment once every run has ended (null before). */
  snapshot(state = this.state): Snapshot | null {
    if (!state.config || !state.configHash || !state.facts || state.order.length === 0) return null;
    const records = state.order.map((id) => runRecordFromLive(state.runs[id]));
    if (records.some((r) => r === null)) return null;
    const snapshot = assembleSnapshot(state.config, state.configHash, this.environmentOf(state.facts), records as RunRecord[]);
    // A tuning study's final experiment carries the study and its trials: the selection is recomputable from it.
    const tuning = state.tuning;
    if (tuning?.phase === 'final' && tuning.trials) return assembleStudySnapshot(snapshot, tuning.expanded.study, tuning.trials);
    return snapshot;
  }

  /** Runs a tuning study: its trials (two at a time), then the selected setting of each optimizer on the test sets. */
  async startTuning(study: unknown, files: Record<string, File> = {}): Promise<void> {
    const expanded = expandTuningStudy(study, 'tuning.json');
    const hash = await hashConfig(expanded.tuning);
    rememberTuning(hash, expanded.study, 'tuning');
    await this.start(expanded.tuning, hash, files, null, { expanded, phase: 'tuning', trials: null });
  }

  /** Runs a sweep's experiments one after another (each like a single experiment, restorable on its own). */
  async startSweep(name: string, experiments: SweepExperiment[], files: Record<string, File> = {}): Promise<void> {
    if (experiments.length === 0) return;
    const hashes = await Promise.all(experiments.map((e) => hashConfig(e.config)));
    // the library shows the sweep as one entry with its experiments inside
    await this.storage.saveSweep(
      name,
      experiments.map((e, i) => ({ name: e.config.name, configHash: hashes[i]! })),
    );
    await this.start(experiments[0].config, hashes[0]!, files, { name, experiments, index: 0, finished: [] });
  }

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getState = () => this.state;

  private set(patch: Partial<ExperimentState>) {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }

  private patchRun(runId: string, patch: Partial<LiveRun> | ((run: LiveRun) => Partial<LiveRun>)) {
    const run = this.state.runs[runId];
    if (!run) return;
    const next = { ...run, ...(typeof patch === 'function' ? patch(run) : patch) };
    this.set({ runs: { ...this.state.runs, [runId]: next } });
  }

  private log(message: string) {
    this.set({ log: [...this.state.log.slice(-199), message] });
  }

  /** Files the user picked for the config's `file` references (kept for this page's lifetime only). */
  private files: Record<string, File> = {};

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
    this.set({});
  }

  async start(
    config: ExperimentConfig,
    configHash: string,
    files: Record<string, File> = {},
    sweep: ExperimentState['sweep'] = null,
    tuning: TuningState | null = null,
  ): Promise<void> {
    this.terminateRunning();
    this.files = files;
    await this.storage.saveExperiment(config, configHash);
    const specs = expandRunMatrix(config);
    for (const spec of specs) await this.storage.saveRun({ runId: spec.runId, configHash, arm: spec.arm.name, seed: spec.seed, status: 'pending' });
    const runs = Object.fromEntries(
      specs.map((spec) => [spec.runId, { spec, status: 'pending', curve: [], batchHashes: [], evaluations: [] } satisfies LiveRun]),
    );
    this.set({
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
    this.scheduleNext();
  }

  /** Restores an experiment from IndexedDB (after a reload): curves, evaluations, and which runs can resume. */
  async restore(configHash: string): Promise<void> {
    const stored = await this.storage.getExperiment(configHash);
    if (!stored) throw new Error('That experiment is no longer in this browser’s storage.');
    this.terminateRunning();
    const { runs, specs, adapter } = await this.loadRuns(stored.config, configHash);
    const tuning = await this.recallTuning(configHash);
    this.set({
      config: stored.config,
      configHash,
      runs,
      order: specs.map((s) => s.runId),
      log: [],
      held: true,
      heldArms: [],
      clock: null,
      facts: adapter as AdapterFacts | null,
      sweep: null,
      tuning,
    });
  }

  /**
   * The snapshot of a stored experiment, built from IndexedDB the way the page's own is after `restore` (its runs as
   * stored, the adapter they recorded); null when a run has not ended or the experiment is gone.
   */
  async storedSnapshot(configHash: string): Promise<Snapshot | null> {
    const stored = await this.storage.getExperiment(configHash);
    if (!stored) return null;
    const { runs, specs, adapter } = await this.loadRuns(stored.config, configHash);
    const order = specs.map((s) => s.runId);
    return this.snapshot({ ...this.state, config: stored.config, configHash, runs, order, facts: adapter as AdapterFacts | null, tuning: null });
  }

  /** A stored sweep, for its gap-by-size view (after a reload too): how many experiments it has and the snapshot of each finished one, in order. */
  async storedSweep(name: string): Promise<StoredSweepView> {
    const sweep = (await this.storage.listSweeps()).find((s) => s.name === name);
    if (!sweep) throw new Error(`The sweep ${name} is no longer in this browser’s storage.`);
    const finished: StoredSweepView['finished'] = [];
    for (const experiment of sweep.experiments) {
      const snapshot = await this.storedSnapshot(experiment.configHash);
      if (snapshot) finished.push({ id: snapshot.config.name, snapshot });
    }
    return { name, total: sweep.experiments.length, finished };
  }

  /** The study an experiment belongs to (after a reload): its trials' runs are read back for the final phase. */
  private async recallTuning(configHash: string): Promise<TuningState | null> {
    const recalled = recalledTuning(configHash);
    if (!recalled) return null;
    const expanded = expandTuningStudy(recalled.study, 'tuning.json');
    if (recalled.phase === 'tuning') return { expanded, phase: 'tuning', trials: null };
    const { runs, specs } = await this.loadRuns(expanded.tuning, await hashConfig(expanded.tuning));
    const trials = specs.map((s) => runRecordFromLive(runs[s.runId]));
    if (trials.some((t) => t === null)) return null;
    return { expanded, phase: 'final', trials: trials as RunRecord[] };
  }

  /** An experiment's runs as stored in IndexedDB: curves, evaluations, and which are finished. */
  private async loadRuns(config: ExperimentConfig, configHash: string) {
    const storedRuns = new Map((await this.storage.listRuns(configHash)).map((r) => [r.runId, r]));
    const runs: Record<string, LiveRun> = {};
    const specs = expandRunMatrix(config);
    for (const spec of specs) {
      const steps = await this.storage.loadSteps(spec.runId);
      const s = storedRuns.get(spec.runId);
      const finished = s?.status === 'finished';
      runs[spec.runId] = {
        spec,
        status: finished ? 'finished' : steps.length > 0 ? 'paused' : 'pending',
        curve: steps.map(({ batchHash: _hash, ...point }) => point),
        batchHashes: steps.map((x) => x.batchHash),
        evaluations: await this.storage.loadEvaluations(spec.runId),
        ...(finished && s?.stop ? { stop: s.stop } : {}),
      };
    }
    const adapter = [...storedRuns.values()].find((r) => r.adapter)?.adapter ?? null;
    return { runs, specs, adapter };
  }

  pause(): void {
    this.set({ held: true, clock: null });
    for (const runId of this.workers.keys()) {
      this.workers.get(runId)!.postMessage({ type: 'pause' } satisfies WorkerCommand);
      this.patchRun(runId, { status: 'pausing' });
    }
  }

  resume(): void {
    this.set({ held: false, heldArms: [], clock: { since: performance.now(), stepsBefore: stepsDone(this.state) } });
    this.scheduleNext();
  }

  /** Pauses one arm (its running run checkpoints and stops between steps); the other arms go on. */
  pauseArm(arm: string): void {
    if (!this.state.heldArms.includes(arm)) this.set({ heldArms: [...this.state.heldArms, arm] });
    for (const [runId, worker] of this.workers) {
      if (this.state.runs[runId]?.spec.arm.name !== arm) continue;
      worker.postMessage({ type: 'pause' } satisfies WorkerCommand);
      this.patchRun(runId, { status: 'pausing' });
    }
  }

  /** Resumes a paused arm: its run of the seed now training starts again (or, when nothing trains, the next seed). */
  resumeArm(arm: string): void {
    this.set({ heldArms: this.state.heldArms.filter((a) => a !== arm) });
    if (this.state.held) {
      this.set({ held: false, clock: { since: performance.now(), stepsBefore: stepsDone(this.state) } });
      this.scheduleNext();
      return;
    }
    const { order, runs } = this.state;
    const activeSeeds = new Set(order.filter((id) => runs[id].status === 'running' || runs[id].status === 'pausing').map((id) => runs[id].spec.seed));
    if (activeSeeds.size === 0) {
      this.scheduleNext();
      return;
    }
    for (const id of order) {
      const run = runs[id];
      if (run.spec.arm.name === arm && activeSeeds.has(run.spec.seed) && (run.status === 'pending' || run.status === 'paused'))
        this.launch(run.spec, run.curve.length > 0);
    }
  }

  /**
   * Stops one arm for good: its running run stops between steps and ends as "stopped by the user" (kept in the
   * snapshot, left out of the summary); its runs not yet started end the same way at the step they reached.
   * The other arms go on, and their results appear when they finish.
   */
  stopArm(arm: string): void {
    const { order, runs, configHash } = this.state;
    for (const id of order) {
      const run = runs[id];
      if (run.spec.arm.name !== arm) continue;
      const worker = this.workers.get(id);
      if (worker) {
        worker.postMessage({ type: 'stop' } satisfies WorkerCommand);
        continue;
      }
      if (run.status === 'pending' || run.status === 'paused') {
        const stop = { reason: 'stopped-by-user', step: run.curve.length } as const;
        this.patchRun(id, { status: 'finished', stop, evalProgress: undefined });
        if (configHash) void this.storage.saveRun({ runId: id, configHash, arm, seed: run.spec.seed, status: 'finished', stop });
      }
    }
    this.set({ heldArms: this.state.heldArms.filter((a) => a !== arm) });
    this.scheduleNext();
  }

  /** Fault injection: destroys the GPU device of every running worker; each resumes on a new one. */
  loseDevices(): void {
    for (const worker of this.workers.values()) worker.postMessage({ type: 'lose-device' } satisfies WorkerCommand);
  }

  /** Fault injection: every run held before a step (FaultPlan.holdAt) goes on. */
  release(): void {
    for (const worker of this.workers.values()) worker.postMessage({ type: 'release' } satisfies WorkerCommand);
  }

  stop(): void {
    this.set({ held: true, clock: null });
    for (const worker of this.workers.values()) worker.postMessage({ type: 'stop' } satisfies WorkerCommand);
  }

  dispose(): void {
    this.terminateAll();
    this.listeners.clear();
  }

  private terminateAll() {
    this.terminateRunning();
    for (const { worker } of this.idleWorkers) worker.terminate();
    this.idleWorkers = [];
  }

  private terminateRunning() {
    for (const worker of this.workers.values()) worker.terminate();
    this.workers.clear();
  }

  /** What a kept worker must match to take a run (see idleWorkers). */
  private workerKey(): string {
    const { config } = this.state;
    return config ? JSON.stringify([config.model, config.batchSize, config.maxLength]) : '';
  }

  /** Starts every waiting arm of the next seed once no run is active. */
  private scheduleNext() {
    const { order, runs, held } = this.state;
    if (held) return;
    if (order.some((id) => runs[id].status === 'running' || runs[id].status === 'pausing')) return;
    const waiting = (id: string) => runs[id].status === 'pending' || runs[id].status === 'paused';
    const heldArm = (id: string) => this.state.heldArms.includes(runs[id].spec.arm.name);
    const next = order.find((id) => waiting(id) && !heldArm(id));
    if (!next) {
      // runs of paused arms wait for their Resume; otherwise the experiment is over
      if (order.some(waiting)) return;
      this.set({ held: true, clock: null });
      this.advanceSweep();
      this.advanceTuning();
      return;
    }
    const seed = runs[next].spec.seed;
    // A tuning study has many trials per seed: they go two at a time (the GPU is shared), in the interleaved order.
    let slots = this.state.tuning?.phase === 'tuning' ? TUNING_TRIALS_AT_ONCE : Infinity;
    for (const id of order) {
      const run = this.state.runs[id];
      if (slots > 0 && run.spec.seed === seed && waiting(id) && !heldArm(id)) {
        this.launch(run.spec, run.curve.length > 0);
        slots--;
      }
    }
  }

  /** When a tuning study's trials have all ended, select on the dev set and start the final runs. */
  private advanceTuning() {
    const { tuning } = this.state;
    if (!tuning || tuning.phase !== 'tuning') return;
    const trials = this.snapshot()?.runs;
    if (!trials) return;
    let final: ExperimentConfig;
    try {
      final = selectedFinalExperiment(tuning.expanded, analyzeTuning(tuning.expanded, trials));
    } catch (error) {
      this.log(`tuning study: ${(error as Error).message}`);
      return;
    }
    const next: TuningState = { ...tuning, phase: 'final', trials };
    void hashConfig(final)
      .then(async (hash) => {
        rememberTuning(hash, tuning.expanded.study, 'final');
        await this.start(final, hash, this.files, null, next);
      })
      .catch((error: Error) => this.log(`tuning study: could not start the final runs: ${error.message}`));
  }

  /** When a sweep's current experiment has ended, keep its snapshot and start the next experiment. */
  private advanceSweep() {
    const { sweep } = this.state;
    const snapshot = this.snapshot();
    if (!sweep || !snapshot || sweep.finished.some((f) => f.id === snapshot.config.name)) return;
    const finished = [...sweep.finished, { id: snapshot.config.name, snapshot }];
    const index = sweep.index + 1;
    this.set({ sweep: { ...sweep, finished, index } });
    if (index >= sweep.experiments.length) return;
    const next = sweep.experiments[index].config;
    void hashConfig(next)
      .then((hash) => this.start(next, hash, this.files, { ...sweep, finished, index }))
      .catch((error: Error) => this.log(`sweep: could not start ${next.name}: ${error.message}`));
  }

  /** `afterDeviceLoss`: the relaunch of a run whose device was lost, which gets no injected faults (one loss is one). */
  private launch(spec: RunSpec, resume: boolean, afterDeviceLoss = false) {
    const { config, configHash } = this.state;
    if (!config || !configHash) return;
    this.workers.get(spec.runId)?.terminate();
    const key = this.workerKey();
    for (const idle of this.idleWorkers) if (idle.key !== key) idle.worker.terminate();
    this.idleWorkers = this.idleWorkers.filter((idle) => idle.key === key);
    const worker = this.idleWorkers.pop()?.worker ?? this.createWorker(`train ${spec.runId}`);
    this.workers.set(spec.runId, worker);
    this.patchRun(spec.runId, { status: 'running', error: undefined });
    worker.onmessage = (message: MessageEvent<WorkerEvent>) => this.handle(spec, message.data);
    worker.onerror = (event) => this.fail(spec.runId, `The training worker crashed (${event.message}). Reload the page to resume from the last checkpoint.`);
    const faults = this.faults && !afterDeviceLoss ? { faults: this.faults } : {};
    worker.postMessage({
      type: 'start',
      experiment: config,
      configHash,
      run: spec,
      resume,
      files: this.files,
      kernels: this.kernels,
      ...faults,
    } satisfies WorkerCommand);
  }

  /** A worker whose run ended cleanly (`reusable`) is kept for the next run; any other is terminated. */
  private retire(runId: string, reusable = false) {
    const worker = this.workers.get(runId);
    this.workers.delete(runId);
    if (!worker) return;
    // at most as many as run at once: the arms of a seed, or two tuning trials
    if (reusable && this.idleWorkers.length < Math.max(TUNING_TRIALS_AT_ONCE, this.state.config?.arms.length ?? 0)) {
      worker.onmessage = null;
      worker.onerror = null;
      this.idleWorkers.push({ worker, key: this.workerKey() });
    } else worker.terminate();
  }

  private fail(runId: string, message: string) {
    this.retire(runId);
    this.patchRun(runId, { status: 'failed', error: message, evalProgress: undefined });
    this.scheduleNext();
  }

  private handle(spec: RunSpec, event: WorkerEvent) {
    const runId = spec.runId;
    switch (event.type) {
      case 'adapter':
        if (!this.state.facts) this.set({ facts: event.facts });
        return;
      case 'log':
        this.log(event.message);
        return;
      case 'held':
        this.patchRun(runId, { heldBefore: event.step });
        return;
      case 'step':
        this.patchRun(runId, (r) => ({
          heldBefore: undefined,
          curve: [...r.curve.slice(0, event.point.step - 1), event.point],
          batchHashes: [...r.batchHashes.slice(0, event.point.step - 1), event.batchHash],
          ...(event.gpuBytes !== undefined ? { gpuBytes: event.gpuBytes } : {}),
        }));
        return;
      case 'download':
        this.patchRun(runId, {
          download: event.loaded === event.total ? undefined : { file: event.file, loaded: event.loaded, total: event.total, fromCache: event.fromCache },
        });
        return;
      case 'eval-progress':
        this.patchRun(runId, {
          evalProgress: {
            evalSet: event.evalSet,
            done: event.done,
            total: event.total,
            ...(event.pairsPerSecond !== undefined ? { pairsPerSecond: event.pairsPerSecond } : {}),
          },
        });
        return;
      case 'evaluation':
        this.patchRun(runId, (r) => ({
          evalProgress: undefined,
          evaluations: [...r.evaluations.filter((e) => !(e.step === event.record.step && e.evalSet === event.record.evalSet)), event.record],
        }));
        return;
      case 'paused':
        this.retire(runId, true);
        this.patchRun(runId, { status: 'paused', evalProgress: undefined, heldBefore: undefined });
        this.scheduleNext();
        return;
      case 'run-end':
        this.retire(runId, true);
        this.patchRun(runId, {
          status: 'finished',
          heldBefore: undefined,
          stop: event.record.stop,
          curve: event.record.curve,
          batchHashes: event.record.batchHashes,
          evaluations: event.record.evaluations,
          evalProgress: undefined,
        });
        this.scheduleNext();
        return;
      case 'error':
        if (event.reason === 'device-lost' || event.reason === 'kept-worker-device-lost') {
          // launch() drops this worker and takes another kept one or a new one (a new device); the run resumes from
          // its last checkpoint. Only the run's own device counts as its loss.
          this.log(`${runId}: ${event.message}`);
          if (event.reason === 'device-lost') this.patchRun(runId, (r) => ({ deviceLosses: (r.deviceLosses ?? 0) + 1, heldBefore: undefined }));
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
