/**
 * `npm run bench:page`: the Demo (core/experiment/presets.ts demoPreset: 4 runs × 40 steps, DL19 + DL20 top-10)
 * in the page, Start to summary, once per kernel path (`?kernels=own` and `?kernels=tfjs`; E2E_DEMO_KERNELS picks),
 * in whichever adapter the Playwright project gives (SwiftShader here). Prints a JSON line per path and writes
 * E2E_TIMING_OUT (default test-results/page-demo.json). A benchmark, not a test: it is not in the e2e suite.
 */
import { writeFileSync } from 'node:fs';
import { expect, test } from '../fixtures';
import { demoPreset } from '../../src/core/experiment/presets';

const paths = (process.env.E2E_DEMO_KERNELS ?? 'own,tfjs').split(',');
const results: Record<string, { seconds: number; steps: string }> = {};

for (const kernels of paths) {
  test(`the Demo in the page on the ${kernels} kernels`, async ({ page }) => {
    test.setTimeout(1_800_000);
    await page.goto(`./?kernels=${kernels}`);
    await page.getByLabel('experiment config (JSON)').fill(JSON.stringify(demoPreset(), null, 2));
    await expect(page.getByTestId('config-ok')).toBeVisible();
    const started = Date.now();
    await page.getByRole('button', { name: 'Start experiment' }).click();
    await expect(page.getByTestId('summary')).toBeVisible({ timeout: 1_750_000 });
    const seconds = (Date.now() - started) / 1000;
    results[kernels] = { seconds, steps: (await page.getByTestId('progress-text').textContent()) ?? '' };
    console.log(JSON.stringify({ kernels, seconds }));
  });
}

test.afterAll(() => {
  const out = process.env.E2E_TIMING_OUT ?? 'test-results/page-demo.json';
  const speedup = results.own && results.tfjs ? results.tfjs.seconds / results.own.seconds : null;
  writeFileSync(out, `${JSON.stringify({ benchmark: 'page-demo', date: new Date().toISOString(), results, speedup }, null, 2)}\n`);
});
