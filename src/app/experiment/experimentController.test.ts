import { describe, expect, it } from 'vitest';
import type { LabStorage } from '../../storage/stores';
import type { FaultPlan } from '../../train/faults';
import type { WorkerCommand, WorkerEvent } from '../../train/protocol';
import { fixtureConfig, fixtureEvaluation, FIXTURE_ENVIRONMENT } from '../../testing/snapshots';
import { statusText } from './runStatusText';
import { ExperimentController } from './experimentController';

/** A stand-in for a training worker: records the commands, and the test plays its events. */
class FakeWorker {
  commands: WorkerCommand[] = [];
  terminated = false;
  onmessage: ((message: MessageEvent<WorkerEvent>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  constructor(readonly name: string) {}
  postMessage(command: WorkerCommand) {
    this.commands.push(command);
  }
  terminate() {
    this.terminated = true;
  }
  emit(event: WorkerEvent) {
    this.onmessage?.({ data: event } as MessageEvent<WorkerEvent>);
  }
  /** Its latest start command (a kept worker runs several runs, one after another). */
  get start(): Extract<WorkerCommand, { type: 'start' }> | undefined {
    return this.commands.filter((c): c is Extract<WorkerCommand, { type: 'start' }> => c.type === 'start').at(-1);
  }
  get runId(): string | undefined {
    return this.start?.run.runId;
  }
}

function setup(seeds = [1], faults: FaultPlan | null = null) {
  const saved: { runId: string; status: string }[] = [];
  const storage = { saveExperiment: async () => {}, saveRun: async (r: { runId: string; status: string }) => void saved.push(r) } as unknown as LabStorage;
  const workers: FakeWorker[] = [];
  const controller = new ExperimentController(
    storage,
    (name) => {
      const w = new FakeWorker(name);
      workers.push(w);
      return w as unknown as Worker;
    },
    () => FIXTURE_ENVIRONMENT,
    'own',
    faults,
  );
  const config = fixtureConfig({ seeds });
  const live = (arm: string, seed = 1) => workers.filter((w) => !w.terminated && w.runId === `${config.name}/${arm}/seed-${seed}`).at(-1)!;
  /** Workers whose current run is training. */
  const training = () => workers.filter((w) => !w.terminated && w.runId && controller.getState().runs[w.runId]?.status === 'running');
  const point = (step: number) => ({ step, loss: 0.7, lr: 1e-3, gradNorm: 1, examplesPerSecond: 10, ms: 50 });
  const finish = (w: FakeWorker, arm: string, seed: number, stop: { reason: 'completed' | 'stopped-by-user'; step: number }) =>
    w.emit({
      type: 'run-end',
      runId: `${config.name}/${arm}/seed-${seed}`,
      record: {
        runId: `${config.name}/${arm}/seed-${seed}`,
        arm,
        seed,
        stop,
        curve: Array.from({ length: stop.step }, (_, i) => point(i + 1)),
        batchHashes: Array.from({ length: stop.step }, (_, i) => `h${i}`),
        evaluations: [],
      },
    });
  return { controller, config, workers, live, training, finish, saved };
}

describe('per-arm control', () => {
  it('stopping one arm stops only its worker; the other arm goes on and the experiment ends when it finishes', async () => {
    const { controller, config, live, finish } = setup();
    await controller.start(config, 'a'.repeat(64));
    expect(Object.values(controller.getState().runs).map((r) => r.status)).toEqual(['running', 'running']);
    const adamw = live('adamw');
    const lion = live('lion');
    adamw.emit({ type: 'adapter', facts: FIXTURE_ENVIRONMENT.adapter as never });

    controller.stopArm('lion');
    expect(lion.commands.at(-1)).toEqual({ type: 'stop' });
    expect(adamw.commands.map((c) => c.type)).toEqual(['start']);
    finish(lion, 'lion', 1, { reason: 'stopped-by-user', step: 1 });
    expect(controller.getState().runs[`${config.name}/adamw/seed-1`].status).toBe('running');
    expect(controller.snapshot()).toBeNull();

    finish(adamw, 'adamw', 1, { reason: 'completed', step: 3 });
    const snapshot = controller.snapshot()!;
    expect(snapshot.runs.map((r) => [r.arm, r.stop.reason])).toEqual([
      ['adamw', 'completed'],
      ['lion', 'stopped-by-user'],
    ]);
  });

  it('a paused arm waits while the other arm moves to the next seed; resuming it relaunches it from its checkpoint', async () => {
    const { controller, config, live, finish, training } = setup([1, 2]);
    await controller.start(config, 'b'.repeat(64));
    const lion1 = live('lion', 1);
    controller.pauseArm('lion');
    expect(lion1.commands.at(-1)).toEqual({ type: 'pause' });
    lion1.emit({
      type: 'step',
      runId: `${config.name}/lion/seed-1`,
      point: { step: 1, loss: 0.7, lr: 1e-3, gradNorm: 1, examplesPerSecond: 1, ms: 1 },
      batchHash: 'h',
    });
    lion1.emit({ type: 'paused', runId: `${config.name}/lion/seed-1`, step: 1 });
    expect(controller.getState().runs[`${config.name}/lion/seed-1`].status).toBe('paused');

    finish(live('adamw', 1), 'adamw', 1, { reason: 'completed', step: 3 });
    // adamw's seed 2 starts; lion stays paused
    expect(controller.getState().runs[`${config.name}/adamw/seed-2`].status).toBe('running');
    expect(controller.getState().runs[`${config.name}/lion/seed-1`].status).toBe('paused');
    expect(training()).toHaveLength(1);

    // resumed: lion's run of the seed now training joins adamw's; its paused seed-1 run follows after
    controller.resumeArm('lion');
    expect(live('lion', 2).start).toMatchObject({ type: 'start', resume: false });
    finish(live('adamw', 2), 'adamw', 2, { reason: 'completed', step: 3 });
    finish(live('lion', 2), 'lion', 2, { reason: 'completed', step: 3 });
    const relaunched = live('lion', 1);
    expect(relaunched.start).toMatchObject({ type: 'start', resume: true });
  });

  it('resuming an arm while its seed is training relaunches it at once', async () => {
    const { controller, config, live } = setup();
    await controller.start(config, 'c'.repeat(64));
    const lion = live('lion');
    controller.pauseArm('lion');
    lion.emit({ type: 'paused', runId: `${config.name}/lion/seed-1`, step: 0 });
    controller.resumeArm('lion');
    expect(live('lion').start).toMatchObject({ type: 'start', resume: false });
    expect(controller.getState().runs[`${config.name}/lion/seed-1`].status).toBe('running');
    expect(controller.getState().heldArms).toEqual([]);
  });

  it('stopping an arm ends its runs that have not started at the step they reached', async () => {
    const { controller, config, live, saved } = setup([1, 2]);
    await controller.start(config, 'd'.repeat(64));
    controller.stopArm('lion');
    const later = controller.getState().runs[`${config.name}/lion/seed-2`];
    expect(later).toMatchObject({ status: 'finished', stop: { reason: 'stopped-by-user', step: 0 } });
    expect(saved.at(-1)).toMatchObject({ runId: `${config.name}/lion/seed-2`, status: 'finished' });
    expect(live('lion', 1).commands.at(-1)).toEqual({ type: 'stop' });
  });

  it('keeps the workers of cleanly ended runs for the next runs of the same model (their compiled pipelines carry over)', async () => {
    const { controller, config, live, finish, workers } = setup([1, 2]);
    await controller.start(config, 'e'.repeat(64));
    const [adamw1, lion1] = [live('adamw', 1), live('lion', 1)];
    finish(adamw1, 'adamw', 1, { reason: 'completed', step: 3 });
    finish(lion1, 'lion', 1, { reason: 'completed', step: 3 });
    // seed 2 runs on seed 1's workers: no new worker, none terminated
    expect(workers).toHaveLength(2);
    expect(workers.every((w) => !w.terminated)).toBe(true);
    expect(new Set([live('adamw', 2), live('lion', 2)])).toEqual(new Set([adamw1, lion1]));
    expect(live('adamw', 2).commands.filter((c) => c.type === 'start')).toHaveLength(2);

    // a run that fails leaves no worker behind; the next experiment of another model starts on new workers
    live('lion', 2).emit({ type: 'error', runId: `${config.name}/lion/seed-2`, reason: 'internal', message: 'boom' });
    finish(live('adamw', 2), 'adamw', 2, { reason: 'completed', step: 3 });
    expect(workers.filter((w) => !w.terminated)).toHaveLength(1);
    const bigger = { ...config, name: 'other', model: { ...config.model, hidden: 64 } } as typeof config;
    await controller.start(bigger, 'f'.repeat(64));
    expect(workers).toHaveLength(4);
    expect(workers.slice(0, 2).every((w) => w.terminated)).toBe(true);
  });

  it('a kept worker whose device was lost after its run hands the next run to a new worker, counting no device loss', async () => {
    const { controller, config, live, finish, workers } = setup([1, 2]);
    await controller.start(config, 'e'.repeat(64));
    const [adamw1, lion1] = [live('adamw', 1), live('lion', 1)];
    finish(adamw1, 'adamw', 1, { reason: 'completed', step: 3 });
    finish(lion1, 'lion', 1, { reason: 'completed', step: 3 });
    const kept = live('adamw', 2);
    expect([adamw1, lion1]).toContain(kept);
    const runId = `${config.name}/adamw/seed-2`;
    kept.emit({ type: 'error', runId, reason: 'kept-worker-device-lost', message: 'lost after its last run' });
    expect(kept.terminated).toBe(true);
    expect(workers).toHaveLength(3);
    expect(live('adamw', 2)).toBe(workers[2]);
    expect(live('adamw', 2).start?.resume).toBe(true);
    const run = controller.getState().runs[runId]!;
    expect(run.status).toBe('running');
    expect(run.deviceLosses).toBeUndefined();

    // its own device lost mid-run is counted, and it resumes on a new worker too
    live('adamw', 2).emit({ type: 'error', runId, reason: 'device-lost', message: 'lost mid-run' });
    expect(workers).toHaveLength(4);
    expect(controller.getState().runs[runId]!.deviceLosses).toBe(1);
  });
});

describe('faults injected at a chosen step (?debug=faults)', () => {
  it('go with every start and resume, not with the relaunch after a device loss, so one injected loss is one loss', async () => {
    const faults = { loseDeviceAt: 3, holdAt: 5 };
    const { controller, config, live, workers } = setup([1], faults);
    await controller.start(config, '9'.repeat(64));
    expect(workers.map((w) => w.start?.faults)).toEqual([faults, faults]);
    const runId = `${config.name}/adamw/seed-1`;
    live('adamw').emit({ type: 'error', runId, reason: 'device-lost', message: 'destroyed before step 3' });
    expect(live('adamw').start).toMatchObject({ resume: true });
    expect(live('adamw').start?.faults).toBeUndefined();
    expect(controller.getState().runs[runId]!.deviceLosses).toBe(1);

    // a run held before a step says so until it takes its next step; Release reaches every running worker
    const lion = live('lion');
    lion.emit({ type: 'held', runId: `${config.name}/lion/seed-1`, step: 5 });
    const held = controller.getState().runs[`${config.name}/lion/seed-1`]!;
    expect(held.heldBefore).toBe(5);
    expect(statusText(held, 6)).toBe('running, step 0/6 · held before step 5 (fault injection)');
    controller.release();
    expect(lion.commands.at(-1)).toEqual({ type: 'release' });
    lion.emit({
      type: 'step',
      runId: `${config.name}/lion/seed-1`,
      point: { step: 1, loss: 0.7, lr: 1e-3, gradNorm: 1, examplesPerSecond: 1, ms: 1 },
      batchHash: 'h',
    });
    expect(controller.getState().runs[`${config.name}/lion/seed-1`]!.heldBefore).toBeUndefined();

    // paused and resumed by the user: the resumed launch carries the plan again
    controller.pause();
    lion.emit({ type: 'paused', runId: `${config.name}/lion/seed-1`, step: 1 });
    live('adamw').emit({ type: 'paused', runId, step: 0 });
    controller.resume();
    expect(live('lion').start?.faults).toEqual(faults);
  });
});

describe('evaluation progress', () => {
  it('shows the pairs/s and time left the worker measured, nothing before it has, and clears with the evaluation', async () => {
    const { controller, config, live } = setup();
    await controller.start(config, 'c'.repeat(64));
    const runId = `${config.name}/adamw/seed-1`;
    const run = () => controller.getState().runs[runId];
    const progress = (done: number, pairsPerSecond?: number) =>
      live('adamw').emit({ type: 'eval-progress', runId, evalSet: 'dl19', done, total: 4300, ...(pairsPerSecond !== undefined ? { pairsPerSecond } : {}) });

    progress(0);
    expect(run().evalProgress).toEqual({ evalSet: 'dl19', done: 0, total: 4300 });
    expect(statusText(run(), 3)).toBe('evaluating dl19: 0/4300 pairs');
    progress(300, 20);
    expect(run().evalProgress).toEqual({ evalSet: 'dl19', done: 300, total: 4300, pairsPerSecond: 20 });
    expect(statusText(run(), 3)).toBe('evaluating dl19: 300/4300 pairs, 20 pairs/s, 3 min left');
    progress(4240, 1.5);
    expect(statusText(run(), 3)).toBe('evaluating dl19: 4240/4300 pairs, 1.5 pairs/s, 40 s left');

    live('adamw').emit({ type: 'evaluation', runId, record: fixtureEvaluation('dl19', 3, { ndcg_cut_10: { q1: 0.5 } }) });
    expect(run().evalProgress).toBeUndefined();
  });
});

describe('what a run ends with', () => {
  it("the worker's initial-weights hash and precision reach the page's snapshot; a run ended without them has neither", async () => {
    const { controller, config, live } = setup();
    await controller.start(config, 'e'.repeat(64));
    live('adamw').emit({ type: 'adapter', facts: FIXTURE_ENVIRONMENT.adapter as never });
    const ended = (arm: string, extra: Record<string, unknown>) =>
      live(arm).emit({
        type: 'run-end',
        runId: `${config.name}/${arm}/seed-1`,
        record: {
          runId: `${config.name}/${arm}/seed-1`,
          arm,
          seed: 1,
          stop: { reason: 'completed', step: 1 },
          curve: [{ step: 1, loss: 0.7, lr: 1e-3, gradNorm: 1, examplesPerSecond: 10, ms: 50 }],
          batchHashes: ['h0'],
          evaluations: [],
          ...extra,
        },
      });
    ended('adamw', { initialWeightsHash: '5'.repeat(64), precision: 'float32' });
    ended('lion', {});
    const [adamw, lion] = controller.snapshot()!.runs;
    expect([adamw.initialWeightsHash, adamw.precision]).toEqual(['5'.repeat(64), 'float32']);
    expect('initialWeightsHash' in lion || 'precision' in lion).toBe(false);
  });
});
