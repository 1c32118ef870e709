/**
 * `npm run bench -- score [--shape minilm-l6|minilm-l12|tiny] [--limit N] [--kernels tfjs|own|both] [--batch N] [--max-length N] [--passes N] [--baseline] [--public DIR]`
 * (options in bench/options.ts: `--name value` or `--name=value`)
 * Reranks the DL19 and DL20 BM25 top-100 candidates (the bundled files, 9,700 pairs) with a random-init BERT
 * cross-encoder and the lab's BERT uncased tokenizer, through the lab's own evaluation (src/train/evaluate.ts:
 * length-sorted batches within batch × maxLength padded tokens, no tape), per kernel path, in one run on one adapter:
 * - pairsPerSecond: pairs / (first forward pass to last score read back), tokenization not included, of the last pass.
 *   A first pass includes compiling the shaders of each batch shape; --passes 2 measures a warm second pass.
 * - totalMs: tokenizing and scoring every pair, both sets, the last pass.
 * - batches, paddedTokenEfficiency (real tokens / padded tokens), and for comparison the efficiency the earlier
 *   evaluation had (first-stage order, fixed chunks of --batch pairs each padded to its longest pair's bucket).
 * - dispatchesPerPair: GPUComputePassEncoder.dispatchWorkgroups calls (all of them) per pair, the last pass.
 * - speedup: own / tfjs pairs per second; maxAbsScoreDifference: the two paths' scores of the same model, pair by pair.
 * - with --baseline, per path: baselinePairsPerSecond, the earlier evaluation's batching timed the same way (first-stage
 *   order, fixed chunks of --batch pairs, or as many as fit the device's limits, each padded to its longest pair's bucket;
 *   tokenized before the clock starts).
 * - gpuErrors: validation errors in any pass (a batch over a device limit does nothing, and its timing means nothing).
 * Progress goes to stderr (stdout is the JSON): a full minilm run on a software adapter takes many minutes.
 */
import { resolve } from 'node:path';
import type * as tfTypes from '@tensorflow/tfjs-core';
import { validateExperiment } from '../src/core/experiment/validate';
import { BUNDLED } from '../src/core/experiment/defaults';
import type { Run } from '../src/core/trec';
import { initTfjsWebgpu } from '../src/gpu/tfjsBackend';
import { countDispatches, gpuIdle } from './gpuCounters';
import { withKernelPath } from '../src/model/kernels/kernelPath';
import { parseScoreBenchArgs } from './options';
import type { CrossEncoder } from '../src/model/crossEncoder';
import { bucketFor, resolveBuckets, type EncodedBatch, type PairTokenizer } from '../src/model/tokenize';
import { modelShapeOfConfig } from '../src/core/experiment/memoryEstimate';
import { loadEvalSets, rerankWithStats, type LoadedEvalSet, type RerankStats } from '../src/train/evaluate';
import { rowsWithinLimits } from '../src/model/lengthBatches';
import type { LabHost } from '../src/train/host';
import { buildModel, resolveModel } from '../src/train/modelSetup';
import { nodeHost } from '../src/train/nodeHost';

/** The first `limit` pairs (in query order, set after set): later queries are dropped, the last one cut short. */
function limitPairs(sets: LoadedEvalSet[], limit: number): LoadedEvalSet[] {
  let left = limit;
  return sets
    .map((loaded) => {
      const qids: string[] = [];
      const candidates: LoadedEvalSet['set']['candidates'] = {};
      for (const qid of loaded.qids) {
        const take = Math.min(left, loaded.spec.rerankDepth, loaded.set.candidates[qid].length);
        if (take === 0) break;
        qids.push(qid);
        candidates[qid] = loaded.set.candidates[qid].slice(0, take);
        left -= take;
      }
      return { ...loaded, qids, set: { ...loaded.set, candidates } };
    })
    .filter((loaded) => loaded.qids.length > 0);
}

/** Real / padded tokens of the fixed chunking evaluation used before: first-stage order, chunks padded to their longest pair's bucket. */
function fixedChunkEfficiency(lengths: number[], batchSize: number, buckets: number[]): number {
  let padded = 0;
  for (let start = 0; start < lengths.length; start += batchSize) {
    const chunk = lengths.slice(start, start + batchSize);
    padded += chunk.length * bucketFor(Math.max(...chunk), buckets);
  }
  return lengths.reduce((a, b) => a + b, 0) / padded;
}

/** The earlier evaluation's batches: first-stage order, chunks of batchSize pairs, each padded by encodePairs. */
function fixedChunks(sets: LoadedEvalSet[], tokenizer: PairTokenizer, batchSize: number, maxLength: number): EncodedBatch[] {
  const batches: EncodedBatch[] = [];
  for (const s of sets) {
    const pairs = s.qids.flatMap((q) => s.set.candidates[q].slice(0, s.spec.rerankDepth).map((c) => [s.set.topics[q], c.text] as const));
    for (let start = 0; start < pairs.length; start += batchSize) {
      const chunk = pairs.slice(start, start + batchSize);
      batches.push(
        tokenizer.encodePairs(
          chunk.map((p) => p[0]),
          chunk.map((p) => p[1]),
          { maxLength },
        ),
      );
    }
  }
  return batches;
}

/** Pairs per second of scoring `batches` one after another, each read back before the next (as evaluation did). */
async function timeBatches(tf: typeof tfTypes, model: CrossEncoder, batches: EncodedBatch[]): Promise<number> {
  const start = performance.now();
  let pairs = 0;
  for (const batch of batches) {
    const logits = tf.tidy(() => model.forward(batch, { training: false }));
    await logits.data();
    logits.dispose();
    pairs += batch.batchSize;
  }
  return (1000 * pairs) / (performance.now() - start);
}

const sum = (stats: RerankStats[], key: keyof RerankStats) => stats.reduce((n, s) => n + s[key], 0);

export async function run(args: string[]): Promise<object> {
  const { shapeName, shape, limit, paths, batchSize, maxLength, passes, baseline, publicDir: publicOption } = parseScoreBenchArgs(args);
  const tfw = await initTfjsWebgpu();
  const { tf, device, facts } = tfw;

  // The lab's own random-init path: the experiment schema, the bundled vocab.txt tokenizer, DL19 and DL20 at depth 100.
  const experiment = validateExperiment({
    schemaVersion: 1,
    name: 'score-bench',
    model: {
      kind: 'random',
      architecture: 'bert',
      layers: shape.layers,
      hidden: shape.hidden,
      heads: shape.heads,
      intermediate: 4 * shape.hidden,
      vocabSize: 30522,
      maxPositions: 512,
    },
    trainingData: { source: 'bundled', path: BUNDLED.triplesSample, format: 'triples' },
    steps: 1,
    maxLength,
  });
  // Bundled files from ./public (or --public DIR): a bundled copy of this benchmark (scripts/bundle-node.mjs, for a GPU
  // machine) has no public/ beside its own file, where nodeHost looks.
  const publicDir = resolve(publicOption);
  const nodeFiles = nodeHost({ baseDir: process.cwd() });
  const host: LabHost = {
    ...nodeFiles,
    readFile: (ref, kind) => nodeFiles.readFile(ref.source === 'bundled' ? { source: 'file', name: resolve(publicDir, ref.path) } : ref, kind),
  };
  const resolved = await resolveModel(experiment, host);
  const sets = limitPairs(await loadEvalSets(experiment, host), limit);
  const { model, tokenizer } = buildModel(resolved, 1, 1);
  // As ArmRun does: batches kept to rows whose largest buffers fit the device's limits.
  const bufferLimits = { shape: modelShapeOfConfig(resolved.modelConfig), limits: device.limits };
  // The earlier batching's chunks, made to fit the same limits (64 rows × 256 tokens of a 12-head model do not fit WebGPU's default 128 MiB binding).
  const baselineChunk = Math.min(batchSize, rowsWithinLimits(bufferLimits.shape, maxLength, bufferLimits.limits));
  // Token lengths in first-stage order, for the fixed-chunk comparison.
  const lengths = sets.flatMap((s) =>
    s.qids.flatMap((q) => s.set.candidates[q].slice(0, s.spec.rerankDepth).map((c) => tokenizer.encodePair(s.set.topics[q], c.text, maxLength).ids.length)),
  );
  const pairs = lengths.length;
  console.error(`score bench: ${shapeName}, ${pairs} pairs (${sets.map((s) => s.spec.name).join(' + ')}), paths ${paths.join(', ')}, ${passes} pass(es)`);

  const done = gpuIdle(tfw);
  // Count every compute dispatch on this device, whoever encodes it.
  const dispatchCounter = countDispatches();

  const perPath: Record<string, object> = {};
  const pairsPerSecond: Record<string, number> = {};
  const runs: Record<string, Run[]> = {};
  // A batch over a device limit fails validation and its dispatches do nothing: any such error voids the numbers.
  const gpuErrors: string[] = [];
  try {
    for (const path of paths) {
      perPath[path] = await withKernelPath(path, async () => {
        const passResults: { totalMs: number; pairsPerSecond: number; dispatches: number; stats: RerankStats[] }[] = [];
        for (let pass = 1; pass <= passes; pass++) {
          await done();
          device.pushErrorScope('validation');
          dispatchCounter.reset();
          const start = performance.now();
          const stats: RerankStats[] = [];
          const passRuns: Run[] = [];
          for (const loaded of sets) {
            let reported = 0;
            const out = await rerankWithStats(model, tokenizer, loaded, {
              maxLength,
              batchSize,
              bufferLimits,
              onProgress: (n, total, rate) => {
                if (n === total || n - reported >= Math.max(200, total / 10)) {
                  reported = n;
                  console.error(`score bench: ${path} pass ${pass} ${loaded.spec.name} ${n}/${total} pairs${rate ? `, ${rate.toFixed(1)} pairs/s` : ''}`);
                }
              },
            });
            stats.push(out.stats);
            passRuns.push(out.run);
          }
          await done();
          const error = await device.popErrorScope();
          if (error) gpuErrors.push(`${path} pass ${pass}: ${error.message}`);
          const scoreMs = sum(stats, 'scoreMs');
          passResults.push({
            totalMs: performance.now() - start,
            pairsPerSecond: (1000 * sum(stats, 'pairs')) / scoreMs,
            dispatches: dispatchCounter.count,
            stats,
          });
          runs[path] = passRuns;
        }
        const last = passResults[passResults.length - 1];
        let baselinePairsPerSecond: number | null = null;
        if (baseline) {
          const chunks = fixedChunks(sets, tokenizer, baselineChunk, maxLength);
          for (let pass = 1; pass <= passes; pass++) {
            device.pushErrorScope('validation');
            const rate = await timeBatches(tf as typeof tfTypes, model, chunks);
            const error = await device.popErrorScope();
            if (error) gpuErrors.push(`${path} baseline pass ${pass}: ${error.message}`);
            console.error(`score bench: ${path} baseline pass ${pass} (fixed chunks in first-stage order) ${rate.toFixed(1)} pairs/s`);
            baselinePairsPerSecond = rate;
          }
        }
        pairsPerSecond[path] = last.pairsPerSecond;
        return {
          pairsPerSecond: last.pairsPerSecond,
          totalMs: last.totalMs,
          tokenizeMs: sum(last.stats, 'tokenizeMs'),
          scoreMs: sum(last.stats, 'scoreMs'),
          batches: sum(last.stats, 'batches'),
          paddedTokenEfficiency: sum(last.stats, 'realTokens') / sum(last.stats, 'paddedTokens'),
          dispatchesPerPair: last.dispatches / sum(last.stats, 'pairs'),
          baselinePairsPerSecond,
          passes: passResults.map((p) => ({ pairsPerSecond: p.pairsPerSecond, totalMs: p.totalMs, dispatches: p.dispatches })),
          perSet: Object.fromEntries(sets.map((s, i) => [s.spec.name, last.stats[i]])),
        };
      });
    }
  } finally {
    dispatchCounter.restore();
    model.dispose();
  }
  let maxAbsScoreDifference: number | null = null;
  if (runs.tfjs && runs.own) {
    maxAbsScoreDifference = 0;
    sets.forEach((s, i) => {
      for (const qid of s.qids) {
        runs.tfjs[i][qid].forEach((d, k) => (maxAbsScoreDifference = Math.max(maxAbsScoreDifference!, Math.abs(d.score - runs.own[i][qid][k].score))));
      }
    });
  }
  const tensorsLeft = (tf as typeof tfTypes).memory().numTensors;
  return {
    adapter: facts,
    shape: { name: shapeName, ...shape, intermediate: 4 * shape.hidden, parameters: model.parameterCount() },
    data: { sets: sets.map((s) => ({ name: s.spec.name, queries: s.qids.length })), pairs, limit: Number.isFinite(limit) ? limit : null },
    settings: {
      batchSize,
      maxLength,
      tokenBudget: batchSize * maxLength,
      buckets: resolveBuckets(maxLength),
      rowsWithinLimits: Object.fromEntries(resolveBuckets(maxLength).map((L) => [L, rowsWithinLimits(bufferLimits.shape, L, bufferLimits.limits)])),
      deviceLimits: { maxBufferSize: device.limits.maxBufferSize, maxStorageBufferBindingSize: device.limits.maxStorageBufferBindingSize },
      passes,
      baseline,
      baselineChunk,
    },
    method: {
      pairsPerSecond: `pairs / wall time from the first forward pass to the last score read back (rerankWithStats' scoreMs, summed over the sets), tokenization excluded; the last of ${passes} pass(es), the first of which compiles shaders`,
      totalMs: 'wall time of the last pass: tokenization, scoring and readback of every set, to queue.onSubmittedWorkDone',
      batches:
        'src/model/lengthBatches.ts: pairs sorted by length, longest first; per bucket length L, batches of min(floor(batch × maxLength / L), rowsWithinLimits[L]) rows',
      gpuErrors: 'validation errors caught by a device error scope around each pass; any voids that pass (a batch over a device limit does nothing)',
      baselinePairsPerSecond: baseline
        ? 'after the passes, as many passes (the last reported) of the earlier batching: first-stage order, fixed chunks of baselineChunk pairs (--batch, or fewer if that many rows at maxLength would not fit the device limits), padded by encodePairs, tokenized before timing, each chunk read back before the next'
        : 'not measured (run with --baseline)',
      paddedTokenEfficiency:
        'real tokens / (rows × padded length) over all batches; fixedChunkPaddedTokenEfficiency: the same for first-stage order in chunks of baselineChunk pairs',
      dispatchesPerPair: 'GPUComputePassEncoder.prototype.dispatchWorkgroups wrapped (every dispatch) over the last pass, / pairs',
      model:
        'random-init BERT through the lab (validateExperiment, resolveModel, buildModel; init seed 1), the bundled BERT uncased vocab.txt; one model for every path',
    },
    fixedChunkPaddedTokenEfficiency: fixedChunkEfficiency(lengths, baselineChunk, resolveBuckets(maxLength)),
    gpuErrors,
    pairsPerSecond,
    speedup: pairsPerSecond.tfjs && pairsPerSecond.own ? pairsPerSecond.own / pairsPerSecond.tfjs : null,
    maxAbsScoreDifference,
    perPath,
    tensorsLeft,
  };
}
