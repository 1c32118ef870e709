// The float64 CPU references against PyTorch's trajectories (fixtures/golden/optim), plus hand-computed cases.
import { describe, expect, it } from 'vitest';
import { readSharedJson } from '../../testing/shared';
import { momentMismatches, paramMismatches } from '../../testing/goldenCompare';
import { globalGradNorm, referenceStep, referenceTensor } from './reference';
import { ADAMW_HYPER, LION_HYPER, OPTIMIZER_NAMES, defaultHyper } from './registry';
import { parseTrace } from './trace';

interface GoldenStep {
  param: number[][];
  m: number[][];
  v?: number[][];
}

describe.each(OPTIMIZER_NAMES)('CPU reference reproduces golden/optim/%s.json (float32)', (name) => {
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
        if (tensor.v) expect(momentMismatches(tensor.v, want.v![i]), `step ${t + 1} v[${i}]`).toEqual([]);
        else expect(want.v).toBeUndefined();
        checked++;
      });
    });
    expect(checked).toBe(12 * 4);
  });

  it('a wrong setting would be caught', () => {
    const tensors = trace.param0.map((p) => referenceTensor(p, trace.optimizer));
    const wrong = name === 'adamw' ? { ...trace.hyper, beta1: 0.8 } : name === 'lion' ? { ...trace.hyper, beta2: 0.9 } : { ...trace.hyper, momentum: 0.8 };
    for (let t = 0; t < 3; t++) referenceStep(wrong, tensors, trace.grads[t], trace.lr[t], t + 1, 'float32');
    expect(momentMismatches(tensors[0].m, golden.steps[2].m[0]).length).toBeGreaterThan(0);
  });
});

describe.each(['adamw', 'lion'] as const)('CPU reference reproduces golden/optim/%s.json (float64)', (name) => {
  const golden = readSharedJson<{ steps: GoldenStep[] }>('golden', 'optim', `${name}.json`);
  const trace = parseTrace(golden, `${name}.json`);

  it('float64: parameters within 1e-6; moments within 1e-5 relative of the scale of their terms', () => {
    // The moments are sums with cancellation, so float32 rounding of each term (~6e-8 of |term|) can
    // exceed 1e-5 of a small result. Bound: 1e-5·|want| + 1e-6·(the same sum over |g| and g²).
    const tensors = trace.param0.map((p) => referenceTensor(p, trace.optimizer));
    const mScale = trace.sizes.map((n) => new Float64Array(n));
    const vScale = trace.sizes.map((n) => new Float64Array(n));
    const [beta1, beta2] = [trace.hyper.beta1!, trace.hyper.beta2!];
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
    expect(b.m[0]).toBeCloseTo((0.01 * 4) / (5 + 1e-6), 15);
    expect(globalGradNorm([[3], [4]])).toBe(5);
    // Below the threshold nothing is scaled.
    expect(referenceStep(hyper, [a, b], [[0.3], [0.4]], 0.1, 2).clipScale).toBe(1);
  });
});

describe('SGD (torch.optim.SGD), hand-computed', () => {
  const sgd = (settings: object) => ({ ...defaultHyper('sgd'), clipNorm: null, ...settings });

  it('first step copies d = g + wd·p into the buffer (no dampening yet); later steps damp and add μ·b', () => {
    const t = referenceTensor([2], 'sgd');
    const hyper = sgd({ momentum: 0.5, dampening: 0.25, weightDecay: 0.1 });
    referenceStep(hyper, [t], [[1]], 0.1, 1);
    // d = 1 + 0.1·2 = 1.2; b = d; p = 2 − 0.1·1.2.
    expect(t.m[0]).toBeCloseTo(1.2, 15);
    expect(t.param[0]).toBeCloseTo(1.88, 15);
    referenceStep(hyper, [t], [[1]], 0.1, 2);
    // d = 1 + 0.1·1.88 = 1.188; b = 0.5·1.2 + 0.75·1.188 = 1.491; p = 1.88 − 0.1491.
    expect(t.m[0]).toBeCloseTo(1.491, 14);
    expect(t.param[0]).toBeCloseTo(1.7309, 14);
  });

  it('Nesterov steps along d + μ·b; momentum 0 keeps no buffer; no-decay tensors skip the L2 term', () => {
    const n = referenceTensor([0], 'sgd');
    referenceStep(sgd({ momentum: 0.9, nesterov: true, weightDecay: 0 }), [n], [[1]], 1, 1);
    expect(n.param[0]).toBeCloseTo(-1.9, 15);
    const plain = referenceTensor([1], 'sgd', false);
    referenceStep(sgd({ momentum: 0, weightDecay: 5 }), [plain], [[2]], 0.5, 1);
    expect(plain.param[0]).toBe(0);
    expect(plain.m[0]).toBe(0);
  });
});
