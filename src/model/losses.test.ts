import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { useCpuBackend } from '../testing/cpuBackend';
import { computeLoss, type LossSpec } from './losses';
import { tinyBertGolden } from '../testing/tinyBert';

beforeAll(useCpuBackend);

async function lossOf(logits: number[], labels: number[], spec: LossSpec): Promise<number> {
  const t = tf.tensor1d(logits);
  const loss = computeLoss(t, Float32Array.from(labels), spec);
  const value = (await loss.data())[0];
  tf.dispose([t, loss]);
  return value;
}

describe('losses against hand-computed values', () => {
  it('BCE with logits: mean of log(2), log(1+e²), log(1+e)', async () => {
    expect(await lossOf([0, 2, -1], [1, 0, 1], { kind: 'bce' })).toBeCloseTo(1.3777789597070467, 6);
  });

  it("BCE with logits on the tiny-bert golden logits gives PyTorch's loss", async () => {
    const g = tinyBertGolden();
    expect(Math.abs((await lossOf(g.logits, g.labels, { kind: 'bce' })) - g.loss)).toBeLessThan(1e-6);
  });

  it('BCE stays finite and exact for large logits, and its gradient is (σ(x) − y)/B', async () => {
    expect(await lossOf([100, -100], [1, 0], { kind: 'bce' })).toBeCloseTo(0, 10);
    expect(await lossOf([100], [0], { kind: 'bce' })).toBeCloseTo(100, 4);
    const x = tf.tensor1d([0, 2, -1]);
    const grad = tf.grad((v: tf.Tensor) => computeLoss(v as tf.Tensor1D, Float32Array.from([1, 0, 1]), { kind: 'bce' }))(x);
    const got = Array.from(await grad.data());
    [-1 / 6, 0.29359902599262744, -0.2436861928766683].forEach((v, i) => expect(got[i]).toBeCloseTo(v, 6));
    tf.dispose([x, grad]);
  });

  it('listwise: mean over groups of logsumexp(group) − positive logit', async () => {
    // group 1: log(e² + e + 1) − 2; group 2 (positive has logit 0): log(1 + 1 + e³)
    expect(await lossOf([2, 1, 0, 0, 0, 3], [1, 0, 0, 0, 1, 0], { kind: 'listwise', groupSize: 3 })).toBeCloseTo(1.7512644604326704, 5);
  });

  it('RankNet: mean over the 5 ordered pairs of log(1 + exp(−(s_i − s_j)))', async () => {
    // pairs (d = s_i − s_j): 1, 2, 1 in group 1; 0, −3 in group 2
    expect(await lossOf([2, 1, 0, 0, 0, 3], [2, 1, 0, 0, 1, 0], { kind: 'ranknet', groupSize: 3 })).toBeCloseTo(0.8990371836426212, 5);
  });

  it.each([
    [[0, 1], [1], { kind: 'bce' }, /1 labels for 2 logits/],
    [[0, 1], [1, 2], { kind: 'bce' }, /label 1 is 2, outside \[0, 1\]/],
    [[0, 1, 2], [1, 0, 0], { kind: 'listwise', groupSize: 2 }, /not whole groups of 2/],
    [[0, 1, 2, 3], [1, 0, 0, 0], { kind: 'listwise', groupSize: 2 }, /group 1 \(rows 2\.\.3\) has no positive/],
    [[0, 1], [1, 1], { kind: 'ranknet', groupSize: 2 }, /no group has two rows with different labels/],
    [[0, 1], [NaN, 1], { kind: 'bce' }, /label 0 is NaN/],
  ] as [number[], number[], LossSpec, RegExp][])('rejects logits %j labels %j (%j)', async (logits, labels, spec, message) => {
    await expect(lossOf(logits, labels, spec)).rejects.toThrow(message);
  });
});
