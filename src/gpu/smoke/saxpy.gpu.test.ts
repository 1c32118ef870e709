import { describe, expect, it } from 'vitest';
import { gpuForTests } from '../../testing/gpu';
import { runSmokeCheck, saxpyOnCpu, saxpyOnGpu } from './saxpy';

const gpu = await gpuForTests();

describe.skipIf(!gpu)('smoke kernel saxpy.wgsl on Dawn', () => {
  it.each([1, 63, 64, 65, 1000, 4097])('matches the CPU element by element for n = %i', async (n) => {
    const x = Float32Array.from({ length: n }, (_, i) => Math.cos(i * 0.37) * 100);
    const y = Float32Array.from({ length: n }, (_, i) => i - n / 2);
    const result = await saxpyOnGpu(gpu!.device, -1.75, x, y);
    const expected = saxpyOnCpu(-1.75, x, y);
    expect(result.length).toBe(n);
    for (let i = 0; i < n; i++) {
      expect(Math.abs(result[i] - expected[i])).toBeLessThanOrEqual(Math.max(Math.abs(expected[i]) * 2 ** -23, 2 ** -126));
    }
  });

  it('the page worker check passes on this adapter too', async () => {
    const check = await runSmokeCheck(gpu!.device, 1000);
    expect(check).toMatchObject({ n: 1000, mismatches: 0, ok: true });
  });

  it('a wrong answer would be caught', async () => {
    const x = new Float32Array([1, 2, 3]);
    const result = await saxpyOnGpu(gpu!.device, 2, x, new Float32Array([0, 0, 0]));
    expect(Array.from(result)).toEqual([2, 4, 6]);
    expect(Array.from(result)).not.toEqual(Array.from(saxpyOnCpu(3, x, new Float32Array(3))));
  });
});
