/**
 * Hugging Face `config.json` for BERT-family cross-encoders (BertForSequenceClassification, BertModel). Fields
 * keep their HF defaults when absent (as `BertConfig` in transformers does); anything the model cannot honour
 * (another activation, relative positions, more than one label) is refused by name rather than ignored.
 */
import { z } from 'zod';
import { checkFileSize } from '../limits';

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

const positiveInt = z.number().int().positive();
const probability = z.number().min(0).lt(1);

const hfBertSchema = z.object({
  model_type: z.literal('bert').optional(),
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

export class ConfigError extends Error {
  constructor(source: string, message: string) {
    super(`${source}: ${message}`);
    this.name = 'ConfigError';
  }
}

/** The label fields every family's schema carries: a cross-encoder config must describe exactly one logit. */
interface HfLabelFields {
  num_labels?: number;
  id2label?: Record<string, string>;
}

/**
 * Parses config.json text (or already parsed JSON) against a family's schema, reporting the first bad field
 * with the value found there, and refuses any label count other than 1.
 */
function readHfConfig<T extends HfLabelFields>(schema: z.ZodType<T>, input: string | unknown, source: string): T {
  let json: unknown = input;
  if (typeof input === 'string') {
    checkFileSize(input.length, 'configJsonBytes', source);
    try {
      json = JSON.parse(input);
    } catch (error) {
      throw new ConfigError(source, `not valid JSON (${(error as Error).message})`);
    }
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new ConfigError(source, 'must be a JSON object');
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue.path.length ? issue.path.join('.') : '(root)';
    const value = issue.path.reduce<unknown>((v, k) => (v as Record<PropertyKey, unknown> | undefined)?.[k as PropertyKey], json);
    throw new ConfigError(source, `field '${field}': ${issue.message} (got ${JSON.stringify(value)})`);
  }
  const c = parsed.data;
  const labels = c.num_labels ?? (c.id2label ? Object.keys(c.id2label).length : 1);
  if (labels !== 1) throw new ConfigError(source, `field 'num_labels': a cross-encoder has exactly 1 label, this config has ${labels}`);
  return c;
}

/** The pad token's embedding row must exist. */
function requirePadInVocab(c: { pad_token_id: number; vocab_size: number }, source: string): void {
  if (c.pad_token_id >= c.vocab_size) throw new ConfigError(source, `field 'pad_token_id': ${c.pad_token_id} is outside vocab_size ${c.vocab_size}`);
}

/** RoPE rotates pairs of dimensions, so each head needs an even size. */
function requireEvenRopeHeadSize(c: { hidden_size: number; num_attention_heads: number }, source: string): void {
  if (c.hidden_size % c.num_attention_heads !== 0 || (c.hidden_size / c.num_attention_heads) % 2 !== 0) {
    throw new ConfigError(
      source,
      `field 'num_attention_heads': hidden_size ${c.hidden_size} / ${c.num_attention_heads} heads must be an even head size (RoPE)`,
    );
  }
}

/** The fields BERT and GTE configs share, named as HF names them, mapped onto BertConfig. */
function bertFieldsOf(c: z.infer<typeof hfBertSchema> | z.infer<typeof gteSchema>): BertConfig {
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

const ONE_LABEL = { num_labels: 1, id2label: { '0': 'LABEL_0' }, label2id: { LABEL_0: 0 } } as const;

/** The config.json Hugging Face writes for BertForSequenceClassification with one label. */
export function bertConfigToHfJson(config: BertConfig): Record<string, unknown> {
  return {
    architectures: ['BertForSequenceClassification'],
    model_type: 'bert',
    ...bertHfFieldsOf(config),
    pad_token_id: config.padTokenId,
    position_embedding_type: 'absolute',
    ...ONE_LABEL,
  };
}

/** The config.json fields BERT and GTE share, under Hugging Face's names (the writers' twin of bertFieldsOf). */
function bertHfFieldsOf(config: BertConfig): Record<string, unknown> {
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

/**
 * GTE (`model_type: "new"`, Alibaba-NLP/new-impl: gte-multilingual-base / -reranker-base) config.json, for the
 * path the lab implements: packed QKV, RoPE (optionally NTK-scaled), LayerNorm, no logn attention scaling.
 */
export interface GteConfig extends BertConfig {
  ropeTheta: number;
  /** NTK factor (1 = no scaling). */
  ropeNtkFactor: number;
}

const gteSchema = z.object({
  model_type: z.literal('new'),
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
    architectures: ['NewForSequenceClassification'],
    auto_map: GTE_AUTO_MAP,
    model_type: 'new',
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

/** ModernBERT (`model_type: "modernbert"`, answerdotai/ModernBERT-base family) config.json. */
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

const falseOnly = (what: string) => z.literal(false, { error: `${what} must be false (bias-free ModernBERT is the supported layout)` }).default(false);

const modernBertSchema = z.object({
  model_type: z.literal('modernbert'),
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
    architectures: ['ModernBertForSequenceClassification'],
    model_type: 'modernbert',
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

// ---------------------------------------------------------------------------------------------- dispatch

/**
 * The one dispatch on config.json: `model_type` (or, when a config has none, `architectures`) chooses the family
 * reader. Scoring, training, random init and the memory estimate all read configs through it.
 */
/** The cross-encoder families the lab implements. */
export type ModelFamily = 'bert' | 'gte' | 'modernbert';

const FAMILY_BY_MODEL_TYPE: Record<string, ModelFamily> = { bert: 'bert', new: 'gte', modernbert: 'modernbert' };
const FAMILY_BY_ARCHITECTURE: [RegExp, ModelFamily][] = [
  [/^Bert(Model|For\w+)$/, 'bert'],
  [/^New(Model|For\w+)$/, 'gte'],
  [/^ModernBert(Model|For\w+)$/, 'modernbert'],
];

export function modelFamilyOf(configJson: unknown, source = 'config.json'): ModelFamily {
  const json = configJson as { model_type?: unknown; architectures?: unknown } | null;
  const modelType = json?.model_type;
  if (modelType === undefined) {
    const architectures = Array.isArray(json?.architectures) ? (json.architectures as unknown[]) : [];
    for (const architecture of architectures) {
      const found = FAMILY_BY_ARCHITECTURE.find(([pattern]) => typeof architecture === 'string' && pattern.test(architecture));
      if (found) return found[1];
    }
    if (architectures.length > 0) {
      throw new ConfigError(source, `field 'architectures': ${JSON.stringify(architectures)} is not a supported architecture (BERT, GTE "New…", ModernBERT)`);
    }
    // Old BERT configs sometimes omit both; transformers then falls back to BERT as well.
    return 'bert';
  }
  const family = typeof modelType === 'string' ? FAMILY_BY_MODEL_TYPE[modelType] : undefined;
  if (!family) throw new ConfigError(source, `field 'model_type': ${JSON.stringify(modelType)} is not supported (bert, new (GTE), modernbert)`);
  return family;
}

export type ModelConfig = { family: 'bert'; config: BertConfig } | { family: 'gte'; config: GteConfig } | { family: 'modernbert'; config: ModernBertConfig };

/** config.json (text or parsed JSON) read by its family's reader. */
export function parseModelConfig(input: string | unknown, source = 'config.json'): ModelConfig {
  let json: unknown = input;
  if (typeof input === 'string') {
    try {
      json = JSON.parse(input);
    } catch (error) {
      throw new ConfigError(source, `not valid JSON (${(error as Error).message})`);
    }
  }
  const family = modelFamilyOf(json, source);
  switch (family) {
    case 'bert':
      return { family, config: parseBertConfig(json, source) };
    case 'gte':
      return { family, config: parseGteConfig(json, source) };
    case 'modernbert':
      return { family, config: parseModernBertConfig(json, source) };
  }
}
