// Preflight: the bundled demo passes; an adapter too small for a step's tensors is named with the field to change.
import { describe, expect, it } from 'vitest';
import { demoPreset, validateExperiment } from '../core/experiment';
import { nodeHost } from './nodeHost';
import { rowsPerStep } from '../core/experiment/memoryEstimate';
import { adapterLimitProblems, preflight } from './preflight';

describe('preflight', () => {
  it('the demo passes and reports the model shape it checked', async () => {
    const result = await preflight(demoPreset(), nodeHost({ baseDir: '.' }), {
      maxStorageBufferBindingSize: 128 * 1024 * 1024,
      maxBufferSize: 256 * 1024 * 1024,
    });
    expect(result.problems).toEqual([]);
    expect(result.shape).toMatchObject({ family: 'bert', vocabSize: 30522, hidden: 32, heads: 2, maxPositions: 64 });
  });

  it('a step whose attention scores exceed the adapter’s largest binding names batchSize', () => {
    const config = validateExperiment({ ...demoPreset(), batchSize: 4096, loss: { kind: 'listwise', negativesPerQuery: 1 } });
    expect(rowsPerStep(config)).toBe(8192);
    const shape = { family: 'bert', vocabSize: 30522, hidden: 32, heads: 2, intermediate: 64, maxPositions: 64, layers: 2, typeVocabSize: 2 } as const;
    // 8192 pairs × 2 heads × 48² (the demo's maxLength) × 4 bytes = 144 MiB of attention scores.
    const problems = adapterLimitProblems(config, shape, { maxStorageBufferBindingSize: 128 * 1024 * 1024, maxBufferSize: 1024 * 1024 * 1024 });
    expect(problems).toEqual([
      {
        field: 'batchSize',
        message: expect.stringMatching(
          /^attention scores \(8192 × 2 heads × 48 × 48\) needs 144\.0 MiB in one buffer, over this adapter's maxStorageBufferBindingSize of 128\.0 MiB: use a shorter maxLength, a smaller batch/,
        ),
      },
    ]);
    expect(adapterLimitProblems(config, shape, {})).toEqual([]);
  });
});
