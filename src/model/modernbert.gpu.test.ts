/** The ModernBERT cross-encoder against PyTorch's tiny-modernbert golden (../shared/golden/tiny-modernbert), on real WebGPU. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseModernBertConfig } from '../core/formats/hfConfig';
import { createFusedOptimizer } from '../gpu/optim';
import { gpuForTests } from '../gpu/testing';
import { initTfjsWebgpu } from '../gpu/tfjsBackend';
import { readShared, readSharedJson, sharedPath } from '../testing/shared';
import { ModernBertCrossEncoder } from './modernbert';
import { batchFromRows, type TinyBertGolden } from './testFixtures';
import { computeGradients, trainStep } from './trainStep';

const available = await gpuForTests();

describe.skipIf(!available)('tiny-modernbert golden on WebGPU', () => {
  it('logits, loss, gradients and one fused AdamW step match PyTorch', async () => {
    const tfw = await initTfjsWebgpu();
    const { tf } = tfw;
    const golden = readSharedJson<Omit<TinyBertGolden, 'token_type_ids'>>('golden/tiny-modernbert/golden.json');
    const batch = batchFromRows({ ...golden, token_type_ids: golden.input_ids.map((row) => row.map(() => 0)) });
    const config = parseModernBertConfig(readShared('golden/tiny-modernbert/config.json'));
    const { model } = ModernBertCrossEncoder.fromSafetensors(config, readFileSync(sharedPath('golden/tiny-modernbert/model.safetensors')), { seed: 0 });
    const logits = model.forward(batch, { training: false });
    const worstLogit = Math.max(...Array.from(await logits.data()).map((v, i) => Math.abs(v - golden.logits[i])));
    logits.dispose();
    expect(worstLogit).toBeLessThan(1e-4);

    const labels = Float32Array.from(golden.labels);
    const { loss, grads } = computeGradients(model, batch, labels, { kind: 'bce' });
    expect(Math.abs((await loss.data())[0] - golden.loss)).toBeLessThan(1e-5);
    let worstNorm = 0;
    let worstSample = 0;
    for (const [name, norm] of Object.entries(golden.grad_norms)) {
      const values = (await grads[name].data()) as Float32Array;
      const mine = Math.sqrt(values.reduce((s, v) => s + v * v, 0));
      worstNorm = Math.max(worstNorm, Math.abs(mine - norm) / norm);
      expect(Math.abs(mine - norm) / norm, name).toBeLessThan(1e-3);
      (golden.grads_sample[name] ?? []).forEach((v, i) => {
        worstSample = Math.max(worstSample, Math.abs(values[i] - v));
        expect(Math.abs(values[i] - v), `${name}[${i}]`).toBeLessThan(1e-4);
      });
    }
    loss.dispose();
    tf.dispose(Object.values(grads));

    const { lr, beta1, beta2, eps, weight_decay: weightDecay } = golden.adamw_step;
    const optimizer = createFusedOptimizer(tfw, model.parameters(), { name: 'adamw', beta1, beta2, eps, weightDecay, clipNorm: null, noDecay: () => false });
    await trainStep(model, optimizer, batch, labels, { kind: 'bce' }, lr);
    const after = model.forward(batch, { training: false });
    const worstAfter = Math.max(...Array.from(await after.data()).map((v, i) => Math.abs(v - golden.adamw_step.logits_after[i])));
    console.log(`tiny-modernbert: max |Δlogit| ${worstLogit}, worst grad-norm rel ${worstNorm}, worst grads_sample abs ${worstSample}, max |Δlogit_after| ${worstAfter}`);
    expect(worstAfter).toBeLessThan(1e-4);
    after.dispose();
    optimizer.dispose();
    model.dispose();
  });
});
