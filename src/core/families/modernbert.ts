/** ModernBERT (`model_type: "modernbert"`, answerdotai/ModernBERT-base family) config.json. */
import { z } from 'zod';
import { ONE_LABEL, positiveInt, probability, readHfConfig, requireEvenRopeHeadSize, requirePadInVocab } from './hfJson';
import type { FamilyDescriptor, ModelDims, ParameterSpec } from './types';

export interface ModernBertConfig {
  vocabSize: number;
  hiddenSize: number;
  numLayers: number;
  numHeads: number;
  intermediateSize: number;
  normEps: number;
  embeddingDropout: number;
  attentionDropout: number;
  mlpDropout: number;
  classifierDropout: number;
  maxPositions: number;
  initializerRange: number;
  initializerCutoffFactor: number;
  padTokenId: number;
  globalRopeTheta: number;
  localRopeTheta: number;
  globalAttnEveryNLayers: number;
  /** Full window; a local layer's query i attends to keys with |i − j| ≤ localAttention / 2 (floored). */
  localAttention: number;
  pooling: 'mean' | 'cls';
}

const HF = { modelType: 'modernbert', classPrefix: 'ModernBert', sequenceClassification: 'ModernBertForSequenceClassification', remoteCode: false } as const;

const falseOnly = (what: string) => z.literal(false, { error: `${what} must be false (bias-free ModernBERT is the supported layout)` }).default(false);

const modernBertSchema = z.object({
  model_type: z.literal(HF.modelType),
  vocab_size: positiveInt.default(50368),
  hidden_size: positiveInt.default(768),
  intermediate_size: positiveInt.default(1152),
  num_hidden_layers: positiveInt.default(22),
  num_attention_heads: positiveInt.default(12),
  hidden_activation: z.literal('gelu', { error: 'only "gelu" (the exact erf GELU) is supported' }).default('gelu'),
  classifier_activation: z.literal('gelu', { error: 'only "gelu" is supported' }).default('gelu'),
  max_position_embeddings: positiveInt.default(8192),
  initializer_range: z.number().positive().default(0.02),
  initializer_cutoff_factor: z.number().positive().default(2),
  norm_eps: z.number().positive().default(1e-5),
  norm_bias: falseOnly('norm_bias'),
  attention_bias: falseOnly('attention_bias'),
  mlp_bias: falseOnly('mlp_bias'),
  classifier_bias: falseOnly('classifier_bias'),
  pad_token_id: z.number().int().min(0).default(50283),
  global_rope_theta: z.number().positive().default(160000),
  local_rope_theta: z.number().positive().default(10000),
  global_attn_every_n_layers: positiveInt.default(3),
  local_attention: positiveInt.default(128),
  embedding_dropout: probability.default(0),
  attention_dropout: probability.default(0),
  mlp_dropout: probability.default(0),
  classifier_dropout: probability.default(0),
  classifier_pooling: z.enum(['mean', 'cls']).default('cls'),
  num_labels: z.number().int().optional(),
  id2label: z.record(z.string(), z.string()).optional(),
});

export function parseModernBertConfig(input: string | unknown, source = 'config.json'): ModernBertConfig {
  const c = readHfConfig(modernBertSchema, input, source);
  requireEvenRopeHeadSize(c, source);
  requirePadInVocab(c, source);
  return {
    vocabSize: c.vocab_size,
    hiddenSize: c.hidden_size,
    numLayers: c.num_hidden_layers,
    numHeads: c.num_attention_heads,
    intermediateSize: c.intermediate_size,
    normEps: c.norm_eps,
    embeddingDropout: c.embedding_dropout,
    attentionDropout: c.attention_dropout,
    mlpDropout: c.mlp_dropout,
    classifierDropout: c.classifier_dropout,
    maxPositions: c.max_position_embeddings,
    initializerRange: c.initializer_range,
    initializerCutoffFactor: c.initializer_cutoff_factor,
    padTokenId: c.pad_token_id,
    globalRopeTheta: c.global_rope_theta,
    localRopeTheta: c.local_rope_theta,
    globalAttnEveryNLayers: c.global_attn_every_n_layers,
    localAttention: c.local_attention,
    pooling: c.classifier_pooling,
  };
}

/** The config.json Hugging Face writes for ModernBertForSequenceClassification with one label. */
export function modernBertConfigToHfJson(config: ModernBertConfig): Record<string, unknown> {
  return {
    architectures: [HF.sequenceClassification],
    model_type: HF.modelType,
    vocab_size: config.vocabSize,
    hidden_size: config.hiddenSize,
    intermediate_size: config.intermediateSize,
    num_hidden_layers: config.numLayers,
    num_attention_heads: config.numHeads,
    hidden_activation: 'gelu',
    classifier_activation: 'gelu',
    max_position_embeddings: config.maxPositions,
    initializer_range: config.initializerRange,
    initializer_cutoff_factor: config.initializerCutoffFactor,
    norm_eps: config.normEps,
    norm_bias: false,
    attention_bias: false,
    mlp_bias: false,
    classifier_bias: false,
    pad_token_id: config.padTokenId,
    global_rope_theta: config.globalRopeTheta,
    local_rope_theta: config.localRopeTheta,
    global_attn_every_n_layers: config.globalAttnEveryNLayers,
    local_attention: config.localAttention,
    embedding_dropout: config.embeddingDropout,
    attention_dropout: config.attentionDropout,
    mlp_dropout: config.mlpDropout,
    classifier_dropout: config.classifierDropout,
    classifier_pooling: config.pooling,
    ...ONE_LABEL,
    torch_dtype: 'float32',
  };
}

/** HF ModernBERT `_init_weights` std per role: in, out (/√(2·layers)), embedding, final_out (hidden^-½). */
export type ModernBertInitRole = 'in' | 'out' | 'embedding' | 'final_out';
export interface ModernBertSpec extends ParameterSpec {
  role?: ModernBertInitRole;
}

/**
 * Every parameter of ModernBertForSequenceClassification(num_labels=1), in HF's order: layer 0 has no attention
 * norm, LayerNorms are weight-only and only the classifier has a bias.
 */
export function modernBertParameterSpecs(c: Pick<ModelDims, 'vocabSize' | 'hiddenSize' | 'numLayers' | 'intermediateSize'>): ModernBertSpec[] {
  const h = c.hiddenSize;
  const norm = (name: string): ModernBertSpec => ({ name, shape: [h], init: 'ones' });
  const specs: ModernBertSpec[] = [
    { name: 'model.embeddings.tok_embeddings.weight', shape: [c.vocabSize, h], init: 'embedding-with-padding', role: 'embedding' },
    norm('model.embeddings.norm.weight'),
  ];
  for (let l = 0; l < c.numLayers; l++) {
    const p = `model.layers.${l}`;
    if (l > 0) specs.push(norm(`${p}.attn_norm.weight`));
    specs.push(
      { name: `${p}.attn.Wqkv.weight`, shape: [3 * h, h], init: 'normal', role: 'in' },
      { name: `${p}.attn.Wo.weight`, shape: [h, h], init: 'normal', role: 'out' },
      norm(`${p}.mlp_norm.weight`),
      { name: `${p}.mlp.Wi.weight`, shape: [2 * c.intermediateSize, h], init: 'normal', role: 'in' },
      { name: `${p}.mlp.Wo.weight`, shape: [h, c.intermediateSize], init: 'normal', role: 'out' },
    );
  }
  specs.push(
    norm('model.final_norm.weight'),
    { name: 'head.dense.weight', shape: [h, h], init: 'normal', role: 'out' },
    norm('head.norm.weight'),
    { name: 'classifier.weight', shape: [1, h], init: 'normal', role: 'final_out' },
    { name: 'classifier.bias', shape: [1], init: 'zeros' },
  );
  return specs;
}

export const MODERNBERT: FamilyDescriptor<'modernbert', ModernBertConfig> = {
  name: 'modernbert',
  label: 'ModernBERT',
  hf: HF,
  readConfig: (input, source) => parseModernBertConfig(input, source),
  writeConfig: (config) => modernBertConfigToHfJson(config),
  parameterSpecs: modernBertParameterSpecs,
  typeVocabSize: () => 0,
  defaultTypeVocabSize: null,
  positions: 'rope',
  gatedFeedForward: true,
  // ModernBERT-base: 1152 / 768.
  baseFeedForwardRatio: 1.5,
  // Measured 169 and 176 (feed-forward 4 × hidden).
  activationFloats: 180,
  randomSpecFields: [
    { field: 'globalRopeTheta', hf: 'global_rope_theta' },
    { field: 'localRopeTheta', hf: 'local_rope_theta' },
    { field: 'localAttention', hf: 'local_attention' },
    { field: 'globalAttnEveryNLayers', hf: 'global_attn_every_n_layers' },
    { field: 'pooling', hf: 'classifier_pooling' },
  ],
};
