/**
 * The experiment library and the status bar, without training: the Demo snapshot from npm run experiment
 * (fixtures/golden/demo-snapshot) is written into IndexedDB through the lab's own storage module, as a run in
 * the page would leave it; a sweep record groups two experiments.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'fflate';
import { expect, expectAdapterDetails, expectStatusBarAdapter, test } from './fixtures';
import { sharedPath } from '../src/testing/shared';

const DEMO_JSON = new TextDecoder().decode(gunzipSync(readFileSync(sharedPath('golden/demo-snapshot/snapshot.json.gz'))));
const SUMMARY_MD = readFileSync(sharedPath('golden/demo-snapshot/summary.md'), 'utf8');

/** NDCG@10 of an arm on an eval set, as summary.md prints it (the mean over seeds). */
function summaryNdcg(evalSet: string, arm: string): string {
  const section = SUMMARY_MD.split('\n## ').find((s) => s.startsWith(`${evalSet} (`))!;
  const row = section.split('\n').find((l) => l.startsWith(`| ${arm} |`))!;
  return row.split('|')[5]!.trim().split(' ')[0]!;
}

test('the library lists stored experiments with best NDCG@10 per arm and a sweep as one entry; rename and delete; the status bar', async ({
  page,
  hardwareGpu,
}) => {
  const problems: string[] = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(`console error: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await page.goto('./');

  // status bar: the adapter as a researcher knows it, nothing held on the GPU, storage against quota
  const status = page.getByRole('region', { name: 'Status' });
  await expectStatusBarAdapter(status, hardwareGpu);
  await expect(status.getByTestId('status-gpu-memory')).toHaveText('GPU memory held none (no run in progress)');
  await expect(status.getByTestId('status-storage')).toHaveText(/^Storage \d+(\.\d)? (bytes|KiB|MiB) of \d+\.\d (MiB|GiB) \(\d+\.\d %\)$/);
  const details = status.getByRole('button', { name: 'Adapter details' });
  await details.focus();
  await page.keyboard.press('Enter');
  await expectAdapterDetails(status, hardwareGpu);
  await expect(status.getByRole('button', { name: 'Hide adapter details' })).toHaveAttribute('aria-expanded', 'true');

  await expect(page.getByTestId('library-empty')).toBeVisible();
  await page.evaluate(async (json) => {
    // the lab's storage module and the test helper, served by the dev server
    const [storesModule, helperModule] = ['/src/storage/stores.ts', '/src/testing/storedSnapshots.ts'];
    const { LabStorage } = await import(/* @vite-ignore */ storesModule);
    const { storeSnapshot } = await import(/* @vite-ignore */ helperModule);
    const snapshot = JSON.parse(json);
    const storage = new LabStorage();
    await storeSnapshot(storage, snapshot);
    const sweepConfig = { ...snapshot.config, name: 'sizes/L1-H16' };
    await storage.saveExperiment(sweepConfig, 'a'.repeat(64));
    await storage.saveSweep('sizes', [
      { name: 'sizes/L1-H16', configHash: 'a'.repeat(64) },
      { name: 'sizes/L2-H32', configHash: 'b'.repeat(64) },
    ]);
  }, DEMO_JSON);
  await page.reload();

  const library = page.getByRole('region', { name: 'Saved experiments' });
  const demo = library.getByTestId('library-demo');
  await expect(demo).toContainText('bert L2×H32 (random init)');
  for (const arm of ['adamw', 'lion']) {
    await expect(demo.locator('li', { hasText: arm })).toHaveText(`${arm} (${arm}): dl19 ${summaryNdcg('dl19', arm)}dl20 ${summaryNdcg('dl20', arm)}`);
  }
  await expect(demo.getByTestId('library-status')).toHaveText('finished (4/4 runs)');
  const sweep = library.getByTestId('library-sweep-sizes');
  await expect(sweep).toContainText('2 experiments');
  await expect(sweep).toContainText('0 of 2 finished');
  await sweep.getByRole('button', { name: /sweep sizes/ }).click();
  await expect(sweep.getByTestId('library-sizes/L1-H16').getByTestId('library-status')).toHaveText('not started (0/4 runs)');
  await expect(sweep).toContainText('sizes/L2-H32not started yet');

  // rename: the library's name; the config (and its hash) stay
  await demo.getByRole('button', { name: 'Rename' }).click();
  await demo.getByLabel('new name for demo').fill('Demo, 2 seeds');
  await demo.getByLabel('new name for demo').press('Enter');
  await expect(demo.locator('.library-name')).toHaveText('Demo, 2 seeds');
  await expect(demo).toContainText('(demo)');

  // duplicate: a copy of its config, under a new name (so a new config hash), in the editor
  await demo.getByRole('button', { name: 'Duplicate' }).click();
  await expect
    .poll(async () => JSON.parse(await page.getByLabel('experiment config (JSON)').inputValue()) as unknown)
    .toEqual({ ...(JSON.parse(DEMO_JSON) as { config: object }).config, name: 'demo-copy' });

  // open restores it into the lab
  await demo.getByRole('button', { name: 'Open' }).click();
  await expect(page.getByTestId('summary')).toContainText(summaryNdcg('dl19', 'adamw'));

  // delete: what it frees, then gone (and the storage figure follows)
  await demo.getByRole('button', { name: 'Delete…' }).click();
  // the evaluations (per-query values and reranked runs) are most of it: 1.3 MiB of JSON
  const evaluationMiB = (JSON.parse(DEMO_JSON) as { runs: { evaluations: unknown[] }[] }).runs
    .flatMap((r) => r.evaluations)
    .reduce((n: number, e) => n + JSON.stringify(e).length / 2 ** 20, 0);
  expect(evaluationMiB.toFixed(1)).toBe('1.3');
  await expect(demo).toContainText('Delete Demo, 2 seeds? frees about 1.3 MiB (4 runs, 160 curve points, 8 evaluations)');
  await demo.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(library.getByTestId('library-demo')).toHaveCount(0);
  await expect(sweep).toBeVisible();
  expect(problems).toEqual([]);
});

test('the data panel imports with progress, refuses a malformed file naming file and line without touching what is stored, and a dropped snapshot opens', async ({
  page,
}) => {
  const problems: string[] = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(`console error: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await page.goto('./');
  const data = page.getByRole('region', { name: 'Data' });
  await expect(data.getByTestId('data-empty')).toBeVisible();

  const qrels = readFileSync('public/data/qrels.dl19-passage.txt');
  const picker = data.getByLabel('import data files');
  await picker.setInputFiles({ name: 'my.qrels.txt', mimeType: 'text/plain', buffer: qrels });
  await expect(data.getByTestId('import-my.qrels.txt')).toContainText('my.qrels.txt: qrels, 43 queries, 9,260 judgments; 182.7 KiB, stored as');
  const row = data.getByTestId('data-my.qrels.txt');
  await expect(row.locator('td').nth(0)).toHaveText('qrels');
  await expect(row.locator('td').nth(1)).toHaveText('182.7 KiB');
  const hash = await row.locator('code').getAttribute('title');
  expect(hash).toMatch(/^[0-9a-f]{64}$/);

  // the same name, a bad line 3: refused with file, line and reason; the stored file is untouched
  const bad = Buffer.from(qrels.toString('utf8').replace(/^((?:.*\n){2})(\S+) Q0 (\S+) \d+/, '$1$2 Q0 $3 two'));
  await picker.setInputFiles({ name: 'my.qrels.txt', mimeType: 'text/plain', buffer: bad });
  await expect(data.getByRole('alert')).toHaveText(/^my\.qrels\.txt:3: .*\. Nothing stored was changed\.$/);
  await expect(data.getByTestId('data-table').locator('tbody tr')).toHaveCount(1);
  await expect(row.locator('code')).toHaveAttribute('title', hash!);

  // a snapshot dropped anywhere on the page opens in the viewer
  const snapshot = [...readFileSync(sharedPath('golden/demo-snapshot/snapshot.json.gz'))];
  const transfer = await page.evaluateHandle((bytes) => {
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array(bytes)], 'from-a-colleague.json.gz'));
    return dt;
  }, snapshot);
  await page.locator('header').dispatchEvent('drop', { dataTransfer: transfer });
  await expect(page.getByTestId('snapshot-source')).toContainText('demo from the dropped file from-a-colleague.json.gz');

  // delete frees its bytes
  await page.getByRole('button', { name: 'Close snapshot, back to the lab' }).click();
  await row.getByRole('button', { name: 'Delete…' }).click();
  await expect(row).toContainText('Delete my.qrels.txt? Frees 182.7 KiB.');
  await row.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(data.getByTestId('data-empty')).toBeVisible();
  expect(problems).toEqual([]);
});
