import { mkdirSync, readFileSync } from 'node:fs';
import { type Locator, type TestInfo } from '@playwright/test';
import { expect, HIDE_STICKY_NAV, test } from './fixtures';
import { importSnapshot } from '../src/core/snapshot/io';
import { armMeasureResults } from '../src/core/snapshot/results';
import type { Snapshot } from '../src/core/snapshot/schema';
import { summarize } from '../src/core/trec/evaluate';
import { bundledEvalSet, bundledTriples, tinyBert } from '../src/testing/tinyStudies';

// Two arms, one seed, forty steps of the tiniest model, evaluated at step 20 and at the end on two BM25 candidates
// per query: the cheapest study with two evaluations in which one arm can be stopped while the other trains.
const STUDY = {
  schemaVersion: 1,
  name: 'e2e-dash',
  model: tinyBert(1, 8),
  trainingData: bundledTriples(8),
  evalSets: [bundledEvalSet('dl19', 2)],
  batchSize: 2,
  steps: 40,
  maxLength: 32,
  seeds: [1],
  evaluateEvery: 20,
  checkpointEvery: 0,
};

const SCREENSHOTS = 'docs/screenshots';

/** A table's body as text cells, row by row. */
async function cells(table: Locator): Promise<string[][]> {
  return table.locator('tbody tr').evaluateAll((rows) => rows.map((row) => [...row.querySelectorAll('th, td')].map((c) => c.textContent ?? '')));
}

async function headers(table: Locator): Promise<string[]> {
  return table.locator('thead tr').first().locator('th').allTextContents();
}

async function shoot(locator: Locator, name: string, testInfo: TestInfo) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const body = await locator.screenshot({ path: `${SCREENSHOTS}/${name}.png`, animations: 'disabled', style: HIDE_STICKY_NAV });
  await testInfo.attach(name, { body, contentType: 'image/png' });
}

test('stopping one arm leaves the other running and its results appear; chart tables equal the recorded curves', async ({ page }, testInfo) => {
  test.setTimeout(600_000);
  const problems: string[] = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(`console error: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await page.setViewportSize({ width: 1500, height: 1000 });
  const started = Date.now();

  // Every run waits before step 12 until released (fault injection at a chosen step, src/train/faults.ts): lion is
  // stopped, and adamw seen still running, at a known step, whatever the machine's speed.
  await page.goto('./?debug=faults&holdAt=12');
  await page.getByLabel('experiment config (JSON)').fill(JSON.stringify(STUDY, null, 2));
  await expect(page.getByTestId('config-ok')).toContainText('2 runs (2 arms × 1 seeds)');
  await page.getByRole('button', { name: 'Start experiment' }).click();
  const lion = page.getByTestId('run-e2e-dash/lion/seed-1');
  const adamw = page.getByTestId('run-e2e-dash/adamw/seed-1');
  await expect(lion).toContainText(/running, step ([1-9]|1[01])\/40/, { timeout: 300_000 });

  // The run's controls keep their elements while the page redraws (a re-created one can swallow a click).
  const controls = [
    'Pause all',
    'Resume all',
    'Stop all',
    'Simulate GPU device loss',
    'Release held runs',
    'Pause adamw',
    'Pause lion',
    'Stop adamw',
    'Stop lion',
  ];
  const handles = await Promise.all(controls.map((name) => page.getByRole('button', { name, exact: true }).elementHandle()));
  await page.getByTestId('progress-text').evaluate((element) => {
    const counted = element as HTMLElement & { redraws?: number };
    counted.redraws = 0;
    new MutationObserver(() => (counted.redraws = (counted.redraws ?? 0) + 1)).observe(element, { childList: true, characterData: true, subtree: true });
  });
  // the progress line changes with every step and every second (its rate and time left), so this spans redraws
  await expect
    .poll(() => page.getByTestId('progress-text').evaluate((element) => (element as HTMLElement & { redraws?: number }).redraws ?? 0), { timeout: 60_000 })
    .toBeGreaterThanOrEqual(3);
  const attached = await Promise.all(handles.map((h) => h!.evaluate((element) => element.isConnected)));
  expect(Object.fromEntries(controls.map((name, i) => [name, attached[i]]))).toEqual(Object.fromEntries(controls.map((name) => [name, true])));
  // A click on Pause all lands at once, running or held: both runs pause; Resume all takes them on to the hold.
  await page.getByRole('button', { name: 'Pause all' }).click({ timeout: 2_000 });
  for (const run of [lion, adamw]) await expect(run).toHaveAttribute('data-status', 'paused');
  await page.getByRole('button', { name: 'Resume all' }).click();
  for (const run of [lion, adamw]) await expect(run).toContainText('running, step 11/40 · held before step 12', { timeout: 300_000 });

  // Stop lion while both arms train: adamw goes on, to the end.
  await page.getByRole('button', { name: 'Stop lion' }).click();
  await expect(lion).toContainText('stopped by you at step 11', { timeout: 300_000 });
  await expect(lion).toHaveAttribute('data-status', 'finished');
  await expect(adamw).toHaveAttribute('data-status', 'running');
  await expect(page.getByRole('button', { name: 'Pause adamw' })).toBeEnabled();
  // The status bar: what the running worker measured after its steps (not the "≈" estimate shown before the first).
  await expect(page.getByTestId('status-gpu-memory')).toHaveText(/^GPU memory held \d+\.\d (KiB|MiB) by 1 training worker$/);
  await expect(page.getByRole('button', { name: 'Stop lion' })).toBeDisabled();
  await page.getByRole('button', { name: 'Release held runs' }).click();

  // The experiment ends when adamw does: its results appear, lion's stopped run is listed as left out.
  const summary = page.getByTestId('summary');
  await expect(summary).toBeVisible({ timeout: 400_000 });
  await expect(adamw).toHaveAttribute('data-status', 'finished');
  await expect(adamw).toContainText('finished, step 40/40');
  await expect(summary).toContainText('e2e-dash/lion/seed-1 (stopped by the user at step 11)');
  expect(await summary.locator('table').first().innerText()).toMatch(/adamw\s+0\.\d{4}/);
  await expect(page.getByTestId('arm-results-dl19-adamw')).toBeVisible();
  await expect(page.getByTestId('arm-results-dl19-lion')).toHaveCount(0);
  await expect(page.getByTestId('progress-announcement')).toContainText('Training finished');
  const trainedSeconds = (Date.now() - started) / 1000;

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /Export snapshot/ }).click()]);
  const snapshot: Snapshot = await importSnapshot(new Uint8Array(readFileSync(await download.path())), 'e2e-dash.snapshot.json.gz');
  expect(snapshot.runs.find((r) => r.arm === 'lion')!.stop.reason).toBe('stopped-by-user');
  expect(snapshot.runs.find((r) => r.arm === 'adamw')!.stop).toEqual({ reason: 'completed', step: 40 });
  const final = armMeasureResults(snapshot).find((r) => r.arm === 'adamw' && r.measure === 'ndcg_cut_10')!;
  await expect(page.getByTestId('arm-results-dl19-adamw').locator('td[data-measure="ndcg_cut_10"][data-kind="final"]')).toHaveText(final.final.toFixed(4));

  // Chart tables equal the recorded curves (no smoothing: the drawn values are the recorded ones).
  const dashboard = page.getByRole('region', { name: 'Dashboard' });
  await dashboard.getByLabel('loss smoothing (EMA)').fill('0');
  await dashboard.getByLabel('x-axis').selectOption('step');
  const curves: [string, (p: Snapshot['runs'][number]['curve'][number]) => number][] = [
    ['loss', (p) => p.loss],
    ['lr', (p) => p.lr],
    ['grad-norm', (p) => p.gradNorm],
    ['examples-per-second', (p) => p.examplesPerSecond],
    ['ms-per-step', (p) => p.ms],
  ];
  for (const [id, value] of curves) {
    await page.getByTestId(`chart-${id}`).getByRole('button', { name: 'Show as table' }).click();
    const table = page.getByTestId(`chart-table-${id}`);
    const names = await headers(table);
    const rows = await cells(table);
    for (const run of snapshot.runs) {
      const column = names.indexOf(`${run.arm} · seed ${run.seed}`);
      const drawn = rows.filter((r) => column > 0 && r[column] !== '').map((r) => [Number(r[0]), Number(r[column])]);
      expect(drawn, `${id} of ${run.runId}`).toEqual(run.curve.filter((p) => Number.isFinite(value(p))).map((p) => [p.step, value(p)]));
    }
    await page.getByTestId(`chart-${id}`).getByRole('button', { name: 'Show as chart' }).click();
  }
  // Evaluation charts from the first evaluation on: recomputed from the per-query values at each step.
  for (const measure of ['ndcg_cut_10', 'map', 'mrr_cut_10', 'recall_100']) {
    const chart = page.getByTestId(`chart-dl19-${measure}`);
    await chart.getByRole('button', { name: 'Show as table' }).click();
    const table = page.getByTestId(`chart-table-dl19-${measure}`);
    const names = await headers(table);
    const rows = await cells(table);
    for (const run of snapshot.runs) {
      const recorded = [...run.evaluations].sort((a, b) => a.step - b.step).map((e) => [e.step, summarize(e.perQuery)[measure]]);
      const column = names.indexOf(`${run.arm} · seed ${run.seed}`);
      const drawn = rows.filter((r) => column > 0 && r[column] !== '').map((r) => [Number(r[0]), Number(r[column])]);
      expect(drawn, `${measure} of ${run.runId}`).toEqual(recorded);
    }
    await chart.getByRole('button', { name: 'Show as chart' }).click();
  }
  // adamw was evaluated at step 20 and 40: its NDCG@10 chart had a point from the first evaluation on.
  expect(snapshot.runs.find((r) => r.arm === 'adamw')!.evaluations.map((e) => e.step)).toEqual([20, 40]);

  await dashboard.getByLabel('loss smoothing (EMA)').fill('0.6');
  await page.mouse.move(0, 0); // no tooltip in the picture
  await shoot(dashboard, 'dashboard', testInfo);
  console.log(`dashboard spec: training to results ${trainedSeconds.toFixed(0)} s, whole test ${((Date.now() - started) / 1000).toFixed(0)} s`);
  expect(problems).toEqual([]);
});
