/**
 * CPU references of the registered optimizers (registry.ts), the yardstick for the WGSL kernels: each
 * descriptor's `referenceUpdate` applied element by element. Clipping follows
 * torch.nn.utils.clip_grad_norm_ over all tensors together.
 *
 * `precision: 'float64'` (default) is the exact math in doubles. `'float32'` rounds after every
 * operation in PyTorch's order, as its float32 CPU kernels do: the moments are sums with heavy
 * cancellation (grads 1000× apart), so only the float32 emulation meets the goldens' 1e-5 relative
 * tolerance on m and v; the float64 one differs there by float32 rounding of the inputs' terms.
 */
import { optimizerDescriptor, type OptimizerName } from './registry';
import { clipScale, type OptimizerHyper } from './types';

export interface ReferenceTensor {
  param: Float64Array;
  /** One array per state slot of the optimizer, in its descriptor's order. */
  state: Float64Array[];
  /** The first moment or momentum buffer. */
  m: Float64Array;
  /** The second moment (AdamW), else null. */
  v: Float64Array | null;
  /** False for the no-decay group (biases, LayerNorm weights). */
  decay: boolean;
}

export function referenceTensor(param: ArrayLike<number>, optimizer: OptimizerName, decay = true): ReferenceTensor {
  const n = param.length;
  const slots = optimizerDescriptor(optimizer).stateSlots;
  const state = slots.map(() => new Float64Array(n));
  const v = slots.indexOf('v');
  return { param: Float64Array.from(param), state, m: state[slots.indexOf('m')], v: v >= 0 ? state[v] : null, decay };
}

export function globalGradNorm(grads: readonly ArrayLike<number>[]): number {
  let sum = 0;
  for (const g of grads) for (let i = 0; i < g.length; i++) sum += g[i] * g[i];
  return Math.sqrt(sum);
}

export interface ReferenceStepResult {
  gradNorm: number;
  clipScale: number;
}

/** Applies update number `step` (1-based) with learning rate `lr` to every tensor in place. */
export type ReferencePrecision = 'float64' | 'float32';

export function referenceStep(
  hyper: OptimizerHyper,
  tensors: ReferenceTensor[],
  grads: readonly ArrayLike<number>[],
  lr: number,
  step: number,
  precision: ReferencePrecision = 'float64',
): ReferenceStepResult {
  if (grads.length !== tensors.length) throw new Error(`referenceStep: ${grads.length} gradients for ${tensors.length} tensors`);
  if (!Number.isInteger(step) || step < 1) throw new Error(`referenceStep: step must be an integer ≥ 1, got ${step}`);
  const r = precision === 'float32' ? Math.fround : (x: number) => x;
  // tensor.add_(other, alpha) is one fused multiply-add in PyTorch's vectorized CPU kernels; a float32
  // product is exact in a double, so rounding a·b + c once to float32 emulates it.
  const fma = (a: number, b: number, c: number) => r(a * b + c);
  const gradNorm = globalGradNorm(grads);
  const scale = r(clipScale(gradNorm, hyper.clipNorm));
  const update = optimizerDescriptor(hyper.name).referenceUpdate(hyper, lr, step, { r, fma });
  tensors.forEach((t, k) => {
    const g = grads[k];
    if (g.length !== t.param.length) throw new Error(`referenceStep: tensor ${k} has ${t.param.length} values but its gradient ${g.length}`);
    for (let i = 0; i < t.param.length; i++) update(t.param, t.state, i, r(g[i] * scale), t.decay);
  });
  return { gradNorm, clipScale: scale };
}
