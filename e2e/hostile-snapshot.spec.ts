import { expect, test } from './fixtures';
import { exportSnapshot } from '../src/core/snapshot/io';
import { fixtureConfig, fixtureEvaluation, fixtureRun, fixtureSnapshot } from '../src/testing/snapshots';
import { gzipBomb } from '../src/testing/gzipBomb';

async function goodSnapshot() {
  const config = fixtureConfig();
  const values = { q1: 0.5, q2: 0.25, q3: 0.75 };
  const evaluations = ['dl19', 'dl20'].map((set) => fixtureEvaluation(set, 3, { ndcg_cut_10: values, map: values }));
  return exportSnapshot(await fixtureSnapshot(config, [fixtureRun(config, 'adamw', 1, evaluations), fixtureRun(config, 'lion', 1, evaluations)]));
}

test('the page refuses a gzip bomb snapshot by its inflation ratio long before its 4 GiB, then still opens a real one', async ({ page }) => {
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto('/');
  // the page's WebGPU self-check runs on load (SwiftShader on the CPU): let it finish so it does not share the timing
  await expect(page.getByTestId('smoke-status')).toHaveAttribute('data-ok', 'true');
  const input = page.getByLabel('open snapshot');

  const bomb = gzipBomb(4 * 2 ** 30);
  const started = Date.now();
  await input.setInputFiles({ name: 'bomb.json.gz', mimeType: 'application/gzip', buffer: Buffer.from(bomb) });
  const handedOver = Date.now();
  const alert = page.getByRole('alert');
  await expect(alert).toHaveText(
    /^bomb\.json\.gz: 32\.0 KiB of gzip inflate to more than \d+\.\d MiB, over 200 times their size: a gzip bomb\? \(limit 200, INPUT_LIMITS\.gzipRatio\)$/,
  );
  // Refused after inflating tens of MiB of its 4 GiB (the ratio is checked as it inflates), whatever the machine's speed.
  const inflatedMiB = Number((await alert.innerText()).match(/more than (\d+\.\d) MiB/)![1]);
  expect(inflatedMiB).toBeLessThan(256);
  const seconds = (Date.now() - handedOver) / 1000;
  console.log(
    `bomb: ${bomb.length} bytes inflating to 4 GiB, refused after ${inflatedMiB} MiB, ${seconds.toFixed(1)} s after Playwright's upload (${((handedOver - started) / 1000).toFixed(1)} s)`,
  );

  await input.setInputFiles({ name: 'good.json.gz', mimeType: 'application/gzip', buffer: Buffer.from(await goodSnapshot()) });
  await expect(page.getByTestId('summary')).toContainText('0.5000');
  await expect(page.getByRole('alert')).toHaveCount(0);
  expect(pageErrors).toEqual([]);
});
