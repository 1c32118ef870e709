/**
 * The training step on real WebGPU: one fused-AdamW step against PyTorch's golden, bit-identical gradients across
 * runs (our embedding-gradient and dropout kernels against their CPU references), finite outputs for fully padded
 * rows, and flat GPU memory over 100 steps.
 */
import { describe, expect, it } from 'vitest';
import { bertConfig } from '../core/formats/hfConfig';
import { createFusedOptimizer } from '../gpu/optim';
import { gpuForTests } from '../testing/gpu';
import { initTfjsWebgpu } from '../gpu/tfjsBackend';
import { BertCrossEncoder, type EncodedBatch } from './bert';
import { dropoutMask } from './dropout';
import { embeddingGrad, embeddingGradOnCpu } from './embedding';
import { dropoutMaskOnCpu } from './random';
import { batchFromRows, loadTinyBert, tinyBertGolden } from '../testing/tinyBert';
import { computeGradients, trainStep } from './trainStep';

const available = await gpuForTests();

/** A very small random model and batch (SwiftShader is slow). Dropout on, to exercise the seeded masks. */
function tinyRandom(seed: number) {
  const config = bertConfig({
    vocabSize: 30,
    hiddenSize: 8,
    numLayers: 1,
    numHeads: 2,
    intermediateSize: 16,
    maxPositions: 16,
    hiddenDropout: 0.1,
    attentionDropout: 0.1,
  });
  const model = BertCrossEncoder.randomInit(config, seed);
  const batch: EncodedBatch = {
    batchSize: 4,
    seqLen: 8,
    inputIds: Int32Array.from([2, 5, 7, 3, 9, 9, 3, 0, 2, 4, 3, 11, 12, 3, 0, 0, 2, 6, 6, 6, 3, 1, 3, 0, 2, 8, 3, 10, 3, 0, 0, 0]),
    tokenTypeIds: Int32Array.from([0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 1, 1, 0, 0, 0]),
    attentionMask: Int32Array.from([1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 0, 0, 0]),
  };
  return { config, model, batch, labels: Float32Array.from([1, 0, 0, 1]) };
}

async function gradsAsArrays(grads: Record<string, import('@tensorflow/tfjs-core').Tensor>): Promise<Record<string, Float32Array>> {
  const out: Record<string, Float32Array> = {};
  for (const [name, g] of Object.entries(grads)) out[name] = Float32Array.from((await g.data()) as Float32Array);
  return out;
}

describe.skipIf(!available)('training step on WebGPU', () => {
  it("one fused AdamW step (lr 1e-3, wd 0.01 on every parameter, no clipping) gives PyTorch's logits_after", async () => {
    const tfw = await initTfjsWebgpu();
    const golden = tinyBertGolden();
    const { model } = loadTinyBert();
    const { lr, beta1, beta2, eps, weight_decay: weightDecay } = golden.adamw_step;
    const optimizer = createFusedOptimizer(tfw, model.parameters(), { name: 'adamw', beta1, beta2, eps, weightDecay, clipNorm: null, noDecay: () => false });
    const batch = batchFromRows(golden);
    const { loss } = await trainStep(model, optimizer, batch, Float32Array.from(golden.labels), { kind: 'bce' }, lr, { readLoss: true });
    expect(Math.abs(loss! - golden.loss)).toBeLessThan(1e-5);
    const logits = model.forward(batch, { training: false });
    const after = Array.from(await logits.data());
    const worst = Math.max(...after.map((v, i) => Math.abs(v - golden.adamw_step.logits_after[i])));
    console.log(`fused AdamW step: max |Δlogit_after| ${worst}`);
    expect(worst).toBeLessThan(1e-3);
    // The updated weights read back from the GPU (not tfjs's stale CPU cache) and written into another model in
    // place reproduce the same logits bit for bit.
    const { model: copy } = loadTinyBert();
    copy.importWeights(await model.exportWeights());
    const copied = copy.forward(batch, { training: false });
    expect(Array.from(await copied.data())).toEqual(after);
    logits.dispose();
    copied.dispose();
    copy.dispose();
    optimizer.dispose();
    model.dispose();
  });

  it('the embedding-gradient kernel equals the ordered CPU sum bit for bit, and dropout masks equal their CPU reference', async () => {
    const { tf } = await initTfjsWebgpu();
    const vocab = 37;
    const width = 5;
    const ids = Int32Array.from([3, 0, 3, 36, 3, 7, 0, 0, 12, 3, 36, 5, 5, 5, 5, 1, 3]);
    const dyValues = Float32Array.from({ length: ids.length * width }, (_, i) => Math.sin(i * 12.9898) * 43.758);
    const dy = tf.tensor2d(dyValues, [ids.length, width]);
    for (const paddingIdx of [undefined, 0, 5]) {
      const grad = embeddingGrad(dy, ids, vocab, width, paddingIdx);
      const expected = embeddingGradOnCpu(dyValues, ids, vocab, width, paddingIdx);
      expect(Float32Array.from((await grad.data()) as Float32Array)).toEqual(expected);
      if (paddingIdx !== undefined) expect(expected.subarray(paddingIdx * width, (paddingIdx + 1) * width).every((v) => v === 0)).toBe(true);
      grad.dispose();
    }
    const allPadding = embeddingGrad(dy, new Int32Array(ids.length), vocab, width, 0);
    expect(((await allPadding.data()) as Float32Array).every((v) => v === 0)).toBe(true);
    allPadding.dispose();
    const mask = dropoutMask([3, 7, 11], 0.25, 12345);
    const expected = dropoutMaskOnCpu(3 * 7 * 11, 0.25, 12345);
    expect(Float32Array.from((await mask.data()) as Float32Array)).toEqual(expected);
    const dropped = expected.filter((v) => v === 0).length / expected.length;
    expect(dropped).toBeGreaterThan(0.15);
    expect(dropped).toBeLessThan(0.35);
    tf.dispose([dy, mask]);
  });

  it('two forward+backward passes on the same batch give bit-identical gradients (golden model; tiny model with dropout)', async () => {
    const { tf } = await initTfjsWebgpu();
    const golden = tinyBertGolden();
    const { model } = loadTinyBert();
    const batch = batchFromRows(golden);
    const labels = Float32Array.from(golden.labels);
    const runs = [];
    for (let r = 0; r < 2; r++) {
      const { loss, grads } = computeGradients(model, batch, labels, { kind: 'bce' });
      runs.push(await gradsAsArrays(grads));
      loss.dispose();
      tf.dispose(Object.values(grads));
    }
    expect(runs[1]).toEqual(runs[0]);
    model.dispose();

    const tiny = tinyRandom(3);
    const withDropout = [];
    for (const seed of [77, 77, 78]) {
      const { loss, grads } = computeGradients(tiny.model, tiny.batch, tiny.labels, { kind: 'listwise', groupSize: 2 }, seed);
      withDropout.push(await gradsAsArrays(grads));
      loss.dispose();
      tf.dispose(Object.values(grads));
    }
    expect(withDropout[1]).toEqual(withDropout[0]);
    expect(withDropout[2]['bert.encoder.layer.0.intermediate.dense.weight']).not.toEqual(withDropout[0]['bert.encoder.layer.0.intermediate.dense.weight']);
    tiny.model.dispose();
  });

  it('a fully padded row gives finite logits and gradients, and leaves the other rows unchanged', async () => {
    const { tf } = await initTfjsWebgpu();
    const golden = tinyBertGolden();
    const { model } = loadTinyBert();
    const batch = batchFromRows(golden);
    const padded: EncodedBatch = { ...batch, attentionMask: batch.attentionMask.slice(), inputIds: batch.inputIds.slice() };
    padded.attentionMask.fill(0, 2 * batch.seqLen, 3 * batch.seqLen);
    padded.inputIds.fill(0, 2 * batch.seqLen, 3 * batch.seqLen);
    const logits = model.forward(padded, { training: false });
    const values = Array.from(await logits.data());
    expect(values.every(Number.isFinite)).toBe(true);
    values.forEach((v, i) => i !== 2 && expect(Math.abs(v - golden.logits[i])).toBeLessThan(1e-4));
    const { loss, grads } = computeGradients(model, padded, Float32Array.from(golden.labels), { kind: 'bce' });
    const arrays = await gradsAsArrays(grads);
    expect(Object.values(arrays).every((g) => g.every(Number.isFinite))).toBe(true);
    expect(Number.isFinite((await loss.data())[0])).toBe(true);
    tf.dispose([logits, loss, ...Object.values(grads)]);
    model.dispose();
  });

  it('GPU memory is flat across 100 training steps after warm-up', async () => {
    const tfw = await initTfjsWebgpu();
    const { tf } = tfw;
    const { model, batch, labels } = tinyRandom(5);
    const optimizer = createFusedOptimizer(tfw, model.parameters(), { name: 'lion', beta1: 0.9, beta2: 0.99, weightDecay: 0.1, clipNorm: 1 });
    const step = (i: number) => trainStep(model, optimizer, batch, labels, { kind: 'ranknet', groupSize: 2 }, 1e-3, { dropoutSeed: i, readLoss: i % 10 === 0 });
    for (let i = 0; i < 3; i++) await step(i);
    const before = tf.memory() as { numTensors: number; numBytesInGPU?: number; numBytesAllocatedInGPU?: number };
    let lastLoss = NaN;
    for (let i = 3; i < 103; i++) {
      const { loss } = await step(i);
      if (loss !== undefined) lastLoss = loss;
    }
    const after = tf.memory() as typeof before;
    console.log(
      `memory over 100 steps: tensors ${before.numTensors} → ${after.numTensors}, bytes in GPU ${before.numBytesInGPU} → ${after.numBytesInGPU}, allocated ${before.numBytesAllocatedInGPU} → ${after.numBytesAllocatedInGPU}`,
    );
    expect(Number.isFinite(lastLoss)).toBe(true);
    expect(after.numTensors).toBe(before.numTensors);
    expect(after.numBytesInGPU).toBe(before.numBytesInGPU);
    expect(after.numBytesAllocatedInGPU).toBe(before.numBytesAllocatedInGPU);
    expect(before.numBytesAllocatedInGPU).toBeGreaterThan(0);
    optimizer.dispose();
    model.dispose();
  });
});
