import { expect, expectAdapterDetails, expectStatusBarAdapter, test } from './fixtures';

test('the lab page gets a WebGPU adapter and the worker kernel checks out', async ({ page, hardwareGpu }) => {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));

  await page.goto('./');
  await expect(page.getByRole('heading', { name: 'Rerank Lab' })).toBeVisible();

  const status = page.getByTestId('smoke-status');
  await expect(status).toHaveAttribute('data-ok', 'true');
  await expect(status).toContainText('passed');
  await expect(status).toContainText('1000/1000 elements');

  // The swiftshader project's adapter is SwiftShader, and the page must say it is software; the gpu project's must not.
  const statusBar = page.getByRole('region', { name: 'Status' });
  await expectStatusBarAdapter(statusBar, hardwareGpu);
  await statusBar.getByRole('button', { name: 'Adapter details' }).click();
  await expectAdapterDetails(statusBar, hardwareGpu);

  expect(problems).toEqual([]);
});
