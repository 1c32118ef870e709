// The fma probe on the real adapter: it picks a mode that is exact, and that mode's exactFma (the one the
// update kernels are built with) matches the float64 reference on the probe cases and on random ones.
import { describe, expect, it } from 'vitest';
import { acquireNodeGpu } from '../nodeGpu';
import { gpuForTests } from '../../testing/gpu';
import { evaluateExactFma, fmaMismatches, fmaModeOf, prepareFusedKernels, probeFma } from './fmaProbe';
import { fmaCases, type FmaCase } from './fmaReference';
import { RawFusedOptimizer } from './raw';
import { ADAMW_HYPER } from '../../core/optim';

const gpu = await gpuForTests();

describe.skipIf(!gpu)('fma probe', () => {
  it('gpuForTests prepared the device; the probe is cached and exact', async () => {
    const device = gpu!.device;
    const probe = fmaModeOf(device);
    expect(probe).toBeDefined();
    expect(await prepareFusedKernels(device)).toBe(probe);
    console.info(`fma probe on ${gpu!.facts.vendor} ${gpu!.facts.architecture} (${gpu!.facts.description}): ${JSON.stringify(probe)}`);
    expect(['native', 'emulated']).toContain(probe!.mode);
    expect(probe!.exact).toBe(true);
    expect(probe!.mismatches[probe!.mode]).toBe(0);
    // On an adapter whose fma() is not fused, the probe must notice.
    if (probe!.mode === 'emulated') expect(probe!.mismatches.native).toBeGreaterThan(0);
    expect(await probeFma(device)).toEqual(probe);
  });

  it('the chosen exactFma is exact on the probe cases and on 400 random ones', async () => {
    const { mode } = fmaModeOf(gpu!.device)!;
    const cases: FmaCase[] = [...fmaCases(128), ...fmaCases(200, 7), ...fmaCases(200, 11, false)];
    // Zeros take the emulation's float path: exact too.
    const f32 = Math.fround;
    cases.push({ a: 0, b: f32(0.1), c1: f32(0.9), c2: 3 }, { a: 1.5, b: f32(0.1), c1: 0, c2: 1 }, { a: -2, b: 0.25, c1: 0.5, c2: 1 });
    const got = await evaluateExactFma(gpu!.device, mode, cases);
    const bad = fmaMismatches(cases, got).map((i) => ({ i, ...cases[i], got: got[i] }));
    expect(bad).toEqual([]);
  });

  it('fused optimizers refuse an unprepared device, naming the call to make', async () => {
    const { device: other } = await acquireNodeGpu();
    try {
      expect(fmaModeOf(other)).toBeUndefined();
      expect(() => new RawFusedOptimizer(other, [{ name: 'w', size: 4, decay: true }], ADAMW_HYPER)).toThrow(/await prepareFusedKernels\(device\)/);
    } finally {
      other.destroy();
    }
  });
});
