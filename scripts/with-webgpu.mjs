#!/usr/bin/env node
// Runs a command with Dawn (npm `webgpu`) able to find a Vulkan driver on a machine without a GPU.
// Preferred: Mesa's lavapipe (mesa-vulkan-drivers ≥ 25, Debian bookworm-backports), ~10–50× faster than
// SwiftShader for tfjs's kernels; Dawn rejects Debian 12's own Mesa 22 lavapipe. Fallback: SwiftShader from
// Debian's chromium package. The Vulkan loader (libvulkan.so.1) is taken from the chromium package when the
// system has none; LD_LIBRARY_PATH must be set before Node starts, hence this wrapper.
// An explicit VK_ICD_FILENAMES / VK_DRIVER_FILES in the environment wins (e.g. a real GPU's driver), and
// RERANK_LAB_VULKAN=swiftshader|lavapipe picks one of the two.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

const CHROMIUM_DIR = process.env.SWIFTSHADER_DIR ?? '/usr/lib/chromium';
const DRIVERS = {
  lavapipe: '/usr/share/vulkan/icd.d/lvp_icd.json',
  swiftshader: `${CHROMIUM_DIR}/vk_swiftshader_icd.json`,
};

/** Mesa's lavapipe is usable by Dawn from Mesa 25 on (bookworm-backports); Debian 12's Mesa 22 is not. */
function lavapipeUsable() {
  if (!existsSync(DRIVERS.lavapipe)) return false;
  try {
    const version = readFileSync('/var/lib/dpkg/status', 'utf8').match(/Package: mesa-vulkan-drivers\n(?:.+\n)*?Version: (\d+)/);
    return version ? Number(version[1]) >= 25 : true;
  } catch {
    return true;
  }
}

const env = { ...process.env };
if (!env.VK_ICD_FILENAMES && !env.VK_DRIVER_FILES) {
  const wanted = env.RERANK_LAB_VULKAN;
  const choice = wanted ? wanted : lavapipeUsable() ? 'lavapipe' : existsSync(DRIVERS.swiftshader) ? 'swiftshader' : null;
  if (choice && DRIVERS[choice] && existsSync(DRIVERS[choice])) {
    env.VK_ICD_FILENAMES = DRIVERS[choice];
    const systemLoader = ['/usr/lib/x86_64-linux-gnu/libvulkan.so.1', '/usr/lib/aarch64-linux-gnu/libvulkan.so.1'].some(existsSync);
    if (!systemLoader || choice === 'swiftshader') env.LD_LIBRARY_PATH = [CHROMIUM_DIR, env.LD_LIBRARY_PATH].filter(Boolean).join(':');
  } else {
    console.warn(
      `with-webgpu: no CPU Vulkan driver found (${wanted ? `RERANK_LAB_VULKAN=${wanted}` : 'lavapipe or SwiftShader'}); Dawn will use the system driver if any. ` +
        'Install one: apt-get install -y chromium (SwiftShader), or mesa-vulkan-drivers from bookworm-backports (lavapipe).',
    );
  }
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
