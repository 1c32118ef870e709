/**
 * GTE (`model_type: "new"`, Alibaba-NLP/new-impl: gte-multilingual-base / -reranker-base) config.json, for the
 * path the lab implements: packed QKV, RoPE (optionally NTK-scaled), LayerNorm, no logn attention scaling.
 */
import { z } from 'zod';
import { bertFieldsOf, bertHfFieldsOf, type BertConfig } from './bert';
import { ONE_LABEL, positiveInt, probability, readHfConfig, requireEvenRopeHeadSize, requirePadInVocab } from './hfJson';
import type { FamilyDescriptor, ModelDims, ParameterSpec } from './types';

export interface GteConfig extends BertConfig {
  ropeTheta: number;
  /** NTK factor (1 = no scaling). */
  ropeNtkFactor: number;
}

const HF = { modelType: 'new', classPrefix: 'New', sequenceClassification: 'NewForSequenceClassification', remoteCode: true } as const;

const gteSchema = z.object({
  model_type: z.literal(HF.modelType),
  vocab_size: positiveInt,
  hidden_size: positiveInt,
  num_hidden_layers: positiveInt,
  num_attention_heads: positiveInt,
  intermediate_size: positiveInt,
  hidden_act: z.literal('gelu', { error: 'only "gelu" (the exact erf GELU) is supported' }).default('gelu'),
  hidden_dropout_prob: probability.default(0.1),
  attention_probs_dropout_prob: probability.default(0),
  classifier_dropout: probability.nullable().optional(),
  max_position_embeddings: positiveInt.default(512),
  type_vocab_size: z.number().int().min(0).default(0),
  layer_norm_eps: z.number().positive().default(1e-12),
  initializer_range: z.number().positive().default(0.02),
  pad_token_id: z.number().int().min(0).default(0),
  position_embedding_type: z.literal('rope', { error: 'only "rope" position embeddings are supported' }).default('rope'),
  rope_theta: z.number().positive().default(10000),
  rope_scaling: z
    .object({ type: z.literal('ntk', { error: 'only NTK rope scaling is supported' }), factor: z.number().positive(), mixed_b: z.null().optional() })
    .nullable()
    .optional(),
  pack_qkv: z.literal(true, { error: 'only pack_qkv: true is supported' }).default(true),
  layer_norm_type: z.literal('layer_norm', { error: 'only "layer_norm" is supported' }).default('layer_norm'),
  logn_attention_scale: z.literal(false, { error: 'logn attention scaling is not supported' }).default(false),
  num_labels: z.number().int().optional(),
  id2label: z.record(z.string(), z.string()).optional(),
});

/** The remote code GTE checkpoints name (HF records code from another repository as `repo--module.Class`). */
const GTE_AUTO_MAP = Object.fromEntries(
  [
    ['AutoConfig', 'configuration.NewConfig'],
    ['AutoModel', 'modeling.NewModel'],
    ['AutoModelForMaskedLM', 'modeling.NewForMaskedLM'],
    ['AutoModelForMultipleChoice', 'modeling.NewForMultipleChoice'],
    ['AutoModelForQuestionAnswering', 'modeling.NewForQuestionAnswering'],
    ['AutoModelForSequenceClassification', 'modeling.NewForSequenceClassification'],
    ['AutoModelForTokenClassification', 'modeling.NewForTokenClassification'],
  ].map(([auto, target]) => [auto, `Alibaba-NLP/new-impl--${target}`]),
);

/** The config.json of NewForSequenceClassification with one label (loads with `trust_remote_code=True`). */
export function gteConfigToHfJson(config: GteConfig): Record<string, unknown> {
  return {
    architectures: [HF.sequenceClassification],
    auto_map: GTE_AUTO_MAP,
    model_type: HF.modelType,
    ...bertHfFieldsOf(config),
    layer_norm_type: 'layer_norm',
    position_embedding_type: 'rope',
    rope_theta: config.ropeTheta,
    rope_scaling: config.ropeNtkFactor === 1 ? null : { type: 'ntk', factor: config.ropeNtkFactor },
    pack_qkv: true,
    unpad_inputs: false,
    use_memory_efficient_attention: false,
    logn_attention_scale: false,
    logn_attention_clip1: false,
    pad_token_id: config.padTokenId,
    ...ONE_LABEL,
    torch_dtype: 'float32',
  };
}

export function parseGteConfig(input: string | unknown, source = 'config.json'): GteConfig {
  const c = readHfConfig(gteSchema, input, source);
  requireEvenRopeHeadSize(c, source);
  requirePadInVocab(c, source);
  return {
    ...bertFieldsOf(c),
    ropeTheta: c.rope_theta,
    ropeNtkFactor: c.rope_scaling?.factor ?? 1,
  };
}

/** Every parameter of NewForSequenceClassification(num_labels=1), in HF's order and layout (no token types when type_vocab_size is 0). */
export function gteParameterSpecs(c: Pick<ModelDims, 'vocabSize' | 'hiddenSize' | 'numLayers' | 'intermediateSize' | 'typeVocabSize'>): ParameterSpec[] {
  const h = c.hiddenSize;
  const specs: ParameterSpec[] = [{ name: 'new.embeddings.word_embeddings.weight', shape: [c.vocabSize, h], init: 'embedding-with-padding' }];
  if (c.typeVocabSize > 0) specs.push({ name: 'new.embeddings.token_type_embeddings.weight', shape: [c.typeVocabSize, h], init: 'normal' });
  const norm = (p: string) => specs.push({ name: `${p}.weight`, shape: [h], init: 'ones' }, { name: `${p}.bias`, shape: [h], init: 'zeros' });
  norm('new.embeddings.LayerNorm');
  for (let l = 0; l < c.numLayers; l++) {
    const p = `new.encoder.layer.${l}`;
    specs.push(
      { name: `${p}.attention.qkv_proj.weight`, shape: [3 * h, h], init: 'normal' },
      { name: `${p}.attention.qkv_proj.bias`, shape: [3 * h], init: 'zeros' },
      { name: `${p}.attention.o_proj.weight`, shape: [h, h], init: 'normal' },
      { name: `${p}.attention.o_proj.bias`, shape: [h], init: 'zeros' },
      { name: `${p}.mlp.up_gate_proj.weight`, shape: [2 * c.intermediateSize, h], init: 'normal' },
      { name: `${p}.mlp.down_proj.weight`, shape: [h, c.intermediateSize], init: 'normal' },
      { name: `${p}.mlp.down_proj.bias`, shape: [h], init: 'zeros' },
    );
    norm(`${p}.attn_ln`);
    norm(`${p}.mlp_ln`);
  }
  specs.push(
    { name: 'new.pooler.dense.weight', shape: [h, h], init: 'normal' },
    { name: 'new.pooler.dense.bias', shape: [h], init: 'zeros' },
    { name: 'classifier.weight', shape: [1, h], init: 'normal' },
    { name: 'classifier.bias', shape: [1], init: 'zeros' },
  );
  return specs;
}

export const GTE: FamilyDescriptor<'gte', GteConfig> = {
  name: 'gte',
  label: 'GTE',
  hf: HF,
  readConfig: (input, source) => parseGteConfig(input, source),
  writeConfig: (config) => gteConfigToHfJson(config),
  parameterSpecs: gteParameterSpecs,
  typeVocabSize: (config) => config.typeVocabSize,
  defaultTypeVocabSize: 0,
  positions: 'rope',
  gatedFeedForward: true,
  baseFeedForwardRatio: 4,
  // Measured 179 and 186.
  activationFloats: 190,
  randomSpecFields: [
    { field: 'typeVocabSize', hf: 'type_vocab_size' },
    { field: 'ropeTheta', hf: 'rope_theta' },
    { field: 'ropeNtkFactor', hf: 'rope_scaling', toHf: (factor) => ({ type: 'ntk', factor }) },
  ],
  tokenTypeAdvice: 'or typeVocabSize 0 or 2 for a random-init GTE',
};
