/**
 * The Python with PyTorch that the export tests run (Debian's python3-torch in CI, installed by .ci/run).
 * In CI (`CI=true`) a missing one is a failure; elsewhere those tests are skipped with a message saying what to install.
 * RERANK_LAB_PYTHON picks one; else `python3` on PATH, then /usr/bin/python3 (a pyenv shim may hide Debian's).
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';

export const PYTHON_INSTALL_HINT =
  'Install PyTorch for Python 3: `apt-get install -y python3-torch` (Debian 12), or set RERANK_LAB_PYTHON to a python with torch.';

let found: string | null | undefined;

/** A python3 that imports torch, or null outside CI. Throws in CI. */
export function pythonWithTorch(): string | null {
  if (found !== undefined) return found;
  const candidates = [process.env.RERANK_LAB_PYTHON, 'python3', '/usr/bin/python3'].filter((c): c is string => !!c);
  found = candidates.find((python) => spawnSync(python, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0) ?? null;
  if (found === null) {
    const message = `no python3 with torch among ${candidates.join(', ')}. ${PYTHON_INSTALL_HINT}`;
    if (process.env.CI === 'true' || process.env.CI === '1') throw new Error(`CI requires PyTorch: ${message}`);
    console.warn(`[PyTorch tests skipped] ${message}`);
  }
  return found;
}

/** Runs python with `args` in `cwd`; a non-zero exit is an error carrying its output. */
export function runPython(python: string, args: string[], cwd: string, env: Record<string, string> = {}, timeoutMs = 300_000): string {
  const result: SpawnSyncReturns<string> = spawnSync(python, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, OMP_NUM_THREADS: '1', ...env },
    timeout: timeoutMs,
  });
  if (result.status !== 0) {
    throw new Error(`${python} ${args.join(' ')} (in ${cwd}) exited with ${result.status ?? result.signal}:\n${result.stdout}\n${result.stderr}`);
  }
  return result.stdout;
}

/**
 * `python3 -m torch.distributed.run` arguments for N processes. `--redirects 1 --tee 1`: torch 1.13's launcher
 * crashes under Python 3.11 with its default `--redirects 0` (Std.from_str finds no flag 0); 1 works everywhere.
 */
export function torchrunArgs(nproc: number, logDir: string): string[] {
  return ['-m', 'torch.distributed.run', '--redirects', '1', '--tee', '1', '--log_dir', logDir, `--nproc_per_node=${nproc}`, '--standalone'];
}

/**
 * torchrun for a 10-step tiny run (about 10 s here), run once: a launch that outlives `timeoutMs` fails. (A rank
 * used to hang now and then at exit, a GIL deadlock in torch 1.13's DDP teardown; labtorch.finish_distributed
 * tears down in an order that cannot deadlock, and scripts/ddp-soak.sh runs the two-rank job 30 times in a row.)
 */
export function runTorchrun(python: string, args: string[], cwd: string, timeoutMs = 120_000): string {
  return runPython(python, args, cwd, {}, timeoutMs);
}
