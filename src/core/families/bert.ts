/**
 * BERT (`model_type: "bert"`): BertForSequenceClassification and BertModel checkpoints (MiniLM, the BERT
 * miniatures). The config.json reader keeps HF's defaults for absent fields (as `BertConfig` in transformers
 * does) and refuses anything the model cannot honour (another activation, relative positions, more than one label).
 */
import { z } from 'zod';
import { ConfigError, ONE_LABEL, positiveInt, probability, readHfConfig, requirePadInVocab } from './hfJson';
import type { FamilyDescriptor, ModelDims, ParameterSpec } from './types';

export interface BertConfig {
  vocabSize: number;
  hiddenSize: number;
  numLayers: number;
  numHeads: number;
  intermediateSize: number;
  hiddenDropout: number;
  attentionDropout: number;
  /** HF BertForSequenceClassification: `classifier_dropout` when set, else `hidden_dropout_prob`. */
  classifierDropout: number;
  maxPositions: number;
  typeVocabSize: number;
  layerNormEps: number;
  initializerRange: number;
  padTokenId: number;
}

const HF = { modelType: 'bert', classPrefix: 'Bert', sequenceClassification: 'BertForSequenceClassification', remoteCode: false } as const;

const hfBertSchema = z.object({
  model_type: z.literal(HF.modelType).optional(),
  architectures: z.array(z.string()).optional(),
  vocab_size: positiveInt.default(30522),
  hidden_size: positiveInt.default(768),
  num_hidden_layers: positiveInt.default(12),
  num_attention_heads: positiveInt.default(12),
  intermediate_size: positiveInt.default(3072),
  hidden_act: z.literal('gelu', { error: 'only "gelu" (the exact erf GELU) is supported' }).default('gelu'),
  hidden_dropout_prob: probability.default(0.1),
  attention_probs_dropout_prob: probability.default(0.1),
  classifier_dropout: probability.nullable().optional(),
  max_position_embeddings: positiveInt.default(512),
  type_vocab_size: positiveInt.default(2),
  layer_norm_eps: z.number().positive().default(1e-12),
  initializer_range: z.number().positive().default(0.02),
  pad_token_id: z.number().int().min(0).default(0),
  position_embedding_type: z.literal('absolute', { error: 'only "absolute" position embeddings are supported' }).default('absolute'),
  num_labels: z.number().int().optional(),
  id2label: z.record(z.string(), z.string()).optional(),
  is_decoder: z.literal(false, { error: 'a decoder config cannot be a cross-encoder' }).optional(),
  add_cross_attention: z.literal(false, { error: 'cross-attention is not supported' }).optional(),
});

/** The config.json fields BERT and GTE share, as their schemas read them. */
export type HfBertFields = Pick<
  z.infer<typeof hfBertSchema>,
  | 'vocab_size'
  | 'hidden_size'
  | 'num_hidden_layers'
  | 'num_attention_heads'
  | 'intermediate_size'
  | 'hidden_dropout_prob'
  | 'attention_probs_dropout_prob'
  | 'classifier_dropout'
  | 'max_position_embeddings'
  | 'type_vocab_size'
  | 'layer_norm_eps'
  | 'initializer_range'
  | 'pad_token_id'
>;

/** The fields BERT and GTE configs share, named as HF names them, mapped onto BertConfig. */
export function bertFieldsOf(c: HfBertFields): BertConfig {
  return {
    vocabSize: c.vocab_size,
    hiddenSize: c.hidden_size,
    numLayers: c.num_hidden_layers,
    numHeads: c.num_attention_heads,
    intermediateSize: c.intermediate_size,
    hiddenDropout: c.hidden_dropout_prob,
    attentionDropout: c.attention_probs_dropout_prob,
    classifierDropout: c.classifier_dropout ?? c.hidden_dropout_prob,
    maxPositions: c.max_position_embeddings,
    typeVocabSize: c.type_vocab_size,
    layerNormEps: c.layer_norm_eps,
    initializerRange: c.initializer_range,
    padTokenId: c.pad_token_id,
  };
}

/**
 * Reads a BERT config.json (text or parsed JSON). A config with no label fields (a bare encoder such as
 * microsoft/MiniLM-L12-H384-uncased) is accepted: the cross-encoder head always has one logit.
 */
export function parseBertConfig(input: string | unknown, source = 'config.json'): BertConfig {
  const c = readHfConfig(hfBertSchema, input, source);
  if (c.hidden_size % c.num_attention_heads !== 0) {
    throw new ConfigError(
      source,
      `field 'num_attention_heads': hidden_size ${c.hidden_size} is not a multiple of num_attention_heads ${c.num_attention_heads}`,
    );
  }
  requirePadInVocab(c, source);
  return bertFieldsOf(c);
}

/** A BertConfig with defaults filled in for the fields a size sweep does not vary. */
export function bertConfig(sizes: Partial<BertConfig> & Pick<BertConfig, 'hiddenSize' | 'numLayers' | 'numHeads' | 'intermediateSize'>): BertConfig {
  const config: BertConfig = {
    vocabSize: 30522,
    hiddenDropout: 0.1,
    attentionDropout: 0.1,
    classifierDropout: sizes.hiddenDropout ?? 0.1,
    maxPositions: 512,
    typeVocabSize: 2,
    layerNormEps: 1e-12,
    initializerRange: 0.02,
    padTokenId: 0,
    ...sizes,
  };
  if (config.hiddenSize % config.numHeads !== 0) throw new Error(`hiddenSize ${config.hiddenSize} is not a multiple of numHeads ${config.numHeads}`);
  return config;
}

/** The config.json Hugging Face writes for BertForSequenceClassification with one label. */
export function bertConfigToHfJson(config: BertConfig): Record<string, unknown> {
  return {
    architectures: [HF.sequenceClassification],
    model_type: HF.modelType,
    ...bertHfFieldsOf(config),
    pad_token_id: config.padTokenId,
    position_embedding_type: 'absolute',
    ...ONE_LABEL,
  };
}

/** The config.json fields BERT and GTE share, under Hugging Face's names (the writers' twin of bertFieldsOf). */
export function bertHfFieldsOf(config: BertConfig): Record<string, unknown> {
  return {
    vocab_size: config.vocabSize,
    hidden_size: config.hiddenSize,
    num_hidden_layers: config.numLayers,
    num_attention_heads: config.numHeads,
    intermediate_size: config.intermediateSize,
    hidden_act: 'gelu',
    hidden_dropout_prob: config.hiddenDropout,
    attention_probs_dropout_prob: config.attentionDropout,
    classifier_dropout: config.classifierDropout === config.hiddenDropout ? null : config.classifierDropout,
    max_position_embeddings: config.maxPositions,
    type_vocab_size: config.typeVocabSize,
    layer_norm_eps: config.layerNormEps,
    initializer_range: config.initializerRange,
  };
}

/** Every parameter of BertForSequenceClassification(num_labels=1), in HF's order and layout. */
export function bertParameterSpecs(
  c: Pick<ModelDims, 'vocabSize' | 'hiddenSize' | 'numLayers' | 'intermediateSize' | 'maxPositions' | 'typeVocabSize'>,
): ParameterSpec[] {
  const h = c.hiddenSize;
  const specs: ParameterSpec[] = [];
  const linear = (prefix: string, out: number, input: number) => {
    specs.push({ name: `${prefix}.weight`, shape: [out, input], init: 'normal' }, { name: `${prefix}.bias`, shape: [out], init: 'zeros' });
  };
  const layerNorm = (prefix: string) => {
    specs.push({ name: `${prefix}.weight`, shape: [h], init: 'ones' }, { name: `${prefix}.bias`, shape: [h], init: 'zeros' });
  };
  specs.push(
    { name: 'bert.embeddings.word_embeddings.weight', shape: [c.vocabSize, h], init: 'embedding-with-padding' },
    { name: 'bert.embeddings.position_embeddings.weight', shape: [c.maxPositions, h], init: 'normal' },
    { name: 'bert.embeddings.token_type_embeddings.weight', shape: [c.typeVocabSize, h], init: 'normal' },
  );
  layerNorm('bert.embeddings.LayerNorm');
  for (let l = 0; l < c.numLayers; l++) {
    const p = `bert.encoder.layer.${l}`;
    linear(`${p}.attention.self.query`, h, h);
    linear(`${p}.attention.self.key`, h, h);
    linear(`${p}.attention.self.value`, h, h);
    linear(`${p}.attention.output.dense`, h, h);
    layerNorm(`${p}.attention.output.LayerNorm`);
    linear(`${p}.intermediate.dense`, c.intermediateSize, h);
    linear(`${p}.output.dense`, h, c.intermediateSize);
    layerNorm(`${p}.output.LayerNorm`);
  }
  linear('bert.pooler.dense', h, h);
  linear('classifier', 1, h);
  return specs;
}

export const BERT: FamilyDescriptor<'bert', BertConfig> = {
  name: 'bert',
  label: 'BERT',
  hf: HF,
  readConfig: (input, source) => parseBertConfig(input, source),
  writeConfig: (config) => bertConfigToHfJson(config),
  parameterSpecs: bertParameterSpecs,
  typeVocabSize: (config) => config.typeVocabSize,
  defaultTypeVocabSize: 2,
  positions: 'absolute',
  gatedFeedForward: false,
  baseFeedForwardRatio: 4,
  // Measured 142 and 149.
  activationFloats: 150,
  randomSpecFields: [{ field: 'typeVocabSize', hf: 'type_vocab_size' }],
};
