import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { parseGteConfig } from '../core/formats/hfConfig';
import { readShared, readSharedJson, sharedPath } from '../testing/shared';
import { useCpuBackend } from './cpuBackend.testutil';
import { GteCrossEncoder, gteRopeInvFreq } from './gte';
import { batchFromRows, type TinyBertGolden } from './testFixtures';

beforeAll(useCpuBackend);

describe('GTE cross-encoder (CPU backend)', () => {
  const config = parseGteConfig(readShared('golden/tiny-gte/config.json'));

  it('reads the GTE config and derives the NTK-scaled RoPE frequencies of the golden', () => {
    expect(config).toMatchObject({ vocabSize: 1000, hiddenSize: 32, numLayers: 3, numHeads: 4, intermediateSize: 48, typeVocabSize: 1, padTokenId: 1, ropeTheta: 20000, ropeNtkFactor: 8 });
    const expected = readSharedJson<{ rope_inv_freq: number[] }>('golden/tiny-gte/golden.json').rope_inv_freq;
    Array.from(gteRopeInvFreq(config)).forEach((v, i) => expect(Math.abs(v - expected[i]) / expected[i]).toBeLessThan(1e-12));
    expect(() => parseGteConfig({ ...JSON.parse(readShared('golden/tiny-gte/config.json')), rope_scaling: { type: 'linear', factor: 2 } })).toThrow(/field 'rope_scaling\.type'/);
    expect(() => parseGteConfig({ model_type: 'bert' })).toThrow(/field 'model_type'/);
  });

  it('reproduces the golden logits and reports a mismatched config by tensor name', async () => {
    const golden = readSharedJson<TinyBertGolden>('golden/tiny-gte/golden.json');
    const bytes = readFileSync(sharedPath('golden/tiny-gte/model.safetensors'));
    const { model } = GteCrossEncoder.fromSafetensors(config, bytes, { seed: 0 });
    const logits = model.forward(batchFromRows(golden), { training: false });
    Array.from(await logits.data()).forEach((v, i) => expect(Math.abs(v - golden.logits[i])).toBeLessThan(1e-4));
    tf.dispose(logits);
    model.dispose();
    expect(() => GteCrossEncoder.fromSafetensors({ ...config, intermediateSize: 40 }, bytes, { seed: 0 })).toThrow(/tensor 'new\.encoder\.layer\.0\.mlp\.up_gate_proj\.weight' has shape \[96, 32\] but config\.json implies \[80, 32\]/);
  });

  it('random init is seeded (same seed, same weights; padding row zero) and gives finite logits', async () => {
    const small = { ...config, vocabSize: 50, numLayers: 1 };
    const [a, b, c] = [1, 1, 2].map((seed) => GteCrossEncoder.randomInit(small, seed));
    const [wa, wb, wc] = await Promise.all([a, b, c].map((m) => m.exportWeights()));
    expect(wa).toEqual(wb);
    expect(wa).not.toEqual(wc);
    const embeddings = Object.entries(wa)[0][1];
    expect(embeddings.subarray(small.padTokenId * small.hiddenSize, (small.padTokenId + 1) * small.hiddenSize).every((v) => v === 0)).toBe(true);
    const batch = { batchSize: 2, seqLen: 4, inputIds: Int32Array.from([0, 5, 6, small.padTokenId, 0, 7, small.padTokenId, small.padTokenId]), tokenTypeIds: new Int32Array(8), attentionMask: Int32Array.from([1, 1, 1, 0, 1, 1, 0, 0]) };
    const logits = a.forward(batch, { training: false });
    expect(Array.from(await logits.data()).every(Number.isFinite)).toBe(true);
    tf.dispose(logits);
    [a, b, c].forEach((m) => m.dispose());
  });
});
