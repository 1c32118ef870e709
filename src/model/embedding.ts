/**
 * Embedding lookup with a deterministic gradient. tfjs's Gather gradient is UnsortedSegmentSum, which on WebGPU
 * accumulates with float atomics: slow, and the bits differ from run to run. Token ids live on the host, so the
 * host sorts token positions by id (counting sort, O(tokens + vocab)); the dense [vocab, width] gradient is a
 * zero fill plus one dispatch of embeddingGrad.wgsl over the rows actually used, each element summed in that
 * fixed order. (A first version ran one invocation per vocab × width element: 6× slower on SwiftShader.)
 */
import * as tf from '@tensorflow/tfjs-core';
import gradSource from './embeddingGrad.wgsl?raw';
import { activeWebGpuBackend, runFlatProgram } from './webgpuProgram';

/** Token positions grouped by id: row r's tokens are tokens[rowStart[r] .. rowStart[r + 1]), ascending. */
export interface TokenGrouping {
  rowStart: Int32Array;
  tokens: Int32Array;
}

export function groupTokensById(ids: Int32Array, vocabSize: number, what = 'token id'): TokenGrouping {
  const rowStart = new Int32Array(vocabSize + 1);
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    if (!(id >= 0 && id < vocabSize)) throw new RangeError(`${what} ${id} at position ${i} is outside the embedding table (0..${vocabSize - 1})`);
    rowStart[id + 1]++;
  }
  for (let r = 0; r < vocabSize; r++) rowStart[r + 1] += rowStart[r];
  const next = rowStart.slice(0, vocabSize);
  const tokens = new Int32Array(ids.length);
  for (let i = 0; i < ids.length; i++) tokens[next[ids[i]]++] = i;
  return { rowStart, tokens };
}

/** Sum of dy's rows per id, in ascending token order, on the CPU (the reference for the kernel). */
export function embeddingGradOnCpu(dy: Float32Array, ids: Int32Array, vocabSize: number, width: number, paddingIdx?: number): Float32Array {
  const out = new Float32Array(vocabSize * width);
  const { rowStart, tokens } = groupTokensById(ids, vocabSize);
  for (let r = 0; r < vocabSize; r++) {
    if (r === paddingIdx) continue;
    for (let c = 0; c < width; c++) {
      let total = 0;
      for (let j = rowStart[r]; j < rowStart[r + 1]; j++) total = Math.fround(total + dy[tokens[j] * width + c]);
      out[r * width + c] = total;
    }
  }
  return out;
}

/**
 * The dense gradient of `table` for a lookup of `ids`, given the upstream gradient dy [ids.length, width].
 * Row `paddingIdx` gets no gradient, as in PyTorch's nn.Embedding(padding_idx=…) (HF BERT's word embeddings).
 */
export function embeddingGrad(dy: tf.Tensor, ids: Int32Array, vocabSize: number, width: number, paddingIdx?: number): tf.Tensor2D {
  const backend = activeWebGpuBackend();
  if (!backend) {
    // Other backends (cpu in unit tests) sum sequentially, which is already deterministic.
    return tf.tidy(() => {
      const sums = tf.unsortedSegmentSum(tf.reshape(dy, [ids.length, width]), tf.tensor1d(ids, 'int32'), vocabSize) as tf.Tensor2D;
      if (paddingIdx === undefined) return sums;
      const keep = new Float32Array(vocabSize).fill(1);
      keep[paddingIdx] = 0;
      return tf.mul(sums, tf.tensor2d(keep, [vocabSize, 1])) as tf.Tensor2D;
    });
  }
  const { rowStart, tokens } = groupTokensById(ids, vocabSize);
  const usedRows: number[] = [];
  const segmentBegin: number[] = [];
  const segmentEnd: number[] = [];
  for (let r = 0; r < vocabSize; r++) {
    if (rowStart[r + 1] > rowStart[r] && r !== paddingIdx) {
      usedRows.push(r);
      segmentBegin.push(rowStart[r]);
      segmentEnd.push(rowStart[r + 1]);
    }
  }
  const zeros = tf.zeros([vocabSize, width]) as tf.Tensor2D;
  // (An empty dispatch would make tfjs replace the output's data with an empty array.)
  if (usedRows.length === 0) return zeros;
  tf.tidy(() => {
    runFlatProgram(backend, {
      key: 'rerankLabEmbeddingGrad',
      outputShape: [usedRows.length, width],
      inputs: {
        dy,
        rows: tf.tensor1d(usedRows, 'int32'),
        segmentBegin: tf.tensor1d(segmentBegin, 'int32'),
        segmentEnd: tf.tensor1d(segmentEnd, 'int32'),
        tokens: tf.tensor1d(tokens, 'int32'),
      },
      userCode: gradSource,
      writeInto: zeros,
    });
  });
  return zeros;
}

/** table[ids] as [ids.length, width], differentiable with respect to `table` through embeddingGrad. */
export function embeddingLookup(table: tf.Tensor2D, ids: Int32Array, what = 'token id', paddingIdx?: number): tf.Tensor2D {
  const [vocabSize, width] = table.shape;
  // Validate before anything reaches the GPU: an out-of-range id would silently read zeros.
  groupTokensById(ids, vocabSize, what);
  const lookup = tf.customGrad(((t: tf.Tensor) => {
    const value = tf.tidy(() => tf.gather(t, tf.tensor1d(ids, 'int32')));
    return { value, gradFunc: (dy: tf.Tensor) => embeddingGrad(dy, ids, vocabSize, width, paddingIdx) };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return lookup(table) as tf.Tensor2D;
}
