/** The memory estimate's parameter counts (core, pure) against the parameters the model code builds (CPU backend). */
import { beforeAll, describe, expect, it } from 'vitest';
import { parameterCountOf, type ModelShape } from '../core/experiment/memoryEstimate';
import { familyDescriptor } from '../core/families/registry';
import { useCpuBackend } from '../testing/cpuBackend';
import { parseModelConfig, randomCrossEncoder } from './load';

beforeAll(useCpuBackend);

describe('parameterCountOf', () => {
  it.each([
    [{ family: 'bert', layers: 3, hidden: 48, heads: 4, intermediate: 96, vocabSize: 1000, maxPositions: 80, typeVocabSize: 2 }],
    [{ family: 'gte', layers: 3, hidden: 48, heads: 4, intermediate: 72, vocabSize: 1000, maxPositions: 80, typeVocabSize: 1 }],
    [{ family: 'gte', layers: 2, hidden: 32, heads: 4, intermediate: 48, vocabSize: 500, maxPositions: 80, typeVocabSize: 0 }],
    [{ family: 'modernbert', layers: 3, hidden: 48, heads: 4, intermediate: 72, vocabSize: 1000, maxPositions: 80, typeVocabSize: 0 }],
  ] satisfies [ModelShape][])('%o matches the model code', (shape) => {
    const family = familyDescriptor(shape.family);
    const json = {
      model_type: family.hf.modelType,
      vocab_size: shape.vocabSize,
      hidden_size: shape.hidden,
      num_hidden_layers: shape.layers,
      num_attention_heads: shape.heads,
      intermediate_size: shape.intermediate,
      max_position_embeddings: shape.maxPositions,
      pad_token_id: 0,
      ...(family.defaultTypeVocabSize === null ? {} : { type_vocab_size: shape.typeVocabSize }),
    };
    const model = randomCrossEncoder(parseModelConfig(json), 0);
    try {
      expect(parameterCountOf(shape)).toBe(model.parameterCount());
    } finally {
      model.dispose();
    }
  });
});
