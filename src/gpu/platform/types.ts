/**
 * What the GPU code needs from the platform it runs on. Two implementations, picked by the `#gpu-platform`
 * import (package.json "imports", by export condition): `node.ts` under Node (Vitest, vite-node, esbuild
 * with platform node), `browser.ts` everywhere else (the page and worker bundles), so Dawn and `node:*`
 * modules never enter a browser graph.
 */
export interface GpuPlatform {
  /** Makes `navigator.gpu` usable by tfjs-backend-webgpu; must run before that package is imported. */
  exposeGpuAsNavigator(): Promise<void>;
}
