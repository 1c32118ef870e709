import { mkdirSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { validateExperiment } from '../src/core/experiment/validate';
import { parameterCountOfConfig } from '../src/core/snapshot/results';
import { bundledEvalSet, bundledTriples, tinyBert } from '../src/testing/tinyStudies';

// Two tiny sizes, one seed, two steps each: the sweep machinery and the gap-by-size table in about a minute.
const SWEEP = {
  schemaVersion: 1,
  kind: 'sweep',
  name: 'e2e-sweep',
  base: {
    trainingData: bundledTriples(8),
    evalSets: [bundledEvalSet('dl19', 1)],
    batchSize: 2,
    steps: 2,
    maxLength: 32,
    seeds: [1],
    checkpointEvery: 0,
  },
  models: [{ model: tinyBert(1, 8) }, { model: tinyBert(1, 16) }],
};

test('a sweep runs its experiments one after another and tabulates the Lion − AdamW gap by model size', async ({ page }, testInfo) => {
  test.setTimeout(600_000);
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && problems.push(`console error: ${m.text()}`));
  await page.goto('./');
  await page.getByLabel('experiment config (JSON)').fill(JSON.stringify(SWEEP));
  await expect(page.getByTestId('config-ok')).toContainText('sweep of 2 experiments (L1-H8, L1-H16)');
  await page.getByRole('button', { name: 'Start sweep' }).click();

  await expect(page.getByRole('heading', { name: /Sweep e2e-sweep: 2\/2 models done/ })).toBeVisible({ timeout: 540_000 });
  const rows = page.getByTestId('sweep-table').locator('tbody tr');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText('1 layers × 8 hidden (random init)');
  await expect(rows.nth(1)).toContainText('1 layers × 16 hidden (random init)');
  await expect(rows.nth(1)).toContainText(/[+-]0\.\d{4}/);
  // x is the parameter count, as the core computes it from each experiment's model
  const parameters = SWEEP.models.map(({ model }) => parameterCountOfConfig(validateExperiment({ schemaVersion: 1, name: 'x', ...SWEEP.base, model })));
  for (const [i, count] of parameters.entries()) await expect(rows.nth(i).locator('td').nth(1)).toHaveAttribute('data-value', String(count));
  const chart = page.getByTestId('sweep-chart-dl19');
  await expect(chart).toContainText('by parameter count');
  mkdirSync('docs/screenshots', { recursive: true });
  const body = await page.getByRole('region', { name: 'Sweep' }).screenshot({ path: 'docs/screenshots/sweep.png', animations: 'disabled' });
  await testInfo.attach('sweep', { body, contentType: 'image/png' });
  await chart.getByRole('button', { name: 'Show as table' }).click();
  const tableRows = page.getByTestId('sweep-chart-table-dl19').locator('tbody tr');
  await expect(tableRows).toHaveCount(2);
  for (const [i, count] of parameters.entries()) await expect(tableRows.nth(i).locator('td').first()).toHaveText(String(count));
  // The library shows the sweep as one entry; each model was saved as an experiment of its own inside it.
  await page.reload();
  const entry = page.getByRole('region', { name: 'Saved experiments' }).getByTestId('library-sweep-e2e-sweep');
  await expect(entry).toContainText('2 experiments');
  await expect(entry).toContainText('2 of 2 finished');
  expect(problems).toEqual([]);
});
