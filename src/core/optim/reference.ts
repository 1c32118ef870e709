/**
 * CPU references of the two optimizers, the yardstick for the WGSL kernels.
 * AdamW is torch.optim.AdamW (amsgrad off); Lion is the lion-pytorch update (Chen et al. 2023).
 * Clipping follows torch.nn.utils.clip_grad_norm_ over all tensors together.
 *
 * `precision: 'float64'` (default) is the exact math in doubles. `'float32'` rounds after every
 * operation in PyTorch's order, as its float32 CPU kernels do: the moments are sums with heavy
 * cancellation (grads 1000× apart), so only the float32 emulation meets the goldens' 1e-5 relative
 * tolerance on m and v; the float64 one differs there by float32 rounding of the inputs' terms.
 */
import { clipScale, type OptimizerHyper } from './types';

export interface ReferenceTensor {
  param: Float64Array;
  m: Float64Array;
  /** AdamW only. */
  v: Float64Array | null;
  /** False for the no-decay group (biases, LayerNorm weights). */
  decay: boolean;
}

export function referenceTensor(param: ArrayLike<number>, optimizer: OptimizerHyper['name'], decay = true): ReferenceTensor {
  const n = param.length;
  return { param: Float64Array.from(param), m: new Float64Array(n), v: optimizer === 'adamw' ? new Float64Array(n) : null, decay };
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
  // Python-side scalars are doubles that PyTorch casts to float32 when they meet a float32 tensor.
  const beta1 = r(hyper.beta1);
  const beta2 = r(hyper.beta2);
  const oneMinusBeta1 = r(1 - hyper.beta1);
  const oneMinusBeta2 = r(1 - hyper.beta2);
  const decayFactor = r(1 - lr * hyper.weightDecay);
  const stepSize = r(lr / (1 - hyper.beta1 ** step));
  const bias2Sqrt = r(Math.sqrt(1 - hyper.beta2 ** step));
  const eps = r(hyper.eps);
  const lrR = r(lr);
  tensors.forEach((t, k) => {
    const g = grads[k];
    if (g.length !== t.param.length) throw new Error(`referenceStep: tensor ${k} has ${t.param.length} values but its gradient ${g.length}`);
    const { param, m } = t;
    for (let i = 0; i < param.length; i++) {
      const gi = r(g[i] * scale);
      if (t.decay) param[i] = r(param[i] * decayFactor);
      if (hyper.name === 'adamw') {
        const v = t.v!;
        m[i] = fma(gi, oneMinusBeta1, r(beta1 * m[i]));
        v[i] = r(r(beta2 * v[i]) + r(r(oneMinusBeta2 * gi) * gi));
        const denom = r(r(r(Math.sqrt(v[i])) / bias2Sqrt) + eps);
        // addcdiv_: self + value · t1 / t2, in that order.
        param[i] = r(param[i] + r(r(-stepSize * m[i]) / denom));
      } else {
        param[i] = r(param[i] - lrR * Math.sign(fma(gi, oneMinusBeta1, r(beta1 * m[i]))));
        m[i] = fma(gi, oneMinusBeta2, r(beta2 * m[i]));
      }
    }
  });
  return { gradNorm, clipScale: scale };
}
