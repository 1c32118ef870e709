import { defineConfig } from '@playwright/test';
import type { LabOptions } from './e2e/fixtures';

// Playwright cannot download its own browsers here: use Debian's Chromium (apt-get install -y chromium),
// which ships SwiftShader, so WebGPU runs on the CPU. --enable-unsafe-webgpu is what turns WebGPU on.
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Two projects. `swiftshader` (what `npm run test:e2e`, `npm test` and CI run): WebGPU on the CPU, everywhere.
 * `gpu` (`npm run test:e2e -- --project gpu`): the same specs on the machine's hardware adapter, skipped with the
 * reason printed where Chromium has none (e2e/fixtures.ts). On Linux, headless Chromium reaches the GPU through
 * Vulkan with the flags below; on macOS and Windows Chromium's defaults (Metal, D3D12) with WebGPU on, and the
 * browser is CHROMIUM_PATH if set, else Playwright's own Chromium (`npx playwright install chromium`).
 */
const ON_LINUX = process.platform === 'linux';
const QUIET_BROWSER = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];
const SWIFTSHADER_ARGS = ['--enable-unsafe-webgpu', '--enable-features=Vulkan', '--use-angle=swiftshader'];
const GPU_ARGS = ON_LINUX
  ? ['--enable-unsafe-webgpu', '--enable-features=Vulkan', '--use-angle=vulkan', '--disable-vulkan-surface']
  : ['--enable-unsafe-webgpu'];
const GPU_CHROMIUM_PATH = ON_LINUX ? CHROMIUM_PATH : process.env.CHROMIUM_PATH;

/**
 * Two targets. `dev` (the default): every spec but the offline one against the dev server on E2E_PORT.
 * `preview` (E2E_TARGET=preview): the production build in E2E_DIST (built with base E2E_BASE, `/` unless
 * set) served by `vite preview` on E2E_PREVIEW_PORT; only the specs that say the built app works (smoke, the
 * tiny experiment with its snapshot export and import, and offline; E2E_OFFLINE=0 leaves offline out,
 * E2E_OFFLINE=only runs smoke and offline). scripts/e2e.mjs
 * builds and runs both.
 */
export const TARGET = process.env.E2E_TARGET === 'preview' ? 'preview' : 'dev';
export const BASE = process.env.E2E_BASE ?? '/';
export const DIST = process.env.E2E_DIST ?? 'dist';
export const PREVIEW_PORT = Number(process.env.E2E_PREVIEW_PORT ?? 4183);
const DEV_PORT = Number(process.env.E2E_PORT ?? 5183);
if (!BASE.startsWith('/') || !BASE.endsWith('/')) throw new Error(`E2E_BASE must start and end with "/" (got "${BASE}")`);

const origin = `http://127.0.0.1:${TARGET === 'preview' ? PREVIEW_PORT : DEV_PORT}`;

export default defineConfig<LabOptions>({
  testDir: 'e2e',
  ...(TARGET === 'preview'
    ? {
        testMatch:
          { '0': /(smoke|experiment)\.spec\.ts$/, only: /(smoke|offline)\.spec\.ts$/ }[process.env.E2E_OFFLINE ?? ''] ??
          /(smoke|experiment|offline)\.spec\.ts$/,
      }
    : // E2E_TIMING=1 (npm run bench:page): the page benchmarks in e2e/timing/, which the suite never runs.
      process.env.E2E_TIMING
      ? { testMatch: /\.timing\.ts$/ }
      : { testIgnore: /offline\.spec\.ts$/ }),
  // One folder per target (`npm run test:e2e:dev` and `test:e2e:built` may run side by side): each run empties its
  // own output folder when it starts.
  outputDir: `test-results/${TARGET}`,
  timeout: 180_000,
  expect: { timeout: 60_000 },
  fullyParallel: false,
  workers: 1,
  reporter: [['list']],
  use: {
    // Specs navigate to './': the app's root under any base path.
    baseURL: `${origin}${BASE}`,
    browserName: 'chromium',
    // A failure that shows up only on some machine or under load is diagnosed from its trace (network, console, the
    // DOM before and after each action): CI keeps one for every failed test, in test-results/.
    trace: process.env.CI ? 'retain-on-failure' : 'off',
  },
  projects: [
    { name: 'swiftshader', use: { hardwareGpu: false, launchOptions: { executablePath: CHROMIUM_PATH, args: [...SWIFTSHADER_ARGS, ...QUIET_BROWSER] } } },
    { name: 'gpu', use: { hardwareGpu: true, launchOptions: { executablePath: GPU_CHROMIUM_PATH, args: [...GPU_ARGS, ...QUIET_BROWSER] } } },
  ],
  webServer: {
    command:
      TARGET === 'preview'
        ? `npx vite preview --outDir ${DIST} --base ${BASE} --port ${PREVIEW_PORT} --strictPort --host 127.0.0.1`
        : `RERANK_LAB_E2E=1 npx vite --port ${DEV_PORT} --strictPort --host 127.0.0.1`,
    url: `${origin}${BASE}`,
    reuseExistingServer: !process.env.CI,
    timeout: 120_000,
  },
});
