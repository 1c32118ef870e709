/// <reference lib="webworker" />
// Thin wiring: the worker owns a WebGPU device and answers protocol commands with src/ code.
import { acquireGpu, NoWebGpuError, type AcquiredGpu } from '../src/gpu/device';
import { runSmokeCheck } from '../src/gpu/smoke/saxpy';
import type { WorkerCommand, WorkerEvent } from '../src/train/protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (event: WorkerEvent) => scope.postMessage(event);
let gpu: Promise<AcquiredGpu> | undefined;

scope.onmessage = async (message: MessageEvent<WorkerCommand>) => {
  const command = message.data;
  try {
    gpu ??= acquireGpu({ runtime: 'browser-worker' });
    const { device, facts } = await gpu;
    post({ type: 'adapter', facts });
    if (command.type === 'smoke') {
      const started = performance.now();
      const check = await runSmokeCheck(device, command.n, command.a);
      post({ type: 'smoke-result', check, ms: performance.now() - started });
    }
  } catch (error) {
    gpu = undefined;
    post({
      type: 'error',
      message: error instanceof Error ? error.message : String(error),
      reason: error instanceof NoWebGpuError ? error.reason : 'internal',
    });
  }
};
