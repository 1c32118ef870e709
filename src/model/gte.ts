/**
 * GTE cross-encoder (`NewForSequenceClassification`, Alibaba-NLP/new-impl; gte-multilingual-reranker-base family)
 * in tfjs ops, with HF parameter names. Like BERT (post-LayerNorm layers, tanh pooler on [CLS]) except:
 * no position embeddings but rotate-half RoPE on q and k (NTK-scaled frequencies when the config asks), a packed
 * QKV projection, and a gated MLP `down(gelu(gate) · up)` with `[up | gate] = up_gate_proj(x)`.
 * Checked against fixtures/golden/tiny-gte (see its README-models.md checklist). Dropout sits where BERT has it.
 */
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import * as tf from '@tensorflow/tfjs-core';
import type { GteConfig } from '../core/formats/hfConfig';
import type { EncodedBatch } from './batch';
import { MASK_VALUE, type ForwardOptions } from './bert';
import { dropout } from './dropout';
import { embeddingLookup } from './embedding';
import { ParameterStore, valuesFromSafetensors, type LoadReport, type ParameterSpec } from './parameters';
import { pcgHash, seededNormal } from './random';

export function gteParameterSpecs(c: GteConfig): ParameterSpec[] {
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

/** RoPE inverse frequencies; with NTK factor f: (θ·f)^(−2i/d) / f^(2/d), as new-impl's rebuilt cache has them. */
export function gteRopeInvFreq(c: GteConfig): Float64Array {
  const d = c.hiddenSize / c.numHeads;
  const f = c.ropeNtkFactor;
  return Float64Array.from({ length: d / 2 }, (_, i) => (c.ropeTheta * f) ** ((-2 * i) / d) / f ** (2 / d));
}

function initialValues(spec: ParameterSpec, c: GteConfig, seed: number): Float32Array {
  const count = spec.shape.reduce((a, b) => a * b, 1);
  if (spec.init === 'zeros') return new Float32Array(count);
  if (spec.init === 'ones') return new Float32Array(count).fill(1);
  const values = seededNormal(count, c.initializerRange, seed, spec.name);
  if (spec.init === 'embedding-with-padding') values.fill(0, c.padTokenId * spec.shape[1], (c.padTokenId + 1) * spec.shape[1]);
  return values;
}

const isHead = (name: string) => name.startsWith('classifier.') || name.startsWith('new.pooler.');

export class GteCrossEncoder extends ParameterStore {
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
    const { values, report } = valuesFromSafetensors(gteParameterSpecs(config), bytes, {
      canonicalName: (name) => (/^(embeddings|encoder|pooler)\./.test(name) ? `new.${name}` : name),
      isIgnoredBuffer: (name) => /^new\.embeddings\.position_ids$/.test(name),
      isHead,
      initialValues: (spec) => initialValues(spec, config, opts.seed),
    }, opts);
    return { model: new GteCrossEncoder(config, values), report };
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
    if (opts.training && (c.hiddenDropout > 0 || c.attentionDropout > 0 || c.classifierDropout > 0) && opts.dropoutSeed === undefined) {
      throw new Error('forward: training with dropout needs opts.dropoutSeed');
    }
    let dropoutCall = 0;
    const drop = (x: tf.Tensor, rate: number) => (opts.training && rate > 0 ? dropout(x, rate, pcgHash((opts.dropoutSeed! ^ pcgHash(++dropoutCall)) >>> 0)) : x);
    const p = (name: string) => this.param(name);
    const linear = (x: tf.Tensor2D, prefix: string, bias = true) => {
      const y = tf.matMul(x, p(`${prefix}.weight`), false, true);
      return (bias ? tf.add(y, p(`${prefix}.bias`)) : y) as tf.Tensor2D;
    };
    const layerNorm = (x: tf.Tensor2D, prefix: string) => {
      const centered = tf.sub(x, tf.mean(x, -1, true));
      const normalized = tf.mul(centered, tf.rsqrt(tf.add(tf.mean(tf.square(centered), -1, true), c.layerNormEps)));
      return tf.add(tf.mul(normalized, p(`${prefix}.weight`)), p(`${prefix}.bias`)) as tf.Tensor2D;
    };
    const gelu = (x: tf.Tensor) => tf.mul(tf.mul(x, 0.5), tf.add(tf.erf(tf.mul(x, Math.SQRT1_2)), 1));

    // cos/sin tables [1, L, 1, d] in float64 on the host (emb = [pos·inv_freq, pos·inv_freq]).
    const invFreq = gteRopeInvFreq(c);
    const cosTable = new Float32Array(l * d);
    const sinTable = new Float32Array(l * d);
    for (let pos = 0; pos < l; pos++) {
      for (let i = 0; i < d; i++) {
        const angle = Math.fround(pos * Math.fround(invFreq[i % (d / 2)]));
        cosTable[pos * d + i] = Math.cos(angle);
        sinTable[pos * d + i] = Math.sin(angle);
      }
    }

    return tf.tidy(() => {
      const additiveMask = new Float32Array(b * l);
      for (let i = 0; i < additiveMask.length; i++) additiveMask[i] = batch.attentionMask[i] ? 0 : MASK_VALUE;
      const mask = tf.tensor4d(additiveMask, [b, 1, 1, l]);
      const cos = tf.tensor4d(cosTable, [1, l, 1, d]);
      const sin = tf.tensor4d(sinTable, [1, l, 1, d]);
      const rope = (x: tf.Tensor) => {
        const [first, second] = tf.split(x, 2, -1);
        return tf.add(tf.mul(x, cos), tf.mul(tf.concat([tf.neg(second), first], -1), sin));
      };

      let x: tf.Tensor2D = embeddingLookup(p('new.embeddings.word_embeddings.weight') as tf.Tensor2D, batch.inputIds, 'input id', c.padTokenId);
      if (c.typeVocabSize > 0) x = tf.add(x, embeddingLookup(p('new.embeddings.token_type_embeddings.weight') as tf.Tensor2D, batch.tokenTypeIds, 'token type id'));
      x = drop(layerNorm(x, 'new.embeddings.LayerNorm'), c.hiddenDropout) as tf.Tensor2D;

      for (let layer = 0; layer < c.numLayers; layer++) {
        const prefix = `new.encoder.layer.${layer}`;
        const [q, k, v] = tf.split(linear(x, `${prefix}.attention.qkv_proj`), 3, -1).map((t) => tf.reshape(t, [b, l, heads, d]));
        const toHeads = (t: tf.Tensor) => tf.transpose(t, [0, 2, 1, 3]);
        const scores = tf.add(tf.div(tf.matMul(toHeads(rope(q)), toHeads(rope(k)), false, true), Math.sqrt(d)), mask);
        const probs = drop(tf.softmax(scores, -1), c.attentionDropout);
        const context = tf.reshape(tf.transpose(tf.matMul(probs, toHeads(v)), [0, 2, 1, 3]), [b * l, h]) as tf.Tensor2D;
        const attended = drop(linear(context, `${prefix}.attention.o_proj`), c.hiddenDropout);
        x = layerNorm(tf.add(x, attended) as tf.Tensor2D, `${prefix}.attn_ln`);
        const [up, gate] = tf.split(linear(x, `${prefix}.mlp.up_gate_proj`, false), 2, -1);
        const down = drop(linear(tf.mul(gelu(gate), up) as tf.Tensor2D, `${prefix}.mlp.down_proj`), c.hiddenDropout);
        x = layerNorm(tf.add(x, down) as tf.Tensor2D, `${prefix}.mlp_ln`);
      }

      const cls = tf.reshape(tf.slice(tf.reshape(x, [b, l, h]), [0, 0, 0], [b, 1, h]), [b, h]) as tf.Tensor2D;
      const pooled = tf.tanh(linear(cls, 'new.pooler.dense')) as tf.Tensor2D;
      return tf.reshape(linear(drop(pooled, c.classifierDropout) as tf.Tensor2D, 'classifier'), [b]) as tf.Tensor1D;
    });
  }
}
