/**
 * GTE cross-encoder (`NewForSequenceClassification`, Alibaba-NLP/new-impl; gte-multilingual-reranker-base family)
 * in tfjs ops, with HF parameter names. Like BERT (post-LayerNorm layers, tanh pooler on [CLS]) except:
 * no position embeddings but rotate-half RoPE on q and k (NTK-scaled frequencies when the config asks), a packed
 * QKV projection, and a gated MLP `down(gelu(gate) · up)` with `[up | gate] = up_gate_proj(x)`.
 * Checked against fixtures/golden/tiny-gte (see its README-models.md checklist). Dropout sits where BERT has it.
 */
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import * as tf from '@tensorflow/tfjs-core';
import { gteConfigToHfJson, gteParameterSpecs, type GteConfig } from '../core/families/gte';
import type { EncodedBatch } from './batch';
import { initialValues } from './bert';
import type { CrossEncoder } from './crossEncoder';
import { embeddingLookup } from './embedding';
import {
  additivePaddingMask,
  applyRope,
  attention,
  dropoutOf,
  geglu,
  layerNorm as layerNormOf,
  linear as linearOf,
  residualLayerNorm,
  ropeTables,
  type ForwardOptions,
} from './layers';
import { ParameterStore, valuesFromSafetensors, type CheckpointLayout, type LoadReport } from './parameters';

export { gteParameterSpecs };

/** RoPE inverse frequencies; with NTK factor f: (θ·f)^(−2i/d) / f^(2/d), as new-impl's rebuilt cache has them. */
export function gteRopeInvFreq(c: GteConfig): Float64Array {
  const d = c.hiddenSize / c.numHeads;
  const f = c.ropeNtkFactor;
  return Float64Array.from({ length: d / 2 }, (_, i) => (c.ropeTheta * f) ** ((-2 * i) / d) / f ** (2 / d));
}

const isHead = (name: string) => name.startsWith('classifier.') || name.startsWith('new.pooler.');

/** GTE checkpoints: `new.*` (or without the prefix) + `classifier.*`; the pooler and classifier may be missing. */
export function gteCheckpointLayout(config: GteConfig, seed: number): CheckpointLayout {
  return {
    canonicalName: (name) => (/^(embeddings|encoder|pooler)\./.test(name) ? `new.${name}` : name),
    isIgnoredBuffer: (name) => /^new\.embeddings\.position_ids$/.test(name),
    isHead,
    initialValues: (spec) => initialValues(spec, config, seed),
    shapeHint: ` (vocab_size=${config.vocabSize}, hidden_size=${config.hiddenSize}, intermediate_size=${config.intermediateSize}, type_vocab_size=${config.typeVocabSize})`,
    missingHint: ` (num_hidden_layers=${config.numLayers})`,
  };
}

export class GteCrossEncoder extends ParameterStore implements CrossEncoder {
  readonly family = 'gte' as const;
  readonly config: GteConfig;

  private constructor(config: GteConfig, values: ReadonlyMap<string, Float32Array>) {
    super('GteCrossEncoder', 'gte', gteParameterSpecs(config), values);
    this.config = config;
  }

  static randomInit(config: GteConfig, seed: number): GteCrossEncoder {
    return new GteCrossEncoder(config, new Map(gteParameterSpecs(config).map((s) => [s.name, initialValues(s, config, seed)])));
  }

  /** Same contract as BertCrossEncoder.fromSafetensors; names are `new.*` (or without the prefix) + `classifier.*`. */
  static fromSafetensors(config: GteConfig, bytes: Uint8Array, opts: { seed: number; source?: string }): { model: GteCrossEncoder; report: LoadReport } {
    const { values, report } = valuesFromSafetensors(gteParameterSpecs(config), bytes, gteCheckpointLayout(config, opts.seed), opts);
    return { model: new GteCrossEncoder(config, values), report };
  }

  get typeVocabSize(): number {
    return this.config.typeVocabSize;
  }

  hfConfigJson(): Record<string, unknown> {
    return gteConfigToHfJson(this.config);
  }

  forward(batch: EncodedBatch, opts: ForwardOptions): tf.Tensor1D {
    this.assertLive();
    const c = this.config;
    const { batchSize: b, seqLen: l } = batch;
    for (const key of ['inputIds', 'tokenTypeIds', 'attentionMask'] as const) {
      if (batch[key].length !== b * l) throw new Error(`batch: ${key} has ${batch[key].length} values, expected batchSize × seqLen = ${b * l}`);
    }
    const h = c.hiddenSize;
    const heads = c.numHeads;
    const d = h / heads;
    const drop = dropoutOf(opts, [c.hiddenDropout, c.attentionDropout, c.classifierDropout]);
    const p = (name: string) => this.param(name);
    const linear = (x: tf.Tensor2D, prefix: string, bias = true) => linearOf(x, p(`${prefix}.weight`), bias ? p(`${prefix}.bias`) : undefined);
    const layerNorm = (x: tf.Tensor2D, prefix: string) => layerNormOf(x, c.layerNormEps, p(`${prefix}.weight`), p(`${prefix}.bias`));
    const addLayerNorm = (x: tf.Tensor2D, residual: tf.Tensor2D, prefix: string) =>
      residualLayerNorm(x, residual, c.layerNormEps, p(`${prefix}.weight`), p(`${prefix}.bias`));

    return tf.tidy(() => {
      const mask = additivePaddingMask(batch);
      const tables = ropeTables(gteRopeInvFreq(c), l, d);
      const rope = (x: tf.Tensor) => applyRope(x, tables);

      let x: tf.Tensor2D = embeddingLookup(p('new.embeddings.word_embeddings.weight') as tf.Tensor2D, batch.inputIds, 'input id', c.padTokenId);
      if (c.typeVocabSize > 0)
        x = tf.add(x, embeddingLookup(p('new.embeddings.token_type_embeddings.weight') as tf.Tensor2D, batch.tokenTypeIds, 'token type id'));
      x = drop(layerNorm(x, 'new.embeddings.LayerNorm'), c.hiddenDropout) as tf.Tensor2D;

      for (let layer = 0; layer < c.numLayers; layer++) {
        const prefix = `new.encoder.layer.${layer}`;
        const [q, k, v] = tf.split(linear(x, `${prefix}.attention.qkv_proj`), 3, -1).map((t) => tf.reshape(t, [b, l, heads, d]));
        const context = attention(rope(q), rope(k), v, mask, { batch: b, seq: l, heads, headSize: d }, 'divide-by-sqrt', drop.next(c.attentionDropout));
        const attended = drop(linear(context, `${prefix}.attention.o_proj`), c.hiddenDropout);
        x = addLayerNorm(x, attended as tf.Tensor2D, `${prefix}.attn_ln`);
        // up_gate_proj is [up; gate]: GELU(gate) · up.
        const down = drop(linear(geglu(linear(x, `${prefix}.mlp.up_gate_proj`, false), 'second'), `${prefix}.mlp.down_proj`), c.hiddenDropout);
        x = addLayerNorm(x, down as tf.Tensor2D, `${prefix}.mlp_ln`);
      }

      const cls = tf.reshape(tf.slice(tf.reshape(x, [b, l, h]), [0, 0, 0], [b, 1, h]), [b, h]) as tf.Tensor2D;
      const pooled = tf.tanh(linear(cls, 'new.pooler.dense')) as tf.Tensor2D;
      return tf.reshape(linear(drop(pooled, c.classifierDropout) as tf.Tensor2D, 'classifier'), [b]) as tf.Tensor1D;
    });
  }
}
