/**
 * Every registered family has a model, and the model builds exactly the parameters its descriptor declares (names,
 * shapes, HF order) and as many as the memory estimate counts, at a few sizes (CPU backend).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { modelShapeOfConfig, parameterCountOf } from '../core/experiment/memoryEstimate';
import { FAMILY_NAMES, familyDescriptor, parameterSpecsOf, parseModelConfig, type FamilyName } from '../core/families/registry';
import { useCpuBackend } from '../testing/cpuBackend';
import { FAMILY_MODELS } from './families';
import { randomCrossEncoder } from './load';

beforeAll(useCpuBackend);

/** config.json of a small model of `family` (token types where the family has them; absent: its HF default). */
function smallConfig(family: FamilyName, sizes: { layers: number; hidden: number; heads: number; intermediate: number; typeVocabSize?: number }) {
  const descriptor = familyDescriptor(family);
  return parseModelConfig({
    model_type: descriptor.hf.modelType,
    vocab_size: 300,
    hidden_size: sizes.hidden,
    num_hidden_layers: sizes.layers,
    num_attention_heads: sizes.heads,
    intermediate_size: sizes.intermediate,
    max_position_embeddings: 40,
    pad_token_id: 0,
    ...(descriptor.defaultTypeVocabSize === null || sizes.typeVocabSize === undefined ? {} : { type_vocab_size: sizes.typeVocabSize }),
  });
}

describe('family models', () => {
  it('has a model for every registered family, and none for another', () => {
    expect(Object.keys(FAMILY_MODELS).sort()).toEqual([...FAMILY_NAMES].sort());
  });

  describe.each(FAMILY_NAMES)('%s', (family) => {
    it.each([
      { layers: 1, hidden: 16, heads: 2, intermediate: 24, typeVocabSize: 1 },
      { layers: 3, hidden: 32, heads: 4, intermediate: 48, typeVocabSize: 2 },
      { layers: 4, hidden: 24, heads: 2, intermediate: 40 },
    ])('builds the declared parameters, as many as the memory estimate counts: %o', (sizes) => {
      const config = smallConfig(family, sizes);
      const model = randomCrossEncoder(config, 3);
      try {
        expect(model.family).toBe(family);
        expect(model.parameters().map((p) => [p.name, p.variable.shape])).toEqual(parameterSpecsOf(config).map((s) => [s.name, s.shape]));
        expect(model.parameterCount()).toBe(parameterCountOf(modelShapeOfConfig(config)));
        expect(model.hfConfigJson()).toEqual(familyDescriptor(family).writeConfig(config.config));
      } finally {
        model.dispose();
      }
    });
  });
});
