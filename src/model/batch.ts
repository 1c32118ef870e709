/**
 * A tokenized batch of query–passage pairs, laid out row-major ([batchSize, seqLen]) so it can be handed to
 * tfjs as int32 tensors without copying. Rows are padded to `seqLen` (one of a few fixed bucket lengths,
 * because tfjs's WebGPU buffer pool keys by exact size and never shrinks).
 */
export interface EncodedBatch {
  /** token ids; padding positions hold the tokenizer's [PAD] id */
  inputIds: Int32Array;
  /** 0 for [CLS] query [SEP], 1 for passage [SEP]; 0 on padding */
  tokenTypeIds: Int32Array;
  /** 1 for real tokens, 0 for padding */
  attentionMask: Int32Array;
  batchSize: number;
  seqLen: number;
}
