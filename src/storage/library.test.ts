import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { configHash } from '../core/experiment/hash';
import { runIdOf } from '../core/experiment/runMatrix';
import { fixtureConfig, fixtureEvaluation } from '../testing/snapshots';
import { bestNdcg10ByArm, loadLibrary } from './library';
import { LabStorage } from './stores';

let n = 0;
const fresh = () => new LabStorage({ dbPrefix: `library-${++n}-${Math.random().toString(36).slice(2)}` });
const ndcg = (values: Record<string, number>, set = 'dl19', step = 3) => fixtureEvaluation(set, step, { ndcg_cut_10: values });

describe('experiment library', () => {
  it('best NDCG@10 per arm: seeds averaged per step, the best step per evaluation set', () => {
    const config = fixtureConfig();
    const arms = bestNdcg10ByArm(config, [
      { arm: 'adamw', seed: 1, evaluations: [ndcg({ q1: 0.2, q2: 0.4 }, 'dl19', 1), ndcg({ q1: 0.5, q2: 0.7 }, 'dl19', 3), ndcg({ q1: 0.1 }, 'dl20', 3)] },
      { arm: 'adamw', seed: 2, evaluations: [ndcg({ q1: 0.6, q2: 0.8 }, 'dl19', 1), ndcg({ q1: 0.1, q2: 0.1 }, 'dl19', 3)] },
      { arm: 'lion', seed: 1, evaluations: [] },
    ]);
    // dl19 step 1: (0.3 + 0.7) / 2 = 0.5; step 3: (0.6 + 0.1) / 2 = 0.35 → step 1
    expect(arms[0]!.best.map((b) => [b.evalSet, b.step, b.seeds, +b.ndcg10.toFixed(12)])).toEqual([
      ['dl19', 1, 2, 0.5],
      ['dl20', 3, 1, 0.1],
    ]);
    expect(arms[1]).toEqual({ name: 'lion', optimizer: 'lion', best: [] });
  });

  it('lists experiments newest first with status and best NDCG@10; a sweep is one entry; rename and delete (with what it frees)', async () => {
    const storage = fresh();
    const a = fixtureConfig({ name: 'a' });
    const b = fixtureConfig({ name: 'sw/L1-H8' });
    const [ha, hb] = [await configHash(a), await configHash(b)];
    await storage.saveExperiment(a, ha);
    await new Promise((r) => setTimeout(r, 5));
    await storage.saveExperiment(b, hb);
    await storage.saveSweep('sw', [
      { name: 'sw/L1-H8', configHash: hb },
      { name: 'sw/L2-H8', configHash: 'f'.repeat(64) },
    ]);
    const run = runIdOf('a', 'adamw', 1);
    await storage.saveRun({ runId: run, configHash: ha, arm: 'adamw', seed: 1, status: 'finished', stop: { reason: 'completed', step: 3 } });
    await storage.appendSteps(run, [{ step: 1, loss: 0.7, lr: 1e-5, gradNorm: 1, examplesPerSecond: 10, ms: 5, batchHash: 'h1' }]);
    await storage.saveEvaluation(run, ndcg({ q1: 0.25, q2: 0.75 }));
    await storage.saveRun({ runId: runIdOf('a', 'lion', 1), configHash: ha, arm: 'lion', seed: 1, status: 'running' });

    let library = await loadLibrary(storage);
    expect(library.map((e) => e.kind)).toEqual(['sweep', 'experiment']);
    if (library[0]!.kind !== 'sweep' || library[1]!.kind !== 'experiment') throw new Error('kinds');
    expect(library[0]!.experiments.map((e) => ('missing' in e ? `${e.name} (missing)` : `${e.name} ${e.status}`))).toEqual([
      'sw/L1-H8 not started',
      'sw/L2-H8 (missing)',
    ]);
    const ea = library[1]!.experiment;
    // a stored 'running' run without a page behind it was interrupted
    expect([ea.status, ea.runs, ea.model, ea.arms[0]!.best[0]!.ndcg10]).toEqual(['paused', { total: 4, finished: 1 }, 'bert L1×H8 (random init)', 0.5]);
    // the page that runs it knows better
    library = await loadLibrary(storage, { configHash: ha, statuses: { [runIdOf('a', 'lion', 1)]: 'running' } });
    expect(library[1]!.kind === 'experiment' && library[1]!.experiment.status).toBe('running');

    await storage.renameExperiment(ha, '  first try ');
    expect((await storage.getExperiment(ha))!.label).toBe('first try');
    expect((await storage.getExperiment(ha))!.config.name).toBe('a');
    await storage.renameExperiment(ha, '');
    expect((await storage.getExperiment(ha))!.label).toBeUndefined();

    const footprint = await storage.experimentFootprint(ha);
    expect(footprint).toMatchObject({ runs: 2, steps: 1, evaluations: 1, checkpoints: 0, savedModels: 0 });
    expect(footprint.bytes).toBeGreaterThan(300);
    await storage.deleteExperiment(ha);
    expect(await storage.listRuns(ha)).toEqual([]);
    expect(await storage.loadEvaluations(run)).toEqual([]);
    await storage.deleteSweep('sw');
    expect(await loadLibrary(storage)).toEqual([]);
  });
});
