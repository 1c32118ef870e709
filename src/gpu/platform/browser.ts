import type { GpuPlatform } from './types';

/** A page or a worker: `navigator.gpu` is the browser's own, nothing to set up. */
export const gpuPlatform: GpuPlatform = {
  exposeGpuAsNavigator: async () => {},
};
