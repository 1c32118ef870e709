/**
 * ModernBERT cross-encoder (`ModernBertForSequenceClassification`, answerdotai/ModernBERT-base family) in tfjs ops,
 * with HF parameter names, following the fixtures/golden/README-models.md checklist: LN(tok_embeddings) →
 * pre-norm layers (layer 0 has no attn_norm) with fused Wqkv, rotate-half RoPE (global layers every
 * `global_attn_every_n_layers` with the global theta, the others local with a ±local_attention/2 window), GeGLU MLP
 * `Wo(erfGelu(a) · g)` with `[a | g] = Wi(x)` → final_norm → mean or [CLS] pooling → head (dense, GELU, norm) →
 * classifier. Every LayerNorm is weight-only and every linear bias-free except the classifier's.
 * Departures: masks add -1e9 (finite), and mean pooling divides by max(1, valid tokens) so a fully padded row
 * stays finite (HF would give NaN there).
 */
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import * as tf from '@tensorflow/tfjs-core';
import { modernBertConfigToHfJson, modernBertParameterSpecs, type ModernBertConfig, type ModernBertSpec } from '../core/families/modernbert';
import type { EncodedBatch } from './batch';
import type { CrossEncoder } from './crossEncoder';
import { embeddingLookup } from './embedding';
import {
  additivePaddingMask,
  applyRope,
  attention,
  dropoutOf,
  erfGelu,
  geglu,
  layerNorm,
  linear as linearOf,
  MASK_VALUE,
  ropeTables,
  zeroPaddingRow,
  type ForwardOptions,
} from './layers';
import { ParameterStore, valuesFromSafetensors, type CheckpointLayout, type LoadReport } from './parameters';
import { seededTruncatedNormal } from './random';

export { modernBertParameterSpecs };

function initialValues(spec: ModernBertSpec, c: ModernBertConfig, seed: number): Float32Array {
  const count = spec.shape.reduce((a, b) => a * b, 1);
  if (spec.init === 'zeros') return new Float32Array(count);
  if (spec.init === 'ones') return new Float32Array(count).fill(1);
  const std = { in: c.initializerRange, out: c.initializerRange / Math.sqrt(2 * c.numLayers), embedding: c.initializerRange, final_out: c.hiddenSize ** -0.5 }[
    spec.role ?? 'in'
  ];
  const values = seededTruncatedNormal(count, std, c.initializerCutoffFactor, seed, spec.name);
  return spec.init === 'embedding-with-padding' ? zeroPaddingRow(values, spec.shape[1], c.padTokenId) : values;
}

/** A fine-tuned checkpoint has the classifier; an MLM checkpoint has `head.*` (loaded, as HF does) but no classifier. */
const isHead = (name: string) => name.startsWith('classifier.') || name.startsWith('head.');

export function isGlobalLayer(c: ModernBertConfig, layer: number): boolean {
  return layer % c.globalAttnEveryNLayers === 0;
}

/** ModernBERT checkpoints: `model.*` (or without the prefix), `head.*`, `classifier.*`; head and classifier may be missing. */
export function modernBertCheckpointLayout(config: ModernBertConfig, seed: number): CheckpointLayout {
  return {
    canonicalName: (name) => (/^(embeddings|layers|final_norm)\./.test(name) ? `model.${name}` : name),
    isHead,
    initialValues: (spec) => initialValues(spec, config, seed),
    shapeHint: ` (vocab_size=${config.vocabSize}, hidden_size=${config.hiddenSize}, intermediate_size=${config.intermediateSize})`,
    missingHint: ` (num_hidden_layers=${config.numLayers})`,
  };
}

export class ModernBertCrossEncoder extends ParameterStore implements CrossEncoder {
  readonly family = 'modernbert' as const;
  /** ModernBERT has no token types. */
  readonly typeVocabSize = 0;
  readonly config: ModernBertConfig;

  private constructor(config: ModernBertConfig, values: ReadonlyMap<string, Float32Array>) {
    super('ModernBertCrossEncoder', 'modernbert', modernBertParameterSpecs(config), values);
    this.config = config;
  }

  static randomInit(config: ModernBertConfig, seed: number): ModernBertCrossEncoder {
    return new ModernBertCrossEncoder(config, new Map(modernBertParameterSpecs(config).map((s) => [s.name, initialValues(s, config, seed)])));
  }

  /** Same contract as BertCrossEncoder.fromSafetensors; the MLM decoder (`decoder.*`) is reported as unexpected. */
  static fromSafetensors(
    config: ModernBertConfig,
    bytes: Uint8Array,
    opts: { seed: number; source?: string },
  ): { model: ModernBertCrossEncoder; report: LoadReport } {
    const { values, report } = valuesFromSafetensors(modernBertParameterSpecs(config), bytes, modernBertCheckpointLayout(config, opts.seed), opts);
    return { model: new ModernBertCrossEncoder(config, values), report };
  }

  hfConfigJson(): Record<string, unknown> {
    return modernBertConfigToHfJson(this.config);
  }

  /** Logits [B]. Token types are ignored (ModernBERT has none). */
  forward(batch: EncodedBatch, opts: ForwardOptions): tf.Tensor1D {
    this.assertLive();
    const c = this.config;
    const { batchSize: b, seqLen: l } = batch;
    for (const key of ['inputIds', 'attentionMask'] as const) {
      if (batch[key].length !== b * l) throw new Error(`batch: ${key} has ${batch[key].length} values, expected batchSize × seqLen = ${b * l}`);
    }
    const h = c.hiddenSize;
    const heads = c.numHeads;
    const d = h / heads;
    const drop = dropoutOf(opts, [c.embeddingDropout, c.attentionDropout, c.mlpDropout, c.classifierDropout]);
    const p = (name: string) => this.param(name);
    const linear = (x: tf.Tensor2D, name: string) => linearOf(x, p(name));
    const norm = (x: tf.Tensor2D, name: string) => layerNorm(x, c.normEps, p(name));
    const invFreq = (theta: number) => Float64Array.from({ length: d / 2 }, (_, i) => theta ** ((-2 * i) / d));
    const halfWindow = Math.floor(c.localAttention / 2);

    return tf.tidy(() => {
      const globalMask = additivePaddingMask(batch);
      const window = new Float32Array(l * l);
      for (let i = 0; i < l; i++) for (let j = 0; j < l; j++) window[i * l + j] = Math.abs(i - j) > halfWindow ? MASK_VALUE : 0;
      const localMask = tf.add(globalMask, tf.tensor4d(window, [1, 1, l, l]));
      const globalRope = ropeTables(invFreq(c.globalRopeTheta), l, d);
      const localRope = ropeTables(invFreq(c.localRopeTheta), l, d);
      const rope = applyRope;

      const embedded = embeddingLookup(p('model.embeddings.tok_embeddings.weight') as tf.Tensor2D, batch.inputIds, 'input id', c.padTokenId);
      let x = drop(norm(embedded, 'model.embeddings.norm.weight'), c.embeddingDropout) as tf.Tensor2D;
      for (let layer = 0; layer < c.numLayers; layer++) {
        const prefix = `model.layers.${layer}`;
        const global = isGlobalLayer(c, layer);
        const input = layer === 0 ? x : norm(x, `${prefix}.attn_norm.weight`);
        const [q, k, v] = tf.split(linear(input, `${prefix}.attn.Wqkv.weight`), 3, -1).map((t) => tf.reshape(t, [b, l, heads, d]));
        const tables = global ? globalRope : localRope;
        const shape = { batch: b, seq: l, heads, headSize: d };
        const context = attention(
          rope(q, tables),
          rope(k, tables),
          v,
          global ? globalMask : localMask,
          shape,
          'multiply-by-inverse-sqrt',
          drop.next(c.attentionDropout),
        );
        x = tf.add(x, drop(linear(context, `${prefix}.attn.Wo.weight`), c.attentionDropout)) as tf.Tensor2D;
        // Wi is [input; gate]: GELU(input) · gate.
        const gated = geglu(linear(norm(x, `${prefix}.mlp_norm.weight`), `${prefix}.mlp.Wi.weight`), 'first');
        x = tf.add(x, linear(drop(gated, c.mlpDropout) as tf.Tensor2D, `${prefix}.mlp.Wo.weight`)) as tf.Tensor2D;
      }
      const final = tf.reshape(norm(x, 'model.final_norm.weight'), [b, l, h]);
      let pooled: tf.Tensor2D;
      if (c.pooling === 'cls') {
        pooled = tf.reshape(tf.slice(final, [0, 0, 0], [b, 1, h]), [b, h]) as tf.Tensor2D;
      } else {
        const valid = Float32Array.from(batch.attentionMask);
        const counts = new Float32Array(b);
        for (let r = 0; r < b; r++) for (let i = 0; i < l; i++) counts[r] += valid[r * l + i];
        const summed = tf.sum(tf.mul(final, tf.tensor3d(valid, [b, l, 1])), 1);
        pooled = tf.div(
          summed,
          tf.tensor2d(
            counts.map((n) => Math.max(1, n)),
            [b, 1],
          ),
        ) as tf.Tensor2D;
      }
      const headed = norm(erfGelu(linear(pooled, 'head.dense.weight')) as tf.Tensor2D, 'head.norm.weight');
      const logits = tf.add(linear(drop(headed, c.classifierDropout) as tf.Tensor2D, 'classifier.weight'), p('classifier.bias'));
      return tf.reshape(logits, [b]) as tf.Tensor1D;
    });
  }
}
