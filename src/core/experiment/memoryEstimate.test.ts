import { describe, expect, it } from 'vitest';
import { bufferLimitProblems, estimateTrainingMemory, KNOWN_HUB_SHAPES } from './memoryEstimate';

describe('estimateTrainingMemory', () => {
  it('counts weights, gradients, AdamW 2 and Lion 1 state slots per arm, activations and the largest buffers', () => {
    const shape = KNOWN_HUB_SHAPES['microsoft/MiniLM-L12-H384-uncased'];
    const e = estimateTrainingMemory({ shape, rows: 64, length: 256, optimizers: ['adamw', 'lion'] });
    // BertModel L12 H384: 11,918,592 embeddings + 12 × 1,774,464 per layer + 147,840 pooler = 33,360,000, plus the 385 of a one-logit head.
    expect(e.parameters).toBe(33_360_385);
    expect(e.optimizerStateBytes).toEqual([2 * 4 * e.parameters, 4 * e.parameters]);
    expect(e.activationBytes).toBe(4 * 64 * 256 * 384 * 12 * 150);
    expect(e.totalBytes).toBe(e.perArmBytes[0] + e.perArmBytes[1]);
    expect(e.largestBuffers[0]).toEqual({ what: 'attention scores (64 × 12 heads × 256 × 256)', field: 'batchSize', bytes: 4 * 64 * 12 * 256 * 256 });
  });

  it('refuses a buffer over the adapter limits, naming it and the limit', () => {
    const e = estimateTrainingMemory({ shape: KNOWN_HUB_SHAPES['Alibaba-NLP/gte-multilingual-base'], rows: 8, length: 128, optimizers: ['lion'] });
    // 250048 × 768 float32 = 732.6 MiB of word embeddings: over a 256 MiB binding limit, under a 1 GiB buffer limit.
    expect(bufferLimitProblems(e, { maxBufferSize: 2 ** 30, maxStorageBufferBindingSize: 2 ** 28 })).toEqual([
      {
        field: 'model',
        message:
          "word embeddings (250048 × 768) needs 732.6 MiB in one buffer, over this adapter's maxStorageBufferBindingSize of 256.0 MiB: use a shorter maxLength, a smaller batch or a smaller model",
      },
    ]);
    expect(bufferLimitProblems(e, { maxBufferSize: 2 ** 31, maxStorageBufferBindingSize: 2 ** 31 })).toEqual([]);
  });
});
