import { exposeNodeGpuAsNavigator } from '../nodeGpu';
import type { GpuPlatform } from './types';

/** Node: Dawn (npm `webgpu`) stands in for the browser's `navigator.gpu`. */
export const gpuPlatform: GpuPlatform = {
  exposeGpuAsNavigator: async () => {
    await exposeNodeGpuAsNavigator();
  },
};
