// Lion's authors' advice (lr 3–10× smaller, wd 3–10× larger than AdamW), computed by hand.
import { describe, expect, it } from 'vitest';
import { checkLionAgainstAdamw, lionAdviceFor } from './advice';

describe('Lion advice relative to AdamW', () => {
  it('gives the ranges', () => {
    const advice = lionAdviceFor(3e-5, 0.01);
    expect(advice.lr.min).toBeCloseTo(3e-6, 18);
    expect(advice.lr.max).toBeCloseTo(1e-5, 18);
    expect(advice.weightDecay.min).toBeCloseTo(0.03, 15);
    expect(advice.weightDecay.max).toBeCloseTo(0.1, 15);
    expect(advice.text).toContain('0.000003–0.00001');
    expect(advice.text).toContain('0.03–0.1');
  });

  it("flags a Lion arm set at AdamW's lr and wd", () => {
    const codes = checkLionAgainstAdamw({ lr: 3e-5, weightDecay: 0.01 }, { lr: 3e-5, weightDecay: 0.01 }).map((w) => w.code);
    expect(codes).toEqual(['lion-lr-equals-adamw', 'lion-wd-too-low']);
  });

  it('accepts the advised values and flags the ends outside them', () => {
    expect(checkLionAgainstAdamw({ lr: 5e-6, weightDecay: 0.05 }, { lr: 3e-5, weightDecay: 0.01 })).toEqual([]);
    expect(checkLionAgainstAdamw({ lr: 1e-5, weightDecay: 0.1 }, { lr: 3e-5, weightDecay: 0.01 })).toEqual([]);
    expect(checkLionAgainstAdamw({ lr: 2e-5, weightDecay: 0.2 }, { lr: 3e-5, weightDecay: 0.01 }).map((w) => w.code)).toEqual([
      'lion-lr-too-high',
      'lion-wd-too-high',
    ]);
    expect(checkLionAgainstAdamw({ lr: 1e-6, weightDecay: 0.05 }, { lr: 3e-5, weightDecay: 0.01 }).map((w) => w.field)).toEqual(['lr']);
  });

  it('rejects nonsense AdamW values', () => {
    expect(() => lionAdviceFor(0, 0.01)).toThrow(/adamwLr/);
    expect(() => lionAdviceFor(1e-3, -1)).toThrow(/adamwWeightDecay/);
  });
});
