import { readFileSync } from 'node:fs';
import { type Locator, type Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { expandTuningStudy } from '../src/core/experiment/tuning';
import { fixed4 } from '../src/core/snapshot/markdown';
import { importSnapshot } from '../src/core/snapshot/io';
import { analyzeTuning } from '../src/core/snapshot/tuningAnalysis';
import { formatLr, formatRatio, formatSeconds } from '../src/core/snapshot/tuningMarkdown';
import { bundledEvalSet, tinyTuningStudy } from '../src/testing/tinyStudies';

// Shrunk for CI (tinyTuningStudy): 2 trials per optimizer of 2 steps, dev evaluated after the last, one final seed,
// depth-2 reranking. (Dev evaluations along the way, for time to target, are covered headless by src/cli/tuningStudy.gpu.test.ts.)
const STUDY = tinyTuningStudy('e2e-fair');

test('a tuning study runs its trials and final runs; the sensitivity plot and time-to-target table equal the core’s from the stored trials', async ({
  page,
}) => {
  // Two minutes on a quiet 2-core machine; the limits leave room for a loaded one.
  test.setTimeout(1_500_000);
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && problems.push(`console error: ${m.text()}`));
  await page.goto('./');

  // Selecting and reporting on the same set is refused before anything can start, naming the field.
  await page.getByLabel('experiment config (JSON)').fill(JSON.stringify({ ...STUDY, testSets: [bundledEvalSet('dl19', 2)] }));
  await expect(page.getByTestId('config-error')).toContainText('tuning.json: testSets[0].name: the same name as devSet (dl19)');
  await expect(page.getByRole('button', { name: 'Start experiment' })).toBeDisabled();

  await page.getByLabel('experiment config (JSON)').fill(JSON.stringify(STUDY));
  await expect(page.getByTestId('config-ok')).toContainText('tuning study: 2 trials per optimizer on dl19, then the best of each with 1 seeds on dl20');
  await page.getByRole('button', { name: 'Start tuning study' }).click();

  const panel = page.getByRole('region', { name: 'Tuning study' });
  await expect(panel.getByRole('heading', { level: 2 })).toContainText('4/4 trials done, final runs on the test sets', { timeout: 1_000_000 });
  await expect(page.getByTestId('summary')).toBeVisible({ timeout: 400_000 });
  await expect(page.getByTestId('summary')).toContainText('lion − adamw');

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /Export snapshot/ }).click()]);
  const snapshot = await importSnapshot(new Uint8Array(readFileSync(await download.path())), 'e2e-fair.snapshot.json.gz');
  expect(snapshot.tuning!.runs).toHaveLength(4);
  const expanded = expandTuningStudy(snapshot.tuning!.study);
  const analysis = analyzeTuning(expanded, snapshot.tuning!.runs);

  // The sensitivity table: a row per trial, each the core's numbers from the stored per-query values.
  const expectedRows = expanded.spaces.flatMap((space) =>
    analysis.trials
      .filter((t) => t.space === space.name)
      .sort((a, b) => a.point.lr - b.point.lr)
      .map((t) => {
        const selected = analysis.selected.some((s) => s.trial === t.trial);
        return [
          space.optimizer === 'adamw' ? 'AdamW' : 'Lion',
          `${t.trial}${selected ? ' (selected)' : ''}`,
          formatLr(t.point.lr),
          String(expanded.trials.find((x) => x.name === t.trial)!.arm.weightDecay),
          fixed4(t.mean!),
        ];
      }),
  );
  const cells = async (testId: string, scope: Page | Locator = page) =>
    scope
      .getByTestId(testId)
      .locator('tbody tr')
      .evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent ?? '')));
  expect(await cells('sensitivity-table')).toEqual(expectedRows);
  // The plot: one point per scored trial on a log learning-rate axis.
  const plot = page.getByRole('figure', { name: 'LR sensitivity' });
  await expect(plot.locator('.recharts-scatter-symbol')).toHaveCount(4);
  // A log axis: ticks at powers of ten (the trials span 1e-4 to 1e-2), evenly spaced.
  const ticks = await Promise.all(['1e-4', '1e-3', '1e-2'].map((label) => plot.locator('svg text', { hasText: new RegExp(`^${label}$`) }).boundingBox()));
  const centres = ticks.map((box) => box!.x + box!.width / 2);
  expect(Math.abs(centres[2] - centres[1] - (centres[1] - centres[0]))).toBeLessThan(2);
  expect(centres[1] - centres[0]).toBeGreaterThan(50);
  // Its table: the plotted points, each the core's trial mean at its learning rate.
  await plot.getByRole('button', { name: 'Show as table' }).click();
  const plotted = await page
    .getByTestId('sensitivity-chart-table')
    .locator('tbody tr')
    .evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('th, td')].map((c) => c.textContent ?? '')));
  expect(plotted).toEqual(
    expanded.spaces.flatMap((space) =>
      analysis.trials
        .filter((t) => t.space === space.name && t.mean !== null)
        .sort((a, b) => a.point.lr - b.point.lr)
        .map((t) => [space.optimizer === 'adamw' ? 'AdamW' : 'Lion', String(t.point.lr), String(t.mean)]),
    ),
  );
  await plot.getByRole('button', { name: 'Show as chart' }).click();

  // Time to target, from the trials' dev curves and step times.
  expect(await page.getByTestId('time-to-target-target').textContent()).toContain(`NDCG@10 ≥ ${fixed4(analysis.target!.value)}`);
  expect(await cells('time-to-target')).toEqual(
    analysis.timeToTarget.map((t) => [
      t.optimizer === 'adamw' ? 'AdamW' : 'Lion',
      t.trial,
      String(t.steps),
      formatSeconds(t.seconds),
      formatRatio(t.stepsRatio),
      formatRatio(t.secondsRatio),
    ]),
  );
  // The final arms are the selected trials' settings.
  expect(snapshot.config.arms.map((a) => a.lr)).toEqual(analysis.selected.map((s) => expanded.trials.find((t) => t.name === s.trial)!.arm.lr));

  // After a reload, the final experiment opens with its study: the same tables, from the trials kept in this browser.
  const table = await cells('sensitivity-table');
  await page.reload();
  await page
    .getByRole('region', { name: 'Saved experiments' })
    .getByRole('row')
    .filter({ hasText: 'e2e-fair/final' })
    .getByRole('button', { name: 'Open' })
    .click();
  await expect(page.getByTestId('time-to-target')).toBeVisible({ timeout: 60_000 });
  expect(await cells('sensitivity-table')).toEqual(table);

  // The exported snapshot opens with the same tables.
  // (It opens in the snapshot viewer, which stands in for the hidden lab page.)
  await page.getByLabel('open snapshot').setInputFiles(await download.path());
  const viewer = page.getByTestId('snapshot-viewer');
  await expect(viewer.getByTestId('sensitivity-table')).toBeVisible({ timeout: 60_000 });
  expect(await cells('sensitivity-table', viewer)).toEqual(table);
  expect(problems).toEqual([]);
});
