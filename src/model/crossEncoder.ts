/**
 * What every cross-encoder family (BERT, GTE, ModernBERT) offers the engine: scoring, training, checkpoints and
 * saving all go through this interface, so they work the same for each family.
 */
import type * as tf from '@tensorflow/tfjs-core';
import { FAMILY_NAMES, type ModelFamily } from '../core/families/registry';
import type { EncodedBatch } from './batch';
import type { ForwardOptions } from './layers';
import type { NamedParameter } from './parameters';

export type { ModelFamily };
/** The registered families (core/families/registry.ts). */
export const MODEL_FAMILIES: readonly ModelFamily[] = FAMILY_NAMES;

/** The config fields every family has, under the same names. */
export interface CrossEncoderConfig {
  vocabSize: number;
  hiddenSize: number;
  numLayers: number;
  numHeads: number;
  intermediateSize: number;
  maxPositions: number;
  padTokenId: number;
}

export interface CrossEncoder {
  readonly family: ModelFamily;
  readonly config: CrossEncoderConfig;
  /** Rows of the token-type embedding (0: the model ignores token types). */
  readonly typeVocabSize: number;
  /** Parameters in HF order; the variables are the ones the optimizer updates in place. */
  parameters(): NamedParameter[];
  parameterCount(): number;
  /** Logits [batchSize]. */
  forward(batch: EncodedBatch, opts: ForwardOptions): tf.Tensor1D;
  exportWeights(): Promise<Record<string, Float32Array>>;
  importWeights(weights: Record<string, Float32Array>): void;
  /** model.safetensors with Hugging Face tensor names (F32). */
  exportSafetensors(): Promise<Uint8Array>;
  /** The config.json Hugging Face writes for this model as `*ForSequenceClassification` with one label. */
  hfConfigJson(): Record<string, unknown>;
  dispose(): void;
}
