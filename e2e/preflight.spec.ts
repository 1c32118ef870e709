import { expect, test } from './fixtures';
import { tinyBert, tinyExperiment } from '../src/testing/tinyStudies';

const TINY = tinyExperiment('e2e-preflight');

test('a bad measure is refused as the config is typed; missing files and a vocabulary mismatch before anything starts', async ({ page }) => {
  await page.goto('/');
  const editor = page.getByLabel('experiment config (JSON)');
  await editor.fill(JSON.stringify({ ...TINY, evalSets: [{ ...TINY.evalSets[0], measures: ['ndcg_cut_10', 'map_cut_10', 'bogus_measure'] }] }, null, 2));
  await expect(page.getByTestId('config-error')).toContainText("evalSets[0].measures[2]: unknown or unsupported measure 'bogus_measure'");
  await expect(page.getByRole('button', { name: 'Start experiment' })).toBeDisabled();

  const broken = { ...TINY, model: { ...tinyBert(), vocabSize: 1000 }, evalSets: [{ ...TINY.evalSets[0], qrels: 'data/no-such-qrels.txt' }] };
  await editor.fill(JSON.stringify(broken, null, 2));
  await expect(page.getByTestId('config-ok')).toBeVisible();
  const started = Date.now();
  await page.getByRole('button', { name: 'Start experiment' }).click();
  const error = page.getByTestId('preflight-error');
  await expect(error).toContainText('evalSets[0].qrels');
  await expect(error).toContainText("model.vocabSize: the random model spec (vocabSize): vocab_size 1000 is smaller than the tokenizer's 30522 tokens");
  console.log(`preflight in the page: ${Date.now() - started} ms`);
  // Nothing started.
  await expect(page.getByTestId('progress')).toHaveCount(0);
});
