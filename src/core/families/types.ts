/**
 * What a model family is to the lab (registry.ts lists them): its Hugging Face identity, its config.json reader and
 * writer, the parameters it has, and the few numbers the memory estimate and the experiment checks need. Pure: no
 * GPU code; the model that runs it is src/model/families.ts's business.
 */

/** One parameter of a family's `*ForSequenceClassification`, in HF's name, layout and initializer. */
export interface ParameterSpec {
  name: string;
  shape: number[];
  init: 'normal' | 'zeros' | 'ones' | 'embedding-with-padding';
}

/** The sizes a family's parameter list depends on, under its config's names. */
export interface ModelDims {
  vocabSize: number;
  hiddenSize: number;
  numLayers: number;
  numHeads: number;
  intermediateSize: number;
  maxPositions: number;
  /** Token-type rows (a family without token types ignores it). */
  typeVocabSize: number;
}

/** The config fields every family has, under the same names. */
export interface FamilyConfigFields {
  vocabSize: number;
  hiddenSize: number;
  numLayers: number;
  numHeads: number;
  intermediateSize: number;
  maxPositions: number;
  padTokenId: number;
}

/** A random-init spec field (model.<field> in the experiment config) only some families have, and its config.json entry. */
export interface RandomSpecField {
  field: string;
  /** Its name in config.json. */
  hf: string;
  /** Its value in config.json (default: the same value). */
  toHf?: (value: number) => unknown;
}

export interface FamilyDescriptor<N extends string = string, C extends FamilyConfigFields = FamilyConfigFields> {
  /** The name experiments, snapshots and the model use (`model.architecture`). */
  name: N;
  /** How the family is written for people. */
  label: string;
  hf: {
    /** config.json's `model_type`. */
    modelType: string;
    /** The prefix of its transformers classes (`<prefix>Model`, `<prefix>For…`), read when a config has no `model_type`. */
    classPrefix: string;
    /** The class a saved cross-encoder is loaded with. */
    sequenceClassification: string;
    /** Its modelling code is not in transformers (`trust_remote_code=True`). */
    remoteCode: boolean;
  };
  /** config.json (text or parsed JSON) read into the family's config; every problem is a ConfigError naming `source`. */
  readConfig(input: unknown, source?: string): C;
  /** The config.json Hugging Face writes for the family's `*ForSequenceClassification` with one label. */
  writeConfig(config: C): Record<string, unknown>;
  /**
   * Every parameter, in HF's order: the model builds its variables from this list and the memory estimate counts it.
   * Every layer after the first has the same parameters (the count extrapolates from two layers).
   */
  parameterSpecs(dims: ModelDims): ParameterSpec[];
  /** Rows of the token-type embedding the model looks types up in (0: it ignores them). */
  typeVocabSize(config: C): number;
  /** `type_vocab_size` when a random-init spec leaves it out; null: the family has no token types. */
  defaultTypeVocabSize: number | null;
  /** Absolute position embeddings (inputs longer than max_position_embeddings cannot be read) or RoPE (even head sizes). */
  positions: 'absolute' | 'rope';
  /** Its feed-forward input projection is gated (twice the intermediate size wide). */
  gatedFeedForward: boolean;
  /** intermediate / hidden of the family's base checkpoint, for presets' shapes. */
  baseFeedForwardRatio: number;
  /**
   * float32 activations per (row × token × hidden × layer) kept for the backward pass, with tfjs's temporaries and
   * its buffer pool: measured on Mesa lavapipe with bench/activationMemory.ts at two sizes, rounded up.
   */
  activationFloats: number;
  /** The random-init spec fields only this family has, in the order config.json lists them. */
  randomSpecFields: readonly RandomSpecField[];
  /** Added to the error when the tokenizer's token types do not fit the model. */
  tokenTypeAdvice?: string;
}

/** Parameters in a spec list. */
export function parameterCount(specs: readonly ParameterSpec[]): number {
  return specs.reduce((n, s) => n + s.shape.reduce((a, b) => a * b, 1), 0);
}
