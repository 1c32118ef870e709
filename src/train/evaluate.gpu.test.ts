/**
 * Bucketed reranking on real WebGPU (Dawn), on each kernel path: the length-sorted, budget-filled, padded batches
 * give every DL19 pair the score it gets alone in a batch of one with no padding (within float noise), the same run
 * twice over, and the same scores in the smaller batches a buffer limit asks for.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bertConfig } from '../core/formats/hfConfig';
import { validateExperiment } from '../core/experiment/validate';
import { initTfjsWebgpu } from '../gpu/tfjsBackend';
import { BertCrossEncoder } from '../model/bert';
import { KERNEL_PATHS, withKernelPath } from '../model/kernels/kernelPath';
import { PairTokenizer } from '../model/tokenize';
import { gpuForTests } from '../testing/gpu';
import { REPO_ROOT } from '../testing/shared';
import { BUNDLED_VOCAB_PATH } from '../testing/tinyModels';
import { bundledEvalSet, tinyExperiment } from '../testing/tinyStudies';
import { loadEvalSets, rerankWithStats } from './evaluate';
import { nodeHost } from './nodeHost';

const available = await gpuForTests();

describe.skipIf(!available)('rerank on WebGPU', () => {
  it.each(KERNEL_PATHS)('%s kernels: bucketed batches score every pair as it scores alone, and the same twice', async (path) => {
    const { tf } = await initTfjsWebgpu();
    const experiment = validateExperiment(tinyExperiment('bucketed-rerank', { evalSets: [bundledEvalSet('dl19', 10)] }));
    const [all] = await loadEvalSets(experiment, nodeHost({ baseDir: REPO_ROOT }));
    // 2 queries × 10 candidates of 43 to 96 tokens: each padded length (48, 80, 96) gets pairs.
    const loaded = { ...all, qids: all.qids.slice(0, 2) };
    const tokenizer = PairTokenizer.fromVocab(readFileSync(BUNDLED_VOCAB_PATH, 'utf8'), 'vocab.txt');
    const model = BertCrossEncoder.randomInit(bertConfig({ numLayers: 2, hiddenSize: 32, numHeads: 4, intermediateSize: 64, maxPositions: 128 }), 5);
    const maxLength = 96;
    try {
      await withKernelPath(path, async () => {
        const options = { maxLength, batchSize: 3, buckets: [48, 80] };
        const { run, stats } = await rerankWithStats(model, tokenizer, loaded, options);
        expect(stats.pairs).toBe(20);
        expect(stats.paddedTokens).toBeGreaterThan(stats.realTokens);
        const again = await rerankWithStats(model, tokenizer, loaded, options);
        expect(again.run).toEqual(run);
        // Kept to 2 rows at lengths 80 and 96 by a small binding limit (4 heads × 96² floats a row): more batches, same scores.
        const shape = { family: 'bert', layers: 2, hidden: 32, heads: 4, intermediate: 64, vocabSize: 30522, maxPositions: 128, typeVocabSize: 2 } as const;
        const capped = await rerankWithStats(model, tokenizer, loaded, {
          ...options,
          bufferLimits: { shape, limits: { maxStorageBufferBindingSize: 2 * 4 * 96 * 96 * 4 } },
        });
        expect(capped.stats.batches).toBeGreaterThan(stats.batches);
        for (const qid of loaded.qids) capped.run[qid].forEach((d, i) => expect(d.score).toBeCloseTo(run[qid][i].score, 6));

        const seqLens = new Set<number>();
        for (const qid of loaded.qids) {
          for (const [i, c] of loaded.set.candidates[qid].slice(0, 10).entries()) {
            const { ids, typeIds } = tokenizer.encodePair(loaded.set.topics[qid], c.text, maxLength);
            seqLens.add(ids.length <= 48 ? 48 : ids.length <= 80 ? 80 : 96);
            const alone = tf.tidy(() =>
              model.forward(
                {
                  inputIds: Int32Array.from(ids),
                  tokenTypeIds: Int32Array.from(typeIds),
                  attentionMask: new Int32Array(ids.length).fill(1),
                  batchSize: 1,
                  seqLen: ids.length,
                },
                { training: false },
              ),
            );
            const score = (await alone.data())[0];
            alone.dispose();
            expect(run[qid][i].docno).toBe(c.docno);
            expect(Math.abs(run[qid][i].score - score), `${qid} ${c.docno}: ${run[qid][i].score} vs ${score} alone`).toBeLessThanOrEqual(
              1e-5 * Math.max(Math.abs(score), 1e-3),
            );
          }
        }
        expect([...seqLens].sort()).toEqual([48, 80, 96]);
      });
    } finally {
      model.dispose();
    }
  });
});
