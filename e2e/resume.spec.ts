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

/** The study never interrupted, on a page without faults; both tests compare with it, so it runs once (the config makes it deterministic). */
let reference: Curves | undefined;
async function uninterruptedCurves(page: Page): Promise<Curves> {
  if (reference) return reference;
  await page.goto('./');
  await startFresh(page);
  await expect(page.getByTestId('summary')).toBeVisible({ timeout: 300_000 });
  reference = await exportedCurves(page);
  return reference;
}

async function startFresh(page: Page) {
  await page.getByLabel('experiment config (JSON)').fill(JSON.stringify(CONFIG));
  await page.getByRole('button', { name: 'Start experiment' }).click();
}

const runRow = (page: Page, arm: string) => page.getByTestId(`run-e2e-resume/${arm}/seed-5`);

// Faults are injected at a chosen step (src/train/faults.ts), never raced against the run: holdAt=3 keeps every run
// waiting before step 3 (after step 2 and its checkpoint), loseDeviceAt=3 destroys each worker's device there.
test('after a reload mid-run, resuming continues with losses bit-identical to an uninterrupted run', async ({ page }) => {
  test.setTimeout(600_000);
  const uninterrupted = await uninterruptedCurves(page);
  expect(Object.values(uninterrupted).map((c) => c.length)).toEqual([6, 6]);

  // Again from the start; reload the page while both runs are training, held before step 3.
  await page.goto('./?debug=faults&holdAt=3');
  await startFresh(page);
  for (const arm of ['adamw', 'lion']) await expect(runRow(page, arm)).toContainText('running, step 2/6 · held before step 3', { timeout: 300_000 });
  await page.goto('./');

  // The page restores the experiment from IndexedDB: the runs are paused at their last checkpoint, step 2.
  await page.getByRole('region', { name: 'Saved experiments' }).getByRole('button', { name: 'Open' }).click();
  for (const arm of ['adamw', 'lion']) {
    await expect(runRow(page, arm)).toHaveAttribute('data-status', 'paused');
    await expect(runRow(page, arm)).toContainText('paused, step 2/6');
  }
  await page.getByRole('button', { name: 'Resume all' }).click();
  await expect(page.getByTestId('summary')).toBeVisible({ timeout: 300_000 });

  const resumed = await exportedCurves(page);
  expect(resumed).toEqual(uninterrupted);
});

test('a lost GPU device before step 3: each run recovers once on a new device, bit-identical to an uninterrupted run', async ({ page }) => {
  test.setTimeout(600_000);
  const uninterrupted = await uninterruptedCurves(page);
  await page.goto('./?debug=faults&loseDeviceAt=3');
  await startFresh(page);
  await expect(page.getByTestId('summary')).toBeVisible({ timeout: 300_000 });
  const log = (await page.locator('pre.log').textContent()) ?? '';
  for (const arm of ['adamw', 'lion']) {
    await expect(runRow(page, arm)).toHaveAttribute('data-status', 'finished');
    await expect(runRow(page, arm)).toContainText('finished, step 6/6 (recovered from 1 GPU device loss)');
    // the loss happened where it was asked for, and the new device resumed from the checkpoint just before it
    expect(log).toContain(`e2e-resume/${arm}/seed-5: fault injection: GPU device destroyed before step 3`);
    expect(log).toContain(`e2e-resume/${arm}/seed-5: resumed from the checkpoint at step 2`);
    expect(log.split(`e2e-resume/${arm}/seed-5: fault injection: GPU device destroyed`).length - 1).toBe(1);
  }
  expect(await exportedCurves(page)).toEqual(uninterrupted);
});
