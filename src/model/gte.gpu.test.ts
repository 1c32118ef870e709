/** The GTE cross-encoder against PyTorch's tiny-gte golden (fixtures/golden/tiny-gte), on real WebGPU. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseGteConfig } from '../core/formats/hfConfig';
import { gpuForTests } from '../testing/gpu';
import { initTfjsWebgpu } from '../gpu/tfjsBackend';
import { readShared, sharedPath } from '../testing/shared';
import { expectMatchesGoldenOnWebgpu } from '../testing/modelGoldens';
import { GteCrossEncoder } from './gte';
import { batchFromRows, type TinyBertGolden } from '../testing/tinyBert';

const available = await gpuForTests();

describe.skipIf(!available)('tiny-gte golden on WebGPU', () => {
  it('logits, loss, gradients and one fused AdamW step match PyTorch', async () => {
    const tfw = await initTfjsWebgpu();
    const golden = JSON.parse(readShared('golden/tiny-gte/golden.json')) as TinyBertGolden;
    const config = parseGteConfig(readShared('golden/tiny-gte/config.json'));
    const { model, report } = GteCrossEncoder.fromSafetensors(config, readFileSync(sharedPath('golden/tiny-gte/model.safetensors')), { seed: 0 });
    expect(report).toEqual({ missing: [], unexpected: [], initialisedFresh: [], ignored: [] });
    await expectMatchesGoldenOnWebgpu(tfw, model, batchFromRows(golden), golden, { label: 'tiny-gte', adamwStep: true });
  });
});
