import { readFileSync } from 'node:fs';
import { gunzipSync } from 'fflate';
import { type Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { bundledEvalSet, tinyExperiment } from '../src/testing/tinyStudies';

// Six steps with a checkpoint after every step, so a reload always lands just after one.
const CONFIG = tinyExperiment('e2e-resume', {
  evalSets: [bundledEvalSet('dl19', 1)],
  arms: [
    { optimizer: 'adamw', lr: 1e-3 },
    { optimizer: 'lion', lr: 1e-4 },
  ],
  steps: 6,
  seeds: [5],
  checkpointEvery: 1,
});

type Curves = Record<string, { loss: number | string; gradNorm: number | string }[]>;

async function exportedCurves(page: Page): Promise<Curves> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /Export snapshot/ }).click()]);
  const snapshot = JSON.parse(new TextDecoder().decode(gunzipSync(new Uint8Array(readFileSync(await download.path()))))) as {
    runs: { runId: string; curve: { loss: number; gradNorm: number }[] }[];
  };
  return Object.fromEntries(snapshot.runs.map((r) => [r.runId, r.curve.map(({ loss, gradNorm }) => ({ loss, gradNorm }))]));
}

/** The study never interrupted; both tests compare with it, so it runs once (the config makes it deterministic). */
let reference: Curves | undefined;
async function uninterruptedCurves(page: Page): Promise<Curves> {
  if (reference) return reference;
  await startFresh(page);
  await expect(page.getByTestId('summary')).toBeVisible({ timeout: 300_000 });
  reference = await exportedCurves(page);
  await page.reload();
  return reference;
}

async function startFresh(page: Page) {
  await page.getByLabel('experiment config (JSON)').fill(JSON.stringify(CONFIG));
  await page.getByRole('button', { name: 'Start experiment' }).click();
}

test('after a reload mid-run, resuming continues with losses bit-identical to an uninterrupted run', async ({ page }) => {
  test.setTimeout(600_000);
  await page.goto('./');

  const uninterrupted = await uninterruptedCurves(page);
  expect(Object.values(uninterrupted).map((c) => c.length)).toEqual([6, 6]);

  // Again from the start; reload the page while the runs are between steps 2 and 5.
  await startFresh(page);
  const adamw = page.getByTestId('run-e2e-resume/adamw/seed-5');
  await expect(adamw).toContainText(/step [2-4]\/6/, { timeout: 300_000 });
  await page.reload();

  // The page restores the experiment from IndexedDB: the runs are paused at their last checkpoint.
  await page.getByRole('region', { name: 'Saved experiments' }).getByRole('button', { name: 'Open' }).click();
  await expect(adamw).toHaveAttribute('data-status', 'paused');
  const stepBefore = Number((await adamw.innerText()).match(/step (\d)\/6/)![1]);
  expect(stepBefore).toBeGreaterThanOrEqual(1);
  expect(stepBefore).toBeLessThan(6);
  await page.getByRole('button', { name: 'Resume' }).click();
  await expect(page.getByTestId('summary')).toBeVisible({ timeout: 300_000 });

  const resumed = await exportedCurves(page);
  expect(resumed).toEqual(uninterrupted);
});

test('a lost GPU device mid-run: the run resumes on a new device, bit-identical to an uninterrupted run', async ({ page }) => {
  test.setTimeout(600_000);
  await page.goto('./?debug=faults');
  const uninterrupted = await uninterruptedCurves(page);
  await startFresh(page);
  const adamw = page.getByTestId('run-e2e-resume/adamw/seed-5');
  await expect(adamw).toContainText(/step [2-4]\/6/, { timeout: 300_000 });
  await page.getByRole('button', { name: 'Simulate GPU device loss' }).click();
  await expect(adamw).toContainText('recovered from 1 GPU device loss', { timeout: 120_000 });
  await expect(page.getByTestId('summary')).toBeVisible({ timeout: 300_000 });
  await expect(adamw).toHaveAttribute('data-status', 'finished');

  expect(await exportedCurves(page)).toEqual(uninterrupted);
});
