import { describe, expect, it } from 'vitest';
import { faultPlanFromQuery, faultsBefore } from './faults';

describe('faultPlanFromQuery', () => {
  it('is null without debug=faults, empty with it alone', () => {
    expect(faultPlanFromQuery('')).toBeNull();
    expect(faultPlanFromQuery('?loseDeviceAt=3')).toBeNull();
    expect(faultPlanFromQuery('?debug=faults')).toEqual({});
  });

  it('reads the steps', () => {
    expect(faultPlanFromQuery('?debug=faults&loseDeviceAt=3&holdAt=12')).toEqual({ loseDeviceAt: 3, holdAt: 12 });
  });

  it('refuses a step that is not a whole number ≥ 1, naming the parameter', () => {
    expect(() => faultPlanFromQuery('?debug=faults&loseDeviceAt=0')).toThrow('?loseDeviceAt: expected a step number ≥ 1, got "0"');
    expect(() => faultPlanFromQuery('?debug=faults&holdAt=2.5')).toThrow('?holdAt');
    expect(() => faultPlanFromQuery('?debug=faults&holdAt=')).toThrow('?holdAt');
  });
});

describe('faultsBefore', () => {
  it('fires at its step only', () => {
    const plan = { loseDeviceAt: 3, holdAt: 5 };
    expect([1, 2, 3, 4, 5, 6].map((s) => faultsBefore(plan, s))).toEqual([
      { loseDevice: false, hold: false },
      { loseDevice: false, hold: false },
      { loseDevice: true, hold: false },
      { loseDevice: false, hold: false },
      { loseDevice: false, hold: true },
      { loseDevice: false, hold: false },
    ]);
    expect(faultsBefore(undefined, 3)).toEqual({ loseDevice: false, hold: false });
  });
});
