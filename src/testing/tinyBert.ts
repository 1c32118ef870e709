/** Test-only helpers: the tiny-bert golden as an EncodedBatch and a model, read from fixtures/. */
import { readFileSync } from 'node:fs';
import { parseBertConfig } from '../core/formats/hfConfig';
import { readShared, sharedPath } from './shared';
import { BertCrossEncoder, type EncodedBatch } from '../model/bert';

/**
 * weightsHash (core/formats/weightsHash.ts) of fixtures/golden/tiny-bert/model.safetensors, computed by an independent
 * reader (Python struct + hashlib over the file's bytes; the recipe is in weightsHash.test.ts).
 */
export const TINY_BERT_WEIGHTS_HASH = 'f785c895d8339bfea9e2d871834750ae31a68cca28f09a908b6376657cdcda6d';

export interface TinyBertGolden {
  input_ids: number[][];
  token_type_ids: number[][];
  attention_mask: number[][];
  labels: number[];
  logits: number[];
  loss: number;
  grad_norms: Record<string, number>;
  grads_sample: Record<string, number[]>;
  adamw_step: { lr: number; beta1: number; beta2: number; eps: number; weight_decay: number; logits_after: number[] };
}

export function tinyBertGolden(): TinyBertGolden {
  return JSON.parse(readShared('golden/tiny-bert/golden.json')) as TinyBertGolden;
}

export function batchFromRows(rows: { input_ids: number[][]; token_type_ids: number[][]; attention_mask: number[][] }): EncodedBatch {
  const batchSize = rows.input_ids.length;
  const seqLen = rows.input_ids[0].length;
  return {
    inputIds: Int32Array.from(rows.input_ids.flat()),
    tokenTypeIds: Int32Array.from(rows.token_type_ids.flat()),
    attentionMask: Int32Array.from(rows.attention_mask.flat()),
    batchSize,
    seqLen,
  };
}

export function loadTinyBert(seed = 0) {
  const config = parseBertConfig(readShared('golden/tiny-bert/config.json'));
  const bytes = readFileSync(sharedPath('golden/tiny-bert/model.safetensors'));
  return { config, bytes, ...BertCrossEncoder.fromSafetensors(config, bytes, { seed }) };
}
