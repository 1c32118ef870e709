import { describe, expect, it } from 'vitest';
import { gpuForTests } from '../testing/gpu';
import { initTfjsWebgpu } from './tfjsBackend';

const available = await gpuForTests();

describe.skipIf(!available)('tfjs on the webgpu backend in Node', () => {
  it('runs on webgpu (never a silent CPU fallback) and exposes its device', async () => {
    const { tf, device, facts } = await initTfjsWebgpu();
    expect(tf.getBackend()).toBe('webgpu');
    expect(typeof device.createBuffer).toBe('function');
    expect(facts.runtime).toBe('node');
    const a = tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3]);
    const b = tf.tensor2d([1, 0, 0, 1, 1, 1], [3, 2]);
    const c = tf.matMul(a, b);
    expect(Array.from(await c.data())).toEqual([4, 5, 10, 11]);
    tf.dispose([a, b, c]);
  });
});
