/**
 * Seeded dropout whose mask is computed on the GPU from (seed, element index) alone (dropoutMask.wgsl), so a
 * training step is reproducible bit for bit and nothing large is generated on the CPU. Off the WebGPU backend
 * the same mask is computed on the CPU (random.ts), so both paths drop the same elements.
 */
import * as tf from '@tensorflow/tfjs-core';
import applySource from './dropoutApply.wgsl?raw';
import maskSource from './dropoutMask.wgsl?raw';
import { kernelPath } from './kernels/kernelPath';
import hashSource from './pcgHash.wgsl?raw';
import { dropoutMaskOnCpu, dropoutThreshold } from './random';
import { activeWebGpuBackend, runFlatProgram } from './webgpuProgram';

export function dropoutMask(shape: number[], rate: number, seed: number): tf.Tensor {
  if (!(rate >= 0 && rate < 1)) throw new RangeError(`dropout rate ${rate} must be in [0, 1)`);
  const backend = activeWebGpuBackend();
  const count = shape.reduce((a, b) => a * b, 1);
  if (!backend) return tf.tensor(dropoutMaskOnCpu(count, rate, seed >>> 0), shape);
  return runFlatProgram(backend, {
    key: 'rerankLabDropoutMask',
    outputShape: shape,
    inputs: {},
    userCode: hashSource + maskSource,
    uniforms: maskUniforms(rate, seed),
  });
}

function maskUniforms(rate: number, seed: number) {
  return {
    declaration: 'seed : u32, threshold : u32, scale : f32,',
    values: [
      { type: 'uint32' as const, data: [seed >>> 0] },
      { type: 'uint32' as const, data: [dropoutThreshold(rate)] },
      { type: 'float32' as const, data: [1 / (1 - rate)] },
    ],
  };
}

/**
 * x · mask / (1 − rate), or x itself when rate is 0. On the `own` kernel path (WebGPU) one kernel draws the mask
 * and multiplies, forward and backward (2 dispatches instead of 3, no mask tensor); the same values either way.
 */
export function dropout(x: tf.Tensor, rate: number, seed: number): tf.Tensor {
  if (rate === 0) return x;
  const backend = activeWebGpuBackend();
  if (!backend || kernelPath() !== 'own') return tf.tidy(() => tf.mul(x, dropoutMask(x.shape, rate, seed)));
  if (!(rate > 0 && rate < 1)) throw new RangeError(`dropout rate ${rate} must be in [0, 1)`);
  const apply = (t: tf.Tensor) =>
    runFlatProgram(backend, {
      key: 'rerankLabDropoutApply',
      outputShape: t.shape,
      inputs: { x: t },
      userCode: hashSource + applySource,
      uniforms: maskUniforms(rate, seed),
    });
  const op = tf.customGrad(((input: tf.Tensor) => ({ value: apply(input), gradFunc: (dy: tf.Tensor) => apply(dy) })) as unknown as Parameters<
    typeof tf.customGrad
  >[0]);
  return (op as unknown as (t: tf.Tensor) => tf.Tensor)(x);
}
