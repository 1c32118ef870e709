#!/usr/bin/env node
// Runs the Playwright e2e layer in Debian's Chromium. Without Chromium: a failure in CI, a skip elsewhere.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(chromium)) {
  const message = `Chromium not found at ${chromium}. Install it with: apt-get install -y chromium (or set CHROMIUM_PATH).`;
  if (process.env.CI === 'true' || process.env.CI === '1') {
    console.error(`e2e: ${message} CI requires it.`);
    process.exit(1);
  }
  console.warn(`e2e skipped: ${message}`);
  process.exit(0);
}
const result = spawnSync('playwright', ['test', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(result.status ?? 1);
