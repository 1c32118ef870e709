/**
 * BERT cross-encoder in tfjs ops: Hugging Face `BertForSequenceClassification` with one label, number for number
 * and name for name. word + position + token-type embeddings → LayerNorm → post-LayerNorm encoder layers
 * (self-attention with an additive padding mask, erf GELU feed-forward) → tanh pooler on [CLS] → one logit.
 *
 * Departures that do not change the numbers of normal rows: the padding mask adds -1e9 rather than float32's
 * minimum (a fully padded row then attends uniformly, like PyTorch, instead of turning NaN on WebGPU), and the
 * embedding gradient is our deterministic kernel (embedding.ts). Weights keep HF's [out, in] layout.
 */
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import * as tf from '@tensorflow/tfjs-core';
import { bertConfigToHfJson, bertParameterSpecs, type BertConfig } from '../core/families/bert';
import type { SafetensorsLimits } from '../core/formats/safetensors';
import type { EncodedBatch } from './batch';
import type { CrossEncoder } from './crossEncoder';
import { embeddingLookup } from './embedding';
import {
  additivePaddingMask,
  attention,
  biasErfGelu,
  dropoutOf,
  layerNorm as layerNormOf,
  linear as linearOf,
  residualLayerNorm,
  zeroPaddingRow,
  type ForwardOptions,
} from './layers';
import { ParameterStore, valuesFromSafetensors, type CheckpointLayout, type LoadReport, type ParameterSpec } from './parameters';
import { seededNormal } from './random';

export type { EncodedBatch } from './batch';
export type { LoadReport, ParameterSpec } from './parameters';
export { MASK_VALUE, type ForwardOptions } from './layers';

/** Every parameter of BertForSequenceClassification(num_labels=1), declared with the family (core/families/bert.ts). */
export { bertParameterSpecs };

/** Tensors a checkpoint may lack: initialised fresh (an encoder-only checkpoint has no classifier, maybe no pooler). */
const isHead = (name: string) => name.startsWith('classifier.') || name.startsWith('bert.pooler.');
/** HF registers these as buffers, not parameters; transformers ignores them when loading. */
const IGNORED_BUFFERS = /^bert\.embeddings\.(position_ids|token_type_ids)$/;

/**
 * HF's `_init_weights` for BERT and GTE: normal(0, initializer_range) for linear and embedding weights (the
 * padding row zeroed), zero biases, LayerNorm 1/0.
 */
export function initialValues(spec: ParameterSpec, config: Pick<BertConfig, 'initializerRange' | 'padTokenId'>, seed: number): Float32Array {
  const count = spec.shape.reduce((a, b) => a * b, 1);
  switch (spec.init) {
    case 'zeros':
      return new Float32Array(count);
    case 'ones':
      return new Float32Array(count).fill(1);
    case 'normal':
      return seededNormal(count, config.initializerRange, seed, spec.name);
    case 'embedding-with-padding':
      return zeroPaddingRow(seededNormal(count, config.initializerRange, seed, spec.name), spec.shape[1], config.padTokenId);
  }
}

/**
 * Maps a checkpoint tensor name onto this model's names: BertModel checkpoints lack the `bert.` prefix, and old
 * TF-converted ones call LayerNorm's weight/bias gamma/beta (transformers renames them the same way on load).
 */
function canonicalName(name: string): string {
  const prefixed = /^(embeddings|encoder|pooler)\./.test(name) ? `bert.${name}` : name;
  return prefixed.replace(/\.LayerNorm\.gamma$/, '.LayerNorm.weight').replace(/\.LayerNorm\.beta$/, '.LayerNorm.bias');
}

/** How BERT checkpoints name their tensors and which may be missing (fresh ones come from `seed`). */
export function bertCheckpointLayout(config: BertConfig, seed: number): CheckpointLayout {
  return {
    canonicalName,
    isIgnoredBuffer: (name) => IGNORED_BUFFERS.test(name),
    isHead,
    initialValues: (spec) => initialValues(spec, config, seed),
    shapeHint:
      ` (vocab_size=${config.vocabSize}, hidden_size=${config.hiddenSize}, intermediate_size=${config.intermediateSize}, ` +
      `max_position_embeddings=${config.maxPositions}, type_vocab_size=${config.typeVocabSize})`,
    missingHint: ` (num_hidden_layers=${config.numLayers})`,
  };
}

export class BertCrossEncoder extends ParameterStore implements CrossEncoder {
  readonly family = 'bert' as const;
  readonly config: BertConfig;

  private constructor(config: BertConfig, values: ReadonlyMap<string, Float32Array>) {
    super('BertCrossEncoder', 'bert', bertParameterSpecs(config), values);
    this.config = config;
  }

  /** A model of any size with HF's initializer, reproducible from `seed`. */
  static randomInit(config: BertConfig, seed: number): BertCrossEncoder {
    const values = new Map(bertParameterSpecs(config).map((spec) => [spec.name, initialValues(spec, config, seed)]));
    return new BertCrossEncoder(config, values);
  }

  /**
   * Loads a safetensors checkpoint shaped like cross-encoder/ms-marco-MiniLM-L-6-v2 (`bert.*` + `classifier.*`) or
   * like an encoder-only BertModel (names with or without `bert.`). A missing pooler/classifier is initialised
   * fresh from `seed`; any other missing tensor, or a shape the config does not imply, is an error naming it.
   */
  static fromSafetensors(
    config: BertConfig,
    bytes: Uint8Array,
    opts: { seed: number; source?: string; limits?: Partial<SafetensorsLimits> },
  ): { model: BertCrossEncoder; report: LoadReport } {
    const { values, report } = valuesFromSafetensors(bertParameterSpecs(config), bytes, bertCheckpointLayout(config, opts.seed), opts);
    return { model: new BertCrossEncoder(config, values), report };
  }

  get typeVocabSize(): number {
    return this.config.typeVocabSize;
  }

  hfConfigJson(): Record<string, unknown> {
    return bertConfigToHfJson(this.config);
  }

  /** Logits [batchSize]. In training, dropout follows the config with masks derived from `dropoutSeed`. */
  forward(batch: EncodedBatch, opts: ForwardOptions): tf.Tensor1D {
    this.assertLive();
    const c = this.config;
    validateBatch(batch, c);
    const { batchSize: b, seqLen: l } = batch;
    const h = c.hiddenSize;
    const heads = c.numHeads;
    const headSize = h / heads;
    const drop = dropoutOf(opts, [c.hiddenDropout, c.attentionDropout, c.classifierDropout]);
    const p = (name: string) => this.param(name);
    const linear = (x: tf.Tensor2D, prefix: string) => linearOf(x, p(`${prefix}.weight`), p(`${prefix}.bias`));
    const layerNorm = (x: tf.Tensor2D, prefix: string) => layerNormOf(x, c.layerNormEps, p(`${prefix}.weight`), p(`${prefix}.bias`));
    const addLayerNorm = (x: tf.Tensor2D, residual: tf.Tensor2D, prefix: string) =>
      residualLayerNorm(x, residual, c.layerNormEps, p(`${prefix}.weight`), p(`${prefix}.bias`));

    return tf.tidy(() => {
      const mask = additivePaddingMask(batch);

      // nn.Embedding(padding_idx=pad_token_id): the padding row gets no gradient, as in PyTorch.
      const words = embeddingLookup(p('bert.embeddings.word_embeddings.weight') as tf.Tensor2D, batch.inputIds, 'input id', c.padTokenId);
      const types = embeddingLookup(p('bert.embeddings.token_type_embeddings.weight') as tf.Tensor2D, batch.tokenTypeIds, 'token type id');
      // Positions looked up per token like the other two tables (not a slice broadcast over the batch), so their
      // gradient is the embedding kernel's ordered row sum rather than tfjs's reduction, slow on CPU adapters.
      const positionIds = Int32Array.from({ length: b * l }, (_, i) => i % l);
      const positions = embeddingLookup(p('bert.embeddings.position_embeddings.weight') as tf.Tensor2D, positionIds, 'position');
      const summed = tf.add(tf.add(words, types), positions) as tf.Tensor2D;
      let x = drop(layerNorm(summed, 'bert.embeddings.LayerNorm'), c.hiddenDropout) as tf.Tensor2D;

      for (let layer = 0; layer < c.numLayers; layer++) {
        const prefix = `bert.encoder.layer.${layer}`;
        const q = linear(x, `${prefix}.attention.self.query`);
        const k = linear(x, `${prefix}.attention.self.key`);
        const v = linear(x, `${prefix}.attention.self.value`);
        const shape = { batch: b, seq: l, heads, headSize };
        const context = attention(q, k, v, mask, shape, 'divide-by-sqrt', drop.next(c.attentionDropout));
        const attended = drop(linear(context, `${prefix}.attention.output.dense`), c.hiddenDropout);
        const afterAttention = addLayerNorm(attended as tf.Tensor2D, x, `${prefix}.attention.output.LayerNorm`);
        const intermediate = biasErfGelu(linearOf(afterAttention, p(`${prefix}.intermediate.dense.weight`)), p(`${prefix}.intermediate.dense.bias`));
        const output = drop(linear(intermediate, `${prefix}.output.dense`), c.hiddenDropout);
        x = addLayerNorm(output as tf.Tensor2D, afterAttention, `${prefix}.output.LayerNorm`);
      }

      const cls = tf.reshape(tf.slice(tf.reshape(x, [b, l, h]), [0, 0, 0], [b, 1, h]), [b, h]) as tf.Tensor2D;
      const pooled = tf.tanh(linear(cls, 'bert.pooler.dense')) as tf.Tensor2D;
      const logits = linear(drop(pooled, c.classifierDropout) as tf.Tensor2D, 'classifier');
      return tf.reshape(logits, [b]) as tf.Tensor1D;
    });
  }
}

/** Checks a batch against the model before anything reaches the GPU (where bad ids would read zeros silently). */
export function validateBatch(batch: EncodedBatch, c: BertConfig): void {
  const { batchSize: b, seqLen: l } = batch;
  if (!(Number.isInteger(b) && b > 0 && Number.isInteger(l) && l > 0)) throw new Error(`batch: batchSize ${b} and seqLen ${l} must be positive integers`);
  if (l > c.maxPositions) throw new Error(`batch: seqLen ${l} exceeds max_position_embeddings ${c.maxPositions}`);
  for (const key of ['inputIds', 'tokenTypeIds', 'attentionMask'] as const) {
    if (batch[key].length !== b * l) throw new Error(`batch: ${key} has ${batch[key].length} values, expected batchSize × seqLen = ${b * l}`);
  }
  for (let i = 0; i < b * l; i++) {
    const m = batch.attentionMask[i];
    if (m !== 0 && m !== 1) throw new Error(`batch: attentionMask[${i}] is ${m}; it must be 0 or 1`);
  }
}
