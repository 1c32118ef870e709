/**
 * The BERT cross-encoder against PyTorch's tiny-bert golden (../shared/golden/tiny-bert), on real WebGPU.
 */
import { describe, expect, it } from 'vitest';
import { gpuForTests } from '../gpu/testing';
import { initTfjsWebgpu } from '../gpu/tfjsBackend';
import { computeGradients } from './trainStep';
import { batchFromRows, loadTinyBert, tinyBertGolden } from './testFixtures';

const available = await gpuForTests();

describe.skipIf(!available)('tiny-bert golden on WebGPU', () => {
  it('logits, loss and every gradient match PyTorch', async () => {
    const { tf } = await initTfjsWebgpu();
    const golden = tinyBertGolden();
    const { model, report } = loadTinyBert();
    expect(report).toEqual({ missing: [], unexpected: [], initialisedFresh: [], ignored: [] });
    const batch = batchFromRows(golden);
    const logits = model.forward(batch, { training: false });
    const got = Array.from(await logits.data());
    logits.dispose();
    got.forEach((v, i) => expect(Math.abs(v - golden.logits[i])).toBeLessThan(1e-4));

    const { loss, grads } = computeGradients(model, batch, Float32Array.from(golden.labels), { kind: 'bce' });
    expect(Math.abs((await loss.data())[0] - golden.loss)).toBeLessThan(1e-5);
    let worstNorm = 0;
    let worstSample = 0;
    for (const [name, norm] of Object.entries(golden.grad_norms)) {
      const values = (await grads[name].data()) as Float32Array;
      const mine = Math.sqrt(values.reduce((s, v) => s + v * v, 0));
      if (name.endsWith('attention.self.key.bias')) {
        // Softmax ignores a shift shared by all keys, so this gradient is exactly 0; PyTorch's 4e-8 is rounding noise.
        expect(mine, name).toBeLessThan(1e-6);
        continue;
      }
      worstNorm = Math.max(worstNorm, Math.abs(mine - norm) / norm);
      expect(Math.abs(mine - norm) / norm, name).toBeLessThan(1e-3);
      const sample = golden.grads_sample[name];
      if (sample) sample.forEach((v, i) => {
        worstSample = Math.max(worstSample, Math.abs(values[i] - v));
        expect(Math.abs(values[i] - v), `${name}[${i}]`).toBeLessThan(1e-4);
      });
    }
    console.log(`tiny-bert: max |Δlogit| ${Math.max(...got.map((v, i) => Math.abs(v - golden.logits[i])))}, worst grad-norm rel ${worstNorm}, worst grads_sample abs ${worstSample}`);
    loss.dispose();
    tf.dispose(Object.values(grads));
    model.dispose();
  });
});
