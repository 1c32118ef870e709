import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { parseGteConfig } from '../core/formats/hfConfig';
import { readShared, readSharedJson, sharedPath } from '../testing/shared';
import { useCpuBackend } from '../testing/cpuBackend';
import { expectSeededRandomInit } from '../testing/modelGoldens';
import { GteCrossEncoder, gteRopeInvFreq } from './gte';
import { batchFromRows, type TinyBertGolden } from '../testing/tinyBert';

beforeAll(useCpuBackend);

describe('GTE cross-encoder (CPU backend)', () => {
  const config = parseGteConfig(readShared('golden/tiny-gte/config.json'));

  it('reads the GTE config and derives the NTK-scaled RoPE frequencies of the golden', () => {
    expect(config).toMatchObject({
      vocabSize: 1000,
      hiddenSize: 32,
      numLayers: 3,
      numHeads: 4,
      intermediateSize: 48,
      typeVocabSize: 1,
      padTokenId: 1,
      ropeTheta: 20000,
      ropeNtkFactor: 8,
    });
    const expected = readSharedJson<{ rope_inv_freq: number[] }>('golden/tiny-gte/golden.json').rope_inv_freq;
    Array.from(gteRopeInvFreq(config)).forEach((v, i) => expect(Math.abs(v - expected[i]) / expected[i]).toBeLessThan(1e-12));
    expect(() => parseGteConfig({ ...JSON.parse(readShared('golden/tiny-gte/config.json')), rope_scaling: { type: 'linear', factor: 2 } })).toThrow(
      /field 'rope_scaling\.type'/,
    );
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
    expect(() => GteCrossEncoder.fromSafetensors({ ...config, intermediateSize: 40 }, bytes, { seed: 0 })).toThrow(
      /tensor 'new\.encoder\.layer\.0\.mlp\.up_gate_proj\.weight' has shape \[96, 32\] but config\.json implies \[80, 32\]/,
    );
  });

  it('random init is seeded (same seed, same weights; padding row zero) and gives finite logits', async () => {
    const small = { ...config, vocabSize: 50, numLayers: 1 };
    await expectSeededRandomInit((seed) => GteCrossEncoder.randomInit(small, seed), small);
  });
});
