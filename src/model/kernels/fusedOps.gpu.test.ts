/**
 * Our fused kernels against the tfjs-ops path they replace, on real WebGPU: forward values and every gradient
 * within 1e-5 of the reference's largest magnitude (max |own − tfjs| ≤ 1e-5 · max |tfjs|), on random inputs and
 * edge shapes (one row, one column, widths that are not multiples of the workgroup, large offsets), the same bits
 * on a second run, and finite values where tanh and exp would overflow.
 */
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { initTfjsWebgpu } from '../../gpu/tfjsBackend';
import { gpuForTests } from '../../testing/gpu';
import { bits, expectClose, randomTensor, valueAndGrads } from '../../testing/kernelCheck';
import { dropout } from '../dropout';
import { erfGeluTfjs, layerNormTfjs } from '../layers';
import { bceWithLogits } from '../losses';
import { fusedBceWithLogits } from './bce';
import { withKernelPath } from './kernelPath';
import { fusedBiasGelu, fusedGeglu, fusedLayerNorm } from './fusedOps';

const available = await gpuForTests();
const random = randomTensor;

const SHAPES: [number, number][] = [
  [1, 1],
  [1, 7],
  [5, 1],
  [3, 33],
  [70, 65],
  [16, 384],
];

describe.skipIf(!available)('fused kernels match the tfjs path on WebGPU', () => {
  it.each(SHAPES)('residual + layer norm (with and without residual and bias), %i × %i', async (rows, cols) => {
    await initTfjsWebgpu();
    for (const residual of [true, false]) {
      for (const withBias of [true, false]) {
        const a = random([rows, cols], `a${rows}x${cols}`, 2, 3);
        const b = random([rows, cols], `b${rows}x${cols}`, 1);
        const weight = random([cols], `w${cols}`, 0.5, 1);
        const bias = random([cols], `bias${cols}`, 0.1);
        const upstream = random([rows, cols], `dy${rows}x${cols}`);
        const inputs = [a, ...(residual ? [b] : []), weight, ...(withBias ? [bias] : [])];
        const split = (xs: tf.Tensor[]) => {
          const [x, ...rest] = xs;
          const y = residual ? rest.shift() : undefined;
          return { x: x as tf.Tensor2D, y: y as tf.Tensor2D | undefined, w: rest[0], beta: withBias ? rest[1] : undefined };
        };
        const own = valueAndGrads(
          (...xs) => {
            const { x, y, w, beta } = split(xs);
            return fusedLayerNorm(x, y, 1e-12, w, beta);
          },
          inputs,
          upstream,
        );
        const ref = valueAndGrads(
          (...xs) => {
            const { x, y, w, beta } = split(xs);
            return layerNormTfjs((y ? tf.add(x, y) : x) as tf.Tensor2D, 1e-12, w, beta);
          },
          inputs,
          upstream,
        );
        await expectClose(own, ref, `layer norm ${rows}×${cols} residual=${residual} bias=${withBias}`);
        const again = valueAndGrads(
          (...xs) => {
            const { x, y, w, beta } = split(xs);
            return fusedLayerNorm(x, y, 1e-12, w, beta);
          },
          inputs,
          upstream,
        );
        expect(await bits(again)).toEqual(await bits(own));
        tf.dispose([a, b, weight, bias, upstream, own.value, ...own.grads, ref.value, ...ref.grads, again.value, ...again.grads]);
      }
    }
  });

  it.each(SHAPES)('bias + GELU, erf and tanh forms, %i × %i', async (rows, cols) => {
    await initTfjsWebgpu();
    const z = random([rows, cols], `z${rows}x${cols}`, 3);
    const bias = random([cols], `gb${cols}`, 0.5);
    const upstream = random([rows, cols], `gdy${rows}x${cols}`);
    const tanhGelu = (x: tf.Tensor) => tf.mul(tf.mul(x, 0.5), tf.add(tf.tanh(tf.mul(tf.add(x, tf.mul(tf.pow(x, 3), 0.044715)), Math.sqrt(2 / Math.PI))), 1));
    for (const form of ['erf', 'tanh'] as const) {
      const reference = form === 'erf' ? erfGeluTfjs : tanhGelu;
      const own = valueAndGrads((x, beta) => fusedBiasGelu(x as tf.Tensor2D, beta, form), [z, bias], upstream);
      const ref = valueAndGrads((x, beta) => reference(tf.add(x, beta)), [z, bias], upstream);
      await expectClose(own, ref, `bias + ${form} GELU ${rows}×${cols}`);
      const noBias = valueAndGrads((x) => fusedBiasGelu(x as tf.Tensor2D, undefined, form), [z], upstream);
      const noBiasRef = valueAndGrads((x) => reference(x), [z], upstream);
      await expectClose(noBias, noBiasRef, `${form} GELU ${rows}×${cols}`);
      const again = valueAndGrads((x, beta) => fusedBiasGelu(x as tf.Tensor2D, beta, form), [z, bias], upstream);
      expect(await bits(again)).toEqual(await bits(own));
      tf.dispose([
        own.value,
        ...own.grads,
        ref.value,
        ...ref.grads,
        noBias.value,
        ...noBias.grads,
        noBiasRef.value,
        ...noBiasRef.grads,
        again.value,
        ...again.grads,
      ]);
    }
    tf.dispose([z, bias, upstream]);
  });

  it('GELU stays finite where exp and tanh overflow, and equals x or 0 there', async () => {
    await initTfjsWebgpu();
    const z = tf.tensor2d([[-1e30, -1e4, -90, 90, 1e4, 1e30, 0]]);
    const plain = async (t: tf.Tensor) => Array.from(await t.data()).map((v) => v + 0); // -0 → 0
    for (const form of ['erf', 'tanh'] as const) {
      const { value, grads } = valueAndGrads((x) => fusedBiasGelu(x as tf.Tensor2D, undefined, form), [z], tf.onesLike(z));
      expect(await plain(value), form).toEqual([0, 0, 0, 90, 1e4, Math.fround(1e30), 0]);
      expect(await plain(grads[0]), form).toEqual([0, 0, 0, 1, 1, 1, 0.5]);
      tf.dispose([value, ...grads]);
    }
  });

  it('BCE with logits: loss and gradient as the tfjs ops compute them (gradient σ(x) − y, as in PyTorch)', async () => {
    await initTfjsWebgpu();
    const logits = tf.tensor1d([-30, -3.5, -0.25, 0.125, 2, 7.5, 40]);
    const labelValues = Float32Array.from([0, 1, 0.5, 1, 0, 1, 0]);
    const labels = tf.tensor1d(labelValues);
    const upstream = tf.scalar(1.5);
    const own = valueAndGrads((x) => fusedBceWithLogits(x as tf.Tensor1D, labels), [logits], upstream);
    const ref = await withKernelPath('tfjs', async () => valueAndGrads((x) => bceWithLogits(x as tf.Tensor1D, labelValues), [logits], upstream));
    await expectClose(own, ref, 'bce');
    tf.dispose([logits, labels, upstream, own.value, ...own.grads, ref.value, ...ref.grads]);
  });

  it('dropout on the own path drops the same elements as the tfjs path, forward and backward', async () => {
    await initTfjsWebgpu();
    const x = random([33, 70], 'dropx', 2);
    const upstream = random([33, 70], 'dropdy');
    const own = await withKernelPath('own', async () => valueAndGrads((t) => dropout(t, 0.3, 99), [x], upstream));
    const ref = await withKernelPath('tfjs', async () => valueAndGrads((t) => dropout(t, 0.3, 99), [x], upstream));
    // Equal values (x · 0 may be −0 on one path and 0 on the other; both are zero).
    expect(Array.from(await own.value.data()).map((v) => v + 0)).toEqual(Array.from(await ref.value.data()).map((v) => v + 0));
    expect(Array.from(await own.grads[0].data()).map((v) => v + 0)).toEqual(Array.from(await ref.grads[0].data()).map((v) => v + 0));
    const kept = (await own.value.data()).filter((v) => v !== 0).length / x.size;
    expect(kept).toBeGreaterThan(0.6);
    expect(kept).toBeLessThan(0.8);
    tf.dispose([x, upstream, own.value, ...own.grads, ref.value, ...ref.grads]);
  });

  it.each([
    [1, 2],
    [7, 66],
    [16, 1536],
  ])('GeGLU, either half through the GELU, %i × %i projection', async (rows, width) => {
    await initTfjsWebgpu();
    const combined = random([rows, width], `geglu${rows}x${width}`, 2);
    const upstream = random([rows, width / 2], `gegludy${rows}x${width}`);
    for (const half of ['first', 'second'] as const) {
      const own = valueAndGrads((x) => fusedGeglu(x as tf.Tensor2D, half), [combined], upstream);
      const ref = valueAndGrads(
        (x) => {
          const [first, second] = tf.split(x, 2, -1);
          return half === 'first' ? tf.mul(erfGeluTfjs(first), second) : tf.mul(erfGeluTfjs(second), first);
        },
        [combined],
        upstream,
      );
      await expectClose(own, ref, `GeGLU ${half} ${rows}×${width}`);
      tf.dispose([own.value, ...own.grads, ref.value, ...ref.grads]);
    }
    tf.dispose([combined, upstream]);
  });
});
