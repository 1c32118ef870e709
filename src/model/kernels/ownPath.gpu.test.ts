/**
 * The `own` kernel path end to end on real WebGPU: the PyTorch goldens of all three families still pass with our
 * kernels in the model (layer norm, GELU, matmul and attention, and each really ran), and the same config and seed give a bit-identical
 * loss curve twice, close to the tfjs path's curve.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bertConfig, parseGteConfig, parseModernBertConfig } from '../../core/formats/hfConfig';
import { createFusedOptimizer } from '../../gpu/optim';
import { initTfjsWebgpu, type TfjsWebgpu } from '../../gpu/tfjsBackend';
import { gpuForTests } from '../../testing/gpu';
import { expectMatchesGoldenOnWebgpu } from '../../testing/modelGoldens';
import { readShared, readSharedJson, sharedPath } from '../../testing/shared';
import { batchFromRows, loadTinyBert, tinyBertGolden, type TinyBertGolden } from '../../testing/tinyBert';
import { BertCrossEncoder } from '../bert';
import { GteCrossEncoder } from '../gte';
import { ModernBertCrossEncoder } from '../modernbert';
import { trainStep } from '../trainStep';
import { withKernelPath, type KernelPath } from './kernelPath';

const available = await gpuForTests();

/** Runs body on the `own` path and returns how many of our fused-kernel programs tfjs ran meanwhile. */
async function countingOwnPrograms(tfw: TfjsWebgpu, body: () => Promise<void>): Promise<Record<string, number>> {
  const backend = tfw.backend as unknown as { runWebGPUProgram(program: { shaderKey: string }, ...rest: unknown[]): unknown };
  const original = backend.runWebGPUProgram;
  const counts: Record<string, number> = {};
  backend.runWebGPUProgram = function (program, ...rest) {
    const family = /^rerankLab(LayerNorm|Gelu|Geglu|Matmul|Attention)/.exec(program.shaderKey)?.[1];
    if (family) counts[family] = (counts[family] ?? 0) + 1;
    return original.call(this, program, ...rest);
  };
  try {
    await withKernelPath('own', body);
  } finally {
    backend.runWebGPUProgram = original;
  }
  return counts;
}

describe.skipIf(!available)('the own kernel path on WebGPU', () => {
  it('tiny-bert, tiny-gte and tiny-modernbert still match PyTorch with our fused kernels', async () => {
    const tfw = await initTfjsWebgpu();
    const bert = await countingOwnPrograms(tfw, async () => {
      const golden = tinyBertGolden();
      const { model } = loadTinyBert();
      await expectMatchesGoldenOnWebgpu(tfw, model, batchFromRows(golden), golden, {
        label: 'tiny-bert (own kernels)',
        adamwStep: false,
        isExactlyZero: (name) => name.endsWith('attention.self.key.bias'),
      });
    });
    expect(bert.LayerNorm).toBeGreaterThan(0);
    expect(bert.Gelu).toBeGreaterThan(0);
    expect(bert.Matmul).toBeGreaterThan(0);
    expect(bert.Attention).toBeGreaterThan(0);

    const gte = await countingOwnPrograms(tfw, async () => {
      const golden = readSharedJson<TinyBertGolden>('golden/tiny-gte/golden.json');
      const config = parseGteConfig(readShared('golden/tiny-gte/config.json'));
      const { model } = GteCrossEncoder.fromSafetensors(config, readFileSync(sharedPath('golden/tiny-gte/model.safetensors')), { seed: 0 });
      await expectMatchesGoldenOnWebgpu(tfw, model, batchFromRows(golden), golden, { label: 'tiny-gte (own kernels)', adamwStep: true });
    });
    expect(gte.LayerNorm).toBeGreaterThan(0);
    expect(gte.Geglu).toBeGreaterThan(0);
    expect(gte.Matmul).toBeGreaterThan(0);
    expect(gte.Attention).toBeGreaterThan(0);

    const modernbert = await countingOwnPrograms(tfw, async () => {
      const golden = readSharedJson<Omit<TinyBertGolden, 'token_type_ids'>>('golden/tiny-modernbert/golden.json');
      const batch = batchFromRows({ ...golden, token_type_ids: golden.input_ids.map((row) => row.map(() => 0)) });
      const config = parseModernBertConfig(readShared('golden/tiny-modernbert/config.json'));
      const { model } = ModernBertCrossEncoder.fromSafetensors(config, readFileSync(sharedPath('golden/tiny-modernbert/model.safetensors')), { seed: 0 });
      await expectMatchesGoldenOnWebgpu(tfw, model, batch, golden, { label: 'tiny-modernbert (own kernels)', adamwStep: true });
    });
    expect(modernbert.LayerNorm).toBeGreaterThan(0);
    expect(modernbert.Geglu).toBeGreaterThan(0);
    expect(modernbert.Matmul).toBeGreaterThan(0);
    expect(modernbert.Attention).toBeGreaterThan(0);
  });

  it('the same config and seed give a bit-identical loss curve twice, within 1e-5 of the tfjs path', async () => {
    const tfw = await initTfjsWebgpu();
    const config = bertConfig({ vocabSize: 64, hiddenSize: 16, numLayers: 2, numHeads: 2, intermediateSize: 32, maxPositions: 16 });
    const batch = batchFromRows({
      input_ids: [
        [2, 5, 7, 3, 9, 9, 3, 0],
        [2, 4, 3, 11, 12, 3, 0, 0],
        [2, 6, 6, 6, 3, 1, 3, 0],
      ],
      token_type_ids: [
        [0, 0, 0, 0, 1, 1, 1, 0],
        [0, 0, 0, 1, 1, 1, 0, 0],
        [0, 0, 0, 0, 0, 1, 1, 0],
      ],
      attention_mask: [
        [1, 1, 1, 1, 1, 1, 1, 0],
        [1, 1, 1, 1, 1, 1, 0, 0],
        [1, 1, 1, 1, 1, 1, 1, 0],
      ],
    });
    const labels = Float32Array.from([1, 0, 1]);
    const curve = (path: KernelPath) =>
      withKernelPath(path, async () => {
        const model = BertCrossEncoder.randomInit(config, 5);
        const optimizer = createFusedOptimizer(tfw, model.parameters(), { name: 'lion', beta1: 0.9, beta2: 0.99, weightDecay: 0.01, clipNorm: 1 });
        const losses: number[] = [];
        for (let step = 0; step < 4; step++) {
          const { loss } = await trainStep(model, optimizer, batch, labels, { kind: 'bce' }, 1e-3, { readLoss: true, dropoutSeed: step });
          losses.push(loss!);
        }
        optimizer.dispose();
        model.dispose();
        return losses;
      });
    const first = await curve('own');
    const second = await curve('own');
    expect(new Uint32Array(Float32Array.from(second).buffer)).toEqual(new Uint32Array(Float32Array.from(first).buffer));
    const reference = await curve('tfjs');
    for (let i = 0; i < reference.length; i++) expect(Math.abs(first[i] - reference[i])).toBeLessThanOrEqual(1e-5 * Math.abs(reference[i]));
  });
});
