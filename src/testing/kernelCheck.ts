/**
 * Checks for our kernels against the tfjs-ops path they replace: seeded random tensors, the relative error
 * max |actual − expected| / max |expected|, value and every gradient of sum(f(inputs) · upstream), and the raw
 * bits of a result (for "the same bits on a second run").
 */
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';
import { seededNormal } from '../model/random';

export const KERNEL_TOLERANCE = 1e-5;

export function randomTensor(shape: number[], seed: string, scale = 1, offset = 0): tf.Tensor {
  const values = seededNormal(
    shape.reduce((a, b) => a * b, 1),
    scale,
    7,
    seed,
  ).map((v) => v + offset);
  return tf.tensor(values, shape);
}

/** max |actual − expected| / max |expected| (0 when both are all zeros); every actual value must be finite. */
export async function relativeError(actual: tf.Tensor, expected: tf.Tensor): Promise<number> {
  const a = (await actual.data()) as Float32Array;
  const e = (await expected.data()) as Float32Array;
  expect(a.length).toBe(e.length);
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    expect(Number.isFinite(a[i])).toBe(true);
    diff = Math.max(diff, Math.abs(a[i] - e[i]));
    scale = Math.max(scale, Math.abs(e[i]));
  }
  return scale === 0 ? diff : diff / scale;
}

export interface ValueAndGrads {
  value: tf.Tensor;
  grads: tf.Tensor[];
}

/** Value and gradients of sum(f(inputs) · upstream), so every output element gets a different upstream gradient. */
export function valueAndGrads(f: (...xs: tf.Tensor[]) => tf.Tensor, inputs: tf.Tensor[], upstream: tf.Tensor): ValueAndGrads {
  const value = f(...inputs);
  const grads = tf.grads((...xs: tf.Tensor[]) => tf.sum(tf.mul(f(...xs), upstream)))(inputs);
  return { value, grads };
}

export async function expectClose(own: ValueAndGrads, ref: ValueAndGrads, label: string, tolerance = KERNEL_TOLERANCE): Promise<void> {
  expect(await relativeError(own.value, ref.value), `${label} forward`).toBeLessThanOrEqual(tolerance);
  expect(own.grads.length).toBe(ref.grads.length);
  for (let i = 0; i < ref.grads.length; i++) {
    expect(own.grads[i].shape, `${label} gradient ${i} shape`).toEqual(ref.grads[i].shape);
    expect(await relativeError(own.grads[i], ref.grads[i]), `${label} gradient ${i}`).toBeLessThanOrEqual(tolerance);
  }
}

export async function bits(result: ValueAndGrads): Promise<number[][]> {
  return Promise.all([result.value, ...result.grads].map(async (t) => Array.from(new Uint32Array(((await t.data()) as Float32Array).slice().buffer))));
}

export function disposeAll(...results: ValueAndGrads[]): void {
  for (const r of results) tf.dispose([r.value, ...r.grads]);
}
