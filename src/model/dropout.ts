/**
 * Seeded dropout whose mask is computed on the GPU from (seed, element index) alone (dropoutMask.wgsl), so a
 * training step is reproducible bit for bit and nothing large is generated on the CPU. Off the WebGPU backend
 * the same mask is computed on the CPU (random.ts), so both paths drop the same elements.
 */
import * as tf from '@tensorflow/tfjs-core';
import maskSource from './dropoutMask.wgsl?raw';
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
    userCode: maskSource,
    uniforms: {
      declaration: 'seed : u32, threshold : u32, scale : f32,',
      values: [
        { type: 'uint32', data: [seed >>> 0] },
        { type: 'uint32', data: [dropoutThreshold(rate)] },
        { type: 'float32', data: [1 / (1 - rate)] },
      ],
    },
  });
}

/** x · mask / (1 − rate), or x itself when rate is 0. */
export function dropout(x: tf.Tensor, rate: number, seed: number): tf.Tensor {
  if (rate === 0) return x;
  return tf.tidy(() => tf.mul(x, dropoutMask(x.shape, rate, seed)));
}
