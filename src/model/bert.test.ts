/**
 * Loading, initialisation and export of the BERT cross-encoder, on tfjs's CPU backend (no GPU needed).
 * The GPU path is checked against the same golden in bert.gpu.test.ts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { bertConfig } from '../core/formats/hfConfig';
import { parseSafetensors, writeSafetensors, type TensorToWrite } from '../core/formats/safetensors';
import { BertCrossEncoder, bertParameterSpecs } from './bert';
import { useCpuBackend } from '../testing/cpuBackend';
import { batchFromRows, loadTinyBert, tinyBertGolden } from '../testing/tinyBert';

beforeAll(useCpuBackend);

/** The golden checkpoint's tensors, renamed/filtered, written back as a new file. */
function rewrite(bytes: Uint8Array, edit: (name: string) => string | null, extra: Record<string, TensorToWrite> = {}): Uint8Array {
  const file = parseSafetensors(bytes);
  const out: Record<string, TensorToWrite> = { ...extra };
  for (const e of file.entries) {
    const name = edit(e.name);
    if (name !== null) out[name] = { shape: e.shape, data: file.readFloat32(e.name) };
  }
  return writeSafetensors(out);
}

describe('BertCrossEncoder on the CPU backend', () => {
  it('reproduces the golden logits (HF BertForSequenceClassification)', async () => {
    const g = tinyBertGolden();
    const { model } = loadTinyBert();
    const logits = model.forward(batchFromRows(g), { training: false });
    const got = Array.from(await logits.data());
    got.forEach((v, i) => expect(Math.abs(v - g.logits[i])).toBeLessThan(1e-4));
    tf.dispose(logits);
    model.dispose();
  });

  it('loads an encoder-only checkpoint without the bert. prefix, with a seeded fresh head and reported extras', async () => {
    const { config, bytes } = loadTinyBert();
    const encoderOnly = rewrite(
      bytes,
      (n) =>
        n.startsWith('classifier.') || n.startsWith('bert.pooler.')
          ? null
          : n.replace(/^bert\./, '').replace(/embeddings\.LayerNorm\.weight$/, 'embeddings.LayerNorm.gamma'),
      {
        'cls.predictions.bias': { shape: [4], data: new Float32Array(4) },
        'embeddings.position_ids': { shape: [2], data: new Float32Array(2) },
      },
    );
    const { model, report } = BertCrossEncoder.fromSafetensors(config, encoderOnly, { seed: 7 });
    const head = ['bert.pooler.dense.weight', 'bert.pooler.dense.bias', 'classifier.weight', 'classifier.bias'];
    expect(report).toEqual({ missing: head, initialisedFresh: head, unexpected: ['cls.predictions.bias'], ignored: ['embeddings.position_ids'] });

    const weights = await model.exportWeights();
    const original = parseSafetensors(bytes);
    expect(weights['bert.encoder.layer.1.output.dense.weight']).toEqual(original.readFloat32('bert.encoder.layer.1.output.dense.weight'));
    expect(weights['bert.embeddings.LayerNorm.weight']).toEqual(original.readFloat32('bert.embeddings.LayerNorm.weight')); // from '…LayerNorm.gamma'
    // The fresh head is HF's init from the seed: the same as a random model's head with that seed, different for another seed.
    const random = BertCrossEncoder.randomInit(config, 7);
    const randomWeights = await random.exportWeights();
    expect(weights['classifier.weight']).toEqual(randomWeights['classifier.weight']);
    expect(weights['classifier.bias']).toEqual(new Float32Array(1));
    const other = BertCrossEncoder.fromSafetensors(config, encoderOnly, { seed: 8 }).model;
    expect((await other.exportWeights())['classifier.weight']).not.toEqual(weights['classifier.weight']);
    [model, random, other].forEach((m) => m.dispose());
  });

  it('refuses a checkpoint whose shapes do not match config.json, naming the tensor', () => {
    const { config, bytes } = loadTinyBert();
    expect(() => BertCrossEncoder.fromSafetensors({ ...config, intermediateSize: 48 }, bytes, { seed: 0 })).toThrow(
      /model\.safetensors: tensor 'bert\.encoder\.layer\.0\.intermediate\.dense\.weight' has shape \[64, 32\] but config\.json implies \[48, 32\]/,
    );
    expect(() => BertCrossEncoder.fromSafetensors({ ...config, vocabSize: 30000 }, bytes, { seed: 0 })).toThrow(
      /'bert\.embeddings\.word_embeddings\.weight' has shape \[30522, 32\].*\[30000, 32\]/,
    );
  });

  it('refuses missing encoder tensors, duplicate names and truncated files; reports layers beyond the config', () => {
    const { config, bytes } = loadTinyBert();
    expect(() => BertCrossEncoder.fromSafetensors({ ...config, numLayers: 3 }, bytes, { seed: 0 })).toThrow(
      /16 encoder tensor\(s\) missing.*num_hidden_layers=3.*'bert\.encoder\.layer\.2\.attention\.self\.query\.weight'/,
    );
    const duplicated = rewrite(bytes, (n) => n, { 'pooler.dense.bias': { shape: [32], data: new Float32Array(32) } });
    expect(() => BertCrossEncoder.fromSafetensors(config, duplicated, { seed: 0 })).toThrow(
      /'bert\.pooler\.dense\.bias' and 'pooler\.dense\.bias' are the same parameter/,
    );
    expect(() => BertCrossEncoder.fromSafetensors(config, bytes.subarray(0, bytes.length - 100), { seed: 0, source: 'tiny/model.safetensors' })).toThrow(
      /^tiny\/model\.safetensors: tensor 'classifier\.weight'.*past the end.*truncated/,
    );
    const { model, report } = BertCrossEncoder.fromSafetensors({ ...config, numLayers: 1 }, bytes, { seed: 0 });
    expect(report.unexpected).toHaveLength(16);
    expect(report.unexpected.every((n) => n.startsWith('bert.encoder.layer.1.'))).toBe(true);
    model.dispose();
  });

  it('initialises like HF: normal(0, initializer_range), LayerNorm 1/0, zero biases, zero padding row; seeded', async () => {
    const config = bertConfig({ hiddenSize: 64, numLayers: 1, numHeads: 4, intermediateSize: 128, vocabSize: 500, padTokenId: 3, initializerRange: 0.05 });
    const model = BertCrossEncoder.randomInit(config, 123);
    const w = await model.exportWeights();
    expect(Object.keys(w)).toEqual(bertParameterSpecs(config).map((s) => s.name));
    const word = w['bert.embeddings.word_embeddings.weight'];
    expect(word.subarray(3 * 64, 4 * 64).every((v) => v === 0)).toBe(true);
    const q = w['bert.encoder.layer.0.intermediate.dense.weight'];
    const mean = q.reduce((s, v) => s + v, 0) / q.length;
    const std = Math.sqrt(q.reduce((s, v) => s + (v - mean) ** 2, 0) / q.length);
    expect(Math.abs(mean)).toBeLessThan(0.003);
    expect(Math.abs(std - 0.05)).toBeLessThan(0.002);
    expect(w['bert.encoder.layer.0.output.LayerNorm.weight'].every((v) => v === 1)).toBe(true);
    expect(w['bert.encoder.layer.0.output.LayerNorm.bias'].every((v) => v === 0)).toBe(true);
    expect(w['bert.encoder.layer.0.attention.self.query.bias'].every((v) => v === 0)).toBe(true);
    const again = BertCrossEncoder.randomInit(config, 123);
    expect((await again.exportWeights())['bert.encoder.layer.0.attention.self.key.weight']).toEqual(w['bert.encoder.layer.0.attention.self.key.weight']);
    const differentSeed = BertCrossEncoder.randomInit(config, 124);
    expect((await differentSeed.exportWeights())['bert.encoder.layer.0.attention.self.key.weight']).not.toEqual(
      w['bert.encoder.layer.0.attention.self.key.weight'],
    );
    [model, again, differentSeed].forEach((m) => m.dispose());
  });

  it('exports a safetensors file that loads back to the same weights, and imports weights by name', async () => {
    const config = bertConfig({ hiddenSize: 8, numLayers: 1, numHeads: 2, intermediateSize: 16, vocabSize: 40 });
    const model = BertCrossEncoder.randomInit(config, 1);
    const exported = await model.exportSafetensors();
    const { model: loaded, report } = BertCrossEncoder.fromSafetensors(config, exported, { seed: 99 });
    expect(report.missing).toEqual([]);
    expect(await loaded.exportWeights()).toEqual(await model.exportWeights());
    const other = BertCrossEncoder.randomInit(config, 2);
    other.importWeights(await model.exportWeights());
    expect(await other.exportWeights()).toEqual(await model.exportWeights());
    expect(() => other.importWeights({ 'classifier.bias': new Float32Array(1) })).toThrow(/importWeights: missing bert\.embeddings/);
    [model, loaded, other].forEach((m) => m.dispose());
    expect(() => model.parameters()).toThrow(/after dispose/);
  });

  it('validates batches: ids outside the vocabulary, lengths, masks, positions', () => {
    const config = bertConfig({ hiddenSize: 8, numLayers: 1, numHeads: 2, intermediateSize: 16, vocabSize: 40, maxPositions: 4 });
    const model = BertCrossEncoder.randomInit(config, 1);
    const batch = {
      inputIds: Int32Array.from([1, 2, 3, 4]),
      tokenTypeIds: new Int32Array(4),
      attentionMask: new Int32Array(4).fill(1),
      batchSize: 1,
      seqLen: 4,
    };
    expect(() => model.forward({ ...batch, inputIds: Int32Array.from([1, 2, 40, 4]) }, { training: false })).toThrow(
      /input id 40 at position 2 is outside the embedding table \(0\.\.39\)/,
    );
    expect(() => model.forward({ ...batch, tokenTypeIds: Int32Array.from([0, 0, 2, 0]) }, { training: false })).toThrow(/token type id 2/);
    expect(() => model.forward({ ...batch, seqLen: 5, batchSize: 1 }, { training: false })).toThrow(/seqLen 5 exceeds max_position_embeddings 4/);
    expect(() => model.forward({ ...batch, attentionMask: Int32Array.from([1, 1, 2, 0]) }, { training: false })).toThrow(/attentionMask\[2\] is 2/);
    expect(() => model.forward({ ...batch, batchSize: 2 }, { training: false })).toThrow(/inputIds has 4 values, expected batchSize × seqLen = 8/);
    model.dispose();
  });
});
