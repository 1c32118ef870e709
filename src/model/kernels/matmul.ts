/**
 * Our matmul for the dense layers of a cross-encoder (matmul.wgsl), and `linear` built on it: x · Wᵀ + b with
 * W in PyTorch's [out, in] layout, differentiable (tf.customGrad). Forward transposes W once and runs the NN
 * form; backward runs dx = dy · W (NN) and dW = dyᵀ · x (TN), and the bias gradient as a column sum. No
 * atomics, every sum in order: the same bits on every run, and the same bits as tfjs's matMul on lavapipe.
 */
import * as tf from '@tensorflow/tfjs-core';
import columnSumSource from './columnSum.wgsl?raw';
import matmulSource from './matmul.wgsl?raw';
import { activeWebGpuBackend, runFlatProgram, runGridProgram } from '../webgpuProgram';
import { unrollWgsl } from './unroll';

type Backend = NonNullable<ReturnType<typeof activeWebGpuBackend>>;
/** Rows and vec4 columns of C per invocation (matmul.wgsl says why this block). */
const ROWS = 16;
const COLS = 2;
/** The kernel with its ROWS × COLS accumulators as separate variables (unroll.ts says why). */
const MATMUL_MAIN = unrollWgsl(matmulSource, { r: ROWS, c: COLS });
/**
 * Invocations per workgroup: the size among these that leaves fewest idle for this N (ties to the larger), so
 * hidden 384 (48 column pairs) is one workgroup of 48 rather than two of 32 with a quarter idle.
 */
const LANE_CHOICES = [64, 48, 32, 24, 16, 8];
function lanesFor(invocations: number): number {
  let best = LANE_CHOICES[0]!;
  for (const lanes of LANE_CHOICES) if (Math.ceil(invocations / lanes) * lanes < Math.ceil(invocations / best) * best) best = lanes;
  return best;
}
const i32 = (value: number) => ({ type: 'int32' as const, data: [value] });

/** op(A) · B (+ bias): A [M, K] (or [K, M] with transposeA), B [K, N], N a multiple of 4. */
export function matmul(a: tf.Tensor2D, b: tf.Tensor2D, opts: { transposeA?: boolean; bias?: tf.Tensor } = {}): tf.Tensor2D {
  const backend = activeWebGpuBackend();
  if (!backend) throw new Error('matmul: our kernels need the webgpu backend');
  return matmulOn(backend, a, b, opts);
}

function matmulOn(backend: Backend, a: tf.Tensor2D, b: tf.Tensor2D, { transposeA = false, bias }: { transposeA?: boolean; bias?: tf.Tensor }): tf.Tensor2D {
  const [m, k] = transposeA ? [a.shape[1], a.shape[0]] : a.shape;
  const [kb, n] = b.shape;
  if (kb !== k) throw new Error(`matmul: inner sizes differ (${transposeA ? 'Aᵀ' : 'A'} [${m}, ${k}] · B [${kb}, ${n}])`);
  if (n % 4 !== 0) throw new Error(`matmul: N = ${n} must be a multiple of 4 (use the tfjs path)`);
  if (bias && bias.size !== n) throw new Error(`matmul: bias has ${bias.size} values, N is ${n}`);
  const aAt = transposeA
    ? 'fn aAt(m : i32, k : i32) -> f32 { return A[k * uniforms.m + m]; }'
    : 'fn aAt(m : i32, k : i32) -> f32 { return A[m * uniforms.k + k]; }';
  const epilogue = bias
    ? 'fn epilogue(acc : vec4<f32>, n4 : i32) -> vec4<f32> { return acc + bias[n4]; }'
    : 'fn epilogue(acc : vec4<f32>, n4 : i32) -> vec4<f32> { return acc; }';
  const lanes = lanesFor(Math.ceil(n / 4 / COLS));
  return runGridProgram(backend, {
    key: `rerankLabMatmul${transposeA ? 'TN' : 'NN'}${bias ? 'Bias' : ''}_${lanes}`,
    outputShape: [m, n],
    inputs: bias ? { A: a, B: b, bias } : { A: a, B: b },
    components: bias ? [1, 4, 4] : [1, 4],
    outputComponent: 4,
    userCode: `const workgroupSizeX = ${lanes}u;\nconst ROWS = ${ROWS};\nconst COLS = ${COLS};\n${aAt}\n${epilogue}\n${MATMUL_MAIN}`,
    workgroupSize: [lanes, 1, 1],
    dispatch: [Math.ceil(n / 4 / COLS / lanes), Math.ceil(m / ROWS), 1],
    uniforms: { declaration: 'm : i32, n4 : i32, k : i32,', values: [i32(m), i32(n / 4), i32(k)] },
  }) as tf.Tensor2D;
}

/** Whether `linear` can run on our kernel for this weight: both sizes multiples of 4 (the classifier's 1 output is not). */
export function fitsOwnLinear(weight: tf.Tensor): boolean {
  return weight.rank === 2 && weight.shape[0] % 4 === 0 && (weight.shape[1] as number) % 4 === 0;
}

/** x [rows, in] · Wᵀ (W [out, in]) + bias [out], with gradients for x, W and bias. */
export function ownLinear(x: tf.Tensor2D, weight: tf.Tensor2D, bias?: tf.Tensor): tf.Tensor2D {
  const backend = activeWebGpuBackend();
  if (!backend) throw new Error('ownLinear: our kernels need the webgpu backend');
  const [rows, inSize] = x.shape;
  const [outSize, weightIn] = weight.shape;
  if (weightIn !== inSize) throw new Error(`linear: input has ${inSize} features, weight [${outSize}, ${weightIn}] expects ${weightIn}`);
  const op = tf.customGrad(((...args: unknown[]) => {
    const save = args.pop() as (tensors: tf.Tensor[]) => void;
    const [input, w, beta] = args as tf.Tensor2D[];
    const wT = tf.transpose(w) as tf.Tensor2D;
    const value = matmulOn(backend, input, wT, { bias: beta });
    wT.dispose();
    save([input, w]);
    const gradFunc = (dy: tf.Tensor2D, saved: tf.Tensor[]) => {
      const [savedX, savedW] = saved as tf.Tensor2D[];
      const dx = matmulOn(backend, dy, savedW, {});
      const dw = matmulOn(backend, dy, savedX, { transposeA: true });
      if (!beta) return [dx, dw];
      const db = runFlatProgram(backend, {
        key: 'rerankLabColumnSum',
        outputShape: [outSize],
        inputs: { x: dy },
        userCode: columnSumSource,
        uniforms: { declaration: 'rows : i32,', values: [i32(rows)] },
      });
      return [dx, dw, tf.reshape(db, beta.shape)];
    };
    return { value, gradFunc };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return (op as unknown as (...t: tf.Tensor[]) => tf.Tensor)(x, weight, ...(bias ? [bias] : [])) as tf.Tensor2D;
}
