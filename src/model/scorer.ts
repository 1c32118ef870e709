/**
 * The one scorer: a cross-encoder's scores for tokenized query–passage pairs outside training, in length-sorted,
 * bucket-padded batches (lengthBatches.ts) within the adapter's buffer limits, each score put back on its pair.
 * Evaluation and reranking (train/evaluate.ts) and `npm run score` (pairs or pre-tokenized rows) all call it.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { AdapterBufferLimits, ModelShape } from '../core/experiment/memoryEstimate';
import type { CrossEncoder } from './crossEncoder';
import { padPairs, planLengthBatches, rowsWithinLimits, scoringTokenBudget, type EncodedPair, type LengthBatch } from './lengthBatches';
import { resolveBuckets } from './tokenize';
import type { TokenizedRows } from './scoring';

export interface ScoringOptions {
  maxLength: number;
  /**
   * Rows of maxLength tokens one forward pass may hold: batches hold batchSize × maxLength padded tokens, so short
   * pairs go in larger batches (see scoringTokenBudget).
   */
  batchSize: number;
  /** The model's shape and the adapter's buffer limits: batches are kept to rows whose largest buffers fit (rowsWithinLimits). */
  bufferLimits?: { shape: ModelShape; limits: AdapterBufferLimits };
  /** Padded lengths to choose from (the tokenizer's DEFAULT_BUCKETS unless given; maxLength is always one). */
  buckets?: readonly number[];
  /** After each batch's scores are read back; pairsPerSecond is measured since the first forward pass (null before). */
  onProgress?: (done: number, total: number, pairsPerSecond: number | null) => void;
}

/** What scorePairs returns: each pair's score, in the order given, and how the scoring went. */
export interface PairScores {
  scores: Float32Array;
  batches: number;
  /** Tokens the batches held with their padding. */
  paddedTokens: number;
  /** From the first forward pass to the last score read back. */
  scoreMs: number;
}

/**
 * Scores tokenized pairs in length-sorted batches (lengthBatches.ts: short pairs in large batches, each padded to a
 * bucket length, no buffer over the adapter's limits) and puts each score back on its pair, so the result is the same
 * as scoring pair by pair, up to float rounding. Evaluation, reranking and `npm run score` all score this way.
 */
export async function scorePairs(
  model: Pick<CrossEncoder, 'forward'>,
  encoded: readonly EncodedPair[],
  padId: number,
  options: ScoringOptions,
): Promise<PairScores> {
  const { bufferLimits } = options;
  const total = encoded.length;
  const plan = planLengthBatches(
    encoded.map((p) => p.ids.length),
    {
      tokenBudget: scoringTokenBudget(options.batchSize, options.maxLength),
      buckets: resolveBuckets(options.maxLength, options.buckets),
      ...(bufferLimits ? { maxRows: (seqLen: number) => rowsWithinLimits(bufferLimits.shape, seqLen, bufferLimits.limits) } : {}),
    },
  );
  options.onProgress?.(0, total, null);

  // Scoring never trains: the forward runs outside any tf.grad/variableGrads, so no tape records it, and tidy
  // frees its intermediates at once. The next batch is queued before this one's scores are awaited, so the GPU
  // has work while the readback is mapped.
  const launch = (batch: LengthBatch) => tf.tidy(() => model.forward(padPairs(encoded, batch.rows, batch.seqLen, padId), { training: false }));
  const scores = new Float32Array(total);
  const scoreStart = performance.now();
  let done = 0;
  let next: tf.Tensor | undefined = plan.length > 0 ? launch(plan[0]) : undefined;
  try {
    for (let b = 0; b < plan.length; b++) {
      const logits: tf.Tensor = next!;
      next = undefined;
      try {
        if (b + 1 < plan.length) next = launch(plan[b + 1]);
        const values = await logits.data();
        plan[b].rows.forEach((pair, row) => (scores[pair] = values[row]));
      } finally {
        logits.dispose();
      }
      done += plan[b].rows.length;
      options.onProgress?.(done, total, done / (Math.max(performance.now() - scoreStart, 1e-3) / 1000));
    }
  } finally {
    next?.dispose();
  }
  return {
    scores,
    batches: plan.length,
    paddedTokens: plan.reduce((n, b) => n + b.rows.length * b.seqLen, 0),
    scoreMs: performance.now() - scoreStart,
  };
}

/**
 * Pre-tokenized rows (golden.json's layout) as pairs for the scorer: each row's tokens up to its padding. A row whose
 * mask has a 1 after a 0 (left padding, holes) is refused, naming it: the scorer pads on the right.
 */
export function encodedPairsOfRows(rows: TokenizedRows, source: string): EncodedPair[] {
  return rows.inputIds.map((ids, r) => {
    const mask = rows.attentionMask[r];
    const length = mask.indexOf(0) === -1 ? mask.length : mask.indexOf(0);
    if (mask.slice(length).some((v) => v !== 0)) throw new Error(`${source}: attention_mask[${r}] has a 1 after a 0; rows must be padded on the right`);
    if (length === 0) throw new Error(`${source}: attention_mask[${r}] masks every token`);
    return { ids: ids.slice(0, length), typeIds: rows.tokenTypeIds[r].slice(0, length) };
  });
}
