/**
 * A busy machine, made deterministic: the page's CPU slowed 40× through the DevTools protocol, so rendering a stored
 * experiment's charts and results takes longer than a second. They must still appear: under React.lazy they waited
 * for a retry render that the run panel's one-second clock interrupted every time, and stayed on "Loading the
 * results…" for good (the library, experiment and snapshot-viewer specs failed that way under CPU load).
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'fflate';
import { expect, test } from './fixtures';
import { sharedPath } from '../src/testing/shared';

const DEMO_JSON = new TextDecoder().decode(gunzipSync(readFileSync(sharedPath('golden/demo-snapshot/snapshot.json.gz'))));

test('on a slow page a stored experiment opens with its charts and results', async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto('./');
  await expect(page.getByTestId('library-empty')).toBeVisible();
  await page.evaluate(async (json) => {
    const [storesModule, helperModule] = ['/src/storage/stores.ts', '/src/testing/storedSnapshots.ts'];
    const { LabStorage } = await import(/* @vite-ignore */ storesModule);
    const { storeSnapshot } = await import(/* @vite-ignore */ helperModule);
    await storeSnapshot(new LabStorage(), JSON.parse(json));
  }, DEMO_JSON);
  await page.reload();
  const open = page.getByRole('region', { name: 'Saved experiments' }).getByRole('button', { name: 'Open' });
  await expect(open).toBeEnabled();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 40 });
  await open.click();
  await expect(page.getByRole('region', { name: 'Dashboard' })).toBeVisible({ timeout: 150_000 });
  await expect(page.getByTestId('summary')).toBeVisible({ timeout: 150_000 });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  await expect(page.getByTestId('summary')).toContainText('lion − adamw');
});
