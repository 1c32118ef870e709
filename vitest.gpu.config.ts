import { defineConfig } from 'vitest/config';

// GPU layer: real WebGPU in Node through Dawn (SwiftShader on CPU-only machines).
// Run through scripts/with-webgpu.mjs, which points Dawn's Vulkan loader at an installed driver.
// Two forks: each Dawn instance takes CPU and memory, but the CLI tests spend much of their time starting
// subprocesses, and two forks took the layer from 140 s to 116 s on the 2-core machine.
export default defineConfig({
  test: {
    include: ['src/**/*.gpu.test.ts'],
    environment: 'node',
    pool: 'forks',
    // isolate: false: the files of a fork share its modules, so one Dawn device and tfjs's compiled pipelines serve
    // them all instead of each file starting its own (157 s → 100 s for the layer; shuffled file orders pass too).
    poolOptions: { forks: { maxForks: 2, minForks: 1, isolate: false } },
    fileParallelism: true,
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
