import { describe, expect, it } from 'vitest';
import { createRng, xoshiro128ss } from './index';

describe('xoshiro128**', () => {
  it('matches the C reference implementation', () => {
    // Test data from edorfaus/xoshiro-6502 test-rom/testdata.asm ("the same data that was used to initialize
    // the C reference implementation"): state words = little-endian dwords of its Seed bytes, and the
    // starstar column of VerifyValuesXoshiro128.
    const next = xoshiro128ss([0x964d4a0c, 0xd40ab895, 0xad7fdecb, 0x3006f0f0]);
    expect([next(), next(), next(), next()]).toEqual([0xf1391922, 0x6fe53806, 0xa5be2840, 0xf510ee70]);
  });
  it('rejects the all-zero state', () => {
    expect(() => xoshiro128ss([0, 0, 0, 0])).toThrow();
  });
});

describe('createRng', () => {
  it('is deterministic per seed, a number and its decimal string being the same seed', () => {
    const a = createRng(42);
    const b = createRng('42');
    const c = createRng(43);
    const seqA = Array.from({ length: 5 }, () => a.nextUint32());
    expect(Array.from({ length: 5 }, () => b.nextUint32())).toEqual(seqA);
    expect(Array.from({ length: 5 }, () => c.nextUint32())).not.toEqual(seqA);
  });

  it('forks by label, independent of what was drawn before', () => {
    const fresh = createRng(7).fork('shuffle');
    const used = createRng(7);
    for (let i = 0; i < 100; i++) used.nextFloat();
    const forked = used.fork('shuffle');
    expect(forked.seedPath).toBe('7/shuffle');
    expect(Array.from({ length: 4 }, () => forked.nextUint32())).toEqual(Array.from({ length: 4 }, () => fresh.nextUint32()));
    const other = createRng(7).fork('init');
    expect(other.nextUint32()).not.toBe(createRng(7).fork('shuffle').nextUint32());
  });

  it('draws floats in [0, 1) with mean 1/2 and normals with mean 0, variance 1', () => {
    const rng = createRng('moments');
    const n = 200_000;
    let sum = 0;
    let min = 1;
    let max = 0;
    for (let i = 0; i < n; i++) {
      const u = rng.nextFloat();
      sum += u;
      min = Math.min(min, u);
      max = Math.max(max, u);
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    expect(Math.abs(sum / n - 0.5)).toBeLessThan(4 * Math.sqrt(1 / 12 / n));
    let s1 = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const z = rng.nextNormal();
      s1 += z;
      s2 += z * z;
    }
    expect(Math.abs(s1 / n)).toBeLessThan(4 / Math.sqrt(n));
    expect(Math.abs(s2 / n - 1)).toBeLessThan(4 * Math.sqrt(2 / n));
  });

  it('draws bounded integers uniformly', () => {
    const rng = createRng(1);
    const counts = [0, 0, 0];
    for (let i = 0; i < 30_000; i++) counts[rng.nextInt(3)]++;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(4 * Math.sqrt(30_000 * (1 / 3) * (2 / 3)));
    expect(() => rng.nextInt(0)).toThrow(RangeError);
  });
});
