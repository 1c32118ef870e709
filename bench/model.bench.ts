/**
 * `npm run bench -- model [--embedding-only] [--vocab N] [--width N] [--tokens N] [--layers N] [--hidden N] [--heads N] [--batch N] [--seq N] [--steps N]`
 * (options in bench/options.ts: `--name value` or `--name=value`)
 * 1. The embedding gradient (dense [vocab, width] from dy [tokens, width]): our deterministic kernel
 *    (src/model/embeddingGrad.wgsl) against tfjs's own Gather gradient (UnsortedSegmentSum) and scatterND, with
 *    how many output elements differ between repeated runs of the same input (float atomics).
 * 2. A BERT cross-encoder training step (forward, forward+backward, full step with the fused AdamW), median
 *    wall time to GPU completion. Defaults are small enough for SwiftShader; MiniLM-L12-H384 is
 *    `--layers 12 --hidden 384 --heads 12 --batch 16 --seq 128`.
 */
import type { Tensor } from '@tensorflow/tfjs-core';
import { bertConfig } from '../src/core/formats/hfConfig';
import { createFusedOptimizer } from '../src/gpu/optim';
import { initTfjsWebgpu } from '../src/gpu/tfjsBackend';
import { BertCrossEncoder, computeGradients, embeddingGrad, trainStep, type EncodedBatch } from '../src/model';
import { parseModelBenchArgs } from './options';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function run(args: string[]): Promise<object> {
  const { embeddingOnly, vocab, width, tokens, layers, hidden, heads, batchSize, seqLen, steps } = parseModelBenchArgs(args);
  const tfw = await initTfjsWebgpu();
  const { tf, backend, device, facts } = tfw;
  const internals = backend as unknown as { ensureCommandEncoderReady(): void; endComputePassEncoder(): void; submitQueue(): void };
  const done = async () => {
    internals.ensureCommandEncoderReady();
    internals.endComputePassEncoder();
    internals.submitQueue();
    await device.queue.onSubmittedWorkDone();
  };
  const timed = async (body: () => Tensor | void): Promise<number> => {
    await done();
    const start = performance.now();
    const out = body();
    await done();
    const ms = performance.now() - start;
    if (out) out.dispose();
    return ms;
  };

  // 1. Embedding gradient.
  // Zipf-like ids with many repeats (padding, [CLS], [SEP], common words), as in real batches.
  const ids = Int32Array.from({ length: tokens }, (_, i) => (i % 8 === 0 ? 0 : i % 8 === 1 ? 101 : Math.floor((vocab - 1) * ((i * 0.6180339887) % 1) ** 3)));
  const dy = tf.tensor2d(
    Float32Array.from({ length: tokens * width }, (_, i) => Math.sin(i * 12.9898) * 0.01),
    [tokens, width],
  );
  const idsTensor = tf.tensor1d(ids, 'int32');
  const indices = tf.tensor2d(ids, [tokens, 1], 'int32');
  const variants: Record<string, () => Tensor> = {
    deterministicKernel: () => embeddingGrad(dy, ids, vocab, width),
    tfjsUnsortedSegmentSum: () => tf.unsortedSegmentSum(dy, idsTensor, vocab),
    tfjsScatterND: () => tf.scatterND(indices, dy, [vocab, width]),
  };
  const embedding: Record<string, object> = {};
  for (const [name, make] of Object.entries(variants)) {
    const times: number[] = [];
    for (let i = 0; i < steps + 1; i++) times.push(await timed(make));
    const results: Float32Array[] = [];
    for (let i = 0; i < 3; i++) {
      const t = make();
      results.push((await t.data()) as Float32Array);
      t.dispose();
    }
    let differing = 0;
    for (let j = 0; j < results[0].length; j++) if (results[1][j] !== results[0][j] || results[2][j] !== results[0][j]) differing++;
    embedding[name] = { medianMs: median(times.slice(1)), firstMs: times[0], elementsDifferingAcross3Runs: differing };
  }
  tf.dispose([dy, idsTensor, indices]);

  if (embeddingOnly) return { adapter: facts, embeddingGradient: { vocab, width, tokens, ...embedding } };

  // 2. Training step.
  const config = bertConfig({
    numLayers: layers,
    hiddenSize: hidden,
    numHeads: heads,
    intermediateSize: 4 * hidden,
    hiddenDropout: 0.1,
    attentionDropout: 0.1,
  });
  const model = BertCrossEncoder.randomInit(config, 1);
  const batch: EncodedBatch = {
    batchSize,
    seqLen,
    inputIds: Int32Array.from({ length: batchSize * seqLen }, (_, i) => (i % seqLen === 0 ? 101 : 1000 + ((i * 7919) % 28000))),
    tokenTypeIds: Int32Array.from({ length: batchSize * seqLen }, (_, i) => (i % seqLen > seqLen / 3 ? 1 : 0)),
    attentionMask: Int32Array.from({ length: batchSize * seqLen }, (_, i) => (i % seqLen < seqLen - (Math.floor(i / seqLen) % 4) * 5 ? 1 : 0)),
  };
  const labels = Float32Array.from({ length: batchSize }, (_, i) => i % 2);
  const optimizer = createFusedOptimizer(tfw, model.parameters(), { name: 'adamw', beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.01, clipNorm: 1 });
  const phases: Record<string, number[]> = { forward: [], forwardBackward: [], trainStepFusedAdamW: [] };
  for (let i = 0; i < steps + 1; i++) {
    phases.forward.push(await timed(() => model.forward(batch, { training: false })));
    phases.forwardBackward.push(
      await timed(() => {
        const { loss, grads } = computeGradients(model, batch, labels, { kind: 'bce' }, i);
        tf.dispose(Object.values(grads));
        return loss;
      }),
    );
    await done();
    const start = performance.now();
    await trainStep(model, optimizer, batch, labels, { kind: 'bce' }, 1e-5, { dropoutSeed: i });
    await done();
    phases.trainStepFusedAdamW.push(performance.now() - start);
  }
  optimizer.dispose();
  const parameters = model.parameterCount();
  model.dispose();
  return {
    adapter: facts,
    embeddingGradient: { vocab, width, tokens, ...embedding },
    trainStep: {
      config: { layers, hidden, heads, intermediate: 4 * hidden, batchSize, seqLen, parameters, dropout: 0.1 },
      firstStepMs: Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, v[0]])),
      medianMs: Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, median(v.slice(1))])),
    },
  };
}
