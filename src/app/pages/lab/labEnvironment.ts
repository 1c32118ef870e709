/**
 * What the lab page is started with, read once from its URL: the training workers it creates, the kernel path of
 * fresh runs, the environment a snapshot records, and the injected faults (if any).
 */
import type { EnvironmentOf } from '../../experiment/experimentController';
import { parseKernelPath, type KernelPath } from '../../../model/kernels/kernelPath';
import { faultPlanFromQuery, type FaultPlan } from '../../../train/faults';

export const createTrainWorker = (name: string) => new Worker(new URL('../../../../workers/train.worker.ts', import.meta.url), { type: 'module', name });
/** `?kernels=tfjs|own` picks the kernel path of fresh runs (default `own`), so the page can compare the two. */
function pageKernelPath(): KernelPath {
  const asked = new URLSearchParams(location.search).get('kernels');
  if (asked === null) return 'own';
  try {
    return parseKernelPath(asked, '?kernels');
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}; training on the default, own`);
    return 'own';
  }
}
export const pageKernels = pageKernelPath();
export const browserEnvironment: EnvironmentOf = (adapter) => ({
  adapter,
  runtime: { kind: 'browser', userAgent: navigator.userAgent },
  app: { version: __APP_VERSION__, commit: __APP_COMMIT__ },
  kernels: pageKernels,
});

/**
 * `?debug=faults` shows fault-injection controls (used by the e2e tests; handy to see recovery work), and
 * `&loseDeviceAt=N&holdAt=N` inject faults at a chosen step of every run (src/train/faults.ts).
 */
function pageFaultPlan(): FaultPlan | null {
  try {
    return faultPlanFromQuery(globalThis.location?.search ?? '');
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}; no faults are injected`);
    return null;
  }
}
export const faultPlan = pageFaultPlan();
export const faultInjection = faultPlan !== null;
