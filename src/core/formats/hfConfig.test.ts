import { describe, expect, it } from 'vitest';
import { readShared } from '../../testing/shared';
import { bertConfig, bertConfigToHfJson, parseBertConfig } from './hfConfig';

describe('parseBertConfig', () => {
  it('reads the tiny-bert golden config', () => {
    const c = parseBertConfig(readShared('golden/tiny-bert/config.json'));
    expect(c).toMatchObject({
      vocabSize: 30522,
      hiddenSize: 32,
      numLayers: 2,
      numHeads: 4,
      intermediateSize: 64,
      hiddenDropout: 0,
      attentionDropout: 0,
      classifierDropout: 0,
      maxPositions: 128,
      typeVocabSize: 2,
      layerNormEps: 1e-12,
      initializerRange: 0.3,
      padTokenId: 0,
    });
  });

  it('fills HF defaults for a bare encoder config (MiniLM-L12-H384 shape, no labels)', () => {
    const c = parseBertConfig({ hidden_size: 384, num_hidden_layers: 12, num_attention_heads: 12, intermediate_size: 1536, model_type: 'bert' });
    expect(c.vocabSize).toBe(30522);
    expect(c.hiddenDropout).toBe(0.1);
    expect(c.classifierDropout).toBe(0.1);
    expect(c.initializerRange).toBe(0.02);
    expect(parseBertConfig({ hidden_dropout_prob: 0.1, classifier_dropout: 0.3 }).classifierDropout).toBe(0.3);
  });

  it('round-trips through the HF json it writes', () => {
    const c = bertConfig({ hiddenSize: 16, numLayers: 1, numHeads: 2, intermediateSize: 32, vocabSize: 100 });
    expect(parseBertConfig(JSON.stringify(bertConfigToHfJson(c)))).toEqual(c);
  });

  it.each([
    ['{"hidden_size": 32,', /config\.json: not valid JSON/],
    [[], /must be a JSON object/],
    [{ hidden_size: '32' }, /field 'hidden_size'.*got "32"/],
    [{ hidden_size: 30, num_attention_heads: 4 }, /field 'num_attention_heads': hidden_size 30 is not a multiple/],
    [{ hidden_act: 'relu' }, /field 'hidden_act': only "gelu".*got "relu"/],
    [{ num_labels: 2 }, /field 'num_labels'.*exactly 1 label.*has 2/],
    [{ id2label: { 0: 'neg', 1: 'pos' } }, /field 'num_labels'.*has 2/],
    [{ position_embedding_type: 'relative_key' }, /field 'position_embedding_type'/],
    [{ hidden_dropout_prob: 1.5 }, /field 'hidden_dropout_prob'/],
    [{ num_hidden_layers: 0 }, /field 'num_hidden_layers'/],
    [{ model_type: 'roberta' }, /field 'model_type'/],
    [{ pad_token_id: 40000 }, /field 'pad_token_id'/],
  ])('rejects %j with a message naming the field', (input, message) => {
    expect(() => parseBertConfig(input)).toThrow(message);
  });
});
