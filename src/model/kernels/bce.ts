/**
 * Fused binary cross-entropy with logits (the `own` kernel path's BCE): one dispatch forward, one backward, in
 * place of tfjs's chain of about nine elementwise ops and their gradients. Sums in row order: deterministic.
 */
import * as tf from '@tensorflow/tfjs-core';
import gradSource from './bceGrad.wgsl?raw';
import lossSource from './bceLoss.wgsl?raw';
import { activeWebGpuBackend, runFlatProgram } from '../webgpuProgram';

export function fusedBceWithLogits(logits: tf.Tensor1D, labels: tf.Tensor1D): tf.Scalar {
  const backend = activeWebGpuBackend();
  if (!backend) throw new Error('fusedBceWithLogits: our kernels need the webgpu backend');
  const rows = logits.size;
  if (labels.size !== rows) throw new Error(`fusedBceWithLogits: ${labels.size} labels for ${rows} logits`);
  const op = tf.customGrad(((x: tf.Tensor, save: (t: tf.Tensor[]) => void) => {
    const value = runFlatProgram(backend, {
      key: 'rerankLabBceLoss',
      outputShape: [],
      inputs: { logits: x, labels },
      userCode: lossSource,
      uniforms: { declaration: 'rows : i32,', values: [{ type: 'int32', data: [rows] }] },
    });
    save([x, labels]);
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]) =>
      runFlatProgram(backend, { key: 'rerankLabBceGrad', outputShape: [rows], inputs: { logits: saved[0], labels: saved[1], dy }, userCode: gradSource });
    return { value, gradFunc };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return (op as unknown as (t: tf.Tensor) => tf.Tensor)(logits) as tf.Scalar;
}
