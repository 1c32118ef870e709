/**
 * The read-only snapshot viewer: a snapshot written by `npm run experiment` (the Demo, fixtures/golden/demo-snapshot)
 * opens from a file and shows summary.md's numbers; its share link opens in a fresh browser context with the same
 * numbers; hostile snapshots (a gzip bomb in a link, an oversized file, too many runs from a URL) are refused with a
 * message and the page keeps working. No training here: the snapshot is prebuilt.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { type Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { gzipSync, strToU8 } from 'fflate';
import { base64UrlEncode } from '../src/core/snapshot/share';
import { gzipBomb } from '../src/testing/gzipBomb';
import { sharedPath } from '../src/testing/shared';

const DEMO = sharedPath('golden/demo-snapshot/snapshot.json.gz');
const SUMMARY_MD = readFileSync(sharedPath('golden/demo-snapshot/summary.md'), 'utf8');

/** summary.md's rows: arm means per eval set, and the Lion − AdamW comparisons. */
function expectedFromSummaryMd() {
  const arms: { evalSet: string; arm: string; values: string[] }[] = [];
  const comparisons: { evalSet: string; measure: string; delta: string; ci: string[]; wtl: string }[] = [];
  let evalSet = '';
  for (const line of SUMMARY_MD.split('\n')) {
    const heading = /^## (\S+) \(binary/.exec(line);
    if (heading) evalSet = heading[1]!;
    const cells = line.split('|').map((c) => c.trim());
    if (/^\| (adamw|lion) \|/.test(line)) arms.push({ evalSet, arm: cells[1]!, values: cells.slice(5, 9) });
    if (/^\| dl(19|20) \| /.test(line))
      comparisons.push({ evalSet: cells[1]!, measure: cells[2]!, delta: cells[3]!, ci: cells[4]!.replace(/[[\]+]/g, '').split(', '), wtl: cells[9]! });
  }
  return { arms, comparisons };
}

async function expectSummaryMdNumbers(page: Page) {
  const { arms, comparisons } = expectedFromSummaryMd();
  expect(arms).toHaveLength(4);
  expect(comparisons).toHaveLength(8);
  const summary = page.getByTestId('summary');
  for (const { evalSet, arm, values } of arms) {
    const section = summary.locator('section').filter({ has: page.locator('h3', { hasText: evalSet }) });
    const row = section
      .locator('table')
      .first()
      .locator('tr')
      .filter({ has: page.locator('td', { hasText: new RegExp(`^${arm}$`) }) });
    await expect(row.locator('td')).toHaveText([arm, ...values]);
  }
  for (const { evalSet, measure, delta, ci, wtl } of comparisons) {
    const section = summary.locator('section').filter({ has: page.locator('h3', { hasText: evalSet }) });
    const row = section.locator('table.comparisons tr').filter({ has: page.locator('td', { hasText: new RegExp(`^${measure}$`) }) });
    const cells = await row.locator('td').allInnerTexts();
    expect(cells[0]).toBe('lion − adamw');
    expect(cells[2]).toBe(delta);
    expect(cells[3]).toBe(`[${ci[0]}, ${ci[1]}]`);
    expect(cells[6]).toBe(wtl);
  }
}

function watchProblems(page: Page) {
  const problems: string[] = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(`console error: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  return problems;
}

test('a Demo snapshot from npm run experiment shows summary.md numbers; its share link shows them in a fresh context', async ({ page, browser }) => {
  const problems = watchProblems(page);
  await page.goto('./');
  await page.getByLabel('open snapshot').setInputFiles(DEMO);
  const viewer = page.getByTestId('snapshot-viewer');
  await expect(viewer.getByRole('heading', { name: 'Viewing a snapshot (read-only)' })).toBeVisible();
  await expect(page.getByTestId('snapshot-source')).toContainText('demo from the file snapshot.json.gz');
  await expect(page.getByTestId('snapshot-source')).toContainText('headless runner');
  await expectSummaryMdNumbers(page);
  const table = await page.getByTestId('summary').innerText();

  await viewer.getByRole('button', { name: 'Copy share link' }).click();
  const link = await page.getByLabel('share link', { exact: true }).inputValue();
  console.log(`Demo share link: ${link.length} bytes`);
  expect(link.length).toBeLessThanOrEqual(64 * 1024);
  await expect(page.getByTestId('share-link')).toContainText('without the reranked TREC runs');

  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  const otherProblems = watchProblems(other);
  await other.goto(link);
  await expect(other.getByTestId('snapshot-source')).toContainText('demo from a share link');
  await expect(other.getByTestId('snapshot-viewer')).toContainText('This link left out the reranked TREC runs');
  await expectSummaryMdNumbers(other);
  expect(await other.getByTestId('summary').innerText()).toBe(table);
  // back to the lab: the link leaves the address bar, the lab is there
  await other.getByRole('button', { name: 'Close snapshot, back to the lab' }).click();
  await expect(other.getByTestId('snapshot-viewer')).toHaveCount(0);
  expect(new URL(other.url()).hash).toBe('');
  await expect(other.getByLabel('experiment config (JSON)')).toBeVisible();
  await fresh.close();
  expect([...problems, ...otherProblems]).toEqual([]);
});

test('hostile snapshots (a bomb in a link, an oversized file, too many runs from a URL) are refused and the page keeps working', async ({ page }, testInfo) => {
  const problems = watchProblems(page);
  const bombLink = `./#snapshot=1.${base64UrlEncode(gzipBomb(64 * 2 ** 20))}`;
  const started = Date.now();
  const lap = (what: string) => console.log(`${what}: ${((Date.now() - started) / 1000).toFixed(1)} s after the bomb link was opened`);
  await page.goto(bombLink);
  const loaded = Date.now();
  await expect(page.getByTestId('snapshot-error')).toHaveText(/^share link: .* of gzip inflate to more than .*, over 200 times their size: a gzip bomb\?/);
  console.log(`bomb link (${bombLink.length} characters, 64 MiB inflated): refused ${((Date.now() - loaded) / 1000).toFixed(1)} s after the page loaded`);
  await expect(page.getByTestId('snapshot-viewer')).toHaveCount(0);
  lap('bomb link refused');

  // over the stored-size cap: refused from File.size, before a byte is read
  const big = testInfo.outputPath('big.json.gz');
  writeFileSync(big, new Uint8Array(64 * 2 ** 20 + 1));
  await page.getByLabel('open snapshot').setInputFiles(big);
  await expect(page.getByTestId('snapshot-error')).toHaveText(
    'big.json.gz: the file is 64.0 MiB, more than 64.0 MiB (limit 67,108,864, INPUT_LIMITS.snapshotFileBytes)',
  );
  lap('oversized file refused');

  // from a URL: too many runs, refused by count before the schema builds anything
  const demo = JSON.parse(new TextDecoder().decode(await import('fflate').then((f) => f.gunzipSync(readFileSync(DEMO)))));
  const tooMany = gzipSync(strToU8(JSON.stringify({ ...demo, runs: Array(4097).fill({}) })));
  await page.route('https://snapshots.example/**', (route) =>
    route.fulfill({
      status: 200,
      headers: { 'access-control-allow-origin': '*', 'content-type': 'application/gzip' },
      body: Buffer.from(route.request().url().endsWith('many.json.gz') ? tooMany : readFileSync(DEMO)),
    }),
  );
  const url = page.getByLabel('or a URL or share link:');
  await url.fill('https://snapshots.example/many.json.gz');
  await page.getByRole('button', { name: 'Open URL' }).click();
  await expect(page.getByTestId('snapshot-error')).toHaveText('many.json.gz: runs: 4,097 is more than the lab reads (limit 4,096, INPUT_LIMITS.snapshotRuns)');

  // the page still works: the Demo opens from a URL
  await url.fill('https://snapshots.example/demo.snapshot.json.gz');
  await page.getByRole('button', { name: 'Open URL' }).click();
  await expect(page.getByTestId('snapshot-source')).toContainText('demo from https://snapshots.example/demo.snapshot.json.gz');
  lap('too many runs refused, Demo opened from a URL');
  await expectSummaryMdNumbers(page);
  await expect(page.getByTestId('snapshot-error')).toHaveCount(0);
  expect(problems).toEqual([]);
});
