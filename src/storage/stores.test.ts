import 'fake-indexeddb/auto';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CheckpointConfigMismatchError, LabStorage, StorageFullError, idbKeyvalBackend } from './stores';
import type { Checkpoint, KeyValueBackend, StoreName, StoredStep } from './stores';
import { configHash } from '../core/experiment/hash';
import { fixtureConfig, fixtureEvaluation } from '../testing/snapshots';

let dbCounter = 0;
function freshPrefix(): string {
  dbCounter += 1;
  return `test-${dbCounter}-${Math.random().toString(36).slice(2)}`;
}

/** A backend that fails the next write to `store` with `error` (once). */
function failingBackend(prefix: string) {
  const inner = idbKeyvalBackend(prefix);
  const plan: { store?: StoreName; op?: 'set' | 'del'; error?: unknown } = {};
  const backend: KeyValueBackend = {
    ...inner,
    set: (store, key, value) => {
      if (plan.op === 'set' && plan.store === store) {
        plan.op = undefined;
        return Promise.reject(plan.error);
      }
      return inner.set(store, key, value);
    },
    del: (store, key) => {
      if (plan.op === 'del' && plan.store === store) {
        plan.op = undefined;
        return Promise.reject(plan.error);
      }
      return inner.del(store, key);
    },
  };
  return { backend, failNext: (op: 'set' | 'del', store: StoreName, error: unknown) => Object.assign(plan, { op, store, error }) };
}

const quotaError = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');

function checkpointAt(step: number, configHashValue = 'a'.repeat(64)): Checkpoint {
  const values = new Float32Array([0.1, -2.5, Math.fround(1 / 3), step]);
  return {
    runId: 'study/lion/seed-1',
    step,
    configHash: configHashValue,
    weights: { 'bert.embeddings.word_embeddings.weight': values, 'classifier.bias': new Float32Array([step / 7]) },
    optimizerState: { kind: 'lion', step, m: { 'classifier.bias': new Float32Array([0.25 * step]) } },
    rngState: { s: [1, 2, 3, step] },
    dataCursor: { offset: 1234 * step, shuffleSeed: 9 },
  };
}

describe('checkpoints', () => {
  it('round-trip weights and optimizer state bit for bit', async () => {
    const storage = new LabStorage({ dbPrefix: freshPrefix() });
    const checkpoint = checkpointAt(10);
    await storage.writeCheckpoint(checkpoint);
    const loaded = await storage.loadCheckpoint('study/lion/seed-1');
    expect(loaded).toEqual(checkpoint);
    expect(loaded!.weights['bert.embeddings.word_embeddings.weight']).toBeInstanceOf(Float32Array);
    expect(Array.from(new Uint32Array(loaded!.weights['bert.embeddings.word_embeddings.weight'].buffer))).toEqual(
      Array.from(new Uint32Array(checkpoint.weights['bert.embeddings.word_embeddings.weight'].buffer)),
    );
    expect(await storage.loadCheckpoint('other/run/seed-1')).toBeUndefined();
  });

  it('a new checkpoint replaces the old one and leaves one payload', async () => {
    const prefix = freshPrefix();
    const storage = new LabStorage({ dbPrefix: prefix });
    for (const step of [10, 20, 30]) await storage.writeCheckpoint(checkpointAt(step));
    expect((await storage.loadCheckpoint('study/lion/seed-1'))!.step).toBe(30);
    expect(await idbKeyvalBackend(prefix).keys('checkpointPayloads')).toHaveLength(1);
  });

  it('a crash between the payload write and the pointer flip leaves the previous checkpoint loadable after a reload', async () => {
    const prefix = freshPrefix();
    const { backend, failNext } = failingBackend(prefix);
    const storage = new LabStorage({ backend });
    await storage.writeCheckpoint(checkpointAt(10));
    failNext('set', 'checkpointPointers', new Error('simulated crash'));
    await expect(storage.writeCheckpoint(checkpointAt(20))).rejects.toThrow('simulated crash');

    const reloaded = new LabStorage({ dbPrefix: prefix });
    expect(await reloaded.loadCheckpoint('study/lion/seed-1')).toEqual(checkpointAt(10));
    expect(await reloaded.deleteOrphanedCheckpointPayloads()).toBe(0); // the failed write cleaned up after itself
  });

  it('a payload orphaned by a crash is removed at start-up, and the current checkpoint survives', async () => {
    const prefix = freshPrefix();
    const storage = new LabStorage({ dbPrefix: prefix });
    await storage.writeCheckpoint(checkpointAt(10));
    // A crash right after the payload write: nothing ran after it, so the payload has no pointer.
    await idbKeyvalBackend(prefix).set('checkpointPayloads', 'study/lion/seed-1@20#crashed', checkpointAt(20));
    const reloaded = new LabStorage({ dbPrefix: prefix });
    expect((await reloaded.loadCheckpoint('study/lion/seed-1'))!.step).toBe(10);
    expect(await reloaded.deleteOrphanedCheckpointPayloads()).toBe(1);
    expect((await reloaded.loadCheckpoint('study/lion/seed-1'))!.step).toBe(10);
    expect(await idbKeyvalBackend(prefix).keys('checkpointPayloads')).toHaveLength(1);
  });

  it('a full disk during the payload write gives StorageFullError and keeps the earlier checkpoint', async () => {
    const prefix = freshPrefix();
    const { backend, failNext } = failingBackend(prefix);
    const storage = new LabStorage({ backend });
    await storage.writeCheckpoint(checkpointAt(10));
    failNext('set', 'checkpointPayloads', quotaError());
    const error = await storage.writeCheckpoint(checkpointAt(20)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageFullError);
    expect((error as StorageFullError).message).toMatch(
      /storage for this site is full.*checkpoint of study\/lion\/seed-1 at step 20.*previous checkpoint is intact/,
    );
    expect((error as StorageFullError).message).toMatch(/export the snapshots.*delete old runs/);
    expect((error as StorageFullError).cause).toBeInstanceOf(DOMException);
    expect(await new LabStorage({ dbPrefix: prefix }).loadCheckpoint('study/lion/seed-1')).toEqual(checkpointAt(10));
  });

  it('a full disk at the pointer flip also keeps the earlier checkpoint and frees the new payload', async () => {
    const prefix = freshPrefix();
    const { backend, failNext } = failingBackend(prefix);
    const storage = new LabStorage({ backend });
    await storage.writeCheckpoint(checkpointAt(10));
    failNext('set', 'checkpointPointers', quotaError());
    await expect(storage.writeCheckpoint(checkpointAt(20))).rejects.toBeInstanceOf(StorageFullError);
    expect(await storage.loadCheckpoint('study/lion/seed-1')).toEqual(checkpointAt(10));
    expect(await idbKeyvalBackend(prefix).keys('checkpointPayloads')).toHaveLength(1);
  });

  it('a failed delete of the old payload leaves the new checkpoint current and an orphan to collect', async () => {
    const prefix = freshPrefix();
    const { backend, failNext } = failingBackend(prefix);
    const storage = new LabStorage({ backend });
    await storage.writeCheckpoint(checkpointAt(10));
    failNext('del', 'checkpointPayloads', new Error('simulated crash'));
    await storage.writeCheckpoint(checkpointAt(20));
    expect((await storage.loadCheckpoint('study/lion/seed-1'))!.step).toBe(20);
    expect(await storage.deleteOrphanedCheckpointPayloads()).toBe(1);
    expect((await storage.loadCheckpoint('study/lion/seed-1'))!.step).toBe(20);
  });

  it('refuses a checkpoint written under another config', async () => {
    const storage = new LabStorage({ dbPrefix: freshPrefix() });
    await storage.writeCheckpoint(checkpointAt(10, 'b'.repeat(64)));
    await expect(storage.loadCheckpoint('study/lion/seed-1', { configHash: 'c'.repeat(64) })).rejects.toBeInstanceOf(CheckpointConfigMismatchError);
    expect((await storage.loadCheckpoint('study/lion/seed-1', { configHash: 'b'.repeat(64) }))!.step).toBe(10);
  });
});

describe('experiments, runs, curves and evaluations', () => {
  const step = (runStep: number): StoredStep => ({
    step: runStep,
    loss: 0.7 / runStep,
    lr: 1e-5,
    gradNorm: 1,
    examplesPerSecond: 10,
    ms: 50,
    batchHash: `h${runStep}`,
  });

  it('stores the curve per step, in order, and truncates it for a resume', async () => {
    const storage = new LabStorage({ dbPrefix: freshPrefix() });
    await storage.appendSteps('e/adamw/seed-1', [step(1), step(2)]);
    await storage.appendSteps('e/adamw/seed-1', [step(10), step(3)]);
    await storage.appendSteps('e/adamw/seed-10', [step(1)]);
    expect((await storage.loadSteps('e/adamw/seed-1')).map((s) => s.step)).toEqual([1, 2, 3, 10]);
    await storage.saveEvaluation('e/adamw/seed-1', fixtureEvaluation('dl20', 2, { map: { q1: 0.5 } }));
    await storage.saveEvaluation('e/adamw/seed-1', fixtureEvaluation('dl19', 2, { map: { q1: 0.25 } }));
    await storage.saveEvaluation('e/adamw/seed-1', fixtureEvaluation('dl19', 10, { map: { q1: 0.75 } }));
    expect((await storage.loadEvaluations('e/adamw/seed-1')).map((e) => [e.step, e.evalSet])).toEqual([
      [2, 'dl19'],
      [2, 'dl20'],
      [10, 'dl19'],
    ]);
    await storage.truncateAfter('e/adamw/seed-1', 2);
    expect((await storage.loadSteps('e/adamw/seed-1')).map((s) => s.step)).toEqual([1, 2]);
    expect((await storage.loadEvaluations('e/adamw/seed-1')).map((e) => e.step)).toEqual([2, 2]);
    expect(await storage.loadSteps('e/adamw/seed-10')).toEqual([step(1)]);
  });

  it('deleting an experiment deletes its runs with their curves, evaluations and checkpoints, and nothing else', async () => {
    const prefix = freshPrefix();
    const storage = new LabStorage({ dbPrefix: prefix });
    const config = fixtureConfig();
    const hash = await configHash(config);
    await storage.saveExperiment(config, hash);
    expect((await storage.getExperiment(hash))!.config).toEqual(config);
    await storage.saveRun({ runId: 'fixture/adamw/seed-1', configHash: hash, arm: 'adamw', seed: 1, status: 'running' });
    await storage.saveRun({
      runId: 'other/adamw/seed-1',
      configHash: 'f'.repeat(64),
      arm: 'adamw',
      seed: 1,
      status: 'finished',
      stop: { reason: 'completed', step: 3 },
    });
    await storage.appendSteps('fixture/adamw/seed-1', [step(1)]);
    await storage.appendSteps('other/adamw/seed-1', [step(1)]);
    await storage.writeCheckpoint({ ...checkpointAt(1), runId: 'fixture/adamw/seed-1' });
    expect((await storage.listRuns(hash)).map((r) => r.runId)).toEqual(['fixture/adamw/seed-1']);

    await storage.deleteExperiment(hash);
    expect(await storage.listExperiments()).toEqual([]);
    expect((await storage.listRuns()).map((r) => r.runId)).toEqual(['other/adamw/seed-1']);
    expect(await storage.loadSteps('fixture/adamw/seed-1')).toEqual([]);
    expect(await storage.loadSteps('other/adamw/seed-1')).toHaveLength(1);
    expect(await storage.loadCheckpoint('fixture/adamw/seed-1')).toBeUndefined();
    expect(await idbKeyvalBackend(prefix).keys('checkpointPayloads')).toEqual([]);
  });

  it('a full disk while saving an evaluation is a StorageFullError', async () => {
    const { backend, failNext } = failingBackend(freshPrefix());
    const storage = new LabStorage({ backend });
    failNext('set', 'evaluations', quotaError());
    await expect(storage.saveEvaluation('e/lion/seed-1', fixtureEvaluation('dl19', 5, { map: { q1: 1 } }))).rejects.toThrow(
      /evaluation of e\/lion\/seed-1 on dl19 at step 5 could not be saved/,
    );
  });
});

describe('datasets keyed by content hash', () => {
  it('imports a file once, whatever its name', async () => {
    const storage = new LabStorage({ dbPrefix: freshPrefix() });
    const bytes = new TextEncoder().encode('19335 Q0 1017759 0\n19335 Q0 1082489 3\n');
    const first = await storage.importDataset('qrels', 'qrels.dl19.txt', bytes);
    expect(first).toEqual({ contentHash: createHash('sha256').update(bytes).digest('hex'), alreadyImported: false });
    expect(await storage.importDataset('qrels', 'copy-of-qrels.txt', bytes.slice())).toEqual({ ...first, alreadyImported: true });
    const other = await storage.importDataset('topics', 'topics.txt', new TextEncoder().encode('19335\tanthropological definition of environment\n'));
    expect(other.alreadyImported).toBe(false);
    const listed = await storage.listDatasets();
    expect(listed.map((d) => [d.kind, d.fileName, d.byteLength]).sort()).toEqual([
      ['qrels', 'qrels.dl19.txt', bytes.length],
      ['topics', 'topics.txt', 48],
    ]);
    expect((await storage.getDataset(first.contentHash))!.bytes).toEqual(bytes);
  });
});
