/**
 * Fault injection at a chosen step, for tests and for seeing recovery work (the page reads it from
 * `?debug=faults&loseDeviceAt=N&holdAt=N`). A fault is tied to a step, never to wall time, so a test that
 * uses one cannot race the run it checks.
 *
 * - `loseDeviceAt: N`: the worker destroys its GPU device just before step N (after step N − 1 and its
 *   checkpoint), as a driver reset would; the page recovers on a new device from the last checkpoint.
 * - `holdAt: N`: the worker waits just before step N until the page releases it (or pauses or stops the run), so
 *   a test finds the run at a known step, still running, for as long as it needs.
 *
 * The page sends the plan when it starts or resumes a run, not when it relaunches one after a device loss, so an
 * injected loss happens once.
 */
export interface FaultPlan {
  loseDeviceAt?: number;
  holdAt?: number;
}

const STEP_PARAMS = ['loseDeviceAt', 'holdAt'] as const;

/** The plan in a page's query string; null unless `debug=faults`. A bad step number is an error naming it. */
export function faultPlanFromQuery(search: string): FaultPlan | null {
  const params = new URLSearchParams(search);
  if (params.get('debug') !== 'faults') return null;
  const plan: FaultPlan = {};
  for (const name of STEP_PARAMS) {
    const text = params.get(name);
    if (text === null) continue;
    const step = Number(text);
    if (!/^\d+$/.test(text) || !Number.isSafeInteger(step) || step < 1) throw new Error(`?${name}: expected a step number ≥ 1, got "${text}"`);
    plan[name] = step;
  }
  return plan;
}

/** The faults due just before `step` (1-based). */
export function faultsBefore(plan: FaultPlan | undefined, step: number): { loseDevice: boolean; hold: boolean } {
  return { loseDevice: plan?.loseDeviceAt === step, hold: plan?.holdAt === step };
}
