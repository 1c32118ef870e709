// The tfjs-facing fused optimizer on tfjs variables (webgpu backend): the goldens reproduced through
// tfjs, later tfjs ops and data() see the in-place update, resume through exported state.
import { describe, expect, it } from 'vitest';
import { OPTIMIZER_NAMES, globalGradNorm, parseTrace } from '../../core/optim';
import { momentMismatches, paramMismatches } from '../../testing/goldenCompare';
import { readSharedJson } from '../../testing/shared';
import { gpuForTests } from '../../testing/gpu';
import { initTfjsWebgpu } from '../tfjsBackend';
import { createFusedOptimizer, DEFAULT_ADAMW, type NamedVariable } from './index';

const gpu = await gpuForTests();

interface GoldenStep {
  param: number[][];
  m: number[][];
  v?: number[][];
}

describe.skipIf(!gpu)('createFusedOptimizer on tfjs variables', () => {
  it.each(OPTIMIZER_NAMES)('%s: golden at every step; tf.sum and data() see the update; export/import resumes', async (name) => {
    const tfw = await initTfjsWebgpu();
    const { tf } = tfw;
    const golden = readSharedJson<{ steps: GoldenStep[] }>('golden', 'optim', `${name}.json`);
    const trace = parseTrace(golden, `${name}.json`);
    // Fresh variables hold CPU values only (tf.tensor writes to the CPU side): the optimizer must upload them.
    const params: NamedVariable[] = trace.param0.map((p, i) => ({
      name: `layer.${i}.weight`,
      variable: tf.variable(tf.tensor(p, trace.shapes[i]), true, `${name}-golden-${i}`),
    }));
    const settings = { ...trace.hyper, clipNorm: null, noDecay: () => false };
    let opt = createFusedOptimizer(tfw, params, settings);
    for (let t = 0; t < trace.grads.length; t++) {
      // Warm tfjs's CPU cache of the values, which the optimizer must invalidate.
      await params[0].variable.data();
      const before = Array.from(await params[3].variable.data());
      // Gradients from tfjs ops: the large ones are still queued in tfjs's encoder (the optimizer flushes it).
      const grads = Object.fromEntries(params.map((p, i) => [p.name, tf.tidy(() => tf.mul(tf.tensor(trace.grads[t][i], trace.shapes[i]), 1))]));
      opt.step(grads, trace.lr[t]);
      expect(opt.stepCount).toBe(t + 1);
      expect(Math.abs((await opt.lastGradNorm()) - globalGradNorm(trace.grads[t]))).toBeLessThanOrEqual(1e-5 * globalGradNorm(trace.grads[t]));
      tf.dispose(Object.values(grads));
      const want = golden.steps[t];
      for (let i = 0; i < params.length; i++) {
        const got = await params[i].variable.data();
        expect(paramMismatches(got as Float32Array, want.param[i]), `step ${t + 1} param[${i}]`).toEqual([]);
      }
      // A tfjs op on the updated variable sees the new values, not the old ones.
      const sumTensor = tf.sum(params[3].variable);
      const sum = (await sumTensor.data())[0];
      sumTensor.dispose();
      const wantSum = want.param[3].reduce((a, b) => a + b, 0);
      expect(Math.abs(sum - wantSum)).toBeLessThan(1e-4);
      // Exactly: tfjs's (variable − old values) on the GPU equals the float32 differences of data() − old.
      const deltaTensor = tf.tidy(() => tf.sub(params[3].variable, tf.tensor(before)));
      const delta = Array.from(await deltaTensor.data());
      deltaTensor.dispose();
      const now = await params[3].variable.data();
      expect(delta).toEqual(before.map((x, k) => Math.fround(now[k] - x)));
      expect(delta.filter((d) => d !== 0).length).toBeGreaterThan(4000);
      // The one-element tensor (the CPU-forward size class) too.
      expect((await tf.mul(params[2].variable, 1).data())[0]).toBeCloseTo(want.param[2][0], 6);
      if (t === 5) {
        // Resume halfway through from exported state, in a new optimizer.
        const state = await opt.exportState();
        expect(state.step).toBe(6);
        expect(momentMismatches(state.tensors[3].m, want.m[3])).toEqual([]);
        if (want.v) expect(momentMismatches(state.tensors[3].v!, want.v[3])).toEqual([]);
        else expect(state.tensors[3].v).toBeUndefined();
        opt.dispose();
        opt = createFusedOptimizer(tfw, params, settings);
        opt.importState(state);
      }
    }
    opt.dispose();
    params.forEach((p) => p.variable.dispose());
  });

  it('applies the HF no-decay rule by default and rejects a missing gradient', async () => {
    const tfw = await initTfjsWebgpu();
    const { tf } = tfw;
    const w = tf.variable(tf.fill([40, 30], 2), true, 'group-w');
    const b = tf.variable(tf.fill([30], 2), true, 'group-b');
    const opt = createFusedOptimizer(
      tfw,
      [
        { name: 'dense.weight', variable: w },
        { name: 'dense.bias', variable: b },
      ],
      { ...DEFAULT_ADAMW, weightDecay: 0.5 },
    );
    expect(() => opt.step({ 'dense.weight': tf.zerosLike(w) }, 0.1)).toThrow(/no gradient for dense\.bias/);
    const grads = { 'dense.weight': tf.zerosLike(w), 'dense.bias': tf.zerosLike(b) };
    opt.step(grads, 0.1);
    expect(new Set(await w.data())).toEqual(new Set([Math.fround(2 * Math.fround(1 - 0.05))]));
    expect(new Set(await b.data())).toEqual(new Set([2]));
    expect(await opt.lastGradNorm()).toBe(0);
    tf.dispose([w, b, ...Object.values(grads)]);
    opt.dispose();
  });
});
