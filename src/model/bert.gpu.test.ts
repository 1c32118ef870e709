/**
 * The BERT cross-encoder against PyTorch's tiny-bert golden (fixtures/golden/tiny-bert), on real WebGPU.
 */
import { describe, expect, it } from 'vitest';
import { gpuForTests } from '../testing/gpu';
import { initTfjsWebgpu } from '../gpu/tfjsBackend';
import { expectMatchesGoldenOnWebgpu } from '../testing/modelGoldens';
import { batchFromRows, loadTinyBert, tinyBertGolden } from '../testing/tinyBert';

const available = await gpuForTests();

describe.skipIf(!available)('tiny-bert golden on WebGPU', () => {
  it('logits, loss and every gradient match PyTorch', async () => {
    const tfw = await initTfjsWebgpu();
    const golden = tinyBertGolden();
    const { model, report } = loadTinyBert();
    expect(report).toEqual({ missing: [], unexpected: [], initialisedFresh: [], ignored: [] });
    await expectMatchesGoldenOnWebgpu(tfw, model, batchFromRows(golden), golden, {
      label: 'tiny-bert',
      // The AdamW step on this golden is checked in trainStep.gpu.test.ts.
      adamwStep: false,
      // Softmax ignores a shift shared by all keys, so this gradient is exactly 0; PyTorch's 4e-8 is rounding noise.
      isExactlyZero: (name) => name.endsWith('attention.self.key.bias'),
    });
  });
});
