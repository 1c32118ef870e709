/**
 * The page's layout at a desktop's 1440 × 900 and a laptop's 1280 × 720: Start and the config's validity in view
 * wherever the setup column is scrolled, the preset picker whole, the library at the page's full width. Writes the
 * screenshots in docs/screenshots/ (layout-1440x900.png, layout-1280x720.png).
 */
import { mkdirSync } from 'node:fs';
import { type Locator, type Page } from '@playwright/test';
import { expect, test } from './fixtures';

const SIZES = [
  { width: 1440, height: 900 },
  { width: 1280, height: 720 },
] as const;

/** The element's box lies inside the window (polled: the column is fitted to the window after each layout change). */
async function expectInWindow(page: Page, locator: Locator, what: string) {
  const { width, height } = page.viewportSize()!;
  await expect
    .poll(
      async () => {
        const box = await locator.boundingBox();
        return box && { top: box.y >= 0, bottom: box.y + box.height <= height + 0.5, right: box.x + box.width <= width + 0.5 };
      },
      { message: what, timeout: 5_000 },
    )
    .toEqual({ top: true, bottom: true, right: true });
}

for (const size of SIZES) {
  test(`at ${size.width} × ${size.height}: Start and validity in reach, the preset picker whole, the library full width`, async ({ page }) => {
    await page.setViewportSize(size);
    await page.goto('./');
    // the status bar filled in (the header's final height)
    await expect(page.getByTestId('smoke-status')).toHaveAttribute('data-ok', 'true');
    const start = page.getByRole('button', { name: 'Start experiment' });
    const valid = page.getByTestId('config-ok');
    await expect(valid).toBeVisible();
    // at the top of the page, before any scrolling
    await expectInWindow(page, start, 'Start at the top');
    await expectInWindow(page, valid, 'validity at the top');

    // the preset picker is inside its panel
    const setup = page.getByRole('region', { name: 'Experiment', exact: true });
    const picker = setup.getByRole('combobox', { name: 'Preset' });
    const [pickerBox, panelBox] = [(await picker.boundingBox())!, (await setup.boundingBox())!];
    expect(pickerBox.x).toBeGreaterThanOrEqual(panelBox.x);
    expect(pickerBox.x + pickerBox.width).toBeLessThanOrEqual(panelBox.x + panelBox.width + 0.5);

    mkdirSync('docs/screenshots', { recursive: true });
    await page.mouse.move(0, 0);
    await page.screenshot({ path: `docs/screenshots/layout-${size.width}x${size.height}.png` });

    // deep in the form (the last arm's fields, the JSON editor) and further down the page: Start stays in view
    await page.getByLabel('experiment config (JSON)').scrollIntoViewIfNeeded();
    await expectInWindow(page, start, 'Start with the JSON editor in view');
    await page.getByLabel('checkpoint every (steps; 0: never)').scrollIntoViewIfNeeded();
    await expectInWindow(page, start, 'Start at the form’s last field');
    await page.getByRole('link', { name: 'Library' }).click();
    await expect(page.getByRole('region', { name: 'Saved experiments' })).toBeInViewport();

    // the library spans the page's width, as wide as the setup and run columns together
    const library = (await page.getByRole('region', { name: 'Saved experiments' }).boundingBox())!;
    const grid = (await page.getByRole('region', { name: 'Set up and run' }).boundingBox())!;
    expect(library.width).toBeGreaterThan(grid.width - 2);
  });
}
