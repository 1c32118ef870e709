/**
 * GPU test harness for Node (Vitest). In CI (`CI=true`) a missing adapter is a failure; elsewhere the
 * suite is skipped with a message that says what is missing and how to install it.
 */
import { acquireNodeGpu } from '../gpu/nodeGpu';
import { prepareFusedKernels } from '../gpu/optim/fmaProbe';
import { NoWebGpuError, type AcquiredGpu } from '../gpu/device';

export const INSTALL_HINT =
  'Install SwiftShader with `apt-get install -y chromium` and run the GPU tests through `npm run test:gpu` (scripts/with-webgpu.mjs sets VK_ICD_FILENAMES and LD_LIBRARY_PATH).';

let shared: Promise<AcquiredGpu | null> | undefined;

/** The test process's one WebGPU device, or null when it is missing outside CI. Throws in CI. */
export function gpuForTests(): Promise<AcquiredGpu | null> {
  shared ??= (async () => {
    try {
      const gpu = await acquireNodeGpu();
      await prepareFusedKernels(gpu.device);
      return gpu;
    } catch (error) {
      if (!(error instanceof NoWebGpuError)) throw error;
      const message = `${error.message}\n${INSTALL_HINT}`;
      if (process.env.CI === 'true' || process.env.CI === '1') {
        throw new Error(`CI requires a real WebGPU adapter: ${message}`);
      }
      console.warn(`[gpu tests skipped] ${message}`);
      return null;
    }
  })();
  return shared;
}
