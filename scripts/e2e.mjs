#!/usr/bin/env node
// Runs the Playwright e2e layer in Debian's Chromium. Without Chromium: a failure in CI, a skip elsewhere.
//
//   node scripts/e2e.mjs [playwright args]   the built app: `npm run build` at the root and under /rerank-lab/,
//                                            each served by `vite preview` and checked by the smoke spec, the
//                                            first base by the tiny-experiment spec, the last by the offline one; and
//                                            every other spec on the dev server (with args: those on both)
//   E2E_ONLY=dev | preview                   one of the two halves
//   E2E_PREVIEW_BASES="/ /rerank-lab/"       which base paths the built app is tested under
//   E2E_ROOT_BUILD=dist                      test this existing root build (.ci/run's `npm run build`) instead of building one
//   E2E_PORT, E2E_PREVIEW_PORT               the dev server's and vite preview's ports (defaults 5183, 4183)
//   --project gpu                            the specs on a hardware WebGPU adapter (see playwright.config.ts), on the
//                                            dev server only unless E2E_ONLY=preview; without --project, the
//                                            swiftshader project only (what CI runs)
// The builds go to dist/e2e-*, which `npm run build` clears.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

const args = process.argv.slice(2);
// The projects named on the command line (--project NAME or --project=NAME); none means swiftshader alone, since
// Playwright would otherwise run every project and CI must not depend on the machine's GPU.
const projects = args.flatMap((arg, i) => (arg === '--project' ? [args[i + 1]] : arg.startsWith('--project=') ? [arg.slice('--project='.length)] : []));
const projectArgs = projects.length === 0 ? ['--project', 'swiftshader'] : [];
const gpuOnly = projects.length > 0 && projects.every((p) => p === 'gpu');

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// The gpu project on macOS or Windows uses Playwright's own Chromium unless CHROMIUM_PATH names one.
const systemChromiumNeeded = !(gpuOnly && process.platform !== 'linux' && !process.env.CHROMIUM_PATH);
if (systemChromiumNeeded && !existsSync(chromium)) {
  const message = `Chromium not found at ${chromium}. Install it with: apt-get install -y chromium (or set CHROMIUM_PATH).`;
  if (process.env.CI === 'true' || process.env.CI === '1') {
    console.error(`e2e: ${message} CI requires it.`);
    process.exit(1);
  }
  console.warn(`e2e skipped: ${message}`);
  process.exit(0);
}

// The gpu project is about the adapter, not the build: the built app's own checks (base paths, offline) stay with
// swiftshader, and the gpu project runs every spec but offline on the dev server, with no production builds.
const only = process.env.E2E_ONLY ?? (gpuOnly ? 'dev' : 'all');
if (gpuOnly && !process.env.E2E_ONLY) console.log('e2e: the gpu project runs on the dev server only (E2E_ONLY=preview for the built app)');
if (!['all', 'dev', 'preview'].includes(only)) {
  console.error(`e2e: E2E_ONLY must be dev or preview (got "${only}")`);
  process.exit(2);
}
const bases = (process.env.E2E_PREVIEW_BASES ?? '/ /rerank-lab/').split(/\s+/).filter(Boolean);

function run(label, command, commandArgs, env = {}) {
  console.log(`\ne2e: ${label}`);
  const started = Date.now();
  const result = spawnSync(command, commandArgs, { stdio: 'inherit', env: { ...process.env, ...env } });
  console.log(`e2e: ${label}: ${result.status === 0 ? 'ok' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return result.status ?? 1;
}

// The specs the built app is tested with run there only: twice more on the dev server would add minutes to CI.
const PREVIEW_SPECS = ['smoke.spec.ts', 'experiment.spec.ts', 'offline.spec.ts'];
const devArgs =
  args.length > 0
    ? args
    : readdirSync('e2e')
        .filter((f) => f.endsWith('.spec.ts') && !PREVIEW_SPECS.includes(f))
        .map((f) => `e2e/${f}`);
const failures = [];
if (only !== 'preview' && run('dev server', 'playwright', ['test', ...devArgs, ...projectArgs], { E2E_TARGET: 'dev' }) !== 0) failures.push('dev server');
if (only !== 'dev') {
  for (const base of bases) {
    const prebuilt = base === '/' ? process.env.E2E_ROOT_BUILD : undefined;
    const dist = prebuilt ?? `dist/e2e-${base === '/' ? 'root' : base.replace(/^\/|\/$/g, '').replace(/\//g, '-')}`;
    // The npm script itself, as a user runs it; only where it writes to differs.
    if (!prebuilt && run(`npm run build -- --base ${base}`, 'npm', ['run', 'build', '--', '--base', base, '--outDir', dist, '--emptyOutDir']) !== 0) {
      failures.push(`build under ${base}`);
      continue;
    }
    if (
      run(`the build under ${base} on vite preview`, 'playwright', ['test', ...args, ...projectArgs], {
        E2E_TARGET: 'preview',
        E2E_BASE: base,
        E2E_DIST: dist,
        // The tiny experiment trains on the first base only; the last also gets the offline spec (which reads every
        // Demo file through the service worker and runs the pre-start checks), the rest smoke and experiment.
        E2E_OFFLINE: bases.length === 1 ? '1' : base === bases.at(-1) ? 'only' : '0',
      }) !== 0
    )
      failures.push(`preview under ${base}`);
  }
}
if (failures.length > 0) {
  console.error(`\ne2e: failed: ${failures.join(', ')}`);
  process.exit(1);
}
