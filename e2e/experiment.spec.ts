import { mkdirSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'fflate';
import { expect, HIDE_STICKY_NAV, test } from './fixtures';
import { importSnapshot } from '../src/core/snapshot/io';
import { armMeasureResults, queryScatter } from '../src/core/snapshot/results';
import { summarizeSnapshot } from '../src/core/snapshot/summary';
import { tinyExperiment } from '../src/testing/tinyStudies';

// A tiny study that runs in about a minute on SwiftShader: two arms, one seed, two steps, shallow rerank.
const TINY = tinyExperiment('e2e-tiny', { checkpointEvery: 1 });

test('a tiny Lion-vs-AdamW study runs in workers, persists, exports and re-imports its snapshot', async ({ page, hardwareGpu }, testInfo) => {
  test.setTimeout(600_000);
  const problems: string[] = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(`console error: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));

  await page.goto('./');
  await page.getByLabel('experiment config (JSON)').fill(JSON.stringify(TINY, null, 2));
  await expect(page.getByTestId('config-ok')).toContainText('2 runs (2 arms × 1 seeds), 2 steps each, batch 4');
  await expect(page.getByTestId('honesty-warnings')).toContainText('single seed');
  await page.getByRole('button', { name: 'Start experiment' }).click();

  await expect(page.getByTestId('progress')).toBeVisible();
  const summary = page.getByTestId('summary');
  await expect(summary).toBeVisible({ timeout: 540_000 });
  for (const arm of ['adamw', 'lion']) await expect(page.getByTestId(`run-e2e-tiny/${arm}/seed-3`)).toHaveAttribute('data-status', 'finished');
  await expect(page.getByTestId('progress-text')).toContainText('4/4 steps');

  // Both arms saw the same batches: the running batch hash after the last step is the same.
  const hashOf = (arm: string) => page.getByTestId(`run-e2e-tiny/${arm}/seed-3`).locator('code').textContent();
  expect(await hashOf('adamw')).toMatch(/^[0-9a-f]{10}$/);
  expect(await hashOf('adamw')).toBe(await hashOf('lion'));

  // A tiny random model: the page says its numbers are not a finding.
  await expect(page.getByTestId('tiny-model-note')).toBeVisible();
  const table = await summary.locator('table').first().innerText();
  expect(table).toMatch(/adamw\s+0\.\d{4}/);
  expect(table).toMatch(/lion\s+0\.\d{4}/);
  await expect(summary).toContainText('lion − adamw');

  // Export: the snapshot carries the runs and their per-query values, not summary numbers.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /Export snapshot/ }).click()]);
  const path = await download.path();
  const snapshot = JSON.parse(new TextDecoder().decode(gunzipSync(new Uint8Array(readFileSync(path))))) as {
    kind: string;
    environment: { adapter: { architecture: string; isSoftware: boolean }; runtime: { kind: string }; kernels?: string };
    runs: { arm: string; batchHashes: string[]; evaluations: { perQuery: Record<string, Record<string, number>> }[] }[];
  };
  expect(snapshot.kind).toBe('rerank-lab-snapshot');
  expect(snapshot.environment.runtime.kind).toBe('browser');
  // The page trains on our kernels by default (?kernels=tfjs would pick tfjs's), and the snapshot says so.
  expect(snapshot.environment.kernels).toBe('own');
  // The adapter that trained is the project's: SwiftShader, or (the gpu project) one the lab does not call software.
  if (hardwareGpu) expect(snapshot.environment.adapter.isSoftware).toBe(false);
  else expect(snapshot.environment.adapter).toMatchObject({ architecture: 'swiftshader', isSoftware: true });
  expect(snapshot.runs.map((r) => r.arm).sort()).toEqual(['adamw', 'lion']);
  expect(snapshot.runs[0].batchHashes).toEqual(snapshot.runs[1].batchHashes);
  expect(Object.keys(snapshot.runs[0].evaluations[0].perQuery)).toHaveLength(43);

  // The results views equal what the metrics core computes from the same stored runs.
  const stored = await importSnapshot(new Uint8Array(readFileSync(path)), 'e2e-tiny.snapshot.json.gz');
  for (const r of armMeasureResults(stored)) {
    const row = page.getByTestId(`arm-results-${r.evalSet}-${r.arm}`);
    await expect(row.locator(`td[data-measure="${r.measure}"][data-kind="final"]`)).toHaveText(r.final.toFixed(4));
    await expect(row.locator(`td[data-measure="${r.measure}"][data-kind="best"]`)).toHaveText(`${r.best.toFixed(4)} (${r.bestStep})`);
  }
  for (const c of summarizeSnapshot(stored).comparisons) {
    const label = { ndcg_cut_10: 'NDCG@10', map: 'MAP', mrr_cut_10: 'MRR@10', recall_100: 'R@100' }[c.measure];
    const row = summary.locator('table.comparisons tr', { hasText: label });
    await expect(row).toContainText(`${c.meanDifference >= 0 ? '+' : ''}${c.meanDifference.toFixed(4)}`);
    await expect(row).toContainText(`${c.wins} / ${c.ties} / ${c.losses}`);
  }
  const scatter = page.getByTestId('scatter-dl19-lion');
  await scatter.getByRole('button', { name: 'Show as table' }).click();
  const points = queryScatter(stored, 'dl19', 'lion');
  expect(points).toHaveLength(43);
  const scatterRows = await page
    .getByTestId('scatter-table-dl19-lion')
    .locator('tbody tr')
    .evaluateAll((rows) => rows.map((row) => [...row.querySelectorAll('th, td')].map((c) => c.textContent ?? '')));
  expect(scatterRows.map((r) => [r[0], Number(r[2]), Number(r[3])])).toEqual(points.map((p) => [p.qid, p.baseline, p.treatment]));
  // the hover shows each query's text (from the bundled topics)
  expect(scatterRows.filter((r) => r[1].length > 0)).toHaveLength(43);
  await scatter.getByRole('button', { name: 'Show as chart' }).click();
  mkdirSync('docs/screenshots', { recursive: true });
  await page.setViewportSize({ width: 1500, height: 1000 });
  const shot = await page
    .getByRole('region', { name: 'Results' })
    .screenshot({ path: 'docs/screenshots/results.png', animations: 'disabled', style: HIDE_STICKY_NAV });
  await testInfo.attach('results', { body: shot, contentType: 'image/png' });

  // After a reload the experiment is restored from IndexedDB with the same results.
  await page.reload();
  await page.getByRole('region', { name: 'Saved experiments' }).getByRole('button', { name: 'Open' }).first().click();
  await expect(page.getByTestId('summary')).toBeVisible({ timeout: 60_000 });
  expect(await page.getByTestId('summary').locator('table').first().innerText()).toBe(table);

  // The exported file opens again, and every number is recomputed to the same values.
  // It opens in the snapshot viewer, which stands in for the (hidden) lab page.
  await page.getByLabel('open snapshot').setInputFiles(path);
  const viewed = page.getByTestId('snapshot-viewer').getByTestId('summary');
  await expect(viewed).toBeVisible({ timeout: 60_000 });
  expect(await viewed.locator('table').first().innerText()).toBe(table);

  expect(problems).toEqual([]);
});
