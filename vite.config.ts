import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { defineConfig, type Plugin, type Rollup } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';

function gitCommit(): string {
  try {
    return (
      execSync('git rev-parse --short=12 HEAD', { stdio: ['ignore', 'pipe', 'ignore'] })
        .toString()
        .trim() || 'unknown'
    );
  } catch {
    return 'unknown';
  }
}

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

/** gzip size budget of the JavaScript the page loads before its first paint (the entry and its static imports). */
const FIRST_PAINT_GZIP_BUDGET = 300_000;

/** Node-only modules: Dawn, and our entries that wire it or the file system in. */
const NODE_ONLY = [
  /[\\/]node_modules[\\/]webgpu[\\/]/,
  /[\\/]src[\\/]gpu[\\/](nodeGpu|platform[\\/]node)\.ts$/,
  /[\\/]src[\\/]train[\\/](nodeHost|fileCheckpoints)\.ts$/,
  /[\\/]src[\\/]cli[\\/]/,
];
const isBrowserStub = (id: string) => id.includes('__vite-browser-external');
const isOwnCode = (id: string) => !id.startsWith('\0') && !/[\\/]node_modules[\\/]/.test(id);
const isTfjs = (id: string) => /[\\/]node_modules[\\/]@tensorflow[\\/]/.test(id);

/** Fails a browser build (page or worker) that pulls in Node-only code: Dawn or a `node:*` built-in. */
function noNodeModules(): Plugin {
  return {
    name: 'rerank-lab:no-node-modules',
    apply: 'build',
    generateBundle(_options, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk') continue;
        // Vite stubs Node built-ins in browser builds; a dependency's guarded require('crypto') may meet the stub,
        // but our own code must not need one.
        const offending = chunk.moduleIds.filter((id) => {
          if (NODE_ONLY.some((pattern) => pattern.test(id))) return true;
          const info = this.getModuleInfo(id);
          return isOwnCode(id) && !!info && [...info.importedIds, ...info.dynamicallyImportedIds].some(isBrowserStub);
        });
        if (offending.length > 0)
          this.error(`${chunk.fileName} bundles Node-only code (${offending.join(', ')}); it belongs behind #gpu-platform's node entry`);
      }
    },
  };
}

/** Vite's own size report counts 1 kB = 1000 bytes; so does this one. */
const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;

/**
 * Prints the gzip sizes of the page's first-paint JavaScript and of every worker file, and fails the build when
 * the first paint would load tfjs or exceed its budget (tfjs belongs in the training worker).
 */
function bundleBudget(): Plugin {
  return {
    name: 'rerank-lab:bundle-budget',
    apply: 'build',
    generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).filter((c): c is Rollup.OutputChunk => c.type === 'chunk');
      const byName = new Map(chunks.map((c) => [c.fileName, c]));
      const firstPaint = new Set<Rollup.OutputChunk>();
      const visit = (chunk: Rollup.OutputChunk | undefined) => {
        if (!chunk || firstPaint.has(chunk)) return;
        firstPaint.add(chunk);
        chunk.imports.forEach((file) => visit(byName.get(file)));
      };
      chunks.filter((c) => c.isEntry).forEach(visit);
      const rows: [string, string, number][] = [];
      let firstPaintGzip = 0;
      for (const chunk of firstPaint) {
        const tfjs = chunk.moduleIds.filter(isTfjs);
        if (tfjs.length > 0) this.error(`${chunk.fileName} is loaded at first paint but bundles tfjs (${tfjs[0]}, …): import it from a worker only`);
        const gzip = gzipSync(chunk.code).length;
        firstPaintGzip += gzip;
        rows.push(['page, first paint', chunk.fileName, gzip]);
      }
      for (const chunk of chunks.filter((c) => !firstPaint.has(c))) rows.push(['page, loaded later', chunk.fileName, gzipSync(chunk.code).length]);
      for (const asset of Object.values(bundle)) {
        if (asset.type === 'asset' && asset.fileName.endsWith('.js'))
          rows.push([/\.worker-/.test(asset.fileName) ? 'worker' : 'worker, loaded later', asset.fileName, gzipSync(asset.source).length]);
      }
      const width = Math.max(...rows.map((r) => r[1].length));
      console.log(`\nbundle sizes (gzip):\n${rows.map(([what, file, gzip]) => `  ${file.padEnd(width)}  ${kB(gzip).padStart(9)}  ${what}`).join('\n')}`);
      console.log(`  first paint: ${kB(firstPaintGzip)} of its ${kB(FIRST_PAINT_GZIP_BUDGET)} budget, no tfjs\n`);
      if (firstPaintGzip > FIRST_PAINT_GZIP_BUDGET)
        this.error(`the page's first-paint JavaScript is ${kB(firstPaintGzip)} gzip, over its ${kB(FIRST_PAINT_GZIP_BUDGET)} budget`);
    },
  };
}

/** zod ships `@__PURE__` comments Rollup cannot place; it drops them, harmlessly, and says so at length. */
function onwarn(warning: Rollup.RollupLog, warn: (warning: Rollup.RollupLog) => void) {
  if (warning.code === 'INVALID_ANNOTATION' && warning.id?.includes('/node_modules/zod/')) return;
  warn(warning);
}

// The lab runs entirely in the browser; workers are ES modules so they can import the same src/ code.
// Version and commit go into every snapshot the page exports.
export default defineConfig({
  plugins: [
    react(),
    noNodeModules(),
    bundleBudget(),
    // Offline after the first visit: the service worker precaches the app shell, the workers and the bundled
    // demo data (Hub models are in their own Cache Storage cache, which Workbox's cleanup leaves alone).
    // Registered by src/app/main.tsx in production builds only; a new build waits until the user reloads.
    VitePWA({
      registerType: 'prompt',
      injectRegister: false,
      manifest: false,
      workbox: {
        // The Workbox runtime goes inside sw.js: nothing is fetched from a CDN.
        inlineWorkboxRuntime: true,
        mode: 'production',
        globPatterns: ['**/*.{js,css,html,svg}', 'data/*.{txt,tsv,json,gz,md}'],
        globIgnores: ['**/*.map'],
        // The largest bundled file is about 1.2 MB (dl20.judged-pairs.tsv); tfjs's worker chunk is below that.
        maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
        cleanupOutdatedCaches: true,
        clientsClaim: true,
        navigateFallback: 'index.html',
      },
    }),
  ],
  define: { __APP_VERSION__: JSON.stringify(pkg.version), __APP_COMMIT__: JSON.stringify(gitCommit()) },
  worker: {
    format: 'es',
    plugins: () => [noNodeModules()],
    rollupOptions: {
      output: {
        // tfjs's WebGPU backend is its own chunk, loaded by the training worker; name it so size reports say so.
        chunkFileNames: (chunk) =>
          chunk.moduleIds.some((id) => id.includes('@tensorflow/tfjs-backend-webgpu')) ? 'assets/tfjs-backend-webgpu-[hash].js' : 'assets/[name]-[hash].js',
      },
    },
  },
  // The dev server pre-bundles dependencies it finds from these entries; the page no longer imports tfjs, so
  // without the workers here tfjs would be found mid-run and re-bundled under a new hash that breaks the
  // worker already running.
  optimizeDeps: { entries: ['index.html', 'workers/*.worker.ts'] },
  // E2E runs serve a fixed tree: no file watching, so edits elsewhere never reload a page mid-test.
  server: { port: 5173, strictPort: true, ...(process.env.RERANK_LAB_E2E ? { watch: null, hmr: false } : {}) },
  preview: { port: Number(process.env.PREVIEW_PORT ?? 4173), strictPort: true },
  build: {
    target: 'es2022',
    sourcemap: true,
    // bundleBudget() checks what matters (first-paint gzip size, no tfjs); Vite's generic 500 kB warning adds noise.
    chunkSizeWarningLimit: 1000,
    // Vite's worker builds report through this handler too.
    rollupOptions: { onwarn },
  },
});
