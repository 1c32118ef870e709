/**
 * The tiny BERT demo (configs/demo.json, cut to 10 steps, one seed, DL19) trained by the lab on WebGPU and by its
 * exported PyTorch project with DDP over 2 gloo processes: the same batches (batch hashes equal), per-step losses
 * within 1e-4 (AdamW) and 1e-3 (Lion) of the lab's, 1 and 2 processes within 1e-5; the imported snapshot's DL19
 * NDCG@10 per arm within 1e-3 of the lab's, and the summary and significance computed on it unchanged. Both engines record
 * the same initial-weights hash, so the lab's AdamW runs and PyTorch's Lion runs merge into one study.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importSnapshot, mergeSnapshots, summarizeSnapshot, summaryMarkdown, type Snapshot } from '../core/snapshot';
import { pieceOf } from '../testing/mergeParts';
import { runHeadless } from './experimentCommand';
import { runExportTorch, runImportTorch } from './torchCommands';
import { gpuForTests } from '../testing/gpu';
import { pythonWithTorch, runPython, runTorchrun, torchrunArgs } from '../testing/python';
import { REPO_ROOT } from '../testing/shared';

const available = await gpuForTests();
const python = pythonWithTorch();

interface TorchRun {
  curve: { step: number; loss: number; gradNorm: number }[];
  batchHashes: string[];
  initialWeightsHash: string;
  precision: string;
  hardware: { worldSize: number; backend: string; dropout: string };
}

const readRun = (dir: string, tag: string): TorchRun => JSON.parse(readFileSync(join(dir, 'runs', `${tag}.train.json`), 'utf8')) as TorchRun;
const maxGap = (a: number[], b: number[]) => Math.max(...a.map((x, i) => Math.abs(x - b[i])));
const ndcg = (snapshot: Snapshot, arm: string) => {
  const run = snapshot.runs.find((r) => r.arm === arm)!;
  const perQuery = run.evaluations.find((e) => e.evalSet === 'dl19' && e.step === run.stop.step)!.perQuery;
  const values = Object.values(perQuery).map((m) => m.ndcg_cut_10);
  return values.reduce((a, b) => a + b, 0) / values.length;
};

describe.skipIf(!available || !python)('the demo on PyTorch DDP (export-torch → torchrun → import-torch)', () => {
  it('matches the lab run step for step and in DL19 NDCG@10', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rerank-lab-torch-'));
    const demo = JSON.parse(readFileSync(join(REPO_ROOT, 'configs/demo.json'), 'utf8')) as Record<string, unknown> & { evalSets: unknown[] };
    const config = {
      ...demo,
      name: 'torch-demo',
      steps: 10,
      seeds: [1],
      evalSets: demo.evalSets.slice(0, 1),
      evaluateEvery: 0,
      evaluateAtStart: false,
      checkpointEvery: 0,
    };
    const configFile = join(dir, 'config.json');
    writeFileSync(configFile, `${JSON.stringify(config, null, 2)}\n`);

    await runHeadless({ config: configFile, out: join(dir, 'lab'), quiet: true });
    const lab = await importSnapshot(new Uint8Array(readFileSync(join(dir, 'lab', 'snapshot.json.gz'))), 'lab snapshot');

    const project = join(dir, 'project');
    await runExportTorch({ config: configFile, out: project, quiet: true });
    expect(readFileSync(join(project, 'experiment.json'), 'utf8')).toBe(readFileSync(configFile, 'utf8'));
    const oneRank = join(dir, 'project-1');
    cpSync(project, oneRank, { recursive: true });

    for (const arm of ['adamw', 'lion']) {
      runTorchrun(python!, [...torchrunArgs(2, join(dir, `logs-${arm}`)), 'train.py', '--arm', arm, '--seed', '1'], project);
      runPython(python!, ['evaluate.py', '--arm', arm, '--seed', '1'], project);
    }
    runPython(python!, ['train.py', '--arm', 'adamw', '--seed', '1'], oneRank);

    for (const [arm, tolerance] of [
      ['adamw', 1e-4],
      ['lion', 1e-3],
    ] as const) {
      const labRun = lab.runs.find((r) => r.arm === arm)!;
      const torchRun = readRun(project, `${arm}.seed-1`);
      expect(torchRun.hardware).toMatchObject({ worldSize: 2, backend: 'gloo', dropout: 'lab' });
      expect(torchRun.batchHashes).toEqual(labRun.batchHashes);
      // The same initial weights, hashed by labtorch.weights_hash over the PyTorch model as loaded.
      expect(labRun.initialWeightsHash).toMatch(/^[0-9a-f]{64}$/);
      expect([torchRun.initialWeightsHash, torchRun.precision]).toEqual([labRun.initialWeightsHash, 'float32']);
      expect(torchRun.curve.map((p) => p.step)).toEqual(labRun.curve.map((p) => p.step));
      const gap = maxGap(
        torchRun.curve.map((p) => p.loss),
        labRun.curve.map((p) => p.loss),
      );
      console.log(`${arm}: largest per-step loss gap PyTorch (2 gloo ranks) vs lab (WebGPU): ${gap.toExponential(2)}`);
      expect(gap).toBeLessThan(tolerance);
    }
    const single = readRun(oneRank, 'adamw.seed-1');
    const double = readRun(project, 'adamw.seed-1');
    expect(single.hardware.worldSize).toBe(1);
    expect(
      maxGap(
        single.curve.map((p) => p.loss),
        double.curve.map((p) => p.loss),
      ),
    ).toBeLessThan(1e-5);

    const { markdown } = await runImportTorch({ dir: project, out: join(dir, 'torch.json.gz') });
    const imported = await importSnapshot(new Uint8Array(readFileSync(join(dir, 'torch.json.gz'))), 'torch snapshot');
    expect(imported.configHash).toBe(lab.configHash);
    expect(imported.runs.map((r) => [r.runId, r.runtime, r.hardware?.worldSize])).toEqual([
      ['torch-demo/adamw/seed-1', 'pytorch', 2],
      ['torch-demo/lion/seed-1', 'pytorch', 2],
    ]);
    for (const arm of ['adamw', 'lion']) expect(Math.abs(ndcg(imported, arm) - ndcg(lab, arm))).toBeLessThan(1e-3);
    // AdamW from the lab and Lion from PyTorch merge into one study: their batches and initial weights are checked equal.
    const merged = await mergeSnapshots(
      [
        { file: 'lab.json.gz', snapshot: await pieceOf(lab, (r) => r.arm === 'adamw') },
        { file: 'torch.json.gz', snapshot: await pieceOf(imported, (r) => r.arm === 'lion') },
      ],
      { app: { version: '0.0.0', commit: 'test' } },
    );
    expect((merged.snapshot as Snapshot).runs.map((r) => [r.arm, r.origin?.runtime, r.initialWeightsHash])).toEqual([
      ['adamw', 'node', lab.runs[0].initialWeightsHash],
      ['lion', 'pytorch', lab.runs[0].initialWeightsHash],
    ]);
    expect(merged.warnings.some((w) => w.startsWith('the runs trained on different adapters or runtimes'))).toBe(true);
    // evaluate.py's own per-query values (labmeasures.py), which import refuses beyond 1e-6 of the lab's: equal to 1e-9.
    for (const arm of ['adamw', 'lion']) {
      const file = JSON.parse(readFileSync(join(project, 'runs', `${arm}.seed-1.dl19.perquery.json`), 'utf8')) as {
        measures: string[];
        perQuery: Record<string, Record<string, number>>;
      };
      expect(file.measures).toEqual(['ndcg_cut_10', 'map', 'mrr_cut_10', 'recall_100']);
      const measured = imported.runs.find((r) => r.arm === arm)!.evaluations[0].perQuery;
      expect(Object.keys(file.perQuery).sort()).toEqual(Object.keys(measured).sort());
      for (const [qid, values] of Object.entries(measured))
        for (const m of file.measures) expect(Math.abs(file.perQuery[qid][m] - values[m])).toBeLessThan(1e-9);
    }
    // The summary and the Lion − AdamW significance rows, computed by the lab's views from the imported per-query values.
    const summary = summarizeSnapshot(imported);
    expect(markdown).toBe(summaryMarkdown(summary));
    expect(markdown).toMatch(/\| dl19 \| NDCG@10 \| [-+]\d\.\d{4} \|/);

    // The same arm in the browser engine and on PyTorch, side by side: the same batches, the paired test between them.
    await runImportTorch({ dir: project, out: join(dir, 'both.json.gz'), compareWith: join(dir, 'lab', 'snapshot.json.gz'), arm: 'lion' });
    const both = await importSnapshot(new Uint8Array(readFileSync(join(dir, 'both.json.gz'))), 'comparison snapshot');
    expect(both.runs.map((r) => [r.arm, r.runtime])).toEqual([
      ['lion', 'webgpu'],
      ['lion-pytorch', 'pytorch'],
    ]);
    expect(both.runs[0].batchHashes).toEqual(both.runs[1].batchHashes);
    const engines = summarizeSnapshot(both).comparisons.find((c) => c.measure === 'ndcg_cut_10')!;
    expect(Math.abs(engines.meanDifference)).toBeLessThan(1e-3);
  });
});
