/**
 * Puts tfjs on the WebGPU backend, in a page, a worker or Node, and hands back the device it uses so our
 * own kernels (fused optimizers) can run on the same GPUDevice and the same buffers.
 * tf.setBackend('webgpu') quietly falls back to another backend when there is no adapter; this refuses to.
 */
import * as tf from '@tensorflow/tfjs-core';
import { gpuPlatform } from '#gpu-platform';
import { prepareFusedKernels } from './optim/fmaProbe';
import { describeAdapter, detectRuntime, NoWebGpuError, type AdapterFacts, type GpuRuntime } from './device';

export interface TfjsWebgpu {
  tf: typeof tf;
  device: GPUDevice;
  backend: WebGpuBackendLike;
  facts: AdapterFacts;
}

/** The parts of tfjs-backend-webgpu's WebGPUBackend the lab relies on (internal API, pinned to 4.22). */
export interface WebGpuBackendLike {
  device: GPUDevice;
  adapterInfo?: unknown;
  tensorMap: { get(dataId: object): { resource?: GPUBuffer | { buffer?: GPUBuffer }; values?: unknown } | undefined };
  submitQueue(): void;
  /** tfjs's count of the GPU buffers it has allocated (in use and pooled for reuse). */
  memory?(): { numBytesAllocatedInGPU?: number };
}

/**
 * tfjs's engine and backends live in process-global state, so the one initialisation is kept globally too:
 * a module loaded twice (test runners re-import per file) must find the backend it already set up.
 */
const READY = Symbol.for('rerank-lab.tfjsWebgpu');
type GlobalWithReady = typeof globalThis & { [READY]?: Promise<TfjsWebgpu> };

export function initTfjsWebgpu(): Promise<TfjsWebgpu> {
  const g = globalThis as GlobalWithReady;
  g[READY] ??= (async () => {
    const runtime: GpuRuntime = detectRuntime();
    await gpuPlatform.exposeGpuAsNavigator();
    const gpu = (globalThis.navigator as Navigator | undefined)?.gpu;
    if (!gpu) throw new NoWebGpuError('no-gpu-api', `WebGPU is not available (${runtime}); tfjs cannot use its webgpu backend.`);
    // Capture the adapter tfjs gets so its facts can be reported.
    let adapter: GPUAdapter | null = null;
    const original = gpu.requestAdapter.bind(gpu);
    gpu.requestAdapter = async (options?: GPURequestAdapterOptions) => (adapter = await original(options));
    await import('@tensorflow/tfjs-backend-webgpu');
    const ok = await tf.setBackend('webgpu');
    gpu.requestAdapter = original;
    if (!ok || tf.getBackend() !== 'webgpu' || !adapter) {
      throw new NoWebGpuError('no-adapter', `tfjs could not start its webgpu backend (${runtime}); it would have fallen back to '${tf.getBackend()}'.`);
    }
    const backend = tf.backend() as unknown as WebGpuBackendLike;
    await prepareFusedKernels(backend.device);
    return { tf, device: backend.device, backend, facts: describeAdapter(adapter, runtime) };
  })();
  const ready = g[READY];
  ready.catch(() => {
    if (g[READY] === ready) delete g[READY];
  });
  return ready;
}

/**
 * Submits everything tfjs has encoded but not yet submitted, so our own command buffers and queue writes are
 * ordered after it. tfjs's own submitQueue() assumes an open encoder (it throws when none is), hence the
 * ensure/end pair first.
 */
export function flushTfjsQueue(backend: { ensureCommandEncoderReady(): void; endComputePassEncoder(): void; submitQueue(): void }): void {
  backend.ensureCommandEncoderReady();
  backend.endComputePassEncoder();
  backend.submitQueue();
}
