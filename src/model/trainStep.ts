/**
 * One training step: forward and backward in tfjs (tf.variableGrads), gradients handed to the fused optimizer,
 * which updates the parameters in place. Nothing is read back unless asked: the loss costs a GPU→CPU round trip.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { EncodedBatch } from './batch';
import type { ForwardOptions } from './layers';
import { computeLoss, type LossSpec } from './losses';

/** What trainStep needs from a model (BertCrossEncoder, GteCrossEncoder). */
export interface CrossEncoderModel {
  parameters(): { name: string; variable: tf.Variable }[];
  forward(batch: EncodedBatch, opts: ForwardOptions): tf.Tensor1D;
}

/** What trainStep needs from an optimizer (the fused AdamW/Lion of src/gpu/optim satisfies it). */
export interface GradientConsumer {
  step(grads: Record<string, tf.Tensor>, lr: number): void;
}

export interface StepOptions {
  /** Read the loss back to the CPU (one sync); otherwise `loss` is undefined. */
  readLoss?: boolean;
  /** Dropout seed for this step; required when the config has dropout. */
  dropoutSeed?: number;
}

/**
 * Loss and gradients by HF parameter name. The caller owns (and must dispose) the returned tensors.
 */
export function computeGradients(
  model: CrossEncoderModel,
  batch: EncodedBatch,
  labels: Float32Array,
  loss: LossSpec,
  dropoutSeed?: number,
): { loss: tf.Scalar; grads: Record<string, tf.Tensor> } {
  const params = model.parameters();
  const { value, grads } = tf.variableGrads(
    () =>
      tf.tidy(() => {
        const logits = model.forward(batch, { training: true, dropoutSeed });
        return computeLoss(logits, labels, loss);
      }),
    params.map((p) => p.variable),
  );
  const byName: Record<string, tf.Tensor> = {};
  for (const { name, variable } of params) byName[name] = grads[variable.name];
  return { loss: value, grads: byName };
}

export async function trainStep(
  model: CrossEncoderModel,
  optimizer: GradientConsumer,
  batch: EncodedBatch,
  labels: Float32Array,
  loss: LossSpec,
  lr: number,
  opts: StepOptions = {},
): Promise<{ loss?: number }> {
  const { loss: lossTensor, grads } = computeGradients(model, batch, labels, loss, opts.dropoutSeed);
  try {
    optimizer.step(grads, lr);
    if (!opts.readLoss) return {};
    return { loss: (await lossTensor.data())[0] };
  } finally {
    lossTensor.dispose();
    tf.dispose(Object.values(grads));
  }
}
