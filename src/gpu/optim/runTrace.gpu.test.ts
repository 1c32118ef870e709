// The fused WGSL kernels against PyTorch's trajectories (fixtures/golden/optim), both layouts,
// every step and tensor: parameters within 1e-6 absolute, m (first moment or momentum buffer) and v within
// 1e-5 relative (1e-9 absolute).
import { describe, expect, it } from 'vitest';
import { OPTIMIZER_NAMES, parseTrace } from '../../core/optim';
import { momentMismatches, paramMismatches } from '../../testing/goldenCompare';
import { readSharedJson } from '../../testing/shared';
import { gpuForTests } from '../../testing/gpu';
import { runTrace } from './runTrace';

const gpu = await gpuForTests();

interface GoldenStep {
  param: number[][];
  m: number[][];
  v?: number[][];
}

describe.skipIf(!gpu)('fused kernels reproduce the PyTorch goldens', () => {
  // Every registered optimizer has its golden (golden/optim/<name>.json).
  describe.each(OPTIMIZER_NAMES)('%s', (name) => {
    const golden = readSharedJson<{ steps: GoldenStep[] }>('golden', 'optim', `${name}.json`);
    const trace = parseTrace(golden, `${name}.json`);

    it.each(['per-tensor', 'flat'] as const)('layout %s: every step and tensor', async (layout) => {
      const out = await runTrace(gpu!.device, trace, layout);
      expect(out.steps.length).toBe(12);
      out.steps.forEach((step, t) => {
        const want = golden.steps[t];
        for (let i = 0; i < trace.sizes.length; i++) {
          expect(paramMismatches(step.param[i], want.param[i]), `step ${t + 1} param[${i}]`).toEqual([]);
          expect(momentMismatches(step.m[i], want.m[i]), `step ${t + 1} m[${i}]`).toEqual([]);
          if (want.v) expect(momentMismatches(step.v![i], want.v[i]), `step ${t + 1} v[${i}]`).toEqual([]);
          else expect(step.v).toBeUndefined();
        }
      });
      // The parameters did move (a kernel that did nothing would fail above, but say so plainly).
      expect(out.steps[11].param[0][0]).not.toBe(trace.param0[0][0]);
    });
  });
});
