/**
 * What the training and scoring benchmarks share: waiting for the GPU to finish what tfjs has queued, and
 * counting every compute dispatch on the device (tfjs's programs, our kernels and the fused optimizer alike) by
 * wrapping GPUComputePassEncoder.prototype.dispatchWorkgroups until `restore`.
 */
import { flushTfjsQueue, type TfjsWebgpu } from '../src/gpu/tfjsBackend';

/** Resolves once everything tfjs has queued so far has run on the GPU. */
export function gpuIdle({ backend, device }: Pick<TfjsWebgpu, 'backend' | 'device'>): () => Promise<void> {
  const internals = backend as unknown as { ensureCommandEncoderReady(): void; endComputePassEncoder(): void; submitQueue(): void };
  return async () => {
    flushTfjsQueue(internals);
    await device.queue.onSubmittedWorkDone();
  };
}

export interface DispatchCounter {
  /** Dispatches since the last reset. */
  readonly count: number;
  reset(): void;
  restore(): void;
}

export function countDispatches(): DispatchCounter {
  const encoderPrototype = (globalThis as unknown as { GPUComputePassEncoder: { prototype: GPUComputePassEncoder } }).GPUComputePassEncoder.prototype;
  const originalDispatch = encoderPrototype.dispatchWorkgroups;
  let dispatches = 0;
  encoderPrototype.dispatchWorkgroups = function (this: GPUComputePassEncoder, ...a: Parameters<GPUComputePassEncoder['dispatchWorkgroups']>) {
    dispatches++;
    return originalDispatch.apply(this, a);
  };
  return {
    get count() {
      return dispatches;
    },
    reset: () => {
      dispatches = 0;
    },
    restore: () => {
      encoderPrototype.dispatchWorkgroups = originalDispatch;
    },
  };
}
