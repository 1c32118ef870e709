/** The scoring batch plan: every pair once, longest first, within the token budget, in few shapes. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkProperty } from '../testing/property';
import { bucketFor, resolveBuckets } from './tokenize';
import { padPairs, planLengthBatches, rowsWithinLimits, scoringTokenBudget } from './lengthBatches';

describe('planLengthBatches', () => {
  it('sorts longest first (ties in input order) and fills each bucket to the budget', () => {
    const plan = planLengthBatches([5, 40, 33, 10, 64, 64, 20], { tokenBudget: 128, buckets: [32, 64] });
    expect(plan).toEqual([
      { rows: [4, 5], seqLen: 64 },
      { rows: [1, 2], seqLen: 64 },
      { rows: [6, 3, 0], seqLen: 32 },
    ]);
  });

  it('gives a row longer than the budget a batch of its own', () => {
    expect(planLengthBatches([100, 3, 100], { tokenBudget: 50, buckets: [32, 128] })).toEqual([
      { rows: [0], seqLen: 128 },
      { rows: [2], seqLen: 128 },
      { rows: [1], seqLen: 32 },
    ]);
  });

  it('keeps each bucket to maxRows', () => {
    const plan = planLengthBatches([10, 10, 10, 10, 10, 60, 60, 60], { tokenBudget: 1024, buckets: [16, 64], maxRows: (seqLen) => (seqLen === 16 ? 2 : 100) });
    expect(plan).toEqual([
      { rows: [5, 6, 7], seqLen: 64 },
      { rows: [0, 1], seqLen: 16 },
      { rows: [2, 3], seqLen: 16 },
      { rows: [4], seqLen: 16 },
    ]);
  });

  it('holds for any lengths, budget and buckets', () => {
    const input = fc.record({
      maxLength: fc.integer({ min: 4, max: 300 }),
      lengths: fc.array(fc.integer({ min: 1, max: 300 }), { maxLength: 200 }),
      batchSize: fc.integer({ min: 1, max: 40 }),
      buckets: fc.array(fc.integer({ min: 1, max: 400 }), { maxLength: 6 }),
      rowCap: fc.option(fc.integer({ min: 1, max: 50 }), { nil: undefined }),
    });
    checkProperty(
      fc.property(input, ({ maxLength, lengths: raw, batchSize, buckets: rawBuckets, rowCap }) => {
        const lengths = raw.map((n) => Math.min(n, maxLength));
        const buckets = resolveBuckets(maxLength, rawBuckets);
        const tokenBudget = scoringTokenBudget(batchSize, maxLength);
        // A cap that differs by bucket, as the buffer limits do.
        const maxRows = rowCap === undefined ? undefined : (seqLen: number) => rowCap + (seqLen % 3);
        const plan = planLengthBatches(lengths, { tokenBudget, buckets, ...(maxRows ? { maxRows } : {}) });
        const order = plan.flatMap((b) => b.rows);
        expect([...order].sort((a, b) => a - b)).toEqual(lengths.map((_, i) => i));
        for (let i = 1; i < order.length; i++) {
          const [a, b] = [order[i - 1], order[i]];
          expect(lengths[a] > lengths[b] || (lengths[a] === lengths[b] && a < b)).toBe(true);
        }
        plan.forEach((batch, k) => {
          expect(batch.rows.length).toBeGreaterThan(0);
          for (const r of batch.rows) expect(bucketFor(lengths[r], buckets)).toBe(batch.seqLen);
          const capacity = Math.max(1, Math.min(Math.floor(tokenBudget / batch.seqLen), maxRows?.(batch.seqLen) ?? Number.POSITIVE_INFINITY));
          expect(batch.rows.length).toBeLessThanOrEqual(capacity);
          // Only a bucket's last batch is short.
          if (plan[k + 1]?.seqLen === batch.seqLen) expect(batch.rows.length).toBe(capacity);
          // Never more memory than batchSize rows at maxLength.
          expect(batch.rows.length * batch.seqLen <= tokenBudget || batch.rows.length === 1).toBe(true);
        });
        expect(new Set(plan.map((b) => b.seqLen)).size).toBeLessThanOrEqual(buckets.length);
      }),
    );
  });
});

describe('rowsWithinLimits', () => {
  const miniLm = { family: 'bert', layers: 6, hidden: 384, heads: 12, intermediate: 1536, vocabSize: 30522, maxPositions: 512, typeVocabSize: 2 } as const;
  const webgpuDefaults = { maxBufferSize: 2 ** 28, maxStorageBufferBindingSize: 2 ** 27 };

  it('keeps the attention scores (rows × heads × length² floats) within the binding limit', () => {
    // 64 rows × 12 heads × 256² × 4 bytes is 192 MiB, over WebGPU's default 128 MiB binding: 42 rows fit.
    expect(rowsWithinLimits(miniLm, 256, webgpuDefaults)).toBe(Math.floor(2 ** 27 / (12 * 256 * 256 * 4)));
    expect(rowsWithinLimits(miniLm, 256, webgpuDefaults)).toBe(42);
    // At 32 tokens the feed-forward activations (rows × 32 × 1536 floats) are the larger: 682 rows.
    expect(rowsWithinLimits(miniLm, 32, webgpuDefaults)).toBe(Math.floor(2 ** 27 / (32 * 1536 * 4)));
    expect(rowsWithinLimits({ ...miniLm, family: 'gte' }, 32, webgpuDefaults)).toBe(Math.floor(2 ** 27 / (32 * 2 * 1536 * 4)));
  });

  it('is at least one row, and unbounded when the limits are unknown', () => {
    expect(rowsWithinLimits(miniLm, 512, { maxStorageBufferBindingSize: 1024 })).toBe(1);
    expect(rowsWithinLimits(miniLm, 512, {})).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('scoringTokenBudget', () => {
  it('is batchSize rows of maxLength and rejects what is not a positive integer', () => {
    expect(scoringTokenBudget(64, 256)).toBe(16384);
    expect(() => scoringTokenBudget(0, 256)).toThrow(/evaluation batch size 0 must be a positive integer/);
    expect(() => scoringTokenBudget(8, 1.5)).toThrow(/maxLength 1.5 must be a positive integer/);
  });
});

describe('padPairs', () => {
  it('lays the chosen rows out in order, padded with the pad id, type 0 and mask 0', () => {
    const pairs = [
      { ids: [101, 7, 102], typeIds: [0, 0, 0] },
      { ids: [101, 8, 102, 9, 102], typeIds: [0, 0, 0, 1, 1] },
    ];
    expect(padPairs(pairs, [1, 0], 5, 3)).toEqual({
      inputIds: Int32Array.from([101, 8, 102, 9, 102, 101, 7, 102, 3, 3]),
      tokenTypeIds: Int32Array.from([0, 0, 0, 1, 1, 0, 0, 0, 0, 0]),
      attentionMask: Int32Array.from([1, 1, 1, 1, 1, 1, 1, 1, 0, 0]),
      batchSize: 2,
      seqLen: 5,
    });
    expect(() => padPairs(pairs, [1], 4, 0)).toThrow(/pair 1 has 5 tokens, more than the batch's padded length 4/);
  });
});
