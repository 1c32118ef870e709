/// <reference lib="webworker" />
// Thin wiring: one training run at a time per worker, on tfjs's WebGPU device, persisted through LabStorage. The page
// may send a kept worker its next run (same model shape): tfjs's compiled pipelines and buffer pool carry over.
import { initTfjsWebgpu } from '../src/gpu/tfjsBackend';
import { NoWebGpuError } from '../src/gpu/device';
import { StorageFullError, LabStorage } from '../src/storage/stores';
import { setKernelPath } from '../src/model/kernels/kernelPath';
import { kernelPathForRun } from '../src/train/runKernels';
import { ArmRun } from '../src/train/armRun';
import { browserHost } from '../src/train/browserHost';
import { runRecordOf } from '../src/train/experiment';
import type { ErrorReason, WorkerCommand, WorkerEvent } from '../src/train/protocol';
import { zipSync } from 'fflate';
import { modelCardMarkdown } from '../src/core/snapshot/modelCard';
import type { RunRecord } from '../src/core/snapshot/schema';
import { faultsBefore } from '../src/train/faults';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (event: WorkerEvent) => scope.postMessage(event);
const storage = new LabStorage();
let requested: 'continue' | 'pause' | 'stop' = 'continue';
let deviceLost = false;
/** How long a failed step waits for device.lost before it counts as an ordinary error. */
const DEVICE_LOST_GRACE_MS = 10_000;
let device: GPUDevice | null = null;
/** The run in progress (the device-lost report names it). */
let currentRunId: string | null = null;
/** Ends a hold (FaultPlan.holdAt): the page released the run, or paused or stopped it. */
let releaseHold: (() => void) | null = null;

scope.onmessage = async (message: MessageEvent<WorkerCommand>) => {
  const command = message.data;
  if (command.type === 'lose-device') {
    device?.destroy();
    return;
  }
  if (command.type === 'pause' || command.type === 'stop') {
    requested = command.type;
    releaseHold?.();
    return;
  }
  if (command.type === 'release') {
    releaseHold?.();
    return;
  }
  if (command.type !== 'start') return;
  const { experiment, configHash, run } = command;
  requested = 'continue';
  if (deviceLost) {
    // kept after its device was lost between runs: the page starts the run again on a new worker
    post({
      type: 'error',
      runId: run.runId,
      reason: 'kept-worker-device-lost',
      message: 'This worker lost its GPU device after its last run; starting the run on a new worker.',
    });
    return;
  }
  let armRun: ArmRun | null = null;
  try {
    currentRunId = run.runId;
    const tfw = await initTfjsWebgpu();
    if (device !== tfw.device) {
      device = tfw.device;
      // once per device, for whichever run holds it then (a kept worker runs several)
      void tfw.device.lost.then((info) => {
        deviceLost = true;
        if (currentRunId === null) return;
        post({
          type: 'error',
          runId: currentRunId,
          reason: 'device-lost',
          message: `The GPU device was lost (${info.message || info.reason}); resuming from the last checkpoint.`,
        });
      });
    }
    post({ type: 'adapter', facts: tfw.facts });
    const host = browserHost({
      base: new URL(import.meta.env.BASE_URL, scope.location.origin).href,
      files: command.files,
      checkpoints: storage,
      datasets: storage,
      localModels: storage,
      hub: { onProgress: (p) => post({ type: 'download', runId: run.runId, file: p.file, loaded: p.loaded, total: p.total, fromCache: p.fromCache }) },
    });
    const stored = command.resume ? await storage.getRun(run.runId) : undefined;
    const kernels = kernelPathForRun(stored, command.kernels);
    setKernelPath(kernels);
    if (stored && kernels !== (command.kernels ?? 'own')) {
      post({ type: 'log', runId: run.runId, message: `${run.runId}: resumes on the ${kernels} kernels it started on` });
    }
    const steps = command.resume ? await storage.loadSteps(run.runId) : [];
    const previous = {
      curve: steps.map(({ batchHash: _hash, ...point }) => point),
      batchHashes: steps.map((s) => s.batchHash),
      evaluations: command.resume ? await storage.loadEvaluations(run.runId) : [],
    };
    const saveStatus = (status: 'running' | 'paused' | 'finished', stop?: RunRecord['stop'], ended?: Pick<RunRecord, 'initialWeightsHash' | 'precision'>) =>
      storage.saveRun({
        runId: run.runId,
        configHash,
        arm: run.arm.name,
        seed: run.seed,
        status,
        adapter: tfw.facts,
        kernels,
        ...(stop ? { stop } : {}),
        ...(ended?.initialWeightsHash ? { initialWeightsHash: ended.initialWeightsHash } : {}),
        ...(ended?.precision ? { precision: ended.precision } : {}),
      });
    await saveStatus('running');
    armRun = new ArmRun({
      experiment,
      configHash,
      run,
      host,
      tfw,
      resume: command.resume,
      previous,
      control: {
        requested: () => (deviceLost ? 'stop' : requested),
        beforeStep: async (step) => {
          const due = faultsBefore(command.faults, step);
          if (due.hold && requested === 'continue') {
            post({ type: 'held', runId: run.runId, step });
            post({ type: 'log', runId: run.runId, message: `${run.runId}: fault injection: held before step ${step}` });
            await new Promise<void>((resolve) => (releaseHold = resolve));
            releaseHold = null;
          }
          if (due.loseDevice && device) {
            post({ type: 'log', runId: run.runId, message: `${run.runId}: fault injection: GPU device destroyed before step ${step}` });
            device.destroy();
            // The lost handler tells the page; `requested` then reads 'stop', so no step runs on the dead device.
            await device.lost;
          }
        },
      },
      events: {
        onStartAt: (step) => storage.truncateAfter(run.runId, step),
        onLog: (m) => post({ type: 'log', runId: run.runId, message: m }),
        onStep: async (point, batchHash) => {
          await storage.appendSteps(run.runId, [{ ...point, batchHash }]);
          const gpuBytes = armRun?.gpuBytes() ?? null;
          post({ type: 'step', runId: run.runId, point, batchHash, ...(gpuBytes !== null ? { gpuBytes } : {}) });
        },
        onEvalProgress: (evalSet, done, total, pairsPerSecond) =>
          post({ type: 'eval-progress', runId: run.runId, evalSet, done, total, ...(pairsPerSecond !== null ? { pairsPerSecond } : {}) }),
        onEvaluation: async (record) => {
          await storage.saveEvaluation(run.runId, record);
          post({ type: 'evaluation', runId: run.runId, record });
        },
        onCheckpoint: (step) => post({ type: 'checkpoint', runId: run.runId, step }),
      },
    });
    const result = await armRun.run();
    if (deviceLost) return;
    if (result.stop.reason === 'paused') {
      await saveStatus('paused');
      post({ type: 'paused', runId: run.runId, step: result.stop.step });
      return;
    }
    const record = runRecordOf(run, result);
    // The trained model leaves the lab as a Hugging Face folder (zipped), kept until the user downloads it.
    const environment = {
      adapter: tfw.facts,
      runtime: { kind: 'browser' as const, userAgent: navigator.userAgent },
      app: { version: __APP_VERSION__, commit: __APP_COMMIT__ },
      kernels,
    };
    const folder = `${run.arm.name}.seed-${run.seed}`;
    try {
      const files = await armRun.hfFolder(modelCardMarkdown({ config: experiment, configHash, record, family: armRun.family!, environment }));
      const zip = zipSync(Object.fromEntries(Object.entries(files).map(([name, bytes]) => [`${folder}/${name}`, bytes])), { level: 0 });
      await storage.saveModel({ runId: run.runId, fileName: `${experiment.name.replace(/[^A-Za-z0-9._-]+/g, '_')}.${folder}.zip`, bytes: zip });
    } catch (error) {
      // The run's results matter more than its download: a model that cannot be kept does not fail the run.
      post({
        type: 'log',
        runId: run.runId,
        message: `${run.runId}: the trained model could not be kept for download (${error instanceof Error ? error.message : String(error)})`,
      });
    }
    await saveStatus('finished', record.stop, record);
    post({ type: 'run-end', runId: run.runId, record });
  } catch (error) {
    // A step that fails because the device went away (an aborted mapAsync, say) may report before device.lost
    // resolves, which takes seconds on a loaded software adapter: errors of the lab's own kinds need no wait.
    const ownError = error instanceof NoWebGpuError || error instanceof StorageFullError;
    if (!ownError && !deviceLost && device) await Promise.race([device.lost, new Promise((resolve) => setTimeout(resolve, DEVICE_LOST_GRACE_MS))]);
    if (deviceLost) return; // the device.lost handler has told the page, which resumes on a new worker
    const reason: ErrorReason =
      error instanceof NoWebGpuError ? error.reason : error instanceof StorageFullError ? 'storage-full' : deviceLost ? 'device-lost' : 'internal';
    post({ type: 'error', runId: run.runId, reason, message: error instanceof Error ? error.message : String(error) });
  } finally {
    armRun?.dispose();
    currentRunId = null;
  }
};
