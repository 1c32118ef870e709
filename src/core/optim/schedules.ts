/**
 * Learning-rate schedules as pure functions, with the semantics of Hugging Face transformers'
 * get_constant_schedule, get_linear_schedule_with_warmup and get_cosine_schedule_with_warmup (LambdaLR).
 * `step` counts the optimizer updates already done: the first update uses lrAt(0, …), the t-th
 * (1-based) update uses lrAt(t − 1, …), exactly as when scheduler.step() follows optimizer.step().
 */
export type LrSchedule =
  | { kind: 'constant'; peakLr: number }
  | { kind: 'linear'; peakLr: number; warmupSteps: number; totalSteps: number }
  | { kind: 'cosine'; peakLr: number; warmupSteps: number; totalSteps: number; /** HF default 0.5: half a cosine, down to 0. */ numCycles?: number };

export function validateSchedule(schedule: LrSchedule): void {
  const fail = (field: string, why: string) => {
    throw new Error(`lr schedule (${schedule.kind}): ${field} ${why}`);
  };
  if (!Number.isFinite(schedule.peakLr) || schedule.peakLr < 0) fail('peakLr', `must be a finite number ≥ 0, got ${schedule.peakLr}`);
  if (schedule.kind === 'constant') return;
  if (!Number.isInteger(schedule.warmupSteps) || schedule.warmupSteps < 0) fail('warmupSteps', `must be an integer ≥ 0, got ${schedule.warmupSteps}`);
  if (!Number.isInteger(schedule.totalSteps) || schedule.totalSteps < 1) fail('totalSteps', `must be an integer ≥ 1, got ${schedule.totalSteps}`);
  if (schedule.warmupSteps > schedule.totalSteps) fail('warmupSteps', `(${schedule.warmupSteps}) must not exceed totalSteps (${schedule.totalSteps})`);
  if (schedule.kind === 'cosine' && schedule.numCycles !== undefined && !(Number.isFinite(schedule.numCycles) && schedule.numCycles > 0)) {
    fail('numCycles', `must be a finite number > 0, got ${schedule.numCycles}`);
  }
}

/** The multiplier of peakLr after `step` completed updates (HF's lr_lambda). */
export function lrFactorAt(step: number, schedule: LrSchedule): number {
  if (!Number.isInteger(step) || step < 0) throw new Error(`lrAt: step must be an integer ≥ 0, got ${step}`);
  validateSchedule(schedule);
  if (schedule.kind === 'constant') return 1;
  const { warmupSteps, totalSteps } = schedule;
  if (step < warmupSteps) return step / Math.max(1, warmupSteps);
  if (schedule.kind === 'linear') return Math.max(0, (totalSteps - step) / Math.max(1, totalSteps - warmupSteps));
  const progress = (step - warmupSteps) / Math.max(1, totalSteps - warmupSteps);
  const numCycles = schedule.numCycles ?? 0.5;
  return Math.max(0, 0.5 * (1 + Math.cos(Math.PI * numCycles * 2 * progress)));
}

export function lrAt(step: number, schedule: LrSchedule): number {
  return schedule.peakLr * lrFactorAt(step, schedule);
}
