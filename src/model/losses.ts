/**
 * Ranking losses on cross-encoder logits [B]. All return a scalar mean, as PyTorch's reductions do.
 * Grouped losses take rows in consecutive groups of `groupSize` (one query's candidates per group).
 */
import * as tf from '@tensorflow/tfjs-core';
import { fusedBceWithLogits } from './kernels/bce';
import { usesOwnKernels } from './layers';

export type LossSpec =
  /** Binary cross-entropy on the logit against labels in [0, 1] (torch BCEWithLogitsLoss, mean). */
  | { kind: 'bce' }
  /** Softmax cross-entropy per group against labels/Σlabels; 1 positive + k negatives gives −log softmax(positive). */
  | { kind: 'listwise'; groupSize: number }
  /** RankNet: mean over every in-group pair with label_i > label_j of log(1 + exp(−(s_i − s_j))). */
  | { kind: 'ranknet'; groupSize: number };

function checkLabels(labels: Float32Array, batch: number, spec: LossSpec): void {
  if (labels.length !== batch) throw new Error(`${spec.kind} loss: ${labels.length} labels for ${batch} logits`);
  for (let i = 0; i < labels.length; i++) {
    if (!Number.isFinite(labels[i])) throw new Error(`${spec.kind} loss: label ${i} is ${labels[i]}`);
  }
  if (spec.kind === 'bce') {
    for (let i = 0; i < labels.length; i++) if (labels[i] < 0 || labels[i] > 1) throw new Error(`bce loss: label ${i} is ${labels[i]}, outside [0, 1]`);
    return;
  }
  const g = spec.groupSize;
  if (!(Number.isInteger(g) && g >= 2) || batch % g !== 0) throw new Error(`${spec.kind} loss: batch of ${batch} is not whole groups of ${g} (groupSize ≥ 2)`);
}

/** Numerically stable BCE with logits: max(x, 0) − x·y + log(1 + exp(−|x|)); one fused kernel on the `own` path. */
export function bceWithLogits(logits: tf.Tensor1D, labels: Float32Array): tf.Scalar {
  return tf.tidy(() => {
    const y = tf.tensor1d(labels);
    if (usesOwnKernels()) return fusedBceWithLogits(logits, y);
    const perRow = tf.add(tf.sub(tf.relu(logits), tf.mul(logits, y)), tf.log1p(tf.exp(tf.neg(tf.abs(logits)))));
    return tf.mean(perRow) as tf.Scalar;
  });
}

export function listwiseSoftmaxCE(logits: tf.Tensor1D, labels: Float32Array, groupSize: number): tf.Scalar {
  const groups = labels.length / groupSize;
  const target = new Float32Array(labels.length);
  for (let q = 0; q < groups; q++) {
    let total = 0;
    for (let j = 0; j < groupSize; j++) {
      const y = labels[q * groupSize + j];
      if (y < 0) throw new Error(`listwise loss: label ${q * groupSize + j} is negative (${y})`);
      total += y;
    }
    if (total <= 0) throw new Error(`listwise loss: group ${q} (rows ${q * groupSize}..${(q + 1) * groupSize - 1}) has no positive label`);
    for (let j = 0; j < groupSize; j++) target[q * groupSize + j] = labels[q * groupSize + j] / total;
  }
  return tf.tidy(() => {
    const logProbs = tf.logSoftmax(tf.reshape(logits, [groups, groupSize]), -1);
    const perGroup = tf.neg(tf.sum(tf.mul(tf.tensor2d(target, [groups, groupSize]), logProbs), -1));
    return tf.mean(perGroup) as tf.Scalar;
  });
}

export function rankNet(logits: tf.Tensor1D, labels: Float32Array, groupSize: number): tf.Scalar {
  const pairs: [number, number][] = [];
  for (let start = 0; start < labels.length; start += groupSize) {
    for (let i = start; i < start + groupSize; i++) {
      for (let j = start; j < start + groupSize; j++) if (labels[i] > labels[j]) pairs.push([i, j]);
    }
  }
  if (pairs.length === 0) throw new Error('ranknet loss: no group has two rows with different labels');
  // s_i − s_j as a ±1 matrix product rather than a gather: Gather's gradient accumulates with float atomics on
  // WebGPU (run-to-run bit differences); a matMul's is a fixed-order sum.
  const batch = labels.length;
  const signs = new Float32Array(pairs.length * batch);
  pairs.forEach(([i, j], row) => {
    signs[row * batch + i] = 1;
    signs[row * batch + j] = -1;
  });
  return tf.tidy(() => {
    const diff = tf.matMul(tf.tensor2d(signs, [pairs.length, batch]), tf.reshape(logits, [batch, 1]));
    // log(1 + exp(−d)) = softplus(−d), computed stably.
    const perPair = tf.add(tf.relu(tf.neg(diff)), tf.log1p(tf.exp(tf.neg(tf.abs(diff)))));
    return tf.mean(perPair) as tf.Scalar;
  });
}

export function computeLoss(logits: tf.Tensor1D, labels: Float32Array, spec: LossSpec): tf.Scalar {
  checkLabels(labels, logits.shape[0], spec);
  switch (spec.kind) {
    case 'bce':
      return bceWithLogits(logits, labels);
    case 'listwise':
      return listwiseSoftmaxCE(logits, labels, spec.groupSize);
    case 'ranknet':
      return rankNet(logits, labels, spec.groupSize);
  }
}
