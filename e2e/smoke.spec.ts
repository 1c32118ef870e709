import { expect, test } from '@playwright/test';

test('the lab page gets a WebGPU adapter and the worker kernel checks out', async ({ page }) => {
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

  // On these CPU-only machines the adapter is SwiftShader, and the page must say it is software.
  const statusBar = page.getByRole('region', { name: 'Status' });
  await expect(statusBar.getByTestId('status-adapter')).toHaveText('GPU SwiftShader (CPU)');
  await statusBar.getByRole('button', { name: 'Adapter details' }).click();
  await expect(statusBar.getByTestId('adapter-name')).toContainText(/swiftshader/i);
  await expect(statusBar.getByTestId('adapter-software')).toBeVisible();

  expect(problems).toEqual([]);
});
