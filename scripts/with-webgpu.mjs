#!/usr/bin/env node
// Runs a command with Dawn (npm `webgpu`) able to find a Vulkan driver.
// On CPU-only machines that driver is SwiftShader from Debian's chromium package; the loader
// (libvulkan.so.1) lives beside it, and LD_LIBRARY_PATH must be set before Node starts, hence this wrapper.
// An explicit VK_ICD_FILENAMES / VK_DRIVER_FILES in the environment wins (e.g. a real GPU's driver).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const SWIFTSHADER_DIR = process.env.SWIFTSHADER_DIR ?? '/usr/lib/chromium';
const icd = `${SWIFTSHADER_DIR}/vk_swiftshader_icd.json`;
const env = { ...process.env };
if (!env.VK_ICD_FILENAMES && !env.VK_DRIVER_FILES && existsSync(icd)) {
  env.VK_ICD_FILENAMES = icd;
  env.LD_LIBRARY_PATH = [SWIFTSHADER_DIR, env.LD_LIBRARY_PATH].filter(Boolean).join(':');
} else if (!env.VK_ICD_FILENAMES && !env.VK_DRIVER_FILES) {
  console.warn(`with-webgpu: ${icd} not found; Dawn will use the system Vulkan driver if any (install one with: apt-get install -y chromium)`);
}
const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error('usage: node scripts/with-webgpu.mjs COMMAND [ARGS...]');
  process.exit(2);
}
const result = spawnSync(command, args, { stdio: 'inherit', env, shell: false });
if (result.error) {
  console.error(`with-webgpu: could not run ${command}: ${result.error.message}`);
  process.exit(127);
}
process.exit(result.status ?? 1);
