import { type Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { estimateExperimentMemory, validateExperiment } from '../src/core/experiment';
import { optimizerDescriptor } from '../src/core/optim/registry';
import { bundledEvalSet, bundledTriples, tinyBert } from '../src/testing/tinyStudies';

// No training here: every assertion is about the setup, so the spec costs a page load and some typing.
const CONFIG = {
  schemaVersion: 1,
  name: 'e2e-form',
  description: 'kept as written',
  model: { ...tinyBert(2, 32), initializerRange: 0.03 },
  trainingData: bundledTriples(),
  evalSets: [bundledEvalSet('dl19', 5), bundledEvalSet('dl20', 5)],
  arms: [
    { name: 'adamw', optimizer: 'adamw', lr: 1e-3, weightDecay: 0.01, clipNorm: 2 },
    { name: 'lion', optimizer: 'lion', lr: 2e-4, weightDecay: 0.05, clipNorm: 2 },
  ],
  batchSize: 4,
  steps: 2,
  maxLength: 32,
  seeds: [1, 2, 3],
};

const json = async (page: Page) => JSON.parse(await page.getByLabel('experiment config (JSON)').inputValue()) as typeof CONFIG;
const arm = (page: Page, n: number, name: string) => page.getByRole('group', { name: `Arm ${n}: ${name}` });

test('the setup form and the JSON editor edit the same config; errors and warnings sit at their field; Lion’s advice applies in one click', async ({
  page,
}) => {
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto('/');
  const editor = page.getByLabel('experiment config (JSON)');
  await editor.fill(JSON.stringify(CONFIG, null, 2));
  await expect(page.getByTestId('config-ok')).toContainText('6 runs');

  // JSON → form.
  await expect(arm(page, 1, 'adamw').getByLabel('learning rate')).toHaveValue('0.001');
  await expect(page.getByLabel('batch size')).toHaveValue('4');
  await expect(page.getByLabel('seeds', { exact: true })).toHaveValue('1, 2, 3');
  await expect(page.getByLabel('hidden', { exact: true })).toHaveValue('32');

  // Form → JSON, keeping the fields the form does not show; the advice follows AdamW's lr.
  await arm(page, 1, 'adamw').getByLabel('learning rate').fill('5e-4');
  await expect.poll(async () => (await json(page)).arms[0].lr).toBe(5e-4);
  const edited = await json(page);
  expect(edited).toEqual({ ...CONFIG, arms: [{ ...CONFIG.arms[0], lr: 5e-4 }, CONFIG.arms[1]] });
  expect(Object.keys(edited)).toEqual(Object.keys(CONFIG));
  await expect(arm(page, 1, 'adamw').getByLabel('learning rate')).toHaveValue('5e-4');
  await expect(page.locator('.advice')).toHaveText(optimizerDescriptor('lion').advice!({ lr: 5e-4, weightDecay: 0.01 }));

  // The memory estimate follows the model's size.
  const before = estimateExperimentMemory(validateExperiment(edited))!.parameters;
  await expect(page.getByTestId('memory-estimate')).toContainText(`${before.toLocaleString('en')} parameters`);
  await page.getByLabel('hidden', { exact: true }).fill('64');
  const bigger = validateExperiment({ ...edited, model: { ...edited.model, hidden: 64 } });
  const after = estimateExperimentMemory(bigger)!.parameters;
  expect(after).toBeGreaterThan(before);
  await expect(page.getByTestId('memory-estimate')).toContainText(`${after.toLocaleString('en')} parameters`);

  // An invalid value: the error is at that field, and Start is refused.
  const lionLr = arm(page, 2, 'lion').getByLabel('learning rate');
  await lionLr.fill('-1');
  await expect(lionLr).toHaveAttribute('aria-invalid', 'true');
  await expect(lionLr).toHaveAccessibleDescription('expected a positive number (got -1)');
  await expect(page.getByTestId('config-error')).toContainText('experiment.json: arms[1].lr: expected a positive number (got -1)');
  await expect(page.getByRole('button', { name: 'Start experiment' })).toBeDisabled();
  await lionLr.fill('1e-');
  await expect(lionLr).toHaveAccessibleDescription('expected a number (got "1e-")');
  await expect(page.getByTestId('progress')).toHaveCount(0);

  // A Lion lr above AdamW's: the honesty warning beside the field; "apply" sets the advice the core computes.
  await lionLr.fill('1e-3');
  await expect(lionLr).not.toHaveAttribute('aria-invalid', 'true');
  await expect(lionLr).toHaveAccessibleDescription(/^Lion runs at a larger learning rate than AdamW \(0\.001 vs 0\.0005\)/);
  const advised = optimizerDescriptor('lion').defaultLrWd({ lr: 5e-4, weightDecay: 0.01 });
  await arm(page, 2, 'lion')
    .getByRole('button', { name: /^Apply Lion’s advice to lion/ })
    .click();
  await expect.poll(async () => (await json(page)).arms[1]).toEqual({ ...CONFIG.arms[1], lr: advised.lr, weightDecay: advised.weightDecay });
  await expect(lionLr).toHaveValue(String(advised.lr));
  await expect(arm(page, 2, 'lion').getByLabel('weight decay')).toHaveValue(String(advised.weightDecay));
  await expect(lionLr).not.toHaveAttribute('aria-describedby');
  await expect(page.getByRole('button', { name: 'Start experiment' })).toBeEnabled();

  // Typing pauses before the checks run: a burst of keystrokes in a field checks the config once, not once per key.
  const checks = () => page.evaluate(() => performance.getEntriesByName('rerank-lab: config checked').length);
  const wd = arm(page, 1, 'adamw').getByLabel('weight decay');
  await wd.fill('');
  await expect.poll(async () => (await json(page)).arms[0].weightDecay).toBeUndefined();
  await page.waitForTimeout(500);
  const checksBefore = await checks();
  const typed = '0.0100000';
  // The nine edits arrive in one task, as a fast typist's would between two pauses; typed through the protocol one
  // key at a time, a loaded machine could stretch a gap past the pause and make the count depend on its speed.
  await wd.focus();
  await wd.evaluate((input: HTMLInputElement, text) => {
    const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
    for (let i = 1; i <= text.length; i++) {
      setValue.call(input, text.slice(0, i));
      input.dispatchEvent(new Event('input', { bubbles: true }));
    }
  }, typed);
  await expect(wd).toHaveValue(typed);
  await expect.poll(async () => (await json(page)).arms[0].weightDecay).toBe(0.01);
  await expect.poll(checks).toBeGreaterThan(checksBefore);
  await page.waitForTimeout(500);
  const checksAfter = await checks();
  console.log(`${typed.length} edits in a field: ${checksAfter - checksBefore} config check(s)`);
  // Once per pause in typing; once per edit would be 9.
  expect(checksAfter - checksBefore).toBe(1);

  // JSON → form again: an edit in the editor shows in the form; invalid JSON leaves the form read-only.
  const text = await editor.inputValue();
  await editor.fill(text.replace('"batchSize": 4', '"batchSize": 6').replace('"weightDecay": 0.01', '"weightDecay": 0.02'));
  await expect(page.getByLabel('batch size')).toHaveValue('6');
  await expect(arm(page, 1, 'adamw').getByLabel('weight decay')).toHaveValue('0.02');
  await editor.fill(text.slice(0, -2));
  await expect(page.getByTestId('setup-form-paused')).toBeVisible();
  await expect(page.getByLabel('batch size')).toBeDisabled();
  await editor.fill(text);
  await expect(page.getByLabel('batch size')).toBeEnabled();
  expect(pageErrors).toEqual([]);
});
