/**
 * The Report panel of the results view: the Demo snapshot (fixtures/golden/demo-snapshot, written by npm run
 * experiment) opened in the viewer; the Markdown preview's NDCG@10 cells are summary.md's arm means, the downloaded
 * file is the preview, and Tukey's HSD turns the correction off and says so. No training: the snapshot is prebuilt.
 */
import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures';
import { sharedPath } from '../src/testing/shared';

const DEMO = sharedPath('golden/demo-snapshot/snapshot.json.gz');
const SUMMARY_MD = readFileSync(sharedPath('golden/demo-snapshot/summary.md'), 'utf8');

/** eval set → arm → NDCG@10 mean as summary.md prints it (before its ± s.d.). */
function summaryNdcg(): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  let evalSet = '';
  let column = -1;
  for (const line of SUMMARY_MD.split('\n')) {
    const heading = /^## (\S+) \(binary/.exec(line);
    if (heading) evalSet = heading[1]!;
    const cells = line.split('|').map((c) => c.trim());
    if (line.startsWith('| arm |')) column = cells.indexOf('NDCG@10');
    if (/^\| (adamw|lion) \|/.test(line) && evalSet) {
      if (!out.has(evalSet)) out.set(evalSet, new Map());
      out.get(evalSet)!.set(cells[1]!, cells[column]!.split(' ± ')[0]!);
    }
  }
  return out;
}

/** The same from the report's Markdown: its `## set` tables, `| letter | system | NDCG@10 …`, superscripts dropped. */
function reportNdcg(markdown: string): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  let evalSet = '';
  let column = -1;
  for (const line of markdown.split('\n')) {
    const heading = /^## (\S+)$/.exec(line);
    if (heading) evalSet = heading[1]!;
    const cells = line.split('|').map((c) => c.trim());
    if (line.startsWith('| | system |')) column = cells.indexOf('NDCG@10');
    if (/^\| [a-z] \| /.test(line) && evalSet && column > 0) {
      if (!out.has(evalSet)) out.set(evalSet, new Map());
      out.get(evalSet)!.set(cells[2]!, cells[column]!.replace(/<sup>[a-z]+<\/sup>|†/g, ''));
    }
  }
  return out;
}

test('the Report panel: the Demo’s NDCG@10 cells are summary.md’s, the download is the preview, Tukey needs no correction', async ({ page }) => {
  const problems: string[] = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(`console error: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await page.goto('./');
  await page.getByLabel('open snapshot').setInputFiles(DEMO);
  await expect(page.getByTestId('snapshot-source')).toContainText('demo from the file snapshot.json.gz');

  const panel = page.getByTestId('report-panel');
  await panel.getByText('Report', { exact: true }).click();
  const preview = panel.getByTestId('report-preview');
  await expect(preview).toContainText('# demo: comparison report');
  const markdown = await preview.innerText();
  const expected = summaryNdcg();
  expect([...expected.keys()]).toEqual(['dl19', 'dl20']);
  expect(reportNdcg(markdown)).toEqual(expected);
  expect(markdown).toContain('two-sided paired t-test');

  const [download] = await Promise.all([page.waitForEvent('download'), panel.getByRole('button', { name: 'Download demo.report.md' }).click()]);
  expect(download.suggestedFilename()).toBe('demo.report.md');
  expect(readFileSync(await download.path(), 'utf8').trimEnd()).toBe(markdown.trimEnd());

  await panel.getByLabel('test').selectOption('tukey');
  await expect(panel.getByLabel('correction')).toBeDisabled();
  await expect(preview).toContainText("Tukey's HSD on the two-way (system × query) ANOVA");
  expect(reportNdcg(await preview.innerText())).toEqual(expected);

  await panel.getByLabel('format').selectOption('csv');
  await expect(preview).toContainText('experiment,eval_set,system,letter,measure,mean');
  await panel.getByLabel('α').fill('2');
  await expect(panel.getByRole('alert')).toHaveText('α needs a number between 0 and 1.');
  expect(problems).toEqual([]);
});
