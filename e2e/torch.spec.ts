import { expect, test } from './fixtures';
import { strFromU8, unzipSync } from 'fflate';
import { readFileSync } from 'node:fs';
import { tinyExperiment } from '../src/testing/tinyStudies';

// The page's "Scale out on PyTorch" panel: the open experiment exports as a PyTorch project (zip) whose prepared
// batches carry the page's own batch hashes, and a PyTorch project's results import back as a snapshot shown here.
const TINY = tinyExperiment('e2e-torch', { steps: 1 });

test('exports the open experiment to PyTorch and imports PyTorch results back', async ({ page }) => {
  test.setTimeout(600_000);
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));

  await page.goto('./');
  await page.getByLabel('experiment config (JSON)').fill(JSON.stringify(TINY, null, 2));
  await page.getByRole('button', { name: 'Start experiment' }).click();
  await expect(page.getByTestId('summary')).toBeVisible({ timeout: 540_000 });
  const pageHash = await page.getByTestId('run-e2e-torch/adamw/seed-3').locator('code').textContent();

  const panel = page.getByRole('region', { name: 'PyTorch' });
  const [download] = await Promise.all([page.waitForEvent('download'), panel.getByRole('button', { name: 'Export to PyTorch' }).click()]);
  expect(download.suggestedFilename()).toBe('e2e-torch-pytorch.zip');
  const zip = unzipSync(new Uint8Array(readFileSync(await download.path())));
  const file = (name: string) => strFromU8(zip[`e2e-torch-pytorch/${name}`]);
  for (const name of ['train.py', 'evaluate.py', 'labtorch.py', 'README.md', 'requirements.txt', 'prepared/init.seed-3.safetensors', 'prepared/plan.json']) {
    expect(Object.keys(zip)).toContain(`e2e-torch-pytorch/${name}`);
  }
  expect(JSON.parse(file('experiment.json'))).toMatchObject({ name: 'e2e-torch', steps: 1, seeds: [3] });
  const hashes = (JSON.parse(file('prepared/batches.seed-3.json')) as { batchHashes: string[] }).batchHashes;
  expect(hashes).toHaveLength(1);
  // The page shows the first 10 hex digits of the running hash.
  expect(hashes[0].startsWith(pageHash!)).toBe(true);
  await expect(panel.getByRole('status')).toContainText('follow its README.md');

  // A finished PyTorch run of the adamw arm (as train.py and evaluate.py write it), imported back.
  const pairs = (JSON.parse(file('prepared/eval.dl19.json')) as { pairs: [string, string][] }).pairs;
  const trec = pairs.map(([qid, docno], i) => `${qid} Q0 ${docno} ${(i % 2) + 1} ${10 - (i % 2)} adamw.seed-3`).join('\n') + '\n';
  const train = {
    format: 'rerank-lab-torch-run',
    arm: 'adamw',
    seed: 3,
    runtime: 'pytorch',
    hardware: {
      worldSize: 8,
      backend: 'nccl',
      devices: Array(8).fill('NVIDIA H100'),
      torch: '2.4.0',
      python: '3.11',
      dropout: 'lab',
      model: 'compact',
      optimizer: 'torch.optim.AdamW',
    },
    stop: { reason: 'completed', step: 1 },
    curve: [{ step: 1, loss: 0.69, lr: 0.0001, gradNorm: 0.1, examplesPerSecond: 1000, ms: 4 }],
    batchHashes: hashes,
  };
  await panel.getByLabel('import pytorch results').setInputFiles([
    { name: 'experiment.json', mimeType: 'application/json', buffer: Buffer.from(file('experiment.json')) },
    { name: 'adamw.seed-3.train.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(train)) },
    { name: 'adamw.seed-3.dl19.trec', mimeType: 'text/plain', buffer: Buffer.from(trec) },
  ]);
  // The imported snapshot opens in the read-only viewer (the lab, this panel with it, steps aside meanwhile): one arm
  // (adamw), no lion — not the page's own run.
  const viewer = page.getByTestId('snapshot-viewer');
  await expect(viewer.getByTestId('snapshot-source')).toContainText('e2e-torch (PyTorch import)');
  await expect(viewer.getByTestId('summary')).toHaveCount(1);
  const imported = viewer.getByTestId('summary').locator('table').first();
  await expect(imported).toContainText(/adamw\s*0\.\d{4}/);
  await expect(imported).not.toContainText('lion');
  expect(problems).toEqual([]);
});
