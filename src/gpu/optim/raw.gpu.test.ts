// The fused kernels (raw-buffer layer) against the CPU reference of core/optim in its float32-emulating
// mode, on both layouts: one-element and odd sizes, all-zero gradients, global-norm clipping, the
// parameter-group rule, and export → import → continue equal to an uninterrupted run, bit for bit.
import { describe, expect, it } from 'vitest';
import {
  ADAMW_HYPER,
  LION_HYPER,
  OPTIMIZER_NAMES,
  defaultHyper,
  globalGradNorm,
  optimizerStateFromJson,
  optimizerStateToJson,
  referenceStep,
  referenceTensor,
  type OptimizerHyper,
} from '../../core/optim';
import { momentMismatches, paramMismatches } from '../../testing/goldenCompare';
import { gpuForTests } from '../../testing/gpu';
import { RawFusedOptimizer, type RawLayout, type RawTensorSpec } from './raw';

const gpu = await gpuForTests();

function values(n: number, seed: number, scale = 1): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => Math.sin(i * 12.9898 + seed * 78.233) * scale * (1 + (i % 5)));
}

const LAYOUTS: RawLayout[] = ['per-tensor', 'flat'];

async function compareWithReference(
  hyper: OptimizerHyper,
  specs: RawTensorSpec[],
  layout: RawLayout,
  steps: number,
  gradFor: (t: number, i: number, n: number) => Float32Array,
  lrFor = (t: number) => 1e-3 * (t + 1),
) {
  const opt = new RawFusedOptimizer(gpu!.device, specs, hyper, { layout });
  const cpu = specs.map((s, i) => referenceTensor(values(s.size, i), hyper.name, s.decay));
  specs.forEach((s, i) => opt.writeParam(i, values(s.size, i)));
  // referenceTensor keeps doubles: start from the float32 values the GPU holds.
  cpu.forEach((c, i) => c.param.set(values(specs[i].size, i)));
  const norms: [number, number][] = [];
  for (let t = 0; t < steps; t++) {
    const grads = specs.map((s, i) => gradFor(t, i, s.size));
    grads.forEach((g, i) => opt.writeGrad(i, g));
    opt.step(lrFor(t));
    const ref = referenceStep(hyper, cpu, grads, lrFor(t), t + 1, 'float32');
    norms.push([await opt.readGradNorm(), ref.gradNorm]);
  }
  const params = await opt.readParams();
  const { m, v } = await opt.readMoments();
  specs.forEach((s, i) => {
    expect(paramMismatches(params[i], cpu[i].param), `${s.name} param`).toEqual([]);
    expect(momentMismatches(m[i], cpu[i].m), `${s.name} m`).toEqual([]);
    if (cpu[i].v) expect(momentMismatches(v![i], cpu[i].v), `${s.name} v`).toEqual([]);
    else expect(v).toBeNull();
  });
  opt.dispose();
  return { params, cpu, norms };
}

describe.skipIf(!gpu)('fused kernels vs the CPU reference', () => {
  describe.each(LAYOUTS)('layout %s', (layout) => {
    // Every registered optimizer with its defaults, and SGD's settings the golden leaves at torch's defaults.
    const variants: [string, OptimizerHyper][] = [
      ...OPTIMIZER_NAMES.map((name): [string, OptimizerHyper] => [name, defaultHyper(name)]),
      ['sgd, Nesterov, L2 decay', { ...defaultHyper('sgd'), nesterov: true, weightDecay: 0.01 }],
      ['sgd, dampening 0.3, L2 decay', { ...defaultHyper('sgd'), dampening: 0.3, weightDecay: 0.01 }],
      ['sgd, no momentum', { ...defaultHyper('sgd'), momentum: 0 }],
    ];
    it.each(variants)('%s: one element and odd sizes, 3 steps', async (_label, defaults) => {
      const hyper = { ...defaults, clipNorm: null };
      const specs = [1, 3, 255, 1023, 1025, 4099].map((size, i) => ({ name: `t${i}.weight`, size, decay: true }));
      await compareWithReference(hyper, specs, layout, 3, (t, i, n) => values(n, 100 + 10 * t + i));
    });

    it.each(['adamw', 'lion'] as const)('%s: all-zero gradients only decay (sign(0) = 0; 0/(0+ε) = 0)', async (name) => {
      const hyper = { ...(name === 'adamw' ? ADAMW_HYPER : LION_HYPER), weightDecay: 0.5 };
      const specs = [
        { name: 'w', size: 5, decay: true },
        { name: 'b', size: 2, decay: false },
      ];
      const { params } = await compareWithReference(
        hyper,
        specs,
        layout,
        2,
        (_t, _i, n) => new Float32Array(n),
        () => 0.1,
      );
      // Exactly p·(1 − 0.05)·(1 − 0.05) in float32, and the no-decay tensor untouched.
      const f = Math.fround(1 - 0.1 * 0.5);
      const w0 = values(5, 0);
      expect(Array.from(params[0])).toEqual(Array.from(w0, (x) => Math.fround(Math.fround(x * f) * f)));
      expect(Array.from(params[1])).toEqual(Array.from(values(2, 1)));
    });

    it.each(OPTIMIZER_NAMES)('%s: clipping by global norm matches the reference, and the norm reads back', async (name) => {
      const hyper = { ...defaultHyper(name), clipNorm: 1.0 };
      const specs = [7, 1, 2050, 300].map((size, i) => ({ name: `t${i}`, size, decay: i !== 1 }));
      // Large gradients (norm ≫ 1) on steps 1–2, small ones (norm < 1, no clipping) on step 3.
      const { norms } = await compareWithReference(hyper, specs, layout, 3, (t, i, n) => values(n, 7 * t + i, t < 2 ? 50 : 1e-3));
      for (const [gpuNorm, cpuNorm] of norms) expect(Math.abs(gpuNorm - cpuNorm)).toBeLessThanOrEqual(1e-5 * cpuNorm);
      expect(norms[0][1]).toBeGreaterThan(100);
      expect(norms[2][1]).toBeLessThan(1);
    });

    it('parameter groups: the weight decays, the bias and LayerNorm weight do not', async () => {
      const hyper = { ...ADAMW_HYPER, weightDecay: 0.1, clipNorm: null };
      const specs = [
        { name: 'encoder.layer.0.output.dense.bias', size: 9, decay: false },
        { name: 'encoder.layer.0.output.dense.weight', size: 70, decay: true },
        { name: 'encoder.layer.0.output.LayerNorm.weight', size: 9, decay: false },
      ];
      const zero = (_t: number, _i: number, n: number) => new Float32Array(n);
      const { params } = await compareWithReference(hyper, specs, layout, 1, zero, () => 0.01);
      expect(Array.from(params[0])).toEqual(Array.from(values(9, 0)));
      expect(Array.from(params[2])).toEqual(Array.from(values(9, 2)));
      expect(params[1][3]).toBe(Math.fround(values(70, 1)[3] * Math.fround(1 - 0.01 * 0.1)));
    });

    it.each(OPTIMIZER_NAMES)('%s: export → JSON → import → continue equals an uninterrupted run bit for bit', async (name) => {
      const hyper = name === 'sgd' ? { ...defaultHyper(name), dampening: 0.5, weightDecay: 0.01 } : defaultHyper(name);
      const specs = [
        { name: 'a.weight', size: 1 },
        { name: 'a.bias', size: 33 },
        { name: 'b.weight', size: 1500 },
      ].map((s) => ({ ...s, decay: !s.name.endsWith('bias') }));
      const grad = (t: number, i: number) => values(specs[i].size, 1000 + t * 3 + i, 3);
      const run = async (opt: RawFusedOptimizer, from: number, to: number) => {
        for (let t = from; t < to; t++) {
          specs.forEach((_, i) => opt.writeGrad(i, grad(t, i)));
          opt.step(2e-3);
        }
      };
      const whole = new RawFusedOptimizer(gpu!.device, specs, hyper, { layout });
      specs.forEach((s, i) => whole.writeParam(i, values(s.size, i)));
      await run(whole, 0, 8);
      const first = new RawFusedOptimizer(gpu!.device, specs, hyper, { layout });
      specs.forEach((s, i) => first.writeParam(i, values(s.size, i)));
      await run(first, 0, 5);
      const saved = optimizerStateToJson(await first.exportState());
      const params = await first.readParams();
      first.dispose();
      // A fresh optimizer, on the other layout too, resumes from the JSON.
      const resumed = new RawFusedOptimizer(gpu!.device, specs, hyper, { layout: layout === 'flat' ? 'per-tensor' : 'flat' });
      params.forEach((p, i) => resumed.writeParam(i, p));
      resumed.importState(optimizerStateFromJson(saved));
      expect(resumed.stepCount).toBe(5);
      await run(resumed, 5, 8);
      const [a, b] = [await whole.readParams(), await resumed.readParams()];
      const [ma, mb] = [await whole.readMoments(), await resumed.readMoments()];
      specs.forEach((_, i) => {
        expect(new Uint32Array(b[i].buffer)).toEqual(new Uint32Array(a[i].buffer));
        expect(new Uint32Array(mb.m[i].buffer)).toEqual(new Uint32Array(ma.m[i].buffer));
        if (ma.v) expect(new Uint32Array(mb.v![i].buffer)).toEqual(new Uint32Array(ma.v[i].buffer));
      });
      // Resuming with the step count lost would change AdamW's bias correction and SGD's first-step copy (with dampening): that would be caught.
      if (name !== 'lion') {
        const wrong = JSON.parse(saved);
        wrong.step = 0;
        const off = new RawFusedOptimizer(gpu!.device, specs, hyper, { layout });
        params.forEach((p, i) => off.writeParam(i, p));
        off.importState(optimizerStateFromJson(JSON.stringify(wrong)));
        await run(off, 5, 8);
        expect(Array.from((await off.readParams())[2])).not.toEqual(Array.from(a[2]));
        off.dispose();
      }
      whole.dispose();
      resumed.dispose();
    });
  });

  it('rejects gradients of the wrong length and mismatched state, naming the tensor', async () => {
    const opt = new RawFusedOptimizer(gpu!.device, [{ name: 'w', size: 4, decay: true }], ADAMW_HYPER);
    expect(() => opt.writeGrad(0, new Float32Array(3))).toThrow(/grad of w has 3 values, expected 4/);
    const state = await opt.exportState();
    expect(() => opt.importState({ ...state, optimizer: 'lion' })).toThrow(/`optimizer`/);
    expect(() => opt.importState({ ...state, tensors: [{ ...state.tensors[0], name: 'x' }] })).toThrow(/`tensors\[0\]\.name`/);
    opt.dispose();
    expect(globalGradNorm([[3, 4]])).toBe(5);
  });
});
