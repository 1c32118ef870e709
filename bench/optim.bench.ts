/**
 * `npm run bench -- optim [--steps N] [--warmup N] [--scale F] [--skip-tfjs]`
 * (options in bench/options.ts: `--name value` or `--name=value`)
 * One optimizer step over the real tensor shapes of MiniLM-L12-H384 as a BertForSequenceClassification
 * reranker (vocab 30522, hidden 384, 12 layers, intermediate 1536, 512 positions, 2 token types, 1 label):
 * 201 tensors, 33.4 M parameters. Median wall time per step over `steps` steps after `warmup`, each step
 * timed to GPU completion (queue.onSubmittedWorkDone). Variants:
 *  fused AdamW / Lion (per-tensor: one dispatch per tensor, the tfjs layout; flat: one dispatch for all),
 *  fused AdamW with clipping (+ grad-norm passes), the tfjs-facing createFusedOptimizer, tfjs tf.train.adam,
 *  Lion written in tfjs ops, and copyBufferToBuffer moving the same bytes as AdamW.
 * Bytes moved per parameter: AdamW 28 (read p, g, m, v; write p, m, v), Lion 20 (read p, g, m; write p, m),
 * AdamW + clipping 32 (one more read of g); copy: a buffer of 14 B/param read and written = 28 B/param.
 * --scale F shrinks every tensor's first dimension by F (for slow software adapters); default 1 = real shapes.
 */
import { ADAMW_HYPER, LION_HYPER, hfNoDecay, type OptimizerHyper } from '../src/core/optim';
import { initTfjsWebgpu, type TfjsWebgpu } from '../src/gpu/tfjsBackend';
import { createFusedOptimizer, DEFAULT_ADAMW, prepareFusedKernels, RawFusedOptimizer, type RawLayout } from '../src/gpu/optim';
import type { Tensor, Variable } from '@tensorflow/tfjs-core';
import { parseOptimBenchArgs } from './options';

export interface TensorShape {
  name: string;
  shape: number[];
}

/** The parameters of HF BertForSequenceClassification, in its state_dict order. */
export function bertForSequenceClassificationShapes(
  c = { vocab: 30522, hidden: 384, layers: 12, intermediate: 1536, positions: 512, typeVocab: 2, labels: 1 },
): TensorShape[] {
  const h = c.hidden;
  const out: TensorShape[] = [
    { name: 'bert.embeddings.word_embeddings.weight', shape: [c.vocab, h] },
    { name: 'bert.embeddings.position_embeddings.weight', shape: [c.positions, h] },
    { name: 'bert.embeddings.token_type_embeddings.weight', shape: [c.typeVocab, h] },
    { name: 'bert.embeddings.LayerNorm.weight', shape: [h] },
    { name: 'bert.embeddings.LayerNorm.bias', shape: [h] },
  ];
  for (let l = 0; l < c.layers; l++) {
    const p = `bert.encoder.layer.${l}`;
    for (const m of ['attention.self.query', 'attention.self.key', 'attention.self.value', 'attention.output.dense']) {
      out.push({ name: `${p}.${m}.weight`, shape: [h, h] }, { name: `${p}.${m}.bias`, shape: [h] });
    }
    out.push(
      { name: `${p}.attention.output.LayerNorm.weight`, shape: [h] },
      { name: `${p}.attention.output.LayerNorm.bias`, shape: [h] },
      { name: `${p}.intermediate.dense.weight`, shape: [c.intermediate, h] },
      { name: `${p}.intermediate.dense.bias`, shape: [c.intermediate] },
      { name: `${p}.output.dense.weight`, shape: [h, c.intermediate] },
      { name: `${p}.output.dense.bias`, shape: [h] },
      { name: `${p}.output.LayerNorm.weight`, shape: [h] },
      { name: `${p}.output.LayerNorm.bias`, shape: [h] },
    );
  }
  out.push(
    { name: 'bert.pooler.dense.weight', shape: [h, h] },
    { name: 'bert.pooler.dense.bias', shape: [h] },
    { name: 'classifier.weight', shape: [c.labels, h] },
    { name: 'classifier.bias', shape: [c.labels] },
  );
  return out;
}

const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const k = s.length >> 1;
  return s.length % 2 ? s[k] : (s[k - 1] + s[k]) / 2;
}

function fill(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.sin(i * 0.618 + seed) * 0.02;
  return out;
}

interface Measured {
  variant: string;
  medianMs: number;
  minMs: number;
  steps: number;
  bytesPerParam: number;
  gbPerS: number;
}

async function timeSteps(
  device: GPUDevice,
  variant: string,
  bytesPerParam: number,
  params: number,
  warmup: number,
  steps: number,
  step: () => void,
): Promise<Measured> {
  for (let i = 0; i < warmup; i++) {
    step();
    await device.queue.onSubmittedWorkDone();
  }
  const times: number[] = [];
  for (let i = 0; i < steps; i++) {
    const t0 = performance.now();
    step();
    await device.queue.onSubmittedWorkDone();
    times.push(performance.now() - t0);
  }
  const medianMs = median(times);
  const result = { variant, medianMs, minMs: Math.min(...times), steps, bytesPerParam, gbPerS: (params * bytesPerParam) / (medianMs / 1000) / 1e9 };
  console.error(`optim bench: ${variant}: median ${medianMs.toFixed(2)} ms, ${result.gbPerS.toFixed(2)} GB/s`);
  return result;
}

function flushTfjs(tfw: TfjsWebgpu): void {
  const backend = tfw.backend as unknown as { ensureCommandEncoderReady(): void; endComputePassEncoder(): void; submitQueue(): void };
  backend.ensureCommandEncoderReady();
  backend.endComputePassEncoder();
  backend.submitQueue();
}

export async function run(args: string[]): Promise<object> {
  const { steps, warmup, scale, skipTfjs } = parseOptimBenchArgs(args);
  const shapes = bertForSequenceClassificationShapes().map((t) => ({ ...t, shape: [Math.max(1, Math.round(t.shape[0] * scale)), ...t.shape.slice(1)] }));
  const sizes = shapes.map((t) => size(t.shape));
  const params = sizes.reduce((a, b) => a + b, 0);
  const tfw = await initTfjsWebgpu();
  const { device, tf } = tfw;
  // initTfjsWebgpu already probed this device (cached); awaited here so the raw variants never depend on that.
  const fma = await prepareFusedKernels(device);
  const results: Measured[] = [];
  const lr = 1e-4;

  const rawVariant = async (label: string, hyper: OptimizerHyper, layout: RawLayout, bytesPerParam: number) => {
    const opt = new RawFusedOptimizer(
      device,
      shapes.map((t, i) => ({ name: t.name, size: sizes[i], decay: !hfNoDecay(t.name) })),
      hyper,
      { layout, trackGradNorm: false },
    );
    shapes.forEach((_, i) => {
      opt.writeParam(i, fill(sizes[i], i));
      opt.writeGrad(i, fill(sizes[i], 1000 + i));
    });
    results.push(await timeSteps(device, label, bytesPerParam, params, warmup, steps, () => opt.step(lr)));
    opt.dispose();
  };
  await rawVariant('fused-adamw per-tensor', { ...ADAMW_HYPER, clipNorm: null }, 'per-tensor', 28);
  await rawVariant('fused-lion per-tensor', { ...LION_HYPER, clipNorm: null }, 'per-tensor', 20);
  await rawVariant('fused-adamw flat', { ...ADAMW_HYPER, clipNorm: null }, 'flat', 28);
  await rawVariant('fused-lion flat', { ...LION_HYPER, clipNorm: null }, 'flat', 20);
  await rawVariant('fused-adamw per-tensor + clip 1.0', ADAMW_HYPER, 'per-tensor', 32);

  {
    // copyBufferToBuffer of 14 B/param: 28 B/param read + written, AdamW's traffic.
    const bytes = Math.ceil((params * 14) / 4) * 4;
    const chunk = Math.min(bytes, Math.floor(device.limits.maxBufferSize / 4) * 4);
    const pairs: [GPUBuffer, GPUBuffer][] = [];
    for (let left = bytes; left > 0; left -= chunk) {
      const n = Math.min(chunk, left);
      pairs.push([device.createBuffer({ size: n, usage: GPUBufferUsage.COPY_SRC }), device.createBuffer({ size: n, usage: GPUBufferUsage.COPY_DST })]);
    }
    results.push(
      await timeSteps(device, 'copyBufferToBuffer (same bytes as AdamW)', 28, params, warmup, steps, () => {
        const encoder = device.createCommandEncoder();
        for (const [src, dst] of pairs) encoder.copyBufferToBuffer(src, 0, dst, 0, src.size);
        device.queue.submit([encoder.finish()]);
      }),
    );
    for (const pair of pairs) for (const buffer of pair) buffer.destroy();
  }

  if (!skipTfjs) {
    const variables: Variable[] = shapes.map((t, i) => tf.variable(tf.tensor(fill(sizes[i], i), t.shape), true, `bench-optim-${t.name}`));
    const grads: Tensor[] = shapes.map((t, i) => tf.tensor(fill(sizes[i], 1000 + i), t.shape));
    const named = Object.fromEntries(shapes.map((t, i) => [t.name, variables[i]]));
    const gradByName = Object.fromEntries(shapes.map((t, i) => [t.name, grads[i]]));

    const fused = createFusedOptimizer(
      tfw,
      shapes.map((t) => ({ name: t.name, variable: named[t.name] })),
      { ...DEFAULT_ADAMW, clipNorm: null },
    );
    results.push(await timeSteps(device, 'fused-adamw via createFusedOptimizer (tfjs variables)', 28, params, warmup, steps, () => fused.step(gradByName, lr)));
    fused.dispose();

    const adam = tf.train.adam(lr);
    const adamGrads = Object.fromEntries(shapes.map((t, i) => [`bench-optim-${t.name}`, grads[i]]));
    results.push(
      await timeSteps(device, 'tfjs tf.train.adam', 28, params, warmup, steps, () => {
        adam.applyGradients(adamGrads as Record<string, Variable>);
        flushTfjs(tfw);
      }),
    );
    adam.dispose();

    const { weightDecay } = LION_HYPER;
    const [beta1, beta2] = [LION_HYPER.beta1!, LION_HYPER.beta2!];
    const moments = variables.map((v) => tf.variable(tf.zerosLike(v), false));
    results.push(
      await timeSteps(device, 'Lion in tfjs ops', 20, params, warmup, steps, () => {
        tf.tidy(() => {
          variables.forEach((p, i) => {
            const g = grads[i];
            const m = moments[i];
            const c = tf.add(tf.mul(m, beta1), tf.mul(g, 1 - beta1));
            p.assign(tf.sub(tf.mul(p, 1 - lr * weightDecay), tf.mul(tf.sign(c), lr)));
            m.assign(tf.add(tf.mul(m, beta2), tf.mul(g, 1 - beta2)));
          });
        });
        flushTfjs(tfw);
      }),
    );
    tf.dispose([...variables, ...grads, ...moments]);
  }

  const by = (v: string) => results.find((r) => r.variant === v);
  const ms = (v: string) => by(v)?.medianMs ?? Number.NaN;
  return {
    adapter: tfw.facts,
    // Which exactFma the update kernels run on this adapter.
    fma,
    note: tfw.facts.isSoftware ? 'software adapter (CPU): timings are not GPU timings' : undefined,
    model: 'MiniLM-L12-H384 as BertForSequenceClassification (1 label)',
    scale,
    tensors: shapes.length,
    parameters: params,
    bytesPerParam: { adamw: 28, lion: 20, adamwWithClip: 32, copy: 'buffer of 14 B/param, read + written = 28' },
    warmup,
    results,
    ratios: {
      lionOverAdamwStepTime_perTensor: ms('fused-lion per-tensor') / ms('fused-adamw per-tensor'),
      lionOverAdamwStepTime_flat: ms('fused-lion flat') / ms('fused-adamw flat'),
      flatOverPerTensor_adamw: ms('fused-adamw flat') / ms('fused-adamw per-tensor'),
      flatOverPerTensor_lion: ms('fused-lion flat') / ms('fused-lion per-tensor'),
      fusedAdamwGbpsOverCopyGbps: (by('fused-adamw per-tensor')?.gbPerS ?? Number.NaN) / (by('copyBufferToBuffer (same bytes as AdamW)')?.gbPerS ?? Number.NaN),
      tfjsAdamOverFusedAdamw: ms('tfjs tf.train.adam') / ms('fused-adamw per-tensor'),
      tfjsLionOverFusedLion: ms('Lion in tfjs ops') / ms('fused-lion per-tensor'),
      tfjsLayerOverRawFusedAdamw: ms('fused-adamw via createFusedOptimizer (tfjs variables)') / ms('fused-adamw per-tensor'),
      clipOverNoClip_adamw: ms('fused-adamw per-tensor + clip 1.0') / ms('fused-adamw per-tensor'),
    },
  };
}
