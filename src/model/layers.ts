/**
 * Layer code the three cross-encoder families (BERT, GTE, ModernBERT) share, written once: LayerNorm with or
 * without bias, erf GELU, the additive padding mask, rotate-half RoPE, and the dropout-seed rule (every dropout
 * call of a forward pass draws its mask from the pass's seed and the call's ordinal, so a step is reproducible
 * bit for bit and every arm of a seed drops the same elements).
 * LayerNorm and GELU run on our fused kernels (kernels/fusedOps.ts) when the kernel path is `own` and the backend
 * is WebGPU; otherwise on tfjs ops, exactly as before the switch existed.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { EncodedBatch } from './batch';
import { dropout } from './dropout';
import { fitsFusedAttention, fusedAttention, type AttentionDropout, type AttentionShape, type ScoreScale } from './kernels/attention';
import { fusedBiasGelu, fusedGeglu, fusedLayerNorm } from './kernels/fusedOps';
import { fitsOwnLinear, ownLinear } from './kernels/matmul';
import { kernelPath } from './kernels/kernelPath';
import { pcgHash } from './random';
import { activeWebGpuBackend } from './webgpuProgram';

export interface ForwardOptions {
  training: boolean;
  /** Seeds every dropout mask of this forward pass; required when training with dropout. */
  dropoutSeed?: number;
}

/**
 * Padding-mask value: finite, so softmax over a fully padded row stays finite. PyTorch adds float32's minimum;
 * on WebGPU that turns a fully padded row into NaN, while -1e9 gives the same numbers on every normal row.
 */
export const MASK_VALUE = -1e9;

/** Our fused kernels are used when the kernel path says `own` and tfjs runs on WebGPU. */
export function usesOwnKernels(): boolean {
  return kernelPath() === 'own' && activeWebGpuBackend() !== null;
}

/** x · Wᵀ (+ bias) for W in PyTorch's [out, in] layout: our matmul on the `own` path when the sizes allow, else tfjs's. */
export function linear(x: tf.Tensor2D, weight: tf.Tensor, bias?: tf.Tensor): tf.Tensor2D {
  if (usesOwnKernels() && fitsOwnLinear(weight)) return ownLinear(x, weight as tf.Tensor2D, bias);
  const y = tf.matMul(x, weight as tf.Tensor2D, false, true);
  return (bias ? tf.add(y, bias) : y) as tf.Tensor2D;
}

/**
 * Multi-head attention of q, k, v in the projections' [batch · seq, heads · d] layout (or [batch, seq, heads, d]),
 * returning [batch · seq, heads · d]: softmax(scale · q kᵀ + mask), with dropout on the probabilities, times v.
 * The `own` path runs the fused kernels (kernels/attention.ts); the tfjs path the ops the families always ran.
 */
export function attention(
  q: tf.Tensor,
  k: tf.Tensor,
  v: tf.Tensor,
  mask: tf.Tensor,
  shape: AttentionShape,
  scale: ScoreScale,
  dropout: AttentionDropout | null,
): tf.Tensor2D {
  const rows = shape.batch * shape.seq;
  const hidden = shape.heads * shape.headSize;
  if (usesOwnKernels() && fitsFusedAttention(shape)) {
    const flat = (t: tf.Tensor) => tf.reshape(t, [rows, hidden]) as tf.Tensor2D;
    return fusedAttention(flat(q), flat(k), flat(v), mask, shape, scale, dropout);
  }
  return attentionTfjs(q, k, v, mask, shape, scale, dropout);
}

/** The tfjs-ops attention (the `tfjs` kernel path, and the reference the fused kernels are tested against). */
export function attentionTfjs(
  q: tf.Tensor,
  k: tf.Tensor,
  v: tf.Tensor,
  mask: tf.Tensor,
  { batch, seq, heads, headSize }: AttentionShape,
  scale: ScoreScale,
  drop: AttentionDropout | null,
): tf.Tensor2D {
  const toHeads = (t: tf.Tensor) => tf.transpose(tf.reshape(t, [batch, seq, heads, headSize]), [0, 2, 1, 3]);
  const raw = tf.matMul(toHeads(q), toHeads(k), false, true);
  const scores = tf.add(scale === 'divide-by-sqrt' ? tf.div(raw, Math.sqrt(headSize)) : tf.mul(raw, headSize ** -0.5), mask);
  const softmaxed = tf.softmax(scores, -1);
  const probs = drop && drop.rate > 0 ? dropout(softmaxed, drop.rate, drop.seed) : softmaxed;
  return tf.reshape(tf.transpose(tf.matMul(probs, toHeads(v)), [0, 2, 1, 3]), [batch * seq, heads * headSize]) as tf.Tensor2D;
}

/** (x − mean) / √(var + eps) · weight (+ bias), over the last axis, as torch.nn.LayerNorm computes it. */
export function layerNorm(x: tf.Tensor2D, eps: number, weight: tf.Tensor, bias?: tf.Tensor): tf.Tensor2D {
  return usesOwnKernels() ? fusedLayerNorm(x, undefined, eps, weight, bias) : layerNormTfjs(x, eps, weight, bias);
}

/** layerNorm(x + residual): one fused kernel pair on the `own` path. */
export function residualLayerNorm(x: tf.Tensor2D, residual: tf.Tensor2D, eps: number, weight: tf.Tensor, bias?: tf.Tensor): tf.Tensor2D {
  return usesOwnKernels() ? fusedLayerNorm(x, residual, eps, weight, bias) : layerNormTfjs(tf.add(x, residual) as tf.Tensor2D, eps, weight, bias);
}

/** The tfjs-ops LayerNorm (the `tfjs` kernel path, and the reference our kernel is tested against). */
export function layerNormTfjs(x: tf.Tensor2D, eps: number, weight: tf.Tensor, bias?: tf.Tensor): tf.Tensor2D {
  const centered = tf.sub(x, tf.mean(x, -1, true));
  const normalized = tf.mul(centered, tf.rsqrt(tf.add(tf.mean(tf.square(centered), -1, true), eps)));
  const scaled = tf.mul(normalized, weight);
  return (bias ? tf.add(scaled, bias) : scaled) as tf.Tensor2D;
}

/** The exact GELU, x · ½ · (1 + erf(x / √2)) (HF "gelu"; not the tanh approximation). */
export function erfGelu(x: tf.Tensor): tf.Tensor {
  if (!usesOwnKernels() || x.rank === 0) return erfGeluTfjs(x);
  const cols = x.shape[x.rank - 1];
  return tf.reshape(fusedBiasGelu(tf.reshape(x, [-1, cols]) as tf.Tensor2D, undefined, 'erf'), x.shape);
}

/** erfGelu(z + bias) for z [rows, cols] and bias [cols]: one fused kernel on the `own` path. */
export function biasErfGelu(z: tf.Tensor2D, bias: tf.Tensor): tf.Tensor2D {
  return (usesOwnKernels() ? fusedBiasGelu(z, bias, 'erf') : erfGeluTfjs(tf.add(z, bias))) as tf.Tensor2D;
}

/**
 * Gated GELU of one [rows, 2 · cols] projection: erfGELU(first half) · second half (ModernBERT's Wi), or
 * erfGELU(second) · first (GTE's up_gate_proj). One kernel each way on the `own` path, no split.
 */
export function geglu(combined: tf.Tensor2D, geluHalf: 'first' | 'second'): tf.Tensor2D {
  if (usesOwnKernels()) return fusedGeglu(combined, geluHalf, 'erf');
  const [first, second] = tf.split(combined, 2, -1);
  return (geluHalf === 'first' ? tf.mul(erfGeluTfjs(first), second) : tf.mul(erfGeluTfjs(second), first)) as tf.Tensor2D;
}

/** The tfjs-ops erf GELU (the `tfjs` kernel path, and the reference our kernel is tested against). */
export function erfGeluTfjs(x: tf.Tensor): tf.Tensor {
  return tf.mul(tf.mul(x, 0.5), tf.add(tf.erf(tf.mul(x, Math.SQRT1_2)), 1));
}

/** [B, 1, 1, L]: 0 on real tokens, MASK_VALUE on padding, added to the attention scores. */
export function additivePaddingMask(batch: EncodedBatch): tf.Tensor4D {
  const values = new Float32Array(batch.batchSize * batch.seqLen);
  for (let i = 0; i < values.length; i++) values[i] = batch.attentionMask[i] ? 0 : MASK_VALUE;
  return tf.tensor4d(values, [batch.batchSize, 1, 1, batch.seqLen]);
}

/** A forward pass's dropout: call it on a tensor, or take the next call's seed for a fused kernel that drops itself. */
export interface PassDropout {
  (x: tf.Tensor, rate: number): tf.Tensor;
  /** The seed the next dropout call would use (and use it up), or null when that call would not drop. */
  next(rate: number): AttentionDropout | null;
}

/**
 * The dropout of one forward pass: call k (1, 2, …) uses the seed pcg(passSeed ^ pcg(k)). Outside training,
 * or at rate 0, it is the identity (and takes no ordinal). Throws up front when training with dropout lacks a seed.
 */
export function dropoutOf(opts: ForwardOptions, rates: readonly number[]): PassDropout {
  if (opts.training && rates.some((r) => r > 0) && opts.dropoutSeed === undefined) throw new Error('forward: training with dropout needs opts.dropoutSeed');
  let call = 0;
  const next = (rate: number): AttentionDropout | null =>
    opts.training && rate > 0 ? { rate, seed: pcgHash((opts.dropoutSeed! ^ pcgHash(++call)) >>> 0) } : null;
  const drop = (x: tf.Tensor, rate: number) => {
    const chosen = next(rate);
    return chosen ? dropout(x, chosen.rate, chosen.seed) : x;
  };
  return Object.assign(drop, { next });
}

/** cos and sin tables [1, L, 1, d] of rotate-half RoPE: angle(pos, i) = pos · invFreq[i mod d/2], in float32. */
export function ropeTables(invFreq: ArrayLike<number>, seqLen: number, headSize: number): [tf.Tensor4D, tf.Tensor4D] {
  const cosTable = new Float32Array(seqLen * headSize);
  const sinTable = new Float32Array(seqLen * headSize);
  for (let pos = 0; pos < seqLen; pos++) {
    for (let i = 0; i < headSize; i++) {
      const angle = Math.fround(pos * Math.fround(invFreq[i % (headSize / 2)]));
      cosTable[pos * headSize + i] = Math.cos(angle);
      sinTable[pos * headSize + i] = Math.sin(angle);
    }
  }
  return [tf.tensor4d(cosTable, [1, seqLen, 1, headSize]), tf.tensor4d(sinTable, [1, seqLen, 1, headSize])];
}

/** x · cos + rotate_half(x) · sin with rotate_half([a, b]) = [−b, a] (NeoX form), x of shape [B, L, heads, d]. */
export function applyRope(x: tf.Tensor, [cos, sin]: [tf.Tensor, tf.Tensor]): tf.Tensor {
  const [first, second] = tf.split(x, 2, -1);
  return tf.add(tf.mul(x, cos), tf.mul(tf.concat([tf.neg(second), first], -1), sin));
}

/** Zeroes the padding row of an embedding's initial values, as HF's nn.Embedding(padding_idx) init does. */
export function zeroPaddingRow(values: Float32Array, width: number, padTokenId: number): Float32Array {
  values.fill(0, padTokenId * width, (padTokenId + 1) * width);
  return values;
}
