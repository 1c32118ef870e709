/**
 * rerank's bookkeeping on tfjs's CPU backend, with a stand-in model whose score of a row is the sum of its real
 * token ids (padding-invariant by construction): every score lands on its own pair whatever batch it went in, the
 * batches keep to the token budget, candidates below the rerank depth follow in first-stage order, progress counts up.
 */
import { readFileSync } from 'node:fs';
import type * as tfTypes from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EvalSetSpec } from '../core/experiment/schema';
import type { EncodedBatch } from '../model/batch';
import { PairTokenizer } from '../model/tokenize';
import { useCpuBackend } from '../testing/cpuBackend';
import { BUNDLED_VOCAB_PATH } from '../testing/tinyModels';
import { rerankWithStats, type LoadedEvalSet } from './evaluate';

let tf: typeof tfTypes;
beforeAll(async () => {
  tf = await useCpuBackend();
});

const tokenizer = PairTokenizer.fromVocab(readFileSync(BUNDLED_VOCAB_PATH, 'utf8'), 'vocab.txt');
const words = 'the cat sat on a mat while rain fell over every roof of the quiet old town and nobody minded at all'.split(' ');
const passage = (n: number) => Array.from({ length: n }, (_, i) => words[(i * 7 + n) % words.length]).join(' ');

function evalSet(depth: number): LoadedEvalSet {
  const topics = { q1: 'what did the cat do', q2: 'rain', q3: 'old town roof' };
  const candidates = {
    q1: [3, 40, 12, 60, 2].map((n, i) => ({ docno: `d1-${i}`, text: passage(n), firstStageScore: -i })),
    q2: [25, 1, 70].map((n, i) => ({ docno: `d2-${i}`, text: passage(n), firstStageScore: -i })),
    q3: [9, 9, 33, 5].map((n, i) => ({ docno: `d3-${i}`, text: passage(n), firstStageScore: -i })),
  };
  return { spec: { name: 'toy', rerankDepth: depth } as EvalSetSpec, qrels: {}, set: { topics, candidates }, qids: ['q1', 'q2', 'q3'] };
}

describe('rerankWithStats', () => {
  it('puts every score back on its pair, keeps batches within the budget and the tail in first-stage order', async () => {
    const loaded = evalSet(4);
    const seen: EncodedBatch[] = [];
    const model = {
      forward(batch: EncodedBatch) {
        seen.push(batch);
        const ids = tf.tensor2d(batch.inputIds, [batch.batchSize, batch.seqLen], 'int32');
        const mask = tf.tensor2d(batch.attentionMask, [batch.batchSize, batch.seqLen], 'int32');
        return tf.cast(tf.sum(tf.mul(ids, mask), 1), 'float32') as tfTypes.Tensor1D;
      },
    };
    const progress: [number, number, number | null][] = [];
    const tensorsBefore = tf.memory().numTensors;
    const { run, stats } = await rerankWithStats(model, tokenizer, loaded, {
      maxLength: 64,
      batchSize: 2,
      buckets: [16, 32],
      onProgress: (...p) => progress.push(p),
    });
    expect(tf.memory().numTensors).toBe(tensorsBefore);

    const expected = (qid: 'q1' | 'q2' | 'q3', docIndex: number) => {
      const ids = tokenizer.encodePair(loaded.set.topics[qid], loaded.set.candidates[qid][docIndex].text, 64).ids;
      return ids.reduce((a, b) => a + b, 0);
    };
    expect(run.q1.slice(0, 4)).toEqual([0, 1, 2, 3].map((i) => ({ docno: `d1-${i}`, score: expected('q1', i) })));
    expect(run.q2).toEqual([0, 1, 2].map((i) => ({ docno: `d2-${i}`, score: expected('q2', i) })));
    expect(run.q3).toEqual([0, 1, 2, 3].map((i) => ({ docno: `d3-${i}`, score: expected('q3', i) })));
    // Below the depth: under the lowest model score of its query, in first-stage order.
    expect(run.q1[4].docno).toBe('d1-4');
    expect(run.q1[4].score).toBeLessThan(Math.min(...run.q1.slice(0, 4).map((d) => d.score)));

    // 11 pairs; the budget is 2 × 64 = 128 padded tokens: 8 rows of 16, 4 of 32, 2 of 64.
    for (const b of seen) expect(b.batchSize * b.seqLen).toBeLessThanOrEqual(128);
    expect(seen.map((b) => b.seqLen)).toEqual([...seen.map((b) => b.seqLen)].sort((a, b) => b - a));
    expect(seen.reduce((n, b) => n + b.batchSize, 0)).toBe(11);
    expect(stats.pairs).toBe(11);
    expect(stats.batches).toBe(seen.length);
    expect(stats.paddedTokens).toBe(seen.reduce((n, b) => n + b.inputIds.length, 0));
    expect(stats.realTokens).toBe(seen.reduce((n, b) => n + b.attentionMask.reduce((a, m) => a + m, 0), 0));
    expect(stats.pairsPerSecond).toBeGreaterThan(0);

    expect(progress[0]).toEqual([0, 11, null]);
    expect(progress.map((p) => p[0])).toEqual([0, ...seen.map((_, k) => seen.slice(0, k + 1).reduce((n, b) => n + b.batchSize, 0))]);
    expect(progress.every(([, total]) => total === 11)).toBe(true);
    expect(progress.slice(1).every(([, , rate]) => typeof rate === 'number' && rate > 0)).toBe(true);
  });

  it('frees the queued batch when a forward pass fails', async () => {
    const loaded = evalSet(5);
    let calls = 0;
    const model = {
      forward(batch: EncodedBatch) {
        if (++calls === 3) throw new Error('device lost');
        return tf.zeros([batch.batchSize]) as tfTypes.Tensor1D;
      },
    };
    const tensorsBefore = tf.memory().numTensors;
    await expect(rerankWithStats(model, tokenizer, loaded, { maxLength: 64, batchSize: 1 })).rejects.toThrow('device lost');
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });
});
