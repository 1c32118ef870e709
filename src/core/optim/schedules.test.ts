// LR schedules against values computed by hand from Hugging Face transformers' definitions
// (get_constant_schedule, get_linear_schedule_with_warmup, get_cosine_schedule_with_warmup; LambdaLR).
import { describe, expect, it } from 'vitest';
import { lrAt, type LrSchedule } from './schedules';

describe('lrAt with HF LambdaLR semantics (step = updates already done)', () => {
  it('constant', () => {
    const s: LrSchedule = { kind: 'constant', peakLr: 3e-5 };
    expect([0, 1, 1000].map((t) => lrAt(t, s))).toEqual([3e-5, 3e-5, 3e-5]);
  });

  it('linear warmup 10 then linear decay to 0 at 100', () => {
    const s: LrSchedule = { kind: 'linear', peakLr: 1e-3, warmupSteps: 10, totalSteps: 100 };
    // step/10 during warmup, then (100 − step)/90.
    expect(lrAt(0, s)).toBe(0);
    expect(lrAt(1, s)).toBeCloseTo(1e-4, 18);
    expect(lrAt(5, s)).toBeCloseTo(5e-4, 18);
    expect(lrAt(10, s)).toBeCloseTo(1e-3, 18);
    expect(lrAt(55, s)).toBeCloseTo(5e-4, 18);
    expect(lrAt(99, s)).toBeCloseTo(1e-3 / 90, 18);
    expect(lrAt(100, s)).toBe(0);
    expect(lrAt(150, s)).toBe(0);
  });

  it('warmup 10 then half a cosine to 0 at 110', () => {
    const s: LrSchedule = { kind: 'cosine', peakLr: 1, warmupSteps: 10, totalSteps: 110 };
    expect(lrAt(5, s)).toBeCloseTo(0.5, 15);
    expect(lrAt(10, s)).toBeCloseTo(1, 15);
    // progress 0.25: 0.5·(1 + cos(π/4)) = 0.853553390593…
    expect(lrAt(35, s)).toBeCloseTo(0.8535533905932737, 14);
    expect(lrAt(60, s)).toBeCloseTo(0.5, 14);
    expect(lrAt(85, s)).toBeCloseTo(0.14644660940672627, 14);
    expect(lrAt(110, s)).toBeCloseTo(0, 14);
    expect(lrAt(200, s)).toBeGreaterThanOrEqual(0);
  });

  it('zero warmup starts at the peak', () => {
    expect(lrAt(0, { kind: 'linear', peakLr: 2e-5, warmupSteps: 0, totalSteps: 4 })).toBe(2e-5);
    expect(lrAt(2, { kind: 'linear', peakLr: 2e-5, warmupSteps: 0, totalSteps: 4 })).toBe(1e-5);
  });

  it('rejects bad steps and schedules, naming the field', () => {
    const s: LrSchedule = { kind: 'linear', peakLr: 1e-3, warmupSteps: 10, totalSteps: 100 };
    expect(() => lrAt(-1, s)).toThrow(/step/);
    expect(() => lrAt(1.5, s)).toThrow(/step/);
    expect(() => lrAt(0, { ...s, warmupSteps: 200 })).toThrow(/warmupSteps/);
    expect(() => lrAt(0, { ...s, peakLr: Number.NaN })).toThrow(/peakLr/);
  });
});
