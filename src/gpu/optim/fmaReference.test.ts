// The float64 reference the fma probe trusts: hand-checked fused results, and refusal where float64
// would double-round or where the sum is a float32 tie.
import { describe, expect, it } from 'vitest';
import { addendOf, caseReference, fmaCases, fmaReference, unfusedFma } from './fmaReference';

const f32 = Math.fround;

describe('fmaReference', () => {
  it('keeps the low bits of a product that an unfused evaluation loses', () => {
    // (1 + 2^-12)² = 1 + 2^-11 + 2^-24: the 2^-24 term is below float32's precision at 1.
    const a = f32(1 + 2 ** -12);
    expect(fmaReference(a, a, -1)).toBe(2 ** -11 + 2 ** -24);
    expect(unfusedFma(a, a, -1)).toBe(2 ** -11);
  });

  it('rounds a non-representable sum once, to nearest', () => {
    // 1 + 2^-25 + 2^-40 is closer to 1 than to 1 + 2^-23.
    expect(fmaReference(f32(1 + 2 ** -23), f32(2 ** -2), f32(0.75))).toBe(1);
    expect(fmaReference(3, 5, 0.5)).toBe(15.5);
  });

  it('refuses float32 ties and sums float64 cannot hold exactly', () => {
    // 1 + 2^-24 is halfway between 1 and 1 + 2^-23.
    expect(fmaReference(1, 1, 2 ** -24)).toBeNull();
    // 1 + 2^-60 is not a double: float64 would round before float32 does.
    expect(fmaReference(1, 1, 2 ** -60)).toBeNull();
    expect(fmaReference(2 ** 100, 2 ** 100, 0)).toBeNull();
    expect(fmaReference(2 ** -70, 2 ** -70, 0)).toBeNull();
  });

  it('probe cases are deterministic, unambiguous, and all distinguish fused from unfused', () => {
    const cases = fmaCases(64);
    expect(fmaCases(64)).toEqual(cases);
    for (const k of cases) {
      for (const x of [k.a, k.b, k.c1, k.c2]) expect(f32(x)).toBe(x);
      const want = caseReference(k);
      expect(want).not.toBeNull();
      expect(want).not.toBe(unfusedFma(k.a, k.b, addendOf(k)));
    }
  });
});
