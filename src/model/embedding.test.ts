import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { useCpuBackend } from '../testing/cpuBackend';
import { embeddingGrad, embeddingGradOnCpu, embeddingLookup, groupTokensById } from './embedding';

beforeAll(useCpuBackend);

describe('embedding lookup and its gradient (CPU backend)', () => {
  it('groups token positions by id in ascending order (counting sort)', () => {
    const { rowStart, tokens } = groupTokensById(Int32Array.from([2, 0, 2, 1, 0]), 4);
    expect(Array.from(rowStart)).toEqual([0, 2, 3, 5, 5]);
    expect(Array.from(tokens)).toEqual([1, 4, 3, 0, 2]);
    expect(() => groupTokensById(Int32Array.from([0, 4]), 4, 'input id')).toThrow(/input id 4 at position 1 is outside the embedding table \(0\.\.3\)/);
  });

  it('the gradient sums dy rows per id and leaves the padding row at zero, like nn.Embedding(padding_idx)', async () => {
    const ids = Int32Array.from([2, 0, 2, 1, 0]);
    const dy = Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(Array.from(embeddingGradOnCpu(dy, ids, 4, 2))).toEqual([3 + 9, 4 + 10, 7, 8, 1 + 5, 2 + 6, 0, 0]);
    expect(Array.from(embeddingGradOnCpu(dy, ids, 4, 2, 0))).toEqual([0, 0, 7, 8, 6, 8, 0, 0]);
    const table = tf.variable(tf.tensor2d([0, 1, 10, 11, 20, 21, 30, 31], [4, 2]));
    const lookedUp = embeddingLookup(table, ids, 'id', 0);
    expect(Array.from(await lookedUp.data())).toEqual([20, 21, 0, 1, 20, 21, 10, 11, 0, 1]);
    const { grads, value } = tf.variableGrads(() => tf.sum(tf.mul(embeddingLookup(table, ids, 'id', 0), tf.tensor2d(dy, [5, 2]))) as tf.Scalar, [table]);
    expect(Array.from(await grads[table.name].data())).toEqual([0, 0, 7, 8, 6, 8, 0, 0]);
    const direct = embeddingGrad(tf.tensor2d(dy, [5, 2]), ids, 4, 2);
    expect(Array.from(await direct.data())).toEqual([12, 14, 7, 8, 6, 8, 0, 0]);
    tf.dispose([table, lookedUp, value, direct, ...Object.values(grads)]);
  });
});
