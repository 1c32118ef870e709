/**
 * The viewer's "Merge snapshots…": the Demo (fixtures/golden/demo-snapshot) cut by seed into two files, as two machines
 * would have made it, is merged in the page; the downloaded file reads back as the Demo with its summary.md, the merged
 * snapshot opens in the viewer naming its sources, and a piece in another precision is refused naming file, run and field.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { expect, test } from './fixtures';
import { exportSnapshot, importSnapshot, summarizeSnapshot, summaryMarkdown } from '../src/core/snapshot';
import { pieceOf } from '../src/testing/mergeParts';
import { sharedPath } from '../src/testing/shared';

const SUMMARY_MD = readFileSync(sharedPath('golden/demo-snapshot/summary.md'), 'utf8');

test('two pieces of the Demo merge into the Demo; a piece in another precision is refused', async ({ page }, testInfo) => {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  const demo = await importSnapshot(new Uint8Array(readFileSync(sharedPath('golden/demo-snapshot/snapshot.json.gz'))), 'demo');
  const write = async (name: string, keep: (seed: number) => boolean, precision?: 'float16') => {
    const piece = await pieceOf(demo, (r) => keep(r.seed));
    const path = testInfo.outputPath(name);
    writeFileSync(path, exportSnapshot(precision ? { ...piece, runs: piece.runs.map((r) => ({ ...r, precision })) } : piece));
    return path;
  };
  const one = await write('seed-1.json.gz', (s) => s === 1);
  const two = await write('seed-2.json.gz', (s) => s === 2);
  const half = await write('half.json.gz', (s) => s === 2, 'float16');

  await page.goto('./');
  await page.getByText('Merge snapshots…').click();
  await page.getByLabel('merge snapshots').setInputFiles([two, one]);
  const result = page.getByTestId('merge-result');
  await expect(result).toContainText(`Merged: demo: 4 runs, arms adamw, lion, seeds 1, 2, config ${demo.configHash.slice(0, 12)}.`);

  const download = page.waitForEvent('download');
  await result.getByRole('button', { name: 'Download demo.merged.snapshot.json.gz' }).click();
  const file = await (await download).path();
  const merged = await importSnapshot(new Uint8Array(readFileSync(file)), 'downloaded');
  expect(merged.configHash).toBe(demo.configHash);
  expect(summaryMarkdown(summarizeSnapshot(merged))).toBe(SUMMARY_MD);
  expect(merged.runs.map((r) => r.origin?.file)).toEqual(['seed-1.json.gz', 'seed-1.json.gz', 'seed-2.json.gz', 'seed-2.json.gz']);

  await result.getByRole('button', { name: 'View the merged snapshot' }).click();
  await expect(page.getByTestId('snapshot-source')).toContainText('from 2 snapshots: seed-1.json.gz (node, mesa · software · llvmpipe');
  await page.getByRole('button', { name: 'Close snapshot, back to the lab' }).click();

  await page.getByLabel('merge snapshots').setInputFiles([one, half]);
  await expect(page.getByTestId('merge-error')).toHaveText(
    "Not merged: half.json.gz: run demo/adamw/seed-2: precision float16, but seed-1.json.gz's run demo/adamw/seed-1 trained in float32: precisions are not mixed in one study",
  );
  expect(problems).toEqual([]);
});
