// The float64 CPU references against PyTorch's trajectories (fixtures/golden/optim), plus hand-computed cases.
import { describe, expect, it } from 'vitest';
import { readSharedJson } from '../../testing/shared';
import { momentMismatches, paramMismatches } from '../../testing/goldenCompare';
import { globalGradNorm, referenceStep, referenceTensor } from './reference';
import { parseTrace } from './trace';
import { ADAMW_HYPER, LION_HYPER } from './types';

interface GoldenStep {
  param: number[][];
  m: number[][];
  v?: number[][];
}

describe.each(['adamw', 'lion'])('CPU reference reproduces golden/optim/%s.json', (name) => {
  const golden = readSharedJson<{ steps: GoldenStep[] }>('golden', 'optim', `${name}.json`);
  const trace = parseTrace(golden, `${name}.json`);

  it('float32 emulation: at every step and tensor within the issue tolerances', () => {
    const tensors = trace.param0.map((p) => referenceTensor(p, trace.optimizer));
    let checked = 0;
    trace.grads.forEach((grads, t) => {
      referenceStep(trace.hyper, tensors, grads, trace.lr[t], t + 1, 'float32');
      tensors.forEach((tensor, i) => {
        const want = golden.steps[t];
        expect(paramMismatches(tensor.param, want.param[i]), `step ${t + 1} param[${i}]`).toEqual([]);
        expect(momentMismatches(tensor.m, want.m[i]), `step ${t + 1} m[${i}]`).toEqual([]);
        if (name === 'adamw') expect(momentMismatches(tensor.v!, want.v![i]), `step ${t + 1} v[${i}]`).toEqual([]);
        checked++;
      });
    });
    expect(checked).toBe(12 * 4);
  });

  it('float64: parameters within 1e-6; moments within 1e-5 relative of the scale of their terms', () => {
    // The moments are sums with cancellation, so float32 rounding of each term (~6e-8 of |term|) can
    // exceed 1e-5 of a small result. Bound: 1e-5·|want| + 1e-6·(the same sum over |g| and g²).
    const tensors = trace.param0.map((p) => referenceTensor(p, trace.optimizer));
    const mScale = trace.sizes.map((n) => new Float64Array(n));
    const vScale = trace.sizes.map((n) => new Float64Array(n));
    const { beta1, beta2 } = trace.hyper;
    const mBeta = name === 'adamw' ? beta1 : beta2;
    let worstRelToScale = 0;
    trace.grads.forEach((grads, t) => {
      referenceStep(trace.hyper, tensors, grads, trace.lr[t], t + 1, 'float64');
      const want = golden.steps[t];
      tensors.forEach((tensor, i) => {
        expect(paramMismatches(tensor.param, want.param[i]), `step ${t + 1} param[${i}]`).toEqual([]);
        for (let j = 0; j < grads[i].length; j++) {
          const g = grads[i][j];
          mScale[i][j] = mBeta * mScale[i][j] + (1 - mBeta) * Math.abs(g);
          vScale[i][j] = beta2 * vScale[i][j] + (1 - beta2) * g * g;
          const dm = Math.abs(tensor.m[j] - want.m[i][j]);
          expect(dm, `step ${t + 1} m[${i}][${j}]`).toBeLessThanOrEqual(1e-5 * Math.abs(want.m[i][j]) + 1e-6 * mScale[i][j] + 1e-12);
          worstRelToScale = Math.max(worstRelToScale, dm / (mScale[i][j] || 1));
          if (name === 'adamw') {
            const dv = Math.abs(tensor.v![j] - want.v![i][j]);
            expect(dv, `step ${t + 1} v[${i}][${j}]`).toBeLessThanOrEqual(1e-5 * Math.abs(want.v![i][j]) + 1e-6 * vScale[i][j] + 1e-12);
          }
        }
      });
    });
    // float32 rounding, not a formula difference: errors stay near float32 epsilon of the terms.
    expect(worstRelToScale).toBeLessThan(1e-6);
  });

  it('a wrong beta would be caught', () => {
    const tensors = trace.param0.map((p) => referenceTensor(p, trace.optimizer));
    const wrong = name === 'adamw' ? { ...trace.hyper, beta1: 0.8 } : { ...trace.hyper, beta2: 0.9 };
    for (let t = 0; t < 3; t++) referenceStep(wrong, tensors, trace.grads[t], trace.lr[t], t + 1, 'float32');
    expect(momentMismatches(tensors[0].m, golden.steps[2].m[0]).length).toBeGreaterThan(0);
  });
});

describe('float64 reference, hand-computed', () => {
  it('AdamW step 1 moves each weight by lr·g/(|g|+eps) after decaying it by (1 − lr·wd)', () => {
    const hyper = { ...ADAMW_HYPER, weightDecay: 0.5, clipNorm: null };
    const [t] = [referenceTensor([1, -2], 'adamw')];
    referenceStep(hyper, [t], [[2, -0.5]], 0.1, 1);
    // p·(1 − 0.05) − 0.1·g/(|g| + 1e-8): m̂ = g, v̂ = g² at step 1.
    expect(t.param[0]).toBeCloseTo(0.95 - 0.1 * (2 / (2 + 1e-8)), 14);
    expect(t.param[1]).toBeCloseTo(-1.9 + 0.1 * (0.5 / (0.5 + 1e-8)), 14);
    expect(t.m[0]).toBeCloseTo(0.2, 15);
    expect(t.v![0]).toBeCloseTo(0.004, 15);
  });

  it('Lion: sign(0) = 0, so a zero gradient on a zero moment only decays', () => {
    const hyper = { ...LION_HYPER, weightDecay: 1, clipNorm: null };
    const t = referenceTensor([1, 1, 1], 'lion');
    referenceStep(hyper, [t], [[0, 3, -3]], 0.01, 1);
    expect(Array.from(t.param)).toEqual([0.99, 0.99 - 0.01, 0.99 + 0.01]);
    expect(t.m[1]).toBeCloseTo(0.03, 15);
  });

  it('clipping scales by max_norm/(norm + 1e-6) over all tensors together, as clip_grad_norm_', () => {
    const hyper = { ...LION_HYPER, weightDecay: 0, clipNorm: 1 };
    const a = referenceTensor([0], 'lion');
    const b = referenceTensor([0], 'lion');
    const result = referenceStep(hyper, [a, b], [[3], [4]], 0.1, 1);
    expect(result.gradNorm).toBe(5);
    expect(result.clipScale).toBe(1 / (5 + 1e-6));
    expect(b.m[0]).toBeCloseTo(0.01 * 4 / (5 + 1e-6), 15);
    expect(globalGradNorm([[3], [4]])).toBe(5);
    // Below the threshold nothing is scaled.
    expect(referenceStep(hyper, [a, b], [[0.3], [0.4]], 0.1, 2).clipScale).toBe(1);
  });
});
