/**
 * The TREC runs the lab exports (`npm run experiment`'s runs/, the page's zip) and their run metadata: by default the run
 * file is the same bytes as without metadata — read by the lab's trec_eval parser and measured to the snapshot's own
 * per-query values — with RUN.ir_metadata.yml beside it, whose YAML (read back by js-yaml) says who made the run, with
 * what and how; `header` puts the same YAML atop the run as `#` lines, which trec_eval 9.0.8 refuses ("Malformed line 1",
 * fixtures/SOURCES.md) and so does the lab's parser, while removing those lines gives back the plain run.
 */
import jsYaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { importSnapshot, mergeSnapshots, type Snapshot } from '../core/snapshot';
import { parseRun, TrecParseError } from '../core/trec';
import { pieceOf } from '../testing/mergeParts';
import { readSharedBytes, REPO_ROOT } from '../testing/shared';
import { loadEvalSets, measureRun } from './evaluate';
import { nodeHost } from './nodeHost';
import { formatTrecRun, trecRunFiles } from './trecRun';

const load = (text: string) => (jsYaml as { load(text: string): unknown }).load(text) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const demo = await importSnapshot(readSharedBytes('golden/demo-snapshot/snapshot.json.gz'), 'demo.json.gz');
const reranker = (meta: Record<string, any>) => meta.method.retrieval[1]; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('exported TREC runs and their ir_metadata', () => {
  it('by default: the run files are unchanged, read by the trec_eval parser and measured as the snapshot says; the YAML beside each', async () => {
    const files = trecRunFiles(demo);
    const plain = trecRunFiles(demo, { metadata: 'none' });
    expect(Object.keys(plain)).toEqual([
      'adamw.seed-1.dl19.trec',
      'adamw.seed-1.dl20.trec',
      'lion.seed-1.dl19.trec',
      'lion.seed-1.dl20.trec',
      'adamw.seed-2.dl19.trec',
      'adamw.seed-2.dl20.trec',
      'lion.seed-2.dl19.trec',
      'lion.seed-2.dl20.trec',
    ]);
    expect(Object.keys(files).sort()).toEqual(
      Object.keys(plain)
        .flatMap((n) => [n, n.replace(/\.trec$/, '.ir_metadata.yml')])
        .sort(),
    );
    const sets = await loadEvalSets(demo.config, nodeHost({ baseDir: REPO_ROOT }));
    for (const record of demo.runs) {
      for (const evaluation of record.evaluations) {
        const name = `${record.arm}.seed-${record.seed}.${evaluation.evalSet}.trec`;
        // what the runner wrote before run metadata existed, byte for byte
        expect(files[name]).toBe(formatTrecRun(evaluation.run, `${record.arm}.seed-${record.seed}`));
        expect(files[name]).toBe(plain[name]);
        const run = parseRun(files[name], name);
        expect(
          measureRun(
            sets.find((s) => s.spec.name === evaluation.evalSet)!,
            run,
          ),
        ).toEqual(evaluation.perQuery);
      }
    }
  });

  it('the YAML holds the PRIMAD components: version, config hash, model, optimizer settings, seed, adapter, precision, kernels, eval set', () => {
    const meta = load(trecRunFiles(demo)['lion.seed-2.dl20.ir_metadata.yml']);
    expect(Object.keys(meta)).toEqual(['schema-version', 'tag', 'platform', 'research goal', 'implementation', 'method', 'data']);
    expect([meta['schema-version'], meta.tag]).toEqual(['0.1', 'lion.seed-2']);
    expect(meta.platform).toEqual({
      hardware: { gpu: { model: 'llvmpipe: Mesa 25.0.7-2~bpo12+1 (LLVM 15.0.6) 0.0.1', architecture: 'software', vendor: 'mesa', 'software adapter': true } },
      software: { runtime: 'Node v20.20.2 (linux/x64)', 'retrieval toolkit': ['rerank-lab==0.1.0'] },
    });
    expect(meta['research goal'].evaluation).toEqual({
      'reported measures': ['ndcg_cut_10', 'map', 'mrr_cut_10', 'recall_100'],
      baseline: ['adamw.seed-2'],
      'significance test': [
        { name: 'paired t-test', 'correction method': 'holm' },
        { name: 'randomization test (10000 permutations)', 'correction method': 'holm' },
      ],
    });
    expect(meta.implementation).toEqual({ source: { lang: ['typescript', 'wgsl'], version: '0.1.0', commit: '943e7935a8e1' } });
    expect(meta.method.retrieval[0]).toEqual({ name: 'first stage', method: 'candidates file', source: 'data/rank_llm.bm25.retrieve_results_dl20.json.gz' });
    expect(reranker(meta)).toEqual({
      name: 'cross-encoder',
      method: 'random-init bert (2 layers, hidden 32, 2 heads, intermediate 64)',
      reranks: 'first stage',
      'rerank depth': 10,
      'max length': 48,
      'config hash': demo.configHash,
      arm: {
        name: 'lion',
        schedule: { kind: 'linear', warmupFraction: 0.1 },
        clipNorm: 1,
        optimizer: 'lion',
        lr: 0.0002,
        weightDecay: 0.05,
        beta1: 0.9,
        beta2: 0.99,
      },
      'batch size': 8,
      steps: 40,
      loss: { kind: 'bce', 'negatives per query': 1 },
      seed: 2,
      precision: 'float32',
      runtime: 'webgpu (node)',
      kernels: 'tfjs',
      stop: { reason: 'completed', step: 40 },
      'evaluated at step': 40,
    });
    expect(meta.data).toEqual({
      'test collection': { name: 'dl20', qrels: 'data/qrels.dl20-passage.txt', topics: 'data/topics.dl20.txt', 'relevance level': 2 },
      'training data': [{ name: 'training data', source: 'data/splade_toy.triples.train.small.head100.tsv', format: 'triples' }],
      other: [{ name: 'candidates', source: 'data/rank_llm.bm25.retrieve_results_dl20.json.gz' }],
    });
  });

  it('records the command, the initial weights, a PyTorch run’s platform, and a merged run’s own source', async () => {
    const hash = 'c'.repeat(64);
    const torch: Snapshot = {
      ...demo,
      runs: demo.runs.map((r) =>
        r.arm === 'lion'
          ? {
              ...r,
              runtime: 'pytorch',
              initialWeightsHash: hash,
              hardware: {
                worldSize: 2,
                backend: 'gloo',
                devices: ['cpu (x86_64)', 'cpu (x86_64)'],
                torch: '1.13.0',
                python: '3.11.2',
                dropout: 'lab',
                model: 'compact',
                optimizer: 'labtorch.LabLion',
              },
            }
          : r,
      ),
    };
    const meta = load(trecRunFiles(torch, { command: 'npm run experiment -- --config demo.json --out out' })['lion.seed-1.dl19.ir_metadata.yml']);
    expect(meta.implementation.executable).toEqual({ cmd: 'npm run experiment -- --config demo.json --out out' });
    expect(meta.implementation.source.lang).toEqual(['python']);
    expect(meta.platform).toEqual({
      hardware: { devices: ['cpu (x86_64)', 'cpu (x86_64)'], processes: 2, backend: 'gloo' },
      software: { libraries: { python: ['torch==1.13.0', 'python==3.11.2'] }, 'retrieval toolkit': ['rerank-lab==0.1.0'] },
    });
    expect([reranker(meta)['initial weights sha256'], reranker(meta).runtime, reranker(meta).kernels]).toEqual([hash, 'pytorch', undefined]);

    const other = await pieceOf(demo, (r) => r.seed === 2);
    const { snapshot } = await mergeSnapshots(
      [
        { file: 'a.json.gz', snapshot: await pieceOf(demo, (r) => r.seed === 1) },
        { file: 'b.json.gz', snapshot: { ...other, environment: { ...other.environment, kernels: 'own', app: { version: '0.2.0', commit: 'b0b0b0b0b0b0' } } } },
      ],
      { app: { version: '0.3.0', commit: 'merger' } },
    );
    const merged = trecRunFiles(snapshot as Snapshot);
    const [one, two] = ['adamw.seed-1.dl19.ir_metadata.yml', 'adamw.seed-2.dl19.ir_metadata.yml'].map((n) => load(merged[n]));
    expect([one.implementation.source.commit, reranker(one).kernels]).toEqual(['943e7935a8e1', 'tfjs']);
    expect([two.implementation.source.commit, reranker(two).kernels]).toEqual(['b0b0b0b0b0b0', 'own']);
  });

  it('only when asked, atop the run as # lines: refused by the trec_eval parser, and the plain run once they are removed', () => {
    const files = trecRunFiles(demo, { metadata: 'header' });
    expect(Object.keys(files).every((n) => n.endsWith('.trec'))).toBe(true);
    const text = files['adamw.seed-1.dl19.trec'];
    const lines = text.split('\n');
    expect(lines[0]).toBe('# ir_metadata.start');
    const end = lines.indexOf('# ir_metadata.end');
    expect(lines.slice(1, end).every((l) => l.startsWith('# '))).toBe(true);
    expect(() => parseRun(text, 'adamw.seed-1.dl19.trec')).toThrow(TrecParseError);
    expect(() => parseRun(text, 'adamw.seed-1.dl19.trec')).toThrow(/adamw\.seed-1\.dl19\.trec:1/);
    expect(lines.slice(end + 1).join('\n')).toBe(trecRunFiles(demo, { metadata: 'none' })['adamw.seed-1.dl19.trec']);
    // the header is the sidecar's YAML, line for line (repro_eval reads it by dropping the "#")
    const header = lines
      .slice(1, end)
      .map((l) => l.slice(2))
      .join('\n');
    expect(load(header)).toEqual(load(trecRunFiles(demo)['adamw.seed-1.dl19.ir_metadata.yml']));
  });
});
