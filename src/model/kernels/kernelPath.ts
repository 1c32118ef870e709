/**
 * Which kernels the transformer hot path runs: `own` (our WGSL kernels beside this file — matmul, attention, layer
 * norm, GELU, dropout, BCE — the default, falling back to tfjs ops off the WebGPU backend) or `tfjs` (tfjs's generic
 * ops, as every run before them). Node reads RERANK_LAB_KERNELS; a
 * browser worker is told by the page (setKernelPath). Both paths stay runnable so they can be compared in one run.
 */
export type KernelPath = 'tfjs' | 'own';

export const KERNEL_PATHS: readonly KernelPath[] = ['tfjs', 'own'];

let chosen: KernelPath | undefined;

/** Parses a setting value; anything but `tfjs` or `own` is an error naming the setting. */
export function parseKernelPath(value: string, source = 'RERANK_LAB_KERNELS'): KernelPath {
  if ((KERNEL_PATHS as readonly string[]).includes(value)) return value as KernelPath;
  throw new Error(`${source}=${JSON.stringify(value)}: expected one of ${KERNEL_PATHS.join(', ')}`);
}

/** The path in force: the last setKernelPath, else RERANK_LAB_KERNELS (Node), else `own`. */
export function kernelPath(): KernelPath {
  return chosen ?? requestedKernelPath();
}

/** The path the environment asks for: RERANK_LAB_KERNELS (Node), else `own`; whatever setKernelPath chose. */
export function requestedKernelPath(): KernelPath {
  const fromEnv = typeof process !== 'undefined' ? process.env?.RERANK_LAB_KERNELS : undefined;
  return fromEnv ? parseKernelPath(fromEnv) : 'own';
}

/** Selects the path for every later forward pass in this realm (worker or Node process). */
export function setKernelPath(path: KernelPath): void {
  chosen = parseKernelPath(path, 'kernel path');
}

/** Runs `body` with `path` selected, restoring the previous choice afterwards (benchmarks compare both). */
export async function withKernelPath<T>(path: KernelPath, body: () => Promise<T>): Promise<T> {
  const before = chosen;
  chosen = parseKernelPath(path, 'kernel path');
  try {
    return await body();
  } finally {
    chosen = before;
  }
}
