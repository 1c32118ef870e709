/**
 * WebGPU in Node through Dawn (npm `webgpu`). Node-only: never import this from the page or a worker.
 * Dawn needs a Vulkan driver; on CPU-only machines that is SwiftShader from Debian's chromium package,
 * which scripts/with-webgpu.mjs selects through VK_ICD_FILENAMES and LD_LIBRARY_PATH before Node starts.
 */
import { acquireGpu, type AcquiredGpu, type AcquireOptions } from './device';

let cached: Promise<GPU> | undefined;

/** Dawn's GPU object, with WebGPU's globals (GPUBufferUsage…) installed on globalThis once. */
export function nodeGpu(): Promise<GPU> {
  cached ??= (async () => {
    const dawn = await import('webgpu');
    Object.assign(globalThis, dawn.globals);
    return dawn.create([]) as GPU;
  })();
  return cached;
}

export async function acquireNodeGpu(options: Omit<AcquireOptions, 'gpu' | 'runtime'> = {}): Promise<AcquiredGpu> {
  return acquireGpu({ ...options, gpu: await nodeGpu(), runtime: 'node' });
}

/**
 * Makes tfjs-backend-webgpu use Dawn: it reads `navigator.gpu` when the backend is created, so this must
 * run before `import('@tensorflow/tfjs-backend-webgpu')`.
 */
export async function exposeNodeGpuAsNavigator(): Promise<GPU> {
  const gpu = await nodeGpu();
  const nav = (globalThis as { navigator?: { gpu?: GPU } }).navigator;
  if (nav && 'gpu' in nav && nav.gpu) return gpu;
  Object.defineProperty(globalThis, 'navigator', { value: { ...(nav ?? {}), gpu }, configurable: true, writable: true });
  return gpu;
}
