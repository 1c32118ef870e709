import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, unzipSync } from 'fflate';
import { type Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { tinyRandomModel, writeGoldenModelFolder } from '../src/testing/tinyModels';
import { bundledEvalSet, bundledTriples } from '../src/testing/tinyStudies';

// Tiny studies for SwiftShader: two arms, two steps, a shallow rerank of DL19. GTE with two seeds (a
// multi-seed study in the page), ModernBERT with one: every seed here costs CI about half a minute.
const study = (name: string, model: unknown, seeds: number[]) => ({
  schemaVersion: 1,
  name,
  model,
  trainingData: bundledTriples(),
  evalSets: [bundledEvalSet('dl19', 2)],
  batchSize: 4,
  steps: 2,
  maxLength: 32,
  seeds,
  evaluateEvery: 0,
  checkpointEvery: 1,
});

function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(`console error: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  return problems;
}

async function runStudy(page: Page, config: ReturnType<typeof study>) {
  await page.getByLabel('experiment config (JSON)').fill(JSON.stringify(config, null, 2));
  await expect(page.getByTestId('config-ok')).toContainText(`${2 * config.seeds.length} runs`);
  await page.getByRole('button', { name: 'Start experiment' }).click();
  await expect(page.getByTestId('summary')).toBeVisible({ timeout: 840_000 });
  for (const seed of config.seeds) {
    for (const arm of ['adamw', 'lion']) await expect(page.getByTestId(`run-${config.name}/${arm}/seed-${seed}`)).toHaveAttribute('data-status', 'finished');
  }
}

async function downloadedModel(page: Page, runId: string): Promise<Record<string, Uint8Array>> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId(`run-${runId}`).getByRole('button', { name: 'Download model' }).click(),
  ]);
  return unzipSync(new Uint8Array(readFileSync(await download.path())));
}

for (const family of ['gte', 'modernbert'] as const) {
  test(`a tiny random-init ${family} study (Lion vs AdamW, ${family === 'gte' ? 2 : 1} seed(s)) runs in the page and its models download as HF folders`, async ({
    page,
  }) => {
    test.setTimeout(900_000);
    const problems = watchProblems(page);
    await page.goto('/');
    const config = study(`e2e-${family}`, tinyRandomModel(family), family === 'gte' ? [1, 2] : [1]);
    await page.getByLabel('experiment config (JSON)').fill(JSON.stringify(config, null, 2));
    await expect(page.getByTestId('memory-estimate')).toContainText('parameters');
    await runStudy(page, config);
    const table = await page.getByTestId('summary').locator('table').first().innerText();
    expect(table).toMatch(/adamw\s+0\.\d{4}/);
    expect(table).toMatch(/lion\s+0\.\d{4}/);

    const [exported] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /Export snapshot/ }).click()]);
    const snapshot = JSON.parse(new TextDecoder().decode(gunzipSync(new Uint8Array(readFileSync(await exported.path()))))) as {
      config: { model: { architecture: string } };
      runs: unknown[];
    };
    expect(snapshot.config.model.architecture).toBe(family);
    expect(snapshot.runs).toHaveLength(2 * config.seeds.length);

    const files = await downloadedModel(page, `e2e-${family}/lion/seed-${config.seeds.at(-1)}`);
    const folder = `lion.seed-${config.seeds.at(-1)}`;
    expect(Object.keys(files).sort()).toEqual(['README.md', 'config.json', 'model.safetensors', 'vocab.txt'].map((f) => `${folder}/${f}`));
    const hfConfig = JSON.parse(new TextDecoder().decode(files[`${folder}/config.json`])) as { architectures: string[]; num_labels: number };
    expect(hfConfig.architectures).toEqual([family === 'gte' ? 'NewForSequenceClassification' : 'ModernBertForSequenceClassification']);
    expect(hfConfig.num_labels).toBe(1);
    expect(new TextDecoder().decode(files[`${folder}/README.md`])).toContain('| dl19 | NDCG@10 | 0.');
    expect(problems).toEqual([]);
  });
}

test('a local model folder is picked once, trains in the page, and is still there after a reload', async ({ page }) => {
  test.setTimeout(900_000);
  const problems = watchProblems(page);
  const folder = writeGoldenModelFolder('gte', mkdtempSync(join(tmpdir(), 'rerank-lab-e2e-')));
  await page.goto('/');
  const config = study('e2e-local-gte', { kind: 'local', path: 'tiny-gte' }, [1]);
  await page.getByLabel('experiment config (JSON)').fill(JSON.stringify(config, null, 2));
  await expect(page.getByRole('button', { name: 'Start experiment' })).toBeDisabled();

  // A folder without its tokenizer is refused, naming the file.
  await page.getByLabel('model files').setInputFiles([join(folder, 'config.json'), join(folder, 'model.safetensors')]);
  await expect(page.getByRole('alert')).toContainText('tiny-gte: tokenizer.json (or vocab.txt) not found among the picked files');
  await page.getByLabel('model files').setInputFiles(['config.json', 'model.safetensors', 'tokenizer.json'].map((f) => join(folder, f)));
  await expect(page.getByTestId('model-folder-kept')).toBeVisible();
  await expect(page.getByTestId('memory-estimate')).toContainText('parameters');
  await runStudy(page, config);

  // After a reload the folder is found in IndexedDB by its name: nothing to pick again.
  await page.reload();
  await page.getByLabel('experiment config (JSON)').fill(JSON.stringify(config, null, 2));
  await expect(page.getByTestId('model-folder-kept')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Start experiment' })).toBeEnabled();
  expect(problems).toEqual([]);
});
