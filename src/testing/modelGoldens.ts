/**
 * Test-only: the checks every model family's golden tests share (fixtures/golden/tiny-*), so BERT, GTE and
 * ModernBERT are held to the same tolerances against PyTorch.
 */
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';
import { createFusedOptimizer, type TfjsWebgpu } from '../gpu/optim';
import type { EncodedBatch } from '../model/batch';
import type { TinyBertGolden } from './tinyBert';
import { computeGradients, trainStep, type CrossEncoderModel } from '../model/trainStep';

type Golden = Pick<TinyBertGolden, 'labels' | 'logits' | 'loss' | 'grad_norms' | 'grads_sample' | 'adamw_step'>;

/**
 * On the tfjs webgpu backend: logits within 1e-4, the BCE loss within 1e-5, every gradient norm within 1e-3 relative and
 * every sampled gradient value within 1e-4 of PyTorch's; with `adamwStep`, the logits after one fused AdamW step with the
 * golden's hyperparameters within 1e-4 too. Gradients named by `isExactlyZero` must instead be below 1e-6. Logs the worst
 * differences under `label` and disposes the model.
 */
export async function expectMatchesGoldenOnWebgpu(
  tfw: TfjsWebgpu,
  model: CrossEncoderModel & { dispose(): void },
  batch: EncodedBatch,
  golden: Golden,
  opts: { label: string; adamwStep: boolean; isExactlyZero?: (name: string) => boolean },
): Promise<void> {
  const logits = model.forward(batch, { training: false });
  const got = Array.from(await logits.data());
  logits.dispose();
  got.forEach((v, i) => expect(Math.abs(v - golden.logits[i]), `logits[${i}]`).toBeLessThan(1e-4));
  const worstLogit = Math.max(...got.map((v, i) => Math.abs(v - golden.logits[i])));

  const labels = Float32Array.from(golden.labels);
  const { loss, grads } = computeGradients(model, batch, labels, { kind: 'bce' });
  expect(Math.abs((await loss.data())[0] - golden.loss)).toBeLessThan(1e-5);
  let worstNorm = 0;
  let worstSample = 0;
  for (const [name, norm] of Object.entries(golden.grad_norms)) {
    const values = (await grads[name].data()) as Float32Array;
    const mine = Math.sqrt(values.reduce((s, v) => s + v * v, 0));
    if (opts.isExactlyZero?.(name)) {
      expect(mine, name).toBeLessThan(1e-6);
      continue;
    }
    worstNorm = Math.max(worstNorm, Math.abs(mine - norm) / norm);
    expect(Math.abs(mine - norm) / norm, name).toBeLessThan(1e-3);
    (golden.grads_sample[name] ?? []).forEach((v, i) => {
      worstSample = Math.max(worstSample, Math.abs(values[i] - v));
      expect(Math.abs(values[i] - v), `${name}[${i}]`).toBeLessThan(1e-4);
    });
  }
  loss.dispose();
  tf.dispose(Object.values(grads));
  let summary = `${opts.label}: max |Δlogit| ${worstLogit}, worst grad-norm rel ${worstNorm}, worst grads_sample abs ${worstSample}`;

  if (opts.adamwStep) {
    const { lr, beta1, beta2, eps, weight_decay: weightDecay } = golden.adamw_step;
    const optimizer = createFusedOptimizer(tfw, model.parameters(), { name: 'adamw', beta1, beta2, eps, weightDecay, clipNorm: null, noDecay: () => false });
    await trainStep(model, optimizer, batch, labels, { kind: 'bce' }, lr);
    const after = model.forward(batch, { training: false });
    const worstAfter = Math.max(...Array.from(await after.data()).map((v, i) => Math.abs(v - golden.adamw_step.logits_after[i])));
    summary += `, max |Δlogit_after| ${worstAfter}`;
    expect(worstAfter).toBeLessThan(1e-4);
    after.dispose();
    optimizer.dispose();
  }
  console.log(summary);
  model.dispose();
}

/**
 * Random init is seeded (same seed, same weights; another seed, other weights), the padding row of the first
 * parameter (the word embeddings) is zero, and a padded batch gives finite logits. Disposes the models.
 */
export async function expectSeededRandomInit<M extends CrossEncoderModel & { exportWeights(): Promise<Record<string, Float32Array>>; dispose(): void }>(
  randomInit: (seed: number) => M,
  config: { hiddenSize: number; padTokenId: number },
): Promise<void> {
  const [a, b, c] = [1, 1, 2].map(randomInit);
  const [wa, wb, wc] = await Promise.all([a, b, c].map((m) => m.exportWeights()));
  expect(wa).toEqual(wb);
  expect(wa).not.toEqual(wc);
  const embeddings = Object.entries(wa)[0][1];
  expect(embeddings.subarray(config.padTokenId * config.hiddenSize, (config.padTokenId + 1) * config.hiddenSize).every((v) => v === 0)).toBe(true);
  const pad = config.padTokenId;
  const batch = {
    batchSize: 2,
    seqLen: 4,
    inputIds: Int32Array.from([0, 5, 6, pad, 0, 7, pad, pad]),
    tokenTypeIds: new Int32Array(8),
    attentionMask: Int32Array.from([1, 1, 1, 0, 1, 1, 0, 0]),
  };
  const logits = a.forward(batch, { training: false });
  expect(Array.from(await logits.data()).every(Number.isFinite)).toBe(true);
  tf.dispose(logits);
  [a, b, c].forEach((m) => m.dispose());
}
