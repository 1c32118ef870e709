/**
 * Fused attention against the tfjs-ops attention the families ran before it (layers.ts attentionTfjs), on real
 * WebGPU: output and the gradients for q, k and v within 1e-5 relative, with padding masks (one row fully
 * padded but the first token) and ModernBERT's windowed [batch, 1, seq, seq] mask, both score scalings, with and
 * without attention dropout (the same seed drops the same probabilities on both paths), sequence lengths around
 * the 64-row workgroup; the same bits on a second run; shapes it refuses, named.
 */
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { initTfjsWebgpu } from '../../gpu/tfjsBackend';
import { gpuForTests } from '../../testing/gpu';
import { bits, disposeAll, expectClose, randomTensor, valueAndGrads } from '../../testing/kernelCheck';
import { attentionTfjs, MASK_VALUE } from '../layers';
import { fusedAttention, type AttentionDropout, type AttentionShape, type ScoreScale } from './attention';

const available = await gpuForTests();

/** [batch, 1, 1, seq]: the last `batch index × 3` tokens of each row are padding (row 2 keeps only its first token). */
function paddingMask(batch: number, seq: number): tf.Tensor4D {
  const values = new Float32Array(batch * seq);
  for (let r = 0; r < batch; r++) for (let t = 0; t < seq; t++) values[r * seq + t] = (r === 2 ? t > 0 : t >= seq - r * 3) ? MASK_VALUE : 0;
  return tf.tensor4d(values, [batch, 1, 1, seq]);
}

/** [batch, 1, seq, seq]: padding plus a sliding window of ±2 (ModernBERT's local layers). */
function windowMask(batch: number, seq: number): tf.Tensor4D {
  const window = new Float32Array(seq * seq);
  for (let i = 0; i < seq; i++) for (let j = 0; j < seq; j++) window[i * seq + j] = Math.abs(i - j) > 2 ? MASK_VALUE : 0;
  return tf.tidy(() => tf.add(paddingMask(batch, seq), tf.tensor4d(window, [1, 1, seq, seq])) as tf.Tensor4D);
}

type Variant = { windowed: boolean; scale: ScoreScale; dropout: AttentionDropout | null };
const EVERY_VARIANT: Variant[] = [false, true].flatMap((windowed) =>
  (['divide-by-sqrt', 'multiply-by-inverse-sqrt'] as ScoreScale[]).flatMap((scale) =>
    [null, { rate: 0.25, seed: 12345 }].map((dropout) => ({ windowed, scale, dropout })),
  ),
);
// Every variant on a tiny shape; at MiniLM's head size one with every feature on (window mask, dropout). Each variant is six shader
// compiles, 3 s each at head size 32 and 6 s at 64 on lavapipe without its shader cache (a fresh CI machine), so
// head size 64 (BERT-base) is left to the same code at another constant.
const CASES: [string, AttentionShape, Variant[]][] = [
  ['tiny', { batch: 3, seq: 5, heads: 2, headSize: 4 }, EVERY_VARIANT],
  ['MiniLM heads', { batch: 3, seq: 70, heads: 3, headSize: 32 }, [{ windowed: true, scale: 'multiply-by-inverse-sqrt', dropout: { rate: 0.1, seed: 7 } }]],
];

describe.skipIf(!available)('fused attention matches the tfjs path on WebGPU', () => {
  it.each(CASES)('%s: output and q, k, v gradients, masks × scalings × dropout', async (_, shape, variants) => {
    await initTfjsWebgpu();
    const rows = shape.batch * shape.seq;
    const hidden = shape.heads * shape.headSize;
    const q = randomTensor([rows, hidden], `q${rows}x${hidden}`, 2);
    const k = randomTensor([rows, hidden], `k${rows}x${hidden}`, 2);
    const v = randomTensor([rows, hidden], `v${rows}x${hidden}`);
    const upstream = randomTensor([rows, hidden], `do${rows}x${hidden}`);
    const masks = [paddingMask(shape.batch, shape.seq), windowMask(shape.batch, shape.seq)];
    for (const { windowed, scale, dropout } of variants) {
      const mask = masks[windowed ? 1 : 0];
      const label = `${shape.batch}×${shape.seq}×${shape.heads}×${shape.headSize} mask rows ${mask.shape[2]} ${scale} dropout ${dropout?.rate ?? 0}`;
      const own = valueAndGrads(
        (a, b, c) => fusedAttention(a as tf.Tensor2D, b as tf.Tensor2D, c as tf.Tensor2D, mask, shape, scale, dropout),
        [q, k, v],
        upstream,
      );
      const ref = valueAndGrads((a, b, c) => attentionTfjs(a, b, c, mask, shape, scale, dropout), [q, k, v], upstream);
      await expectClose(own, ref, label);
      const again = valueAndGrads(
        (a, b, c) => fusedAttention(a as tf.Tensor2D, b as tf.Tensor2D, c as tf.Tensor2D, mask, shape, scale, dropout),
        [q, k, v],
        upstream,
      );
      expect(await bits(again), label).toEqual(await bits(own));
      disposeAll(own, ref, again);
    }
    tf.dispose([q, k, v, upstream, ...masks]);
  });

  it('dropout changes the output, and another seed drops other probabilities', async () => {
    await initTfjsWebgpu();
    const shape = { batch: 2, seq: 8, heads: 2, headSize: 4 };
    const q = randomTensor([16, 8], 'dq');
    const mask = paddingMask(2, 8);
    const run = (dropout: AttentionDropout | null) =>
      fusedAttention(q as tf.Tensor2D, q as tf.Tensor2D, q as tf.Tensor2D, mask, shape, 'divide-by-sqrt', dropout).data();
    const plain = await run(null);
    const first = await run({ rate: 0.5, seed: 1 });
    const second = await run({ rate: 0.5, seed: 2 });
    expect(Array.from(first)).not.toEqual(Array.from(plain));
    expect(Array.from(second)).not.toEqual(Array.from(first));
    tf.dispose([q, mask]);
  });

  it('refuses shapes it does not take, naming them', async () => {
    await initTfjsWebgpu();
    const x = tf.zeros([6, 12]) as tf.Tensor2D;
    const mask = tf.zeros([2, 1, 1, 3]);
    expect(() => fusedAttention(x, x, x, mask, { batch: 2, seq: 3, heads: 2, headSize: 6 }, 'divide-by-sqrt', null)).toThrow(
      /head size 6 must be a multiple of 4/,
    );
    expect(() => fusedAttention(x, x, x, mask, { batch: 3, seq: 2, heads: 3, headSize: 4 }, 'divide-by-sqrt', null)).toThrow(
      /mask is \[2,1,1,3\], expected \[3, 1, 1 or 2, 2\]/,
    );
    expect(() => fusedAttention(x, x, x, mask, { batch: 2, seq: 3, heads: 4, headSize: 4 }, 'divide-by-sqrt', null)).toThrow(
      /q is \[6,12\], expected \[6, 16\]/,
    );
    tf.dispose([x, mask]);
  });
});
