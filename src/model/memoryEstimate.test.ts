/** The memory estimate's parameter counts (core, pure) against the parameters the model code builds. */
import { describe, expect, it } from 'vitest';
import { parameterCountOf, type ModelShape } from '../core/experiment/memoryEstimate';
import { bertParameterSpecs } from './bert';
import { gteParameterSpecs } from './gte';
import { parseModelConfig } from './load';
import { modernBertParameterSpecs } from './modernbert';
import type { ParameterSpec } from './parameters';

const count = (specs: ParameterSpec[]) => specs.reduce((n, s) => n + s.shape.reduce((a, b) => a * b, 1), 0);

describe('parameterCountOf', () => {
  it.each([
    [{ family: 'bert', layers: 3, hidden: 48, heads: 4, intermediate: 96, vocabSize: 1000, maxPositions: 80, typeVocabSize: 2 }],
    [{ family: 'gte', layers: 3, hidden: 48, heads: 4, intermediate: 72, vocabSize: 1000, maxPositions: 80, typeVocabSize: 1 }],
    [{ family: 'gte', layers: 2, hidden: 32, heads: 4, intermediate: 48, vocabSize: 500, maxPositions: 80, typeVocabSize: 0 }],
    [{ family: 'modernbert', layers: 3, hidden: 48, heads: 4, intermediate: 72, vocabSize: 1000, maxPositions: 80, typeVocabSize: 0 }],
  ] satisfies [ModelShape][])('%o matches the model code', (shape) => {
    const json = {
      model_type: { bert: 'bert', gte: 'new', modernbert: 'modernbert' }[shape.family],
      vocab_size: shape.vocabSize,
      hidden_size: shape.hidden,
      num_hidden_layers: shape.layers,
      num_attention_heads: shape.heads,
      intermediate_size: shape.intermediate,
      max_position_embeddings: shape.maxPositions,
      pad_token_id: 0,
      ...(shape.family === 'modernbert' ? {} : { type_vocab_size: shape.typeVocabSize }),
    };
    const parsed = parseModelConfig(json);
    const specs =
      parsed.family === 'bert'
        ? bertParameterSpecs(parsed.config)
        : parsed.family === 'gte'
          ? gteParameterSpecs(parsed.config)
          : modernBertParameterSpecs(parsed.config);
    expect(parameterCountOf(shape)).toBe(count(specs));
  });
});
