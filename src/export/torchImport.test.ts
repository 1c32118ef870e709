/**
 * import-torch without Python or a GPU: a project's finished runs become a valid snapshot (runtime, hardware,
 * per-query values measured by the lab's code), unfinished ones are left out and named, a damaged train record is
 * an error naming the file (property-based), and an engine comparison puts both engines' runs of one arm side by side.
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateExperiment } from '../core/experiment';
import { exportSnapshot, importSnapshot, summarizeSnapshot } from '../core/snapshot';
import { checkProperty, resultOrTypedErrorAsync } from '../testing/property';
import { REPO_ROOT } from '../testing/shared';
import { loadEvalSets, measureRun } from '../train/evaluate';
import { nodeHost } from '../train/nodeHost';
import { formatTrecRun } from '../train/trecRun';
import { compareRuntimes, importTorchRuns, torchSnapshot, type ProjectReader } from './torchImport';

const demo = JSON.parse(readFileSync(join(REPO_ROOT, 'configs/demo.json'), 'utf8')) as Record<string, unknown> & { evalSets: unknown[] };
const configText = JSON.stringify({ ...demo, name: 'import-test', steps: 2, seeds: [1], evalSets: demo.evalSets.slice(0, 1), evaluateAtStart: false });
const config = validateExperiment(JSON.parse(configText));
const host = nodeHost({ baseDir: REPO_ROOT });
const evalSets = await loadEvalSets(config, host);
const app = { version: '0.0.0', commit: 'test' };

const trainRecord = (arm: string) => ({
  format: 'rerank-lab-torch-run',
  arm,
  seed: 1,
  runtime: 'pytorch',
  hardware: {
    worldSize: 2,
    backend: 'gloo',
    devices: ['cpu (x86_64)', 'cpu (x86_64)'],
    torch: '1.13.0',
    python: '3.11.2',
    dropout: 'lab',
    model: 'compact',
    optimizer: 'x',
  },
  stop: { reason: 'completed', step: 2 },
  curve: [1, 2].map((step) => ({ step, loss: 0.69, lr: 1e-4, gradNorm: 'NaN', examplesPerSecond: 10, ms: 5 })),
  batchHashes: ['0123456789abcdef', 'fedcba9876543210'],
});

/** The first-stage ranking as the "reranked" run: a run whose measures are known without a model. */
const firstStage = Object.fromEntries(evalSets[0].qids.map((q) => [q, evalSets[0].set.candidates[q].map((c, i) => ({ docno: c.docno, score: 100 - i }))]));

function reader(files: Record<string, string>): ProjectReader {
  return {
    list: () => Object.keys(files),
    read: (name) => {
      if (!(name in files)) throw new Error(`${name}: not found`);
      return files[name];
    },
  };
}

const project = (extra: Record<string, string> = {}) =>
  reader({
    'experiment.json': configText,
    'runs/adamw.seed-1.train.json': JSON.stringify(trainRecord('adamw')),
    'runs/adamw.seed-1.dl19.trec': formatTrecRun(firstStage, 'adamw.seed-1'),
    'runs/lion.seed-1.train.json': JSON.stringify(trainRecord('lion')),
    ...extra,
  });

describe('import-torch', () => {
  it('turns the finished runs into a snapshot that reads back, measured by the lab, and names the unfinished ones', async () => {
    const { snapshot, unfinished } = await torchSnapshot(project(), host, app);
    expect(unfinished).toEqual(['lion.seed-1 (no runs/lion.seed-1.dl19.trec: run evaluate.py --arm lion --seed 1)']);
    const back = await importSnapshot(exportSnapshot(snapshot), 'torch.json.gz');
    expect(back.runs).toHaveLength(1);
    const [run] = back.runs;
    expect([run.runId, run.runtime, run.hardware?.worldSize, run.stop.step]).toEqual(['import-test/adamw/seed-1', 'pytorch', 2, 2]);
    expect(Number.isNaN(run.curve[0].gradNorm)).toBe(true);
    expect(run.evaluations[0].perQuery).toEqual(measureRun(evalSets[0], firstStage));
    expect(back.environment.adapter.vendor).toBe('pytorch');
    const summary = summarizeSnapshot(back);
    expect(summary.cells.find((c) => c.arm === 'adamw' && c.measure === 'ndcg_cut_10')!.mean).toBeGreaterThan(0.3);
  });

  it("cross-checks evaluate.py's per-query values against its own, keeps its own, and refuses a tampered file naming file, query and measure", async () => {
    const lab = measureRun(evalSets[0], firstStage);
    const spec = config.evalSets[0];
    const qids = Object.keys(lab).sort();
    const perQueryFile = (perQuery: Record<string, Record<string, number>>, extra: Record<string, unknown> = {}) => ({
      'runs/adamw.seed-1.dl19.perquery.json': JSON.stringify({
        format: 'rerank-lab-torch-perquery',
        evalSet: 'dl19',
        relevanceLevel: spec.relevanceLevel,
        measures: spec.measures,
        notComputed: [],
        perQuery,
        ...extra,
      }),
    });
    const nudged = (by: number) => ({ ...lab, [qids[3]]: { ...lab[qids[3]], ndcg_cut_10: lab[qids[3]].ndcg_cut_10 + by } });
    // Within 1e-6 (float summation order): accepted, and the lab's values are the ones kept.
    const { runs } = await importTorchRuns(project(perQueryFile(nudged(5e-7))), host, evalSets);
    expect(runs[0].evaluations[0].perQuery).toEqual(lab);
    await expect(importTorchRuns(project(perQueryFile(nudged(2e-6))), host, evalSets)).rejects.toThrow(
      new RegExp(`^runs/adamw\\.seed-1\\.dl19\\.perquery\\.json: query ${qids[3]}: ndcg_cut_10 is .*differ by more than 1e-6`),
    );
    const { [qids[0]]: _dropped, ...withoutOne } = lab;
    await expect(importTorchRuns(project(perQueryFile(withoutOne)), host, evalSets)).rejects.toThrow(`perquery.json: query ${qids[0]} is missing`);
    await expect(importTorchRuns(project(perQueryFile(lab, { relevanceLevel: 1 })), host, evalSets)).rejects.toThrow(/relevanceLevel is 1/);
    await expect(importTorchRuns(project(perQueryFile(lab, { measures: ['P_5'] })), host, evalSets)).rejects.toThrow(/measure "P_5" is not one of dl19's/);
  });

  it("carries train.py's initial-weights hash and precision into the runs; records written before them import as before", async () => {
    const hash = 'ab'.repeat(32);
    const recorded = { ...trainRecord('adamw'), initialWeightsHash: hash, precision: 'float32' };
    const { runs } = await importTorchRuns(project({ 'runs/adamw.seed-1.train.json': JSON.stringify(recorded) }), host, evalSets);
    expect([runs[0].initialWeightsHash, runs[0].precision]).toEqual([hash, 'float32']);
    const old = await importTorchRuns(project(), host, evalSets);
    expect('initialWeightsHash' in old.runs[0] || 'precision' in old.runs[0]).toBe(false);
    await expect(
      importTorchRuns(project({ 'runs/adamw.seed-1.train.json': JSON.stringify({ ...recorded, initialWeightsHash: 'xyz' }) }), host, evalSets),
    ).rejects.toThrow(/runs\/adamw\.seed-1\.train\.json: initialWeightsHash: expected a SHA-256 hex digest/);
  });

  it('keeps a diverged run with its curve and no evaluations, as the lab does', async () => {
    const diverged = { ...trainRecord('lion'), stop: { reason: 'non-finite', step: 2, quantity: 'loss' } };
    const { runs, unfinished } = await importTorchRuns(project({ 'runs/lion.seed-1.train.json': JSON.stringify(diverged) }), host, evalSets);
    expect(unfinished).toEqual([]);
    expect(runs.map((r) => [r.arm, r.stop.reason, r.evaluations.length, r.curve.length])).toEqual([
      ['adamw', 'completed', 1, 2],
      ['lion', 'non-finite', 0, 2],
    ]);
  });

  it('refuses a damaged train record, naming the file (property)', async () => {
    await checkProperty(
      fc.asyncProperty(fc.jsonValue(), fc.constantFrom('curve', 'stop', 'hardware', 'batchHashes', 'seed', 'arm', 'extra'), async (value, field) => {
        const record = { ...trainRecord('adamw'), [field]: value };
        const result = await resultOrTypedErrorAsync(
          () => importTorchRuns(project({ 'runs/adamw.seed-1.train.json': JSON.stringify(record) }), host, evalSets),
          Error,
          /runs\/adamw\.seed-1\.train\.json/,
        );
        if (!(result instanceof Error)) expect(result.runs[0].curve.length).toBe(result.runs[0].batchHashes.length);
      }),
      40,
    );
  });

  it('compares one arm across engines: lab runs as baseline, PyTorch runs as ARM-pytorch', async () => {
    const { snapshot: torch } = await torchSnapshot(project(), host, app);
    const labRun = { ...torch.runs[0], runtime: undefined, hardware: undefined };
    const lab = { ...torch, runs: [labRun] };
    const both = await compareRuntimes(lab, torch, 'adamw');
    const back = await importSnapshot(exportSnapshot(both), 'both.json.gz');
    expect(back.config.arms.map((a) => a.name)).toEqual(['adamw', 'adamw-pytorch']);
    expect(back.runs.map((r) => [r.runId, r.runtime])).toEqual([
      ['import-test/adamw/seed-1', 'webgpu'],
      ['import-test/adamw-pytorch/seed-1', 'pytorch'],
    ]);
    const comparison = summarizeSnapshot(back).comparisons.find((c) => c.measure === 'ndcg_cut_10')!;
    expect([comparison.treatment, comparison.baseline, comparison.meanDifference]).toEqual(['adamw-pytorch', 'adamw', 0]);
    await expect(compareRuntimes({ ...lab, configHash: '0'.repeat(64) }, torch, 'adamw')).rejects.toThrow(/different experiments/);
  });
});
