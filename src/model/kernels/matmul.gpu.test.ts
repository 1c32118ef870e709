/**
 * Our matmul and linear layer against tfjs's matMul on real WebGPU: NN and TN forms with and without bias, and
 * `ownLinear` (x · Wᵀ + b) with its gradients for x, W and b, within 1e-5 relative; edge shapes (one row, rows
 * not a multiple of the 16-row block, an odd number of vec4 columns for the column pairs, long inner sums);
 * the same bits on a second run; and a clear error for N not a multiple of 4.
 */
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { initTfjsWebgpu } from '../../gpu/tfjsBackend';
import { gpuForTests } from '../../testing/gpu';
import { bits, disposeAll, expectClose, KERNEL_TOLERANCE, randomTensor, relativeError, valueAndGrads } from '../../testing/kernelCheck';
import { matmul, ownLinear } from './matmul';

const available = await gpuForTests();

// [rows, in, out]
const SHAPES: [number, number, number][] = [
  [1, 4, 4],
  [3, 5, 8],
  [9, 33, 260],
  [70, 384, 96],
  [17, 1536, 12],
];
// linear needs in and out to be multiples of 4 (fitsOwnLinear); the layers fall back to tfjs otherwise.
const LINEAR_SHAPES: [number, number, number][] = [
  [1, 4, 4],
  [9, 36, 260],
  [70, 384, 96],
  [17, 1536, 12],
];

describe.skipIf(!available)('our matmul matches tfjs on WebGPU', () => {
  it.each(SHAPES)('op(A) · B (+ bias), NN and TN, %i × %i × %i', async (m, k, n) => {
    await initTfjsWebgpu();
    const a = randomTensor([m, k], `a${m}x${k}`) as tf.Tensor2D;
    const aT = tf.transpose(a) as tf.Tensor2D;
    const b = randomTensor([k, n], `b${k}x${n}`) as tf.Tensor2D;
    const bias = randomTensor([n], `bias${n}`);
    const expected = tf.matMul(a, b);
    const expectedBias = tf.add(expected, bias);
    const cases: [string, tf.Tensor, tf.Tensor][] = [
      ['NN', matmul(a, b), expected],
      ['TN', matmul(aT, b, { transposeA: true }), expected],
      ['NN + bias', matmul(a, b, { bias }), expectedBias],
      ['TN + bias', matmul(aT, b, { transposeA: true, bias }), expectedBias],
    ];
    for (const [label, actual, reference] of cases) {
      expect(actual.shape, label).toEqual([m, n]);
      expect(await relativeError(actual, reference), label).toBeLessThanOrEqual(KERNEL_TOLERANCE);
    }
    tf.dispose([a, aT, b, bias, expected, expectedBias, ...cases.map((c) => c[1])]);
  });

  it.each(LINEAR_SHAPES)('linear x · Wᵀ + b and its gradients, %i × %i → %i', async (rows, inSize, outSize) => {
    await initTfjsWebgpu();
    const x = randomTensor([rows, inSize], `x${rows}x${inSize}`, 2);
    const w = randomTensor([outSize, inSize], `w${outSize}x${inSize}`, 0.1);
    const bias = randomTensor([outSize], `b${outSize}`, 0.1);
    const upstream = randomTensor([rows, outSize], `dy${rows}x${outSize}`);
    const own = valueAndGrads((xs, ws, bs) => ownLinear(xs as tf.Tensor2D, ws as tf.Tensor2D, bs), [x, w, bias], upstream);
    const ref = valueAndGrads((xs, ws, bs) => tf.add(tf.matMul(xs, ws, false, true), bs), [x, w, bias], upstream);
    await expectClose(own, ref, `linear ${rows}×${inSize}→${outSize}`);
    const noBias = valueAndGrads((xs, ws) => ownLinear(xs as tf.Tensor2D, ws as tf.Tensor2D), [x, w], upstream);
    const noBiasRef = valueAndGrads((xs, ws) => tf.matMul(xs, ws, false, true), [x, w], upstream);
    await expectClose(noBias, noBiasRef, `linear without bias ${rows}×${inSize}→${outSize}`);
    const again = valueAndGrads((xs, ws, bs) => ownLinear(xs as tf.Tensor2D, ws as tf.Tensor2D, bs), [x, w, bias], upstream);
    expect(await bits(again)).toEqual(await bits(own));
    disposeAll(own, ref, noBias, noBiasRef, again);
    tf.dispose([x, w, bias, upstream]);
  });

  it('refuses N that is not a multiple of 4, and mismatched inner sizes, naming the shapes', async () => {
    await initTfjsWebgpu();
    const a = tf.zeros([2, 3]) as tf.Tensor2D;
    expect(() => matmul(a, tf.zeros([3, 6]) as tf.Tensor2D)).toThrow(/N = 6 must be a multiple of 4/);
    expect(() => matmul(a, tf.zeros([4, 8]) as tf.Tensor2D)).toThrow(/inner sizes differ \(A \[2, 3\] · B \[4, 8\]\)/);
    tf.dispose(a);
  });
});
