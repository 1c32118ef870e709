// Preflight: the bundled demo passes; an adapter too small for a step's tensors is named with the field to change.
import { describe, expect, it } from 'vitest';
import { demoPreset, validateExperiment } from '../core/experiment';
import { nodeHost } from './nodeHost';
import { adapterLimitProblems, pairsPerStep, preflight } from './preflight';

describe('preflight', () => {
  it('the demo passes and reports the model shape it checked', async () => {
    const result = await preflight(demoPreset(), nodeHost({ baseDir: '.' }), { maxStorageBufferBindingSize: 128 * 1024 * 1024, maxBufferSize: 256 * 1024 * 1024 });
    expect(result.problems).toEqual([]);
    expect(result.dims).toMatchObject({ vocabSize: 30522, hidden: 32, heads: 2, maxPositions: 64 });
  });

  it('a step whose attention scores exceed the adapter’s largest binding names batchSize', () => {
    const config = validateExperiment({ ...demoPreset(), batchSize: 4096, loss: { kind: 'listwise', negativesPerQuery: 1 } });
    expect(pairsPerStep(config)).toBe(8192);
    const dims = { vocabSize: 30522, hidden: 32, heads: 2, intermediate: 64, maxPositions: 64, layers: 2 };
    // 8192 pairs × 2 heads × 48² (the demo's maxLength) × 4 bytes = 144 MiB of attention scores.
    const problems = adapterLimitProblems(config, dims, { maxStorageBufferBindingSize: 128 * 1024 * 1024, maxBufferSize: 1024 * 1024 * 1024 });
    expect(problems).toEqual([{ field: 'batchSize', message: expect.stringMatching(/attention scores \(8192 pairs × 2 heads × 48² positions\) = 144 MiB .* limit of 128 MiB: lower batchSize or maxLength/) }]);
    expect(adapterLimitProblems(config, dims, {})).toEqual([]);
  });
});
