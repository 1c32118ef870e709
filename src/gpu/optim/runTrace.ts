/**
 * Runs a parsed optimizer trace (core/optim/trace.ts) through the fused kernels and returns the state
 * after every step, in the trace's per-tensor layout. Reads back between steps (this is a test tool,
 * not the training path).
 */
import type { Trace, TraceOutput } from '../../core/optim';
import { prepareFusedKernels } from './fmaProbe';
import { RawFusedOptimizer, type RawLayout } from './raw';

export async function runTrace(device: GPUDevice, trace: Trace, layout: RawLayout = 'per-tensor'): Promise<TraceOutput> {
  await prepareFusedKernels(device);
  const optimizer = new RawFusedOptimizer(
    device,
    trace.sizes.map((size, i) => ({ name: `tensor${i}`, size, decay: true })),
    trace.hyper,
    { layout, trackGradNorm: false },
  );
  try {
    trace.param0.forEach((p, i) => optimizer.writeParam(i, p));
    const steps: TraceOutput['steps'] = [];
    for (let t = 0; t < trace.grads.length; t++) {
      trace.grads[t].forEach((g, i) => optimizer.writeGrad(i, g));
      optimizer.step(trace.lr[t]);
      const [param, { m, v }] = await Promise.all([optimizer.readParams(), optimizer.readMoments()]);
      const toLists = (xs: Float32Array[]) => xs.map((x) => Array.from(x));
      steps.push({ param: toLists(param), m: toLists(m), ...(v ? { v: toLists(v) } : {}) });
    }
    return { steps };
  } finally {
    optimizer.dispose();
  }
}
