import { appendFileSync, cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from './fixtures';
import { preview, type PreviewServer } from 'vite';
import { BASE, DIST, PREVIEW_PORT } from '../playwright.config';

// The production build only (E2E_TARGET=preview): the service worker exists nowhere else.
// Each test serves the build itself, on its own port, so it can stop the server ("offline" for real) or
// replace files in it (a new build).
let server: PreviewServer | null = null;
const cleanups: (() => void)[] = [];

async function serve(outDir: string): Promise<string> {
  server = await preview({ base: BASE, build: { outDir }, preview: { port: PREVIEW_PORT + 1, strictPort: true, host: '127.0.0.1' }, logLevel: 'warn' });
  return `http://127.0.0.1:${PREVIEW_PORT + 1}${BASE}`;
}

test.afterEach(async () => {
  await server?.close();
  server = null;
  cleanups.splice(0).forEach((cleanup) => cleanup());
});

test('after one visit the lab opens offline and the Demo loads its bundled data', async ({ page, context }) => {
  test.setTimeout(300_000);
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  const url = await serve(DIST);

  // First visit: the service worker installs and precaches the app shell, the workers and the demo data.
  await page.goto(url);
  await expect(page.getByRole('heading', { name: 'Rerank Lab' })).toBeVisible();
  await expect(page.getByTestId('offline-ready')).toBeVisible();
  await expect(page.getByTestId('smoke-status')).toHaveAttribute('data-ok', 'true');

  await server!.close();
  server = null;
  await context.setOffline(true);
  await page.reload();

  // The shell, the lab worker and WebGPU, all without a network; anything not precached is unreachable.
  await expect(page.getByRole('heading', { name: 'Rerank Lab' })).toBeVisible();
  await expect(page.getByTestId('smoke-status')).toHaveAttribute('data-ok', 'true');
  const uncached = await page.evaluate(
    (u) =>
      fetch(u).then(
        () => 'reached',
        () => 'unreachable',
      ),
    `${url}data/not-precached.txt`,
  );
  expect(uncached).toBe('unreachable');

  // Start runs the checks before step 1, which read every file of the Demo (both eval sets, the triples and the
  // vocabulary) through the service worker, the network being off; the runs start only when they all loaded.
  await expect(page.getByTestId('config-ok')).toBeVisible();
  await page.getByRole('button', { name: 'Start experiment' }).click();
  await expect(page.locator('[data-testid^="run-demo/"]').first()).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId('preflight-error')).toHaveCount(0);
  // Every script of the build (the page, both workers, tfjs's chunk) is there without a network.
  const scripts = readdirSync(join(DIST, 'assets')).filter((file) => file.endsWith('.js'));
  const uncachedScripts = await page.evaluate(
    async ({ base, files }) => {
      const missing: string[] = [];
      for (const file of files) if (!(await caches.match(new URL(`assets/${file}`, base).href))) missing.push(file);
      return missing;
    },
    { base: url, files: scripts },
  );
  expect(uncachedScripts).toEqual([]);
  await expect(page.locator('[data-testid^="run-demo/"][data-status="failed"]')).toHaveCount(0);

  expect(problems).toEqual([]);
});

test('a new build never takes over by itself: the page offers a reload', async ({ page }) => {
  const copy = mkdtempSync(join(tmpdir(), 'rerank-lab-build-'));
  cleanups.push(() => rmSync(copy, { recursive: true, force: true }));
  cpSync(DIST, copy, { recursive: true });
  const url = await serve(copy);

  await page.goto(url);
  await expect(page.getByTestId('offline-ready')).toBeVisible();
  const config = page.getByLabel('experiment config (JSON)');
  await config.fill('{ "edited": "before the update" }');

  // A new deployment: any byte change to sw.js is a new service worker for the browser.
  appendFileSync(join(copy, 'sw.js'), '\n// the next build\n');
  await page.evaluate(() => navigator.serviceWorker.getRegistration().then((registration) => registration?.update()));
  await expect(page.getByTestId('update-available')).toBeVisible();
  // Installed but waiting: the page was not reloaded under the user's edits.
  await expect(config).toHaveValue('{ "edited": "before the update" }');
  expect(await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => !!r?.waiting))).toBe(true);

  await Promise.all([page.waitForEvent('load'), page.getByTestId('update-available').getByRole('button', { name: 'Reload' }).click()]);
  await expect(page.getByRole('heading', { name: 'Rerank Lab' })).toBeVisible();
  await expect(page.getByTestId('update-available')).toHaveCount(0);
  expect(await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => !!r?.waiting))).toBe(false);
});
