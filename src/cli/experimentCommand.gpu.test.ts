/**
 * The headless runner end to end on Dawn: a small two-seed study on the bundled data writes a snapshot that
 * validates, one TREC run per arm × seed × evaluation set, and a summary.md that equals the summary recomputed
 * from the snapshot's per-query values; the TREC files score to the same per-query values trec_eval-style.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateExperiment } from '../core/experiment/validate';
import { fixed4, importAnySnapshot, importSnapshot, isSweepSnapshot, measureLabel, signed4, summarizeSnapshot, summaryMarkdown } from '../core/snapshot';
import { sweepGapPoints } from '../core/snapshot/results';
import { evaluate, parseQrels, parseRun } from '../core/trec';
import { gpuForTests } from '../testing/gpu';
import { loadEvalSets, rerank } from '../train/evaluate';
import { setUpModel } from '../train/modelSetup';
import { nodeHost } from '../train/nodeHost';
import { readShared, REPO_ROOT } from '../testing/shared';
import { tinyRandomModel } from '../testing/tinyModels';
import { bundledEvalSet, bundledTriples, tinyBert } from '../testing/tinyStudies';
import { runHeadless } from './experimentCommand';
import { runScore } from './scoreCommand';

const available = await gpuForTests();

describe.skipIf(!available)('npm run experiment (headless runner)', () => {
  it('writes a valid snapshot, the TREC runs and a summary recomputable from the snapshot', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rerank-lab-headless-'));
    const config = {
      schemaVersion: 1,
      name: 'headless-test',
      model: tinyBert(),
      trainingData: bundledTriples(32),
      evalSets: [bundledEvalSet('dl19', 3), bundledEvalSet('dl20', 3)],
      batchSize: 4,
      steps: 3,
      maxLength: 48,
      seeds: [1, 2],
      evaluateEvery: 2,
      checkpointEvery: 0,
    };
    writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
    const out = join(dir, 'out');
    const { markdown } = await runHeadless({ config: join(dir, 'config.json'), out, quiet: true });

    const snapshot = await importSnapshot(new Uint8Array(readFileSync(join(out, 'snapshot.json.gz'))), 'snapshot.json.gz');
    expect(snapshot.runs.map((r) => r.runId)).toEqual([
      'headless-test/adamw/seed-1',
      'headless-test/lion/seed-1',
      'headless-test/adamw/seed-2',
      'headless-test/lion/seed-2',
    ]);
    expect(snapshot.environment.runtime.kind).toBe('node');
    expect(snapshot.runs[0].batchHashes).toEqual(snapshot.runs[1].batchHashes);
    expect(snapshot.runs[2].batchHashes).toEqual(snapshot.runs[3].batchHashes);
    expect(snapshot.runs[0].batchHashes).not.toEqual(snapshot.runs[2].batchHashes);
    // Evaluations at step 2 (evaluateEvery) and at the last step, for both sets.
    expect(snapshot.runs[0].evaluations.map((e) => `${e.step}:${e.evalSet}`)).toEqual(['2:dl19', '2:dl20', '3:dl19', '3:dl20']);

    const summaryFile = readFileSync(join(out, 'summary.md'), 'utf8');
    expect(summaryFile).toBe(markdown);
    expect(summaryFile).toBe(summaryMarkdown(summarizeSnapshot(snapshot)));
    expect(summaryFile).toMatch(/\| adamw \| AdamW \| 2 \| 43 \| 0\.\d{4}/);
    expect(summaryFile).toMatch(/\| dl20 \| NDCG@10 \| [+-]0\.\d{4} \|/);

    const runFiles = readdirSync(join(out, 'runs')).sort();
    // Each TREC run with its ir_metadata beside it (src/core/snapshot/irMetadata.ts).
    expect(runFiles).toEqual(
      ['adamw.seed-1', 'adamw.seed-2', 'lion.seed-1', 'lion.seed-2'].flatMap((tag) =>
        ['dl19', 'dl20'].flatMap((set) => [`${tag}.${set}.ir_metadata.yml`, `${tag}.${set}.trec`]),
      ),
    );
    // The headless runner records every run's initial weights: the same for the arms of a seed, another for the other seed.
    expect(snapshot.runs.map((r) => r.precision)).toEqual(['float32', 'float32', 'float32', 'float32']);
    expect(snapshot.runs[1].initialWeightsHash).toBe(snapshot.runs[0].initialWeightsHash);
    expect(snapshot.runs[3].initialWeightsHash).toBe(snapshot.runs[2].initialWeightsHash);
    expect(snapshot.runs[2].initialWeightsHash).not.toBe(snapshot.runs[0].initialWeightsHash);
    const sidecar = readFileSync(join(out, 'runs', 'lion.seed-2.dl20.ir_metadata.yml'), 'utf8');
    expect(sidecar).toMatch(new RegExp(`\\n +initial weights sha256: "${snapshot.runs[3].initialWeightsHash}"\\n`));
    expect(sidecar).toMatch(new RegExp(`\\n +config hash: "${snapshot.configHash}"\\n`));
    for (const [year, queries] of [
      ['dl19', 43],
      ['dl20', 54],
    ] as const) {
      const qrels = parseQrels(readShared(`data/trec-dl/qrels.${year}-passage.txt`), year);
      const run = parseRun(readFileSync(join(out, 'runs', `lion.seed-2.${year}.trec`), 'utf8'), `lion.seed-2.${year}.trec`);
      expect(Object.keys(run)).toHaveLength(queries);
      // The top 3 are reranked; the other 97 BM25 candidates follow in BM25 order.
      expect(Object.values(run).every((docs) => docs.length === 100)).toBe(true);
      const bm25 = parseRun(readShared(`data/trec-dl/rank_llm.bm25.trec_results_${year}.txt`), year);
      for (const [qid, docs] of Object.entries(run)) {
        const byRank = [...docs].sort((a, b) => b.score - a.score).map((d) => d.docno);
        const firstStage = [...bm25[qid]].sort((a, b) => b.score - a.score).map((d) => d.docno);
        expect(new Set(byRank.slice(0, 3))).toEqual(new Set(firstStage.slice(0, 3)));
        expect(byRank.slice(3)).toEqual(firstStage.slice(3));
      }
      const fromFile = evaluate(qrels, run, { measures: ['ndcg_cut.10', 'map'], relevanceLevel: 2, averageOverQrels: true }).perQuery;
      const stored = snapshot.runs[3].evaluations.find((e) => e.step === 3 && e.evalSet === year)!.perQuery;
      for (const qid of Object.keys(stored)) {
        expect(fromFile[qid].ndcg_cut_10).toBeCloseTo(stored[qid].ndcg_cut_10, 12);
        expect(fromFile[qid].map).toBeCloseTo(stored[qid].map, 12);
      }
    }
  });

  it.each(['gte', 'modernbert', 'bert'] as const)(
    'random-init tiny %s: Lion vs AdamW, 2 seeds, DL19 top-10; --save-models writes HF folders that score back bit for bit',
    async (family) => {
      const dir = mkdtempSync(join(tmpdir(), `rerank-lab-${family}-`));
      const config = {
        schemaVersion: 1,
        name: `headless-${family}`,
        model: tinyRandomModel(family),
        trainingData: bundledTriples(16),
        evalSets: [bundledEvalSet('dl19', 10)],
        batchSize: 4,
        steps: 2,
        maxLength: 32,
        seeds: [1, 2],
        checkpointEvery: 0,
      };
      writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
      const out = join(dir, 'out');
      const { markdown } = await runHeadless({ config: join(dir, 'config.json'), out, quiet: true, saveModels: true });

      const snapshot = await importSnapshot(new Uint8Array(readFileSync(join(out, 'snapshot.json.gz'))), 'snapshot.json.gz');
      expect(snapshot.runs.map((r) => `${r.runId} ${r.stop.reason}`)).toEqual(
        ['adamw/seed-1', 'lion/seed-1', 'adamw/seed-2', 'lion/seed-2'].map((id) => `headless-${family}/${id} completed`),
      );
      expect(snapshot.runs[0].batchHashes).toEqual(snapshot.runs[1].batchHashes);
      expect(snapshot.runs[0].curve[0].loss).toBe(snapshot.runs[1].curve[0].loss);
      const summary = summarizeSnapshot(snapshot);
      expect(readFileSync(join(out, 'summary.md'), 'utf8')).toBe(summaryMarkdown(summary));
      expect(markdown).toMatch(/\| lion \| Lion \| 2 \| 43 \| 0\.\d{4}/);
      expect(readdirSync(join(out, 'runs')).sort()).toEqual(
        ['adamw.seed-1', 'adamw.seed-2', 'lion.seed-1', 'lion.seed-2'].flatMap((tag) => [`${tag}.dl19.ir_metadata.yml`, `${tag}.dl19.trec`]),
      );
      expect(readdirSync(join(out, 'models')).sort()).toEqual(['adamw.seed-1', 'adamw.seed-2', 'lion.seed-1', 'lion.seed-2']);

      const saved = join(out, 'models', 'lion.seed-2');
      expect(readdirSync(saved).sort()).toEqual(['README.md', 'config.json', 'model.safetensors', 'vocab.txt']);
      // The card's numbers are the summary's per-seed means of this arm and seed.
      const card = readFileSync(join(saved, 'README.md'), 'utf8');
      for (const cell of summary.cells.filter((c) => c.arm === 'lion')) {
        expect(card).toContain(`| dl19 | ${measureLabel(cell.measure)} | ${fixed4(cell.seedMeans[cell.seeds.indexOf(2)])} | 43 | 2 |`);
      }
      expect(card).toContain(`"name": "headless-${family}"`);

      // Loaded back as model.kind "local", the folder reranks DL19 to the same scores bit for bit.
      const final = snapshot.runs[3].evaluations.find((e) => e.step === 2)!.run;
      const local = validateExperiment({ ...config, model: { kind: 'local', path: saved } });
      const host = nodeHost({ baseDir: REPO_ROOT });
      const [loaded] = await loadEvalSets(local, host);
      const setup = await setUpModel(local, 2, host);
      expect(setup.report).toEqual({ missing: [], unexpected: [], initialisedFresh: [], ignored: [] });
      const rescored = await rerank(setup.model, setup.tokenizer, loaded, { maxLength: 32, batchSize: 64 });
      setup.model.dispose();
      for (const qid of loaded.qids) expect(rescored[qid].slice(0, 10), qid).toEqual(final[qid].slice(0, 10));

      // And through npm run score, on the same pairs in the same batches.
      const pairs = loaded.qids.flatMap((qid) =>
        loaded.set.candidates[qid].slice(0, 10).map((c) => [qid, c.docno, loaded.set.topics[qid], c.text.replace(/[\t\n]/g, ' ')].join('\t')),
      );
      writeFileSync(join(dir, 'pairs.tsv'), pairs.join('\n') + '\n');
      await runScore({ model: saved, pairs: join(dir, 'pairs.tsv'), out: join(dir, 'scored.trec'), batchSize: 64, maxLength: 32, runTag: 'saved' });
      const scored = parseRun(readFileSync(join(dir, 'scored.trec'), 'utf8'), 'scored.trec');
      for (const qid of loaded.qids) {
        const expected = new Map(final[qid].slice(0, 10).map((d) => [d.docno, d.score]));
        for (const doc of scored[qid]) expect(doc.score, `${qid} ${doc.docno}`).toBe(Math.fround(expected.get(doc.docno)!));
      }
    },
  );

  it('runs a model-size sweep experiment by experiment, resumes by skipping finished ones, and tabulates the gap', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rerank-lab-sweep-'));
    const sweep = {
      schemaVersion: 1,
      kind: 'sweep',
      name: 'size',
      base: {
        trainingData: bundledTriples(8),
        evalSets: [bundledEvalSet('dl19', 3)],
        batchSize: 2,
        steps: 2,
        maxLength: 32,
        seeds: [1],
        checkpointEvery: 0,
      },
      models: [{ model: tinyBert(1, 8) }, { model: tinyBert(2, 16) }],
    };
    writeFileSync(join(dir, 'sweep.json'), JSON.stringify(sweep));
    const out = join(dir, 'out');
    const first = await runHeadless({ config: join(dir, 'sweep.json'), out, quiet: true });
    expect(readdirSync(out).sort()).toEqual(['L1-H8', 'L2-H16', 'sweep-summary.md', 'sweep.snapshot.json.gz']);
    const rows = first.markdown.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| model'));
    expect(rows).toHaveLength(2 * 3); // two models × (NDCG@10, MAP, MRR@10) on dl19
    expect(rows[0]).toMatch(/^\| 1 layers × 8 hidden \(random init\) \| dl19 \| NDCG@10 \| 0\.\d{4} \| 0\.\d{4} \| [+-]0\.\d{4} \|/);
    // The sweep's snapshot holds both experiments; the gap recomputed from it is sweep-summary.md's NDCG@10 rows.
    const sweepSnapshot = await importAnySnapshot(new Uint8Array(readFileSync(join(out, 'sweep.snapshot.json.gz'))), 'sweep.snapshot.json.gz');
    if (!isSweepSnapshot(sweepSnapshot)) throw new Error('expected a sweep snapshot');
    expect(sweepSnapshot.sweep).toEqual({ name: 'size', experiments: 2 });
    expect(sweepSnapshot.members.map((m) => m.config.name)).toEqual(['size/L1-H8', 'size/L2-H16']);
    const points = sweepGapPoints(sweepSnapshot.members.map((snapshot) => ({ id: snapshot.config.name, snapshot })));
    const ndcgRows = rows.filter((r) => r.includes('| NDCG@10 |')).map((r) => r.split('|').map((c) => c.trim()));
    expect(points.map((p) => [p.evalSet, signed4(p.meanDifference), `[${signed4(p.ciLow)}, ${signed4(p.ciHigh)}]`, String(p.parameters)])).toEqual(
      ndcgRows.map((c) => [c[2], c[6], c[7], c[11]]),
    );

    // Resume: the finished experiment is not run again; the missing one is.
    const keptAt = statSync(join(out, 'L1-H8', 'snapshot.json.gz')).mtimeMs;
    rmSync(join(out, 'L2-H16'), { recursive: true });
    const second = await runHeadless({ config: join(dir, 'sweep.json'), out, quiet: true });
    expect(statSync(join(out, 'L1-H8', 'snapshot.json.gz')).mtimeMs).toBe(keptAt);
    expect(readdirSync(join(out, 'L2-H16')).sort()).toEqual(['checkpoints', 'runs', 'snapshot.json.gz', 'summary.md']);
    // Same weights, same batches on the same device: the rerun reproduces the same table.
    expect(second.markdown).toBe(first.markdown);
  });
});
