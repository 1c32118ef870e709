import { defineConfig } from 'vitest/config';

// Unit layer: pure code in Node, no GPU. GPU tests are named *.gpu.test.ts and run in vitest.gpu.config.ts.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
    exclude: ['**/*.gpu.test.ts', 'node_modules/**'],
    environment: 'node',
    testTimeout: 60_000,
  },
});
