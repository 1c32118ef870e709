import { defineConfig } from 'vitest/config';

// Unit layer: pure code in Node, no GPU. GPU tests are named *.gpu.test.ts and run in vitest.gpu.config.ts.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts', 'bench/**/*.test.ts'],
    exclude: ['**/*.gpu.test.ts', 'node_modules/**'],
    environment: 'node',
    // Two forks: Vitest's default is one fewer than the cores, a single fork on a 2-core CI machine. Files share a
    // fork's module cache (isolate: false): most of a file's time was importing tfjs and the core again, 120 s → 48 s
    // for the layer. No test relies on fresh module state; shuffled file orders pass too.
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1, isolate: false } },
    testTimeout: 60_000,
  },
});
