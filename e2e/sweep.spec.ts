import { mkdirSync, readFileSync } from 'node:fs';
import { type Locator } from '@playwright/test';
import { expect, HIDE_STICKY_NAV, test } from './fixtures';
import { validateExperiment } from '../src/core/experiment/validate';
import { importAnySnapshot } from '../src/core/snapshot/io';
import { parameterCountOfConfig, sweepGapPoints } from '../src/core/snapshot/results';
import { isSweepSnapshot, type SweepSnapshot } from '../src/core/snapshot/schema';
import { modelSizeLabel } from '../src/core/snapshot/sweepMarkdown';
import { summarizeSnapshot } from '../src/core/snapshot/summary';
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

/** The sweep table's rows as the core computes them from the exported sweep snapshot's members (SweepResults' formats). */
function expectedSweepRows(sweep: SweepSnapshot): string[][] {
  const labels = new Map(sweep.members.map((m) => [m.config.name, modelSizeLabel(m.config.model)]));
  return sweepGapPoints(sweep.members.map((snapshot) => ({ id: snapshot.config.name, snapshot }))).map((p) => [
    labels.get(p.id)!,
    p.parameters!.toLocaleString('en-US'),
    p.evalSet,
    `${p.treatment} − ${p.baseline}`,
    (p.meanDifference >= 0 ? '+' : '') + p.meanDifference.toFixed(4),
    `[${p.ciLow.toFixed(4)}, ${p.ciHigh.toFixed(4)}]`,
    p.tTestP.toFixed(3),
    p.randomizationP.toFixed(3),
  ]);
}

async function sweepRows(table: Locator): Promise<string[][]> {
  const rows = table.locator('tbody tr');
  return Promise.all((await rows.all()).map((row) => row.locator('td').allInnerTexts()));
}

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
  const exportStarted = Date.now();
  // Exported as one sweep snapshot: the table's cells are what the core recomputes from the members inside it.
  const sweepRegion = page.getByRole('region', { name: 'Sweep' });
  const [download] = await Promise.all([page.waitForEvent('download'), sweepRegion.getByRole('button', { name: 'Export sweep snapshot (.json.gz)' }).click()]);
  expect(download.suggestedFilename()).toBe('e2e-sweep.sweep.snapshot.json.gz');
  const exportedPath = testInfo.outputPath('e2e-sweep.sweep.snapshot.json.gz');
  await download.saveAs(exportedPath);
  const exported = await importAnySnapshot(new Uint8Array(readFileSync(exportedPath)), 'e2e-sweep.sweep.snapshot.json.gz');
  if (!isSweepSnapshot(exported)) throw new Error('the export is not a sweep snapshot');
  expect(exported.sweep).toEqual({ name: 'e2e-sweep', experiments: 2 });
  expect(exported.members.map((m) => m.config.name)).toEqual(['e2e-sweep/L1-H8', 'e2e-sweep/L1-H16']);
  const expected = expectedSweepRows(exported);
  expect(expected).toHaveLength(2);
  expect(await sweepRows(page.getByTestId('sweep-table'))).toEqual(expected);
  // x is the parameter count, as the core computes it from each experiment's model
  const parameters = SWEEP.models.map(({ model }) => parameterCountOfConfig(validateExperiment({ schemaVersion: 1, name: 'x', ...SWEEP.base, model })));
  for (const [i, count] of parameters.entries()) await expect(rows.nth(i).locator('td').nth(1)).toHaveAttribute('data-value', String(count));
  const chart = page.getByTestId('sweep-chart-dl19');
  await expect(chart).toContainText('by parameter count');
  mkdirSync('docs/screenshots', { recursive: true });
  const body = await page
    .getByRole('region', { name: 'Sweep' })
    .screenshot({ path: 'docs/screenshots/sweep.png', animations: 'disabled', style: HIDE_STICKY_NAV });
  await testInfo.attach('sweep', { body, contentType: 'image/png' });
  await chart.getByRole('button', { name: 'Show as table' }).click();
  const tableRows = page.getByTestId('sweep-chart-table-dl19').locator('tbody tr');
  await expect(tableRows).toHaveCount(2);
  for (const [i, count] of parameters.entries()) await expect(tableRows.nth(i).locator('td').first()).toHaveText(String(count));
  // The library shows the sweep as one entry; each model was saved as an experiment of its own inside it. After a
  // reload its comparison reopens from IndexedDB with the same numbers.
  await page.reload();
  const entry = page.getByRole('region', { name: 'Saved experiments' }).getByTestId('library-sweep-e2e-sweep');
  await expect(entry).toContainText('2 experiments');
  await expect(entry).toContainText('2 of 2 finished');
  await entry.getByRole('button', { name: 'Open comparison' }).click();
  await expect(page.getByRole('heading', { name: /Sweep e2e-sweep: 2\/2 models done/ })).toBeVisible();
  await expect(page.getByTestId('sweep-table').locator('tbody tr')).toHaveCount(2);
  expect(await sweepRows(page.getByTestId('sweep-table'))).toEqual(expected);

  // The exported file opens in the read-only viewer: the same cells, and each model's own results.
  await page.getByLabel('open snapshot').setInputFiles(exportedPath);
  const viewer = page.getByTestId('snapshot-viewer');
  await expect(viewer.getByTestId('snapshot-source')).toContainText('sweep e2e-sweep from the file e2e-sweep.sweep.snapshot.json.gz');
  await expect(viewer.getByTestId('snapshot-source')).toContainText('2 of its 2 experiments');
  await expect(viewer.getByTestId('sweep-table').locator('tbody tr')).toHaveCount(2);
  expect(await sweepRows(viewer.getByTestId('sweep-table'))).toEqual(expected);
  const viewed = await viewer
    .getByRole('region', { name: 'Sweep', exact: true })
    .screenshot({ path: testInfo.outputPath('sweep-viewer.png'), animations: 'disabled' });
  await testInfo.attach('sweep snapshot in the viewer', { body: viewed, contentType: 'image/png' });
  // Its share link (it fits) opens like any other (pasted into the opener here: no second page load) with the same cells.
  await viewer.getByRole('button', { name: 'Copy sweep share link' }).click();
  const link = await viewer.getByLabel('share link', { exact: true }).inputValue();
  expect(link.length).toBeLessThanOrEqual(64 * 1024);
  await page.getByRole('button', { name: 'Close snapshot, back to the lab' }).click();
  await expect(viewer).toHaveCount(0);
  await page.getByLabel('or a URL or share link:').fill(link);
  await page.getByRole('button', { name: 'Open URL' }).click();
  await expect(viewer.getByTestId('snapshot-source')).toContainText('sweep e2e-sweep from a share link');
  await expect(viewer.getByTestId('sweep-table').locator('tbody tr')).toHaveCount(2);
  expect(await sweepRows(viewer.getByTestId('sweep-table'))).toEqual(expected);
  await viewer.getByLabel('Experiment:').selectOption('e2e-sweep/L1-H16');
  const comparison = summarizeSnapshot(exported.members[1]!).comparisons.find((c) => c.evalSet === 'dl19' && c.measure === 'ndcg_cut_10')!;
  const row = viewer
    .getByTestId('summary')
    .locator('table.comparisons tr')
    .filter({ has: page.locator('td', { hasText: /^NDCG@10$/ }) });
  await expect(row.locator('td').nth(2)).toHaveText((comparison.meanDifference >= 0 ? '+' : '') + comparison.meanDifference.toFixed(4));
  console.log(
    `after training (export, show as table, reload, reopen from the library, the file and the link in the viewer, one member's results): ${((Date.now() - exportStarted) / 1000).toFixed(1)} s`,
  );
  expect(problems).toEqual([]);
});
