import { defineConfig } from 'vitest/config';

// GPU layer: real WebGPU in Node through Dawn (SwiftShader on CPU-only machines).
// Run through scripts/with-webgpu.mjs, which points Dawn's Vulkan loader at an installed driver.
// One fork at a time: each Dawn instance on SwiftShader takes a lot of CPU and memory.
export default defineConfig({
  test: {
    include: ['src/**/*.gpu.test.ts'],
    environment: 'node',
    pool: 'forks',
    poolOptions: { forks: { singleFork: true } },
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
