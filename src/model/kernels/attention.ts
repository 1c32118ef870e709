/**
 * Fused multi-head attention, forward and backward, as a differentiable tfjs op (tf.customGrad):
 * O = dropout(softmax(scale · Q Kᵀ + mask)) · V for Q, K, V in the projections' own [batch · seq, heads · d]
 * layout (no transposes to [batch, heads, seq, d]). Forward is two dispatches (row statistics in one online-softmax
 * pass, then the output); backward is three (D = dO · O, dQ, then dK and dV together) and two slices, and no
 * [batch, heads, seq, seq] tensor is ever written:
 * the probabilities are recomputed from the saved row statistics (max, Σ exp), as flash attention does. The
 * attention dropout draws exactly the mask dropout.ts draws for the [batch, heads, seq, seq] probabilities with
 * the same seed, so the `own` and `tfjs` paths drop the same elements. No atomics; sums in a fixed order.
 */
import * as tf from '@tensorflow/tfjs-core';
import contextSource from './attentionContext.wgsl?raw';
import deltaSource from './attentionDelta.wgsl?raw';
import gradKeyValueSource from './attentionGradKeyValue.wgsl?raw';
import gradQuerySource from './attentionGradQuery.wgsl?raw';
import probabilitySource from './attentionProbability.wgsl?raw';
import rowsSource from './attentionRows.wgsl?raw';
import scoresSource from './attentionScores.wgsl?raw';
import statsSource from './attentionStats.wgsl?raw';
import hashSource from '../pcgHash.wgsl?raw';
import { dropoutThreshold } from '../random';
import { activeWebGpuBackend, runGridProgram, type UniformValue } from '../webgpuProgram';
import { unrollWgsl } from './unroll';

export interface AttentionShape {
  batch: number;
  seq: number;
  heads: number;
  headSize: number;
}

/** How the model's tfjs path scales scores: BERT and GTE divide by √d, ModernBERT multiplies by d^-0.5. */
export type ScoreScale = 'divide-by-sqrt' | 'multiply-by-inverse-sqrt';

export interface AttentionDropout {
  rate: number;
  seed: number;
}

const LANES = 64;

/**
 * Each kernel's expanded source by its shader key (which names everything the source depends on), built once:
 * the attention op runs several kernels per layer per step, and tfjs compiles a key's source only once anyway.
 */
const shaderSources = new Map<string, string>();
function shaderSource(key: string, build: () => string): string {
  let source = shaderSources.get(key);
  if (source === undefined) shaderSources.set(key, (source = build()));
  return source;
}

/** Whether the fused kernels take this shape: head size a multiple of 4, at most 256 (the row lives in registers). */
export function fitsFusedAttention(shape: AttentionShape): boolean {
  return shape.headSize % 4 === 0 && shape.headSize <= 256;
}

export function fusedAttention(
  q: tf.Tensor2D,
  k: tf.Tensor2D,
  v: tf.Tensor2D,
  mask: tf.Tensor,
  shape: AttentionShape,
  scale: ScoreScale,
  dropout: AttentionDropout | null,
): tf.Tensor2D {
  const backend = activeWebGpuBackend();
  if (!backend) throw new Error('fusedAttention: our kernels need the webgpu backend');
  const { batch, seq, heads, headSize } = shape;
  if (!fitsFusedAttention(shape)) throw new Error(`fusedAttention: head size ${headSize} must be a multiple of 4 and at most 256`);
  const hidden = heads * headSize;
  for (const [name, t] of [
    ['q', q],
    ['k', k],
    ['v', v],
  ] as const) {
    if (t.shape[0] !== batch * seq || t.shape[1] !== hidden) throw new Error(`fusedAttention: ${name} is [${t.shape}], expected [${batch * seq}, ${hidden}]`);
  }
  const maskRows = mask.shape[2] as number;
  if (mask.rank !== 4 || mask.shape[0] !== batch || mask.shape[1] !== 1 || (maskRows !== 1 && maskRows !== seq) || mask.shape[3] !== seq) {
    throw new Error(`fusedAttention: mask is [${mask.shape}], expected [${batch}, 1, 1 or ${seq}, ${seq}]`);
  }
  const dropping = dropout !== null && dropout.rate > 0;
  const prelude =
    `const D4 : i32 = ${headSize / 4};\nconst DROPOUT : i32 = ${dropping ? 1 : 0};\n` +
    (scale === 'divide-by-sqrt' ? 'fn scaled(x : f32) -> f32 { return x / uniforms.scale; }\n' : 'fn scaled(x : f32) -> f32 { return x * uniforms.scale; }\n') +
    rowsSource;
  const u32 = (value: number): UniformValue => ({ type: 'uint32', data: [value >>> 0] });
  const i32 = (value: number): UniformValue => ({ type: 'int32', data: [value] });
  const f32 = (value: number): UniformValue => ({ type: 'float32', data: [value] });
  const uniforms = {
    declaration: 'batch : i32, seq : i32, heads : i32, maskRows : i32, dropSeed : u32, dropThreshold : u32, dropScale : f32, scale : f32,',
    values: [
      i32(batch),
      i32(seq),
      i32(heads),
      i32(maskRows),
      u32(dropping ? dropout.seed : 0),
      u32(dropping ? dropoutThreshold(dropout.rate) : 0),
      f32(dropping ? 1 / (1 - dropout.rate) : 1),
      f32(scale === 'divide-by-sqrt' ? Math.sqrt(headSize) : headSize ** -0.5),
    ],
  };
  const keyOf = (name: string) => `rerankLabAttention${name}_${headSize}_${dropping ? 'drop' : ''}_${scale}`;
  const grid = (name: string, source: string, inputs: Record<string, tf.Tensor>, outputShape: number[], rowOutput: boolean) =>
    runGridProgram(backend, {
      key: keyOf(name),
      outputShape,
      inputs,
      // Rows of Q, K, V, dO and O are read as vec4; masks, statistics and D as scalars.
      components: Object.keys(inputs).map((n) => (['Q', 'K', 'V', 'dO', 'O'].includes(n) ? 4 : 1)),
      outputComponent: rowOutput ? 4 : 1,
      userCode: shaderSource(keyOf(name), () =>
        // Stats computes what the others read back as probabilities; Delta needs neither scores nor probabilities.
        unrollWgsl(prelude + (name === 'Delta' ? '' : hashSource + scoresSource) + (name === 'Delta' || name === 'Stats' ? '' : probabilitySource) + source, {
          c: headSize / 4,
        }),
      ),
      workgroupSize: [LANES, 1, 1],
      dispatch: [Math.ceil(seq / LANES), heads, batch],
      uniforms,
    });

  const op = tf.customGrad(((...args: unknown[]) => {
    const save = args.pop() as (tensors: tf.Tensor[]) => void;
    const [Q, K, V] = args as tf.Tensor2D[];
    const stats = grid('Stats', statsSource, { Q, K, mask }, [batch, heads, seq, 2], false);
    const value = grid('Context', contextSource, { Q, K, V, mask, stats }, [batch * seq, hidden], true) as tf.Tensor2D;
    save([Q, K, V, mask, stats, value]);
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [sQ, sK, sV, sMask, sStats, sO] = saved;
      const dO = dy;
      const D = grid('Delta', deltaSource, { dO, O: sO }, [batch, heads, seq], false);
      const common = { Q: sQ, K: sK, V: sV, mask: sMask, stats: sStats, dO, D };
      const dQ = grid('GradQuery', gradQuerySource, common, [batch * seq, hidden], true);
      const dKV = grid('GradKeyValue', gradKeyValueSource, common, [2 * batch * seq, hidden], true);
      const dK = tf.slice(dKV, [0, 0], [batch * seq, hidden]);
      const dV = tf.slice(dKV, [batch * seq, 0], [batch * seq, hidden]);
      tf.dispose([D, dKV]);
      return [dQ, dK, dV];
    };
    return { value, gradFunc };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return (op as unknown as (...t: tf.Tensor[]) => tf.Tensor)(q, k, v) as tf.Tensor2D;
}
