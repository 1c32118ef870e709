import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { parseModernBertConfig } from '../core/formats/hfConfig';
import { parseSafetensors, writeSafetensors, type TensorToWrite } from '../core/formats/safetensors';
import { readShared, readSharedJson, sharedPath } from '../testing/shared';
import { useCpuBackend } from '../testing/cpuBackend';
import { expectSeededRandomInit } from '../testing/modelGoldens';
import { isGlobalLayer, ModernBertCrossEncoder } from './modernbert';
import { batchFromRows, type TinyBertGolden } from '../testing/tinyBert';

beforeAll(useCpuBackend);

type ModernBertGolden = Omit<TinyBertGolden, 'token_type_ids'> & { logits_by_pooling: { mean: number[]; cls: number[] }; layer_types: string[] };

function modernBertGolden() {
  const golden = readSharedJson<ModernBertGolden>('golden/tiny-modernbert/golden.json');
  const batch = batchFromRows({ ...golden, token_type_ids: golden.input_ids.map((row) => row.map(() => 0)) });
  return { golden, batch };
}

describe('ModernBERT cross-encoder (CPU backend)', () => {
  const configJson = JSON.parse(readShared('golden/tiny-modernbert/config.json'));
  const config = parseModernBertConfig(configJson);
  const bytes = readFileSync(sharedPath('golden/tiny-modernbert/model.safetensors'));

  it('reads the config: norm_eps, thetas, global every 2 layers, mean pooling; refuses biases', () => {
    expect(config).toMatchObject({
      normEps: 1e-5,
      globalRopeTheta: 160000,
      localRopeTheta: 10000,
      globalAttnEveryNLayers: 2,
      localAttention: 8,
      pooling: 'mean',
      padTokenId: 50283,
    });
    const { golden } = modernBertGolden();
    expect([0, 1, 2].map((l) => (isGlobalLayer(config, l) ? 'full_attention' : 'sliding_attention'))).toEqual(golden.layer_types);
    expect(() => parseModernBertConfig({ ...configJson, mlp_bias: true })).toThrow(/field 'mlp_bias': mlp_bias must be false/);
    expect(() => parseModernBertConfig({ ...configJson, classifier_pooling: 'max' })).toThrow(/field 'classifier_pooling'/);
  });

  it('reproduces the golden logits with mean pooling and with [CLS] pooling', async () => {
    const { golden, batch } = modernBertGolden();
    for (const pooling of ['mean', 'cls'] as const) {
      const { model, report } = ModernBertCrossEncoder.fromSafetensors({ ...config, pooling }, bytes, { seed: 0 });
      expect(report.missing).toEqual([]);
      const logits = model.forward(batch, { training: false });
      const got = Array.from(await logits.data());
      got.forEach((v, i) => expect(Math.abs(v - golden.logits_by_pooling[pooling][i]), `${pooling}[${i}]`).toBeLessThan(1e-4));
      tf.dispose(logits);
      model.dispose();
    }
  });

  it('loads an MLM-style checkpoint (no classifier) with a seeded fresh classifier; shape mismatches name the tensor', () => {
    const file = parseSafetensors(bytes);
    const tensors: Record<string, TensorToWrite> = { 'decoder.bias': { shape: [3], data: new Float32Array(3) } };
    for (const e of file.entries) if (!e.name.startsWith('classifier.')) tensors[e.name] = { shape: e.shape, data: file.readFloat32(e.name) };
    const { model, report } = ModernBertCrossEncoder.fromSafetensors(config, writeSafetensors(tensors), { seed: 3 });
    expect(report).toEqual({
      missing: ['classifier.weight', 'classifier.bias'],
      initialisedFresh: ['classifier.weight', 'classifier.bias'],
      unexpected: ['decoder.bias'],
      ignored: [],
    });
    model.dispose();
    expect(() => ModernBertCrossEncoder.fromSafetensors({ ...config, intermediateSize: 40 }, bytes, { seed: 0 })).toThrow(
      /tensor 'model\.layers\.0\.mlp\.Wi\.weight' has shape \[96, 32\] but config\.json implies \[80, 32\]/,
    );
  });

  it('random init is seeded (same seed, same weights; padding row zero) and gives finite logits', async () => {
    const small = { ...config, vocabSize: 60, padTokenId: 59, numLayers: 2 };
    await expectSeededRandomInit((seed) => ModernBertCrossEncoder.randomInit(small, seed), small);
  });
});
