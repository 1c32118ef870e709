// The HF Trainer parameter-group rule on real parameter names of BERT and ModernBERT checkpoints.
import { describe, expect, it } from 'vitest';
import { hfNoDecay, splitParamGroups } from './paramGroups';

describe('no weight decay on biases and normalization weights (HF Trainer rule)', () => {
  it.each([
    ['bert.embeddings.word_embeddings.weight', false],
    ['bert.embeddings.LayerNorm.weight', true],
    ['bert.embeddings.LayerNorm.bias', true],
    ['bert.encoder.layer.3.attention.self.query.weight', false],
    ['bert.encoder.layer.3.attention.self.query.bias', true],
    ['bert.encoder.layer.3.attention.output.LayerNorm.weight', true],
    ['bert.pooler.dense.weight', false],
    ['classifier.weight', false],
    ['classifier.bias', true],
    ['model.embeddings.norm.weight', true],
    ['model.layers.0.attn_norm.weight', true],
    ['model.layers.0.mlp_norm.weight', true],
    ['model.final_norm.weight', true],
    ['model.layers.0.attn.Wqkv.weight', false],
    ['model.layers.0.mlp.Wo.weight', false],
  ])('%s → no decay: %s', (name, noDecay) => {
    expect(hfNoDecay(name)).toBe(noDecay);
  });

  it('splits names in order, with a configurable rule', () => {
    const names = ['a.weight', 'a.bias', 'LayerNorm.weight'];
    expect(splitParamGroups(names)).toEqual({ decay: ['a.weight'], noDecay: ['a.bias', 'LayerNorm.weight'] });
    expect(splitParamGroups(names, () => false)).toEqual({ decay: names, noDecay: [] });
  });
});
