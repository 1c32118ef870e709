/** The ModernBERT cross-encoder against PyTorch's tiny-modernbert golden (fixtures/golden/tiny-modernbert), on real WebGPU. */
import { readFileSync } from 'node:fs';
import { describe, it } from 'vitest';
import { parseModernBertConfig } from '../core/formats/hfConfig';
import { gpuForTests } from '../testing/gpu';
import { initTfjsWebgpu } from '../gpu/tfjsBackend';
import { readShared, readSharedJson, sharedPath } from '../testing/shared';
import { expectMatchesGoldenOnWebgpu } from '../testing/modelGoldens';
import { ModernBertCrossEncoder } from './modernbert';
import { batchFromRows, type TinyBertGolden } from '../testing/tinyBert';

const available = await gpuForTests();

describe.skipIf(!available)('tiny-modernbert golden on WebGPU', () => {
  it('logits, loss, gradients and one fused AdamW step match PyTorch', async () => {
    const tfw = await initTfjsWebgpu();
    const golden = readSharedJson<Omit<TinyBertGolden, 'token_type_ids'>>('golden/tiny-modernbert/golden.json');
    const batch = batchFromRows({ ...golden, token_type_ids: golden.input_ids.map((row) => row.map(() => 0)) });
    const config = parseModernBertConfig(readShared('golden/tiny-modernbert/config.json'));
    const { model } = ModernBertCrossEncoder.fromSafetensors(config, readFileSync(sharedPath('golden/tiny-modernbert/model.safetensors')), { seed: 0 });
    await expectMatchesGoldenOnWebgpu(tfw, model, batch, golden, { label: 'tiny-modernbert', adamwStep: true });
  });
});
