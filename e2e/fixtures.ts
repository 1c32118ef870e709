/**
 * The `test` every spec imports (an ESLint rule keeps it so): Playwright's, plus the `gpu` project's gate.
 *
 * In the gpu project (`hardwareGpu: true`, see playwright.config.ts) the browser is asked once per worker for its
 * WebGPU adapter, on a blank page of its own; with no adapter, or a software one (softwareAdapterReason, the rule
 * the lab itself uses), every spec is skipped and the reason printed. The swiftshader project never asks.
 */
import { expect, test as base, type Browser, type Locator } from '@playwright/test';
import { softwareAdapterReason, type AdapterIdentity } from '../src/gpu/device';

export { expect };

export interface LabOptions {
  /** True in the gpu project: the specs run on a hardware WebGPU adapter, or are skipped. */
  hardwareGpu: boolean;
}

interface AdapterCheck {
  /** Why the specs cannot run on hardware WebGPU here; null when they can. */
  skipReason: string | null;
}

export const test = base.extend<{ hardwareGpuGate: void }, LabOptions & { adapterCheck: AdapterCheck }>({
  hardwareGpu: [false, { option: true, scope: 'worker' }],
  adapterCheck: [
    async ({ browser, hardwareGpu }, use) => {
      if (!hardwareGpu) return use({ skipReason: null });
      const check = await checkHardwareAdapter(browser);
      // Printed once per worker, so the list reporter shows why every spec that follows is skipped.
      console.log(check.skipReason ? `gpu project: skipping: ${check.skipReason}` : `gpu project: ${check.summary}`);
      await use(check);
    },
    { scope: 'worker' },
  ],
  hardwareGpuGate: [
    async ({ adapterCheck }, use, testInfo) => {
      testInfo.skip(adapterCheck.skipReason !== null, adapterCheck.skipReason ?? '');
      await use();
    },
    { auto: true },
  ],
});

async function checkHardwareAdapter(browser: Browser): Promise<AdapterCheck & { summary: string }> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    // A blank page served by the route itself: 127.0.0.1 is a secure context (navigator.gpu needs one) and the
    // check needs no server and none of the app's own WebGPU work.
    await page.route('**/*', (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>adapter check</title>' }));
    await page.goto('http://127.0.0.1/adapter-check');
    const found = await page.evaluate(async (): Promise<{ api: false } | { api: true; info: AdapterIdentity | null }> => {
      const gpu = (navigator as Navigator & { gpu?: GPU }).gpu;
      if (!gpu) return { api: false };
      const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
      if (!adapter) return { api: true, info: null };
      const info = adapter.info as GPUAdapterInfo & { isFallbackAdapter?: boolean };
      const legacyFallback = (adapter as GPUAdapter & { isFallbackAdapter?: boolean }).isFallbackAdapter;
      return {
        api: true,
        info: {
          vendor: info.vendor,
          architecture: info.architecture,
          device: info.device,
          description: info.description,
          isFallbackAdapter: info.isFallbackAdapter ?? legacyFallback,
        },
      };
    });
    if (!found.api) {
      const reason = 'Chromium exposes no navigator.gpu (WebGPU is off: check the gpu project launch flags in playwright.config.ts)';
      return { skipReason: reason, summary: reason };
    }
    if (!found.info) {
      const reason = 'no WebGPU adapter (requestAdapter() returned null): no GPU Chromium can use here';
      return { skipReason: reason, summary: reason };
    }
    const named = describeInfo(found.info);
    const software = softwareAdapterReason(found.info);
    if (software) return { skipReason: `no hardware WebGPU adapter: Chromium's adapter (${named}) is software: ${software}`, summary: named };
    return { skipReason: null, summary: `hardware WebGPU adapter ${named}` };
  } finally {
    await context.close();
  }
}

function describeInfo(info: AdapterIdentity): string {
  const fields = (['vendor', 'architecture', 'device', 'description'] as const).filter((k) => info[k]).map((k) => `${k} "${info[k]}"`);
  if (info.isFallbackAdapter !== undefined) fields.push(`isFallbackAdapter ${info.isFallbackAdapter}`);
  return fields.join(', ') || 'no adapter info';
}

/**
 * The status bar's adapter line and details as each project must see them: SwiftShader, labelled CPU and software,
 * in the swiftshader project; in the gpu project an adapter the lab does not call software.
 */
export async function expectStatusBarAdapter(status: Locator, hardwareGpu: boolean): Promise<void> {
  await expect(status.getByTestId('status-adapter')).toHaveText(
    hardwareGpu ? /^GPU (?!asking for an adapter|no WebGPU adapter)(?!.*\((CPU|software)\)$).+$/ : 'GPU SwiftShader (CPU)',
  );
}

/** The opened adapter details: SwiftShader with its software warning, or a hardware adapter without one. */
export async function expectAdapterDetails(status: Locator, hardwareGpu: boolean): Promise<void> {
  await expect(status.getByTestId('adapter-name')).toContainText(hardwareGpu ? /\S/ : /swiftshader/i);
  if (hardwareGpu) await expect(status.getByTestId('adapter-software')).toBeHidden();
  else await expect(status.getByTestId('adapter-software')).toBeVisible();
}

/** Screenshot style for a tall element: the sticky section nav would otherwise be drawn across it where it scrolls. */
export const HIDE_STICKY_NAV = '.lab-nav { visibility: hidden !important; }';
