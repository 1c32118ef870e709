/**
 * `npm run bench -- train [--shape minilm-l6|minilm-l12|tiny] [--batch N] [--seq N] [--steps N] [--kernels tfjs|own|both] [--no-profile]`
 * (options in bench/options.ts: `--name value` or `--name=value`)
 * One BERT cross-encoder training step (forward, BCE loss, backward, the fused AdamW step) through the engine's
 * own trainStep, per kernel path (src/model/kernels/kernelPath.ts), measured in one run on one adapter:
 * - msPerStep: median wall time to GPU completion (one warm-up step first, which compiles shaders).
 * - dispatchesPerStep: real compute dispatches, counted by wrapping GPUComputePassEncoder.dispatchWorkgroups
 *   (tfjs's programs, our kernels and the fused optimizer alike); tfjs programs by class name beside it.
 * - byOpKind: one step under tf.profile, aggregated by tfjs kernel name: calls, bytes written (the outputs'
 *   sizes), kernel time where the adapter has timestamp queries (else null, and `kernelTimes` says so).
 *   Our fused optimizer runs outside tfjs's kernel registry and so is not in byOpKind.
 * - programMs: GPU time of one step per program (our kernels by shader key, tfjs's by class), from a timestamp
 *   query around each; this is what picks the next kernel to write.
 * - tflops: (6 × non-embedding parameters × tokens + attention FLOPs) per step, divided by the median time.
 *   Attention FLOPs: QKᵀ and PV, 2 · 2 · batch · seq² · hidden per layer forward, × 3 for forward + backward.
 * - percentOfPeak: null unless the adapter's fp32 peak is known (it is not for any adapter here).
 */
import type * as tfTypes from '@tensorflow/tfjs-core';
import { bertConfig, type BertConfig } from '../src/core/formats/hfConfig';
import { createFusedOptimizer } from '../src/gpu/optim';
import { initTfjsWebgpu } from '../src/gpu/tfjsBackend';
import { countDispatches, gpuIdle } from './gpuCounters';
import { BertCrossEncoder, trainStep, type EncodedBatch } from '../src/model';
import { withKernelPath } from '../src/model/kernels/kernelPath';
import { parseTrainBenchArgs } from './options';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** A deterministic batch with some padding, as real query–passage pairs have. */
export function benchBatch(batchSize: number, seqLen: number): EncodedBatch {
  return {
    batchSize,
    seqLen,
    inputIds: Int32Array.from({ length: batchSize * seqLen }, (_, i) => (i % seqLen === 0 ? 101 : 1000 + ((i * 7919) % 28000))),
    tokenTypeIds: Int32Array.from({ length: batchSize * seqLen }, (_, i) => (i % seqLen > seqLen / 3 ? 1 : 0)),
    attentionMask: Int32Array.from({ length: batchSize * seqLen }, (_, i) => (i % seqLen < seqLen - (Math.floor(i / seqLen) % 4) * 5 ? 1 : 0)),
  };
}

/** Training FLOPs of one step: 6 · N(non-embedding) · tokens + attention's two batched matmuls, forward and backward. */
export function trainingFlops(config: BertConfig, nonEmbeddingParameters: number, batchSize: number, seqLen: number): number {
  const tokens = batchSize * seqLen;
  const attention = 3 * 2 * 2 * batchSize * seqLen * seqLen * config.hiddenSize * config.numLayers;
  return 6 * nonEmbeddingParameters * tokens + attention;
}

interface OpKind {
  calls: number;
  bytesWritten: number;
  kernelMs: number | null;
}

export async function run(args: string[]): Promise<object> {
  const { shapeName, shape, batchSize, seqLen, steps, paths, profile } = parseTrainBenchArgs(args);
  const tfw = await initTfjsWebgpu();
  const { tf, backend, device, facts } = tfw;

  const done = gpuIdle(tfw);
  // Count every compute dispatch on this device, whoever encodes it.
  const dispatchCounter = countDispatches();
  const programBackend = backend as unknown as { runWebGPUProgram(program: object, ...rest: unknown[]): unknown };
  const originalRun = programBackend.runWebGPUProgram;
  let programs: Record<string, number> = {};
  // While `timedPrograms` is set, each program's name in call order (their timestamp queries come in that order).
  let timedPrograms: string[] | null = null;
  programBackend.runWebGPUProgram = function (program: object, ...rest: unknown[]) {
    // Our kernels by shader key (rerankLab…, up to its first '_'), tfjs's by program class.
    const key = (program as { shaderKey?: string }).shaderKey;
    const name = key?.startsWith('rerankLab') ? key.split('_')[0]! : program.constructor.name;
    programs[name] = (programs[name] ?? 0) + 1;
    timedPrograms?.push(name);
    return originalRun.call(this, program, ...rest);
  };
  /**
   * GPU time per program name over one step, from timestamp queries around each program's own compute pass
   * (tfjs's timer mode, switched on for the whole step rather than one kernel as tf.profile does). Null when
   * the adapter has no timestamp-query. The fused optimizer's passes are not tfjs programs and are not in it.
   */
  const programTimes = async (step: () => Promise<unknown>): Promise<Record<string, { calls: number; ms: number }> | null> => {
    if (!device.features.has('timestamp-query')) return null;
    const timers = backend as unknown as { activeTimers?: Array<{ name: string; query: Promise<number> }> | null };
    timedPrograms = [];
    const active: Array<{ name: string; query: Promise<number> }> = [];
    timers.activeTimers = active;
    try {
      await step();
      await done();
    } finally {
      timers.activeTimers = null;
    }
    const names = timedPrograms;
    timedPrograms = null;
    if (active.length !== names.length) throw new Error(`program times: ${active.length} timers for ${names.length} programs`);
    const ms = await Promise.all(active.map((t) => t.query));
    const byName: Record<string, { calls: number; ms: number }> = {};
    names.forEach((name, i) => {
      const entry = (byName[name] ??= { calls: 0, ms: 0 });
      entry.calls++;
      entry.ms += ms[i]!;
    });
    return Object.fromEntries(Object.entries(byName).sort((a, b) => b[1].ms - a[1].ms));
  };

  const config = bertConfig({ numLayers: shape.layers, hiddenSize: shape.hidden, numHeads: shape.heads, intermediateSize: 4 * shape.hidden });
  const batch = benchBatch(batchSize, seqLen);
  const labels = Float32Array.from({ length: batchSize }, (_, i) => i % 2);
  const perPath: Record<string, object> = {};
  const msPerStep: Record<string, number> = {};
  const dispatchesPerStep: Record<string, number> = {};
  let parameters = 0;
  let nonEmbedding = 0;
  try {
    for (const path of paths) {
      perPath[path] = await withKernelPath(path, async () => {
        const model = BertCrossEncoder.randomInit(config, 1);
        parameters = model.parameterCount();
        nonEmbedding = model
          .parameters()
          .filter((p) => !p.name.includes('.embeddings.'))
          .reduce((n, p) => n + p.variable.size, 0);
        const optimizer = createFusedOptimizer(tfw, model.parameters(), { name: 'adamw', beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.01, clipNorm: 1 });
        const step = (i: number) => trainStep(model, optimizer, batch, labels, { kind: 'bce' }, 1e-5, { dropoutSeed: i });
        const times: number[] = [];
        const counts: number[] = [];
        let programsPerStep: Record<string, number> = {};
        for (let i = 0; i <= steps; i++) {
          await done();
          dispatchCounter.reset();
          programs = {};
          const start = performance.now();
          await step(i);
          await done();
          times.push(performance.now() - start);
          counts.push(dispatchCounter.count);
          // Progress on stderr (stdout is the JSON): a minilm step on a software adapter takes minutes.
          console.error(`train bench: ${path} step ${i + 1}/${steps + 1} ${Math.round(times[i])} ms, ${dispatchCounter.count} dispatches`);
          programsPerStep = { ...programs };
        }
        let byOpKind: Record<string, OpKind> | null = null;
        if (profile) {
          byOpKind = {};
          const info = await tf.profile(async () => {
            await step(steps + 1);
          });
          for (const k of info.kernels) {
            const kind = (byOpKind[k.name] ??= {
              calls: 0,
              bytesWritten: 0,
              kernelMs: typeof k.kernelTimeMs === 'number' && device.features.has('timestamp-query') ? 0 : null,
            });
            kind.calls++;
            kind.bytesWritten += k.outputShapes.reduce((n, s) => n + 4 * s.reduce((a, b) => a * b, 1), 0);
            if (kind.kernelMs !== null && typeof k.kernelTimeMs === 'number') kind.kernelMs += k.kernelTimeMs;
          }
          byOpKind = Object.fromEntries(Object.entries(byOpKind).sort((a, b) => b[1].bytesWritten - a[1].bytesWritten));
        }
        const programMs = profile ? await programTimes(() => step(steps + 2)) : null;
        optimizer.dispose();
        model.dispose();
        await done();
        msPerStep[path] = median(times.slice(1));
        dispatchesPerStep[path] = median(counts.slice(1));
        const flops = trainingFlops(config, nonEmbedding, batchSize, seqLen);
        return {
          firstStepMs: times[0],
          stepMs: times.slice(1),
          dispatchCounts: counts,
          examplesPerSecond: (1000 * batchSize) / msPerStep[path],
          tflops: flops / (msPerStep[path] / 1000) / 1e12,
          percentOfPeak: null,
          programsPerStep,
          byOpKind,
          programMs,
        };
      });
    }
  } finally {
    dispatchCounter.restore();
    programBackend.runWebGPUProgram = originalRun;
  }
  const tensorsLeft = (tf as typeof tfTypes).memory().numTensors;
  return {
    adapter: facts,
    shape: { name: shapeName, ...shape, intermediate: 4 * shape.hidden, batchSize, seqLen, parameters, nonEmbeddingParameters: nonEmbedding, dropout: 0.1 },
    flopsPerStep: trainingFlops(config, nonEmbedding, batchSize, seqLen),
    method: {
      msPerStep: `median (the upper one for an even count) of ${steps} steps after one warm-up, wall time to queue.onSubmittedWorkDone`,
      dispatchesPerStep: 'GPUComputePassEncoder.prototype.dispatchWorkgroups wrapped (all dispatches: tfjs programs, own kernels, fused optimizer)',
      programsPerStep: 'tfjs runWebGPUProgram calls by program class (own kernels by shader key); CPU-forwarded small ops are not dispatches',
      byOpKind: 'tf.profile of one step, by tfjs kernel name; bytesWritten = sum of output sizes; the fused optimizer is not a tfjs kernel',
      kernelTimes: device.features.has('timestamp-query') ? 'timestamp-query' : 'none: the adapter has no timestamp-query, so kernelMs is null',
      programMs:
        'one more step with a timestamp query around every program (our kernels by shader key, tfjs programs by class), summed by name; ' +
        'the fused optimizer is not a program; null without timestamp-query',
    },
    peakTflops: null,
    msPerStep,
    dispatchesPerStep,
    speedup: msPerStep.tfjs && msPerStep.own ? msPerStep.tfjs / msPerStep.own : null,
    perPath,
    tensorsLeft,
  };
}
