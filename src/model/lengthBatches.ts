/**
 * Batches for scoring (no backward pass): pairs sorted by token length, each batch padded to one of the tokenizer's
 * bucket lengths and holding as many rows as fit a token budget, so short pairs go in large batches and long pairs in
 * small ones. Pure: no tfjs, no GPU.
 */
import { estimateTrainingMemory, type AdapterBufferLimits, type ModelShape } from '../core/experiment/memoryEstimate';
import { bucketFor } from './tokenize';
import type { EncodedBatch } from './batch';

export interface LengthBatch {
  /** Indices into the scored pairs, longest first; ties in input order. */
  rows: number[];
  /** The padded length: the smallest bucket that holds every row. */
  seqLen: number;
}

/**
 * The padded tokens (rows × padded length) one scoring batch may hold: `batchSize` rows at `maxLength`, the batch the
 * fixed-size evaluation used before. Scoring keeps no activations for a backward pass, so a forward's memory is its
 * largest buffers: per-token ones (rows × length × hidden) are bounded by the budget itself, and the attention scores
 * (rows × heads × length²) by budget × heads × maxLength, since length ≤ maxLength. So no batch needs more memory
 * than `batchSize` rows of `maxLength` did. A single buffer may still be over the adapter's binding limit (64 × 256
 * tokens of a 12-head model is 192 MiB of attention scores; WebGPU's default limit is 128 MiB): rowsWithinLimits caps that.
 */
export function scoringTokenBudget(batchSize: number, maxLength: number): number {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`evaluation batch size ${batchSize} must be a positive integer`);
  if (!Number.isInteger(maxLength) || maxLength < 1) throw new Error(`maxLength ${maxLength} must be a positive integer`);
  return batchSize * maxLength;
}

/**
 * Rows of `seqLen` tokens whose batch-sized buffers (attention scores, feed-forward activations: the training memory
 * estimate's, which the preflight checks too) each fit the adapter's maxBufferSize and maxStorageBufferBindingSize;
 * at least 1 (a row that does not fit fails training's preflight first). Infinity when the limits are unknown.
 */
export function rowsWithinLimits(shape: ModelShape, seqLen: number, limits: AdapterBufferLimits): number {
  const limit = Math.min(limits.maxBufferSize ?? Number.POSITIVE_INFINITY, limits.maxStorageBufferBindingSize ?? Number.POSITIVE_INFINITY);
  if (!Number.isFinite(limit)) return Number.POSITIVE_INFINITY;
  const { largestBuffers } = estimateTrainingMemory({ shape, rows: 1, length: seqLen, optimizers: [] });
  const bytesPerRow = Math.max(...largestBuffers.filter((b) => b.field === 'batchSize').map((b) => b.bytes));
  return Math.max(1, Math.floor(limit / bytesPerRow));
}

/**
 * Every index of `lengths` in exactly one batch. Batches hold rows of one bucket length, longest bucket first (so a
 * batch that does not fit fails at the start, not after minutes), each with floor(tokenBudget / bucket) rows (no more than
 * maxRows(bucket), at least one) and the bucket's remainder in a last, smaller batch. Few distinct shapes: tfjs's WebGPU buffer pool keys by
 * exact size and never shrinks. Deterministic: the order depends on the lengths and input order only.
 */
export function planLengthBatches(
  lengths: readonly number[],
  options: { tokenBudget: number; buckets: readonly number[]; maxRows?: (seqLen: number) => number },
): LengthBatch[] {
  const { tokenBudget, buckets, maxRows = () => Number.POSITIVE_INFINITY } = options;
  if (!(tokenBudget >= 1)) throw new Error(`token budget ${tokenBudget} must be at least 1`);
  const seqLens = lengths.map((n) => bucketFor(n, buckets));
  const order = lengths.map((_, i) => i).sort((a, b) => lengths[b] - lengths[a] || a - b);
  const batches: LengthBatch[] = [];
  for (let i = 0; i < order.length;) {
    const seqLen = seqLens[order[i]];
    const capacity = Math.max(1, Math.min(Math.floor(tokenBudget / seqLen), maxRows(seqLen)));
    const rows: number[] = [];
    while (i < order.length && rows.length < capacity && seqLens[order[i]] === seqLen) rows.push(order[i++]);
    batches.push({ rows, seqLen });
  }
  return batches;
}

export interface EncodedPair {
  ids: readonly number[];
  typeIds: readonly number[];
}

/** Rows `rows` of `pairs` padded to `seqLen` (id padId, type 0, mask 0), in the order given. */
export function padPairs(pairs: readonly EncodedPair[], rows: readonly number[], seqLen: number, padId: number): EncodedBatch {
  const batchSize = rows.length;
  const inputIds = new Int32Array(batchSize * seqLen).fill(padId);
  const tokenTypeIds = new Int32Array(batchSize * seqLen);
  const attentionMask = new Int32Array(batchSize * seqLen);
  rows.forEach((index, r) => {
    const { ids, typeIds } = pairs[index];
    if (ids.length > seqLen) throw new Error(`pair ${index} has ${ids.length} tokens, more than the batch's padded length ${seqLen}`);
    const offset = r * seqLen;
    inputIds.set(ids, offset);
    tokenTypeIds.set(typeIds, offset);
    attentionMask.fill(1, offset, offset + ids.length);
  });
  return { inputIds, tokenTypeIds, attentionMask, batchSize, seqLen };
}
