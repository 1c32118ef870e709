/**
 * Which kernel path a run trains on. A fresh run takes the one asked for (the page's, default `own`); a resumed run
 * keeps the one it started on, so its curve continues bit for bit — and a run stored before the path was kept
 * trained on tfjs's kernels, the only ones then.
 */
import type { KernelPath } from '../model/kernels/kernelPath';

export function kernelPathForRun(stored: { kernels?: KernelPath } | undefined, asked: KernelPath | undefined): KernelPath {
  if (stored) return stored.kernels ?? 'tfjs';
  return asked ?? 'own';
}
