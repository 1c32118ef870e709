/**
 * Our fused kernels for the transformer hot path, as differentiable tfjs ops (tf.customGrad): residual + layer
 * norm, bias + GELU (erf and tanh forms) and GeGLU, forward and backward. Each runs its .wgsl beside this file as a
 * tfjs WebGPU program, queued in order with tfjs's own dispatches. Every sum runs in a fixed order inside one
 * invocation (no atomics), so the results are the same bits on every run. Off the WebGPU backend, the callers in
 * layers.ts use the tfjs-ops path instead.
 *
 * Dispatches: residual + layer norm is 2 forward and 4 backward (3 without a bias; tfjs: ~9 and ~20); bias + GELU is 1 forward and
 * 2 backward (tfjs: 6 and ~12).
 */
import * as tf from '@tensorflow/tfjs-core';
import biasGeluSource from './biasGelu.wgsl?raw';
import biasGeluGradSource from './biasGeluGrad.wgsl?raw';
import columnSumSource from './columnSum.wgsl?raw';
import gegluSource from './geglu.wgsl?raw';
import gegluGradSource from './gegluGrad.wgsl?raw';
import geluCommonSource from './geluCommon.wgsl?raw';
import applySource from './layerNormApply.wgsl?raw';
import gradInputSource from './layerNormGradInput.wgsl?raw';
import gradParamsSource from './layerNormGradParams.wgsl?raw';
import gradRowsSource from './layerNormGradRows.wgsl?raw';
import statsSource from './layerNormStats.wgsl?raw';
import { activeWebGpuBackend, runFlatProgram, type UniformValue } from '../webgpuProgram';

type Backend = NonNullable<ReturnType<typeof activeWebGpuBackend>>;

function requireBackend(what: string): Backend {
  const backend = activeWebGpuBackend();
  if (!backend) throw new Error(`${what}: our kernels need the webgpu backend (the tfjs kernel path works on any backend)`);
  return backend;
}

const i32 = (value: number): UniformValue => ({ type: 'int32', data: [value] });
const f32 = (value: number): UniformValue => ({ type: 'float32', data: [value] });

/** x = a, or a + b when a residual is fused; shared by every layer-norm shader. */
const inputAt = (residual: boolean) => `fn inputAt(i : i32) -> f32 { return ${residual ? 'a[i] + b[i]' : 'a[i]'}; }\n`;
const biasAt = (hasBias: boolean) => `fn biasAt(c : i32) -> f32 { return ${hasBias ? 'bias[c]' : '0.0'}; }\n`;

function rowsAndCols(x: tf.Tensor, what: string): [number, number] {
  if (x.rank !== 2) throw new Error(`${what}: expected a [rows, cols] tensor, got shape [${x.shape.join(', ')}]`);
  return [x.shape[0], x.shape[1] as number];
}

/**
 * LayerNorm(a (+ b)) · weight (+ bias) over the last axis of [rows, cols] tensors, as torch.nn.LayerNorm computes
 * it, with gradients for a, b, weight and bias. The residual b, when given, gets the same gradient as a.
 */
export function fusedLayerNorm(a: tf.Tensor2D, b: tf.Tensor2D | undefined, eps: number, weight: tf.Tensor, bias?: tf.Tensor): tf.Tensor2D {
  const backend = requireBackend('fusedLayerNorm');
  const [rows, cols] = rowsAndCols(a, 'fusedLayerNorm');
  if (b && (b.shape[0] !== rows || b.shape[1] !== cols)) throw new Error(`fusedLayerNorm: residual shape [${b.shape}] differs from [${a.shape}]`);
  if (weight.size !== cols || (bias && bias.size !== cols)) throw new Error(`fusedLayerNorm: weight and bias need ${cols} values`);
  const residual = b !== undefined;
  const key = `rerankLabLayerNorm${residual ? 'Residual' : ''}${bias ? 'Bias' : ''}`;
  const sources = (body: string) => inputAt(residual) + body;
  const inputsOf = (x: tf.Tensor, y: tf.Tensor | undefined): Record<string, tf.Tensor> => (y ? { a: x, b: y } : { a: x });

  const op = tf.customGrad(((...args: unknown[]) => {
    const save = args.pop() as (tensors: tf.Tensor[]) => void;
    const tensors = args as tf.Tensor[];
    const x = tensors[0];
    const y = residual ? tensors[1] : undefined;
    const w = tensors[residual ? 2 : 1];
    const beta = bias ? tensors[residual ? 3 : 2] : undefined;
    const stats = runFlatProgram(backend, {
      key: `${key}Stats`,
      outputShape: [rows, 2],
      inputs: inputsOf(x, y),
      userCode: sources(statsSource),
      uniforms: { declaration: 'cols : i32, eps : f32,', values: [i32(cols), f32(eps)] },
    });
    const value = runFlatProgram(backend, {
      key: `${key}Apply`,
      outputShape: [rows, cols],
      inputs: { ...inputsOf(x, y), stats, weight: w, ...(beta ? { bias: beta } : {}) },
      userCode: sources(biasAt(beta !== undefined) + applySource),
      uniforms: { declaration: 'cols : i32,', values: [i32(cols)] },
    });
    // Everything the backward pass reads is saved: the forward's intermediates are disposed by the caller's tidy.
    save([stats, x, w, ...(y ? [y] : [])]);
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [savedStats, savedX, savedW, savedY] = saved;
      const common = { ...inputsOf(savedX, savedY), stats: savedStats, dy };
      const rowSums = runFlatProgram(backend, {
        key: `${key}GradRows`,
        outputShape: [rows, 2],
        inputs: { ...common, weight: savedW },
        userCode: sources(gradRowsSource),
        uniforms: { declaration: 'cols : i32,', values: [i32(cols)] },
      });
      const dx = runFlatProgram(backend, {
        key: `${key}GradInput`,
        outputShape: [rows, cols],
        inputs: { ...common, weight: savedW, rowSums },
        userCode: sources(gradInputSource),
        uniforms: { declaration: 'cols : i32,', values: [i32(cols)] },
      });
      rowSums.dispose();
      const paramGrad = (forWeight: boolean) =>
        tf.reshape(
          runFlatProgram(backend, {
            key: `${key}GradParams`,
            outputShape: [cols],
            inputs: common,
            userCode: sources(gradParamsSource),
            uniforms: { declaration: 'cols : i32, rows : i32, forWeight : i32,', values: [i32(cols), i32(rows), i32(forWeight ? 1 : 0)] },
          }),
          weight.shape,
        );
      const grads = [dx, ...(residual ? [tf.clone(dx)] : []), paramGrad(true)];
      if (bias) grads.push(paramGrad(false));
      return grads;
    };
    return { value, gradFunc };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  const inputs = [a, ...(b ? [b] : []), weight, ...(bias ? [bias] : [])];
  return (op as unknown as (...t: tf.Tensor[]) => tf.Tensor)(...inputs) as tf.Tensor2D;
}

export type GeluForm = 'erf' | 'tanh';

/** GELU(z + bias) of a [rows, cols] tensor (bias [cols], optional), erf or tanh form, with gradients for z and bias. */
export function fusedBiasGelu(z: tf.Tensor2D, bias: tf.Tensor | undefined, form: GeluForm = 'erf'): tf.Tensor2D {
  const backend = requireBackend('fusedBiasGelu');
  const [rows, cols] = rowsAndCols(z, 'fusedBiasGelu');
  if (bias && bias.size !== cols) throw new Error(`fusedBiasGelu: bias needs ${cols} values, has ${bias.size}`);
  const hasBias = bias !== undefined;
  const key = `rerankLabGelu${hasBias ? 'Bias' : ''}`;
  const uniforms = { declaration: 'cols : i32, tanhForm : i32,', values: [i32(cols), i32(form === 'tanh' ? 1 : 0)] };
  const helpers = geluCommonSource + biasAt(hasBias);
  const op = tf.customGrad(((...args: unknown[]) => {
    const save = args.pop() as (tensors: tf.Tensor[]) => void;
    const [input, beta] = args as tf.Tensor[];
    const withBias = (inputs: Record<string, tf.Tensor>, b: tf.Tensor | undefined) => (b ? { ...inputs, bias: b } : inputs);
    const value = runFlatProgram(backend, {
      key,
      outputShape: [rows, cols],
      inputs: withBias({ z: input }, beta),
      userCode: helpers + biasGeluSource,
      uniforms,
    });
    save(beta ? [input, beta] : [input]);
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [savedInput, savedBias] = saved;
      const dz = runFlatProgram(backend, {
        key: `${key}Grad`,
        outputShape: [rows, cols],
        inputs: withBias({ z: savedInput, dy }, savedBias),
        userCode: helpers + biasGeluGradSource,
        uniforms,
      });
      if (!savedBias) return [dz];
      return [dz, tf.reshape(columnSum(backend, dz, rows, cols), savedBias.shape)];
    };
    return { value, gradFunc };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return (op as unknown as (...t: tf.Tensor[]) => tf.Tensor)(z, ...(bias ? [bias] : [])) as tf.Tensor2D;
}

/**
 * GeGLU of one [rows, 2 · cols] projection without splitting it: GELU(first half) · second half (ModernBERT), or
 * GELU(second) · first (GTE's up/gate order), with the gradient for the whole projection in one dispatch.
 */
export function fusedGeglu(combined: tf.Tensor2D, geluHalf: 'first' | 'second', form: GeluForm = 'erf'): tf.Tensor2D {
  const backend = requireBackend('fusedGeglu');
  const [rows, width] = rowsAndCols(combined, 'fusedGeglu');
  if (width % 2 !== 0) throw new Error(`fusedGeglu: the projection has ${width} columns; it needs an even number (two halves)`);
  const cols = width / 2;
  const [geluOffset, otherOffset] = geluHalf === 'first' ? [0, cols] : [cols, 0];
  const uniforms = {
    declaration: 'cols : i32, tanhForm : i32, geluOffset : i32, otherOffset : i32,',
    values: [i32(cols), i32(form === 'tanh' ? 1 : 0), i32(geluOffset), i32(otherOffset)],
  };
  const op = tf.customGrad(((input: tf.Tensor, save: (t: tf.Tensor[]) => void) => {
    const value = runFlatProgram(backend, {
      key: 'rerankLabGeglu',
      outputShape: [rows, cols],
      inputs: { combined: input },
      userCode: geluCommonSource + gegluSource,
      uniforms,
    });
    save([input]);
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]) =>
      runFlatProgram(backend, {
        key: 'rerankLabGegluGrad',
        outputShape: [rows, width],
        inputs: { combined: saved[0], dy },
        userCode: geluCommonSource + gegluGradSource,
        uniforms,
      });
    return { value, gradFunc };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return (op as unknown as (t: tf.Tensor) => tf.Tensor)(combined) as tf.Tensor2D;
}

function columnSum(backend: Backend, x: tf.Tensor, rows: number, cols: number): tf.Tensor {
  return runFlatProgram(backend, {
    key: 'rerankLabColumnSum',
    outputShape: [cols],
    inputs: { x },
    userCode: columnSumSource,
    uniforms: { declaration: 'rows : i32,', values: [i32(rows)] },
  });
}
