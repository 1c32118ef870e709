import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

function gitCommit(): string {
  try {
    return execSync('git rev-parse --short=12 HEAD', { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim() || 'unknown';
  } catch {
    return 'unknown';
  }
}

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

// The lab runs entirely in the browser; workers are ES modules so they can import the same src/ code.
// Version and commit go into every snapshot the page exports.
export default defineConfig({
  plugins: [react()],
  define: { __APP_VERSION__: JSON.stringify(pkg.version), __APP_COMMIT__: JSON.stringify(gitCommit()) },
  worker: { format: 'es' },
  // E2E runs serve a fixed tree: no file watching, so edits elsewhere never reload a page mid-test.
  server: { port: 5173, strictPort: true, ...(process.env.RERANK_LAB_E2E ? { watch: null, hmr: false } : {}) },
  build: { target: 'es2022', sourcemap: true },
});
