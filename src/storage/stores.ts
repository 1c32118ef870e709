/**
 * The lab's persistence: every IndexedDB store, through idb-keyval. Nothing else in the app touches
 * IndexedDB. Each store is its own database (`<prefix>-<store>`) because idb-keyval's `createStore` opens a
 * database with exactly one object store.
 *
 * Data model (key → value):
 * - experiments         configHash → { configHash, config, savedAt }. The resolved config; its hash names it.
 * - runs                runId (`experiment/arm/seed-N`) → { runId, configHash, arm, seed, status, stop?, adapter?, updatedAt }.
 * - steps               [runId, step] → { step, loss, lr, gradNorm, examplesPerSecond, ms, batchHash }: the
 *                       curve, one record per step, so appending is O(1) and a resume can drop the steps after
 *                       its checkpoint (`truncateSteps`).
 * - evaluations         [runId, step, evalSet] → { step, evalSet, perQuery, run }: per-query values and the
 *                       reranked TREC run of every evaluation (summaries are recomputed from these, never stored).
 * - datasets            SHA-256 of the file's bytes → { contentHash, kind, fileName, byteLength, importedAt, bytes }:
 *                       imported qrels, topics and candidates, stored once however often they are imported.
 * - checkpointPayloads  fresh key per write → { runId, step, configHash, weights, optimizerState, rngState, dataCursor }.
 * - checkpointPointers  runId → { runId, payloadKey, step, configHash, writtenAt }: which payload is current.
 * - localModels         SHA-256 over the folder's files → { contentHash, folderName, files, importedAt }: a Hugging Face
 *                       folder the user picked or dropped (config.json, model.safetensors, tokenizer), found again by
 *                       the folder name the config names, so a reload or a resume does not ask for it again.
 * - savedModels         runId → { runId, fileName, bytes, savedAt }: a finished run's model as a zipped HF folder.
 * - sweeps              name → { name, experiments: [{ name, configHash }], savedAt }: which experiments form a sweep, so
 *                       the library shows it as one entry.
 *
 * Checkpoints are written atomically: the payload goes under a fresh key first; then one `set` flips the
 * run's pointer to it; only then is the previous payload deleted. A crash or a failed write at any point
 * leaves the pointer on a complete payload (the previous one until the flip). A payload orphaned by a crash
 * between the write and the flip is removed by `deleteOrphanedCheckpointPayloads` (call it at start-up,
 * when no run is writing).
 *
 * A full disk (QuotaExceededError) becomes a `StorageFullError` that says what to do.
 */
import { createStore, del, delMany, get, keys, promisifyRequest, set, setMany, values } from 'idb-keyval';
import type { UseStore } from 'idb-keyval';
import { sha256Hex } from '../core/experiment/hash';
import type { ExperimentConfig } from '../core/experiment/schema';
import type { CurvePoint, EnvironmentFacts, EvaluationRecord, RunPrecision, StopRecord } from '../core/snapshot/schema';

export const STORE_NAMES = [
  'experiments',
  'runs',
  'steps',
  'evaluations',
  'datasets',
  'checkpointPayloads',
  'checkpointPointers',
  'localModels',
  'savedModels',
  'sweeps',
] as const;
export type StoreName = (typeof STORE_NAMES)[number];

export interface StoredExperiment {
  configHash: string;
  config: ExperimentConfig;
  savedAt: number;
  /** A name the user gave it in the library (the config's name is part of its hash and run ids, so it stays). */
  label?: string;
}

export interface StoredSweep {
  name: string;
  experiments: { name: string; configHash: string }[];
  savedAt: number;
}

/** What deleting an experiment frees, counted from its stored records (checkpoints estimated from their shapes). */
export interface StorageFootprint {
  runs: number;
  steps: number;
  evaluations: number;
  checkpoints: number;
  savedModels: number;
  /** Approximate bytes: records as JSON, checkpoints and models by their tensors' and files' sizes. */
  bytes: number;
}

export type RunStatus = 'pending' | 'running' | 'paused' | 'finished';

export interface StoredRun {
  runId: string;
  configHash: string;
  arm: string;
  seed: number;
  status: RunStatus;
  /** Set once the run has stopped (completed, non-finite, stopped by the user). */
  stop?: StopRecord;
  /** The adapter the run trained on (the last one, if it moved); it goes into the snapshot's environment. */
  adapter?: EnvironmentFacts;
  /**
   * The kernel path the run trains on, kept so a resumed run takes the same path and its curve stays bit-identical.
   * Absent on runs stored before our kernels became the default: those trained on tfjs's.
   */
  kernels?: 'tfjs' | 'own';
  /** Set with `stop`: the hash of the run's initial weights (core/formats/weightsHash.ts). Absent on runs stored before it. */
  initialWeightsHash?: string;
  /** Set with `stop`: the arithmetic it trained in. */
  precision?: RunPrecision;
  updatedAt: number;
}

export interface StoredStep extends CurvePoint {
  /** Running hash of the batches up to this step. */
  batchHash: string;
}

export type DatasetKind = 'qrels' | 'topics' | 'candidates';

export interface StoredDataset {
  contentHash: string;
  kind: DatasetKind;
  fileName: string;
  byteLength: number;
  importedAt: number;
  bytes: Uint8Array;
}

/** The files of a model folder the user gave the lab, by file name. */
export interface StoredLocalModel {
  contentHash: string;
  folderName: string;
  files: Record<string, Uint8Array>;
  importedAt: number;
}

/** A finished run's model as a download (a zipped Hugging Face folder). */
export interface SavedModel {
  runId: string;
  fileName: string;
  bytes: Uint8Array;
  savedAt: number;
}

export interface Checkpoint {
  runId: string;
  /** Optimizer steps done; training resumes at step + 1. */
  step: number;
  /** Hash of the config the run was started with; a resume under another config is refused. */
  configHash: string;
  weights: Record<string, Float32Array>;
  /** The optimizer's exported state (structured-cloneable). */
  optimizerState: unknown;
  rngState: unknown;
  dataCursor: unknown;
}

export interface CheckpointPointer {
  runId: string;
  payloadKey: string;
  step: number;
  configHash: string;
  writtenAt: number;
}

/** The browser refused to store more. The earlier data (including the last checkpoint) is intact. */
export class StorageFullError extends Error {
  override readonly name = 'StorageFullError';
  constructor(
    readonly what: string,
    override readonly cause: unknown,
  ) {
    super(
      `The browser's storage for this site is full, so ${what} could not be saved (the previous checkpoint is intact). ` +
        'Free space: export the snapshots you want to keep, then delete old runs or experiments in the lab, ' +
        "or clear other sites' data in the browser settings; then resume the run.",
    );
  }
}

export class CheckpointConfigMismatchError extends Error {
  override readonly name = 'CheckpointConfigMismatchError';
  constructor(runId: string, stored: string, expected: string) {
    super(
      `The checkpoint of run ${runId} was written under config ${stored.slice(0, 12)}…, not the current ${expected.slice(0, 12)}…: ` +
        'the experiment changed since the run started. Start the run over, or restore the old config to resume.',
    );
  }
}

function isQuotaError(error: unknown): boolean {
  const e = error as { name?: string; code?: number } | null;
  return Boolean(e && (e.name === 'QuotaExceededError' || e.name === 'NS_ERROR_DOM_QUOTA_REACHED' || e.code === 22));
}

/**
 * The key–value operations the stores use, per named store. The default goes to idb-keyval; tests wrap it
 * to make a write fail or to simulate a crash between two writes.
 */
export interface KeyValueBackend {
  get<T>(store: StoreName, key: IDBValidKey): Promise<T | undefined>;
  set(store: StoreName, key: IDBValidKey, value: unknown): Promise<void>;
  setMany(store: StoreName, entries: [IDBValidKey, unknown][]): Promise<void>;
  del(store: StoreName, key: IDBValidKey): Promise<void>;
  delMany(store: StoreName, keys: IDBValidKey[]): Promise<void>;
  keys(store: StoreName): Promise<IDBValidKey[]>;
  values<T>(store: StoreName): Promise<T[]>;
  /** Values whose keys lie in [lower, upper], in key order. */
  valuesInRange<T>(store: StoreName, lower: IDBValidKey, upper: IDBValidKey): Promise<T[]>;
  keysInRange(store: StoreName, lower: IDBValidKey, upper: IDBValidKey): Promise<IDBValidKey[]>;
}

export function idbKeyvalBackend(dbPrefix = 'rerank-lab'): KeyValueBackend {
  const stores = new Map<StoreName, UseStore>();
  const storeOf = (name: StoreName): UseStore => {
    let store = stores.get(name);
    if (!store) stores.set(name, (store = createStore(`${dbPrefix}-${name}`, name)));
    return store;
  };
  return {
    get: (store, key) => get(key, storeOf(store)),
    set: (store, key, value) => set(key, value, storeOf(store)),
    setMany: (store, entries) => setMany(entries, storeOf(store)),
    del: (store, key) => del(key, storeOf(store)),
    delMany: (store, keyList) => delMany(keyList, storeOf(store)),
    keys: (store) => keys(storeOf(store)),
    values: (store) => values(storeOf(store)),
    valuesInRange: (store, lower, upper) => storeOf(store)('readonly', (s) => promisifyRequest(s.getAll(IDBKeyRange.bound(lower, upper)))),
    keysInRange: (store, lower, upper) => storeOf(store)('readonly', (s) => promisifyRequest(s.getAllKeys(IDBKeyRange.bound(lower, upper)))),
  };
}

/** Bounds of every `[runId, …]` key: arrays sort after numbers and strings, so `[runId, []]` is above them all. */
function runKeyRange(runId: string): [IDBValidKey, IDBValidKey] {
  return [[runId], [runId, []]];
}

let payloadCounter = 0;
function freshPayloadKey(runId: string, step: number): string {
  payloadCounter += 1;
  return `${runId}@${step}#${Date.now().toString(36)}.${payloadCounter.toString(36)}.${Math.random().toString(36).slice(2, 8)}`;
}

export interface LabStorageOptions {
  /** Database name prefix (tests use their own). */
  dbPrefix?: string;
  backend?: KeyValueBackend;
}

export class LabStorage {
  private readonly backend: KeyValueBackend;

  constructor(options: LabStorageOptions = {}) {
    this.backend = options.backend ?? idbKeyvalBackend(options.dbPrefix);
  }

  /** A write whose quota failure becomes a StorageFullError naming what was being saved. */
  private async write(what: string, operation: () => Promise<void>): Promise<void> {
    try {
      await operation();
    } catch (error) {
      if (isQuotaError(error)) throw new StorageFullError(what, error);
      throw error;
    }
  }

  // ------------------------------------------------------------------------------------------ experiments

  async saveExperiment(config: ExperimentConfig, configHash: string): Promise<void> {
    const record: StoredExperiment = { configHash, config, savedAt: Date.now() };
    await this.write(`experiment ${config.name}`, () => this.backend.set('experiments', configHash, record));
  }

  getExperiment(configHash: string): Promise<StoredExperiment | undefined> {
    return this.backend.get('experiments', configHash);
  }

  async listExperiments(): Promise<StoredExperiment[]> {
    const all = await this.backend.values<StoredExperiment>('experiments');
    return all.sort((a, b) => a.savedAt - b.savedAt);
  }

  /** Gives the experiment a name in the library (its config, hash and runs are unchanged). */
  async renameExperiment(configHash: string, label: string): Promise<void> {
    const stored = await this.getExperiment(configHash);
    if (!stored) throw new Error('That experiment is no longer in this browser’s storage.');
    const trimmed = label.trim();
    const { label: _old, ...rest } = stored;
    await this.write(`the name of ${stored.config.name}`, () =>
      this.backend.set('experiments', configHash, trimmed && trimmed !== stored.config.name ? { ...rest, label: trimmed } : rest),
    );
  }

  /** What deleteExperiment would free; `checkpointBytes(arm)` estimates one checkpoint of an arm when given. */
  async experimentFootprint(configHash: string, checkpointBytes?: (arm: string) => number | null): Promise<StorageFootprint> {
    const footprint: StorageFootprint = { runs: 0, steps: 0, evaluations: 0, checkpoints: 0, savedModels: 0, bytes: 0 };
    const stored = await this.getExperiment(configHash);
    if (stored) footprint.bytes += JSON.stringify(stored).length;
    for (const run of await this.listRuns(configHash)) {
      footprint.runs += 1;
      footprint.bytes += JSON.stringify(run).length;
      const steps = await this.loadSteps(run.runId);
      footprint.steps += steps.length;
      for (const step of steps) footprint.bytes += JSON.stringify(step).length;
      const evaluations = await this.loadEvaluations(run.runId);
      footprint.evaluations += evaluations.length;
      for (const evaluation of evaluations) footprint.bytes += JSON.stringify(evaluation).length;
      if (await this.getCheckpointPointer(run.runId)) {
        footprint.checkpoints += 1;
        footprint.bytes += checkpointBytes?.(run.arm) ?? 0;
      }
      const model = await this.getSavedModel(run.runId);
      if (model) {
        footprint.savedModels += 1;
        footprint.bytes += model.bytes.byteLength;
      }
    }
    return footprint;
  }

  /** Deletes the experiment and all of its runs (curves, evaluations, checkpoints). */
  async deleteExperiment(configHash: string): Promise<void> {
    for (const run of await this.listRuns(configHash)) await this.deleteRun(run.runId);
    await this.backend.del('experiments', configHash);
  }

  // ------------------------------------------------------------------------------------------ sweeps

  async saveSweep(name: string, experiments: StoredSweep['experiments']): Promise<void> {
    const record: StoredSweep = { name, experiments, savedAt: Date.now() };
    await this.write(`sweep ${name}`, () => this.backend.set('sweeps', name, record));
  }

  async listSweeps(): Promise<StoredSweep[]> {
    return (await this.backend.values<StoredSweep>('sweeps')).sort((a, b) => a.savedAt - b.savedAt);
  }

  /** Deletes the sweep and every experiment of it that is stored. */
  async deleteSweep(name: string): Promise<void> {
    const sweep = await this.backend.get<StoredSweep>('sweeps', name);
    for (const experiment of sweep?.experiments ?? []) await this.deleteExperiment(experiment.configHash);
    await this.backend.del('sweeps', name);
  }

  // ------------------------------------------------------------------------------------------ runs

  async saveRun(run: Omit<StoredRun, 'updatedAt'>): Promise<void> {
    await this.write(`run ${run.runId}`, () => this.backend.set('runs', run.runId, { ...run, updatedAt: Date.now() }));
  }

  getRun(runId: string): Promise<StoredRun | undefined> {
    return this.backend.get('runs', runId);
  }

  async listRuns(configHash?: string): Promise<StoredRun[]> {
    const all = await this.backend.values<StoredRun>('runs');
    return configHash === undefined ? all : all.filter((r) => r.configHash === configHash);
  }

  async appendSteps(runId: string, steps: readonly StoredStep[]): Promise<void> {
    if (steps.length === 0) return;
    await this.write(`the training curve of ${runId}`, () =>
      this.backend.setMany(
        'steps',
        steps.map((s) => [[runId, s.step], s] as [IDBValidKey, unknown]),
      ),
    );
  }

  /** The curve in step order. */
  loadSteps(runId: string): Promise<StoredStep[]> {
    return this.backend.valuesInRange('steps', ...runKeyRange(runId));
  }

  /** Drops steps and evaluations after `step` (a resume from a checkpoint at `step` redoes them). */
  async truncateAfter(runId: string, step: number): Promise<void> {
    const stepKeys = await this.backend.keysInRange('steps', [runId, step + 1], [runId, Number.POSITIVE_INFINITY]);
    if (stepKeys.length) await this.backend.delMany('steps', stepKeys);
    const evalKeys = await this.backend.keysInRange('evaluations', [runId, step + 1], [runId, []]);
    if (evalKeys.length) await this.backend.delMany('evaluations', evalKeys);
  }

  async saveEvaluation(runId: string, evaluation: EvaluationRecord): Promise<void> {
    await this.write(`the evaluation of ${runId} on ${evaluation.evalSet} at step ${evaluation.step}`, () =>
      this.backend.set('evaluations', [runId, evaluation.step, evaluation.evalSet], evaluation),
    );
  }

  /** Every evaluation of the run, by step then eval set name. */
  loadEvaluations(runId: string): Promise<EvaluationRecord[]> {
    return this.backend.valuesInRange('evaluations', ...runKeyRange(runId));
  }

  /** Removes the run with its curve, evaluations and checkpoint. */
  async deleteRun(runId: string): Promise<void> {
    for (const store of ['steps', 'evaluations'] as const) {
      const found = await this.backend.keysInRange(store, ...runKeyRange(runId));
      if (found.length) await this.backend.delMany(store, found);
    }
    const pointer = await this.backend.get<CheckpointPointer>('checkpointPointers', runId);
    await this.backend.del('checkpointPointers', runId);
    if (pointer) await this.backend.del('checkpointPayloads', pointer.payloadKey);
    await this.backend.del('savedModels', runId);
    await this.backend.del('runs', runId);
  }

  // ------------------------------------------------------------------------------------------ datasets

  /**
   * Stores an imported qrels/topics/candidates file under the SHA-256 of its bytes. Importing the same bytes
   * again (under any name) stores nothing new.
   */
  async importDataset(kind: DatasetKind, fileName: string, bytes: Uint8Array): Promise<{ contentHash: string; alreadyImported: boolean }> {
    const contentHash = await sha256Hex(bytes);
    if (await this.backend.get('datasets', contentHash)) return { contentHash, alreadyImported: true };
    const record: StoredDataset = { contentHash, kind, fileName, byteLength: bytes.byteLength, importedAt: Date.now(), bytes };
    await this.write(`the imported file ${fileName}`, () => this.backend.set('datasets', contentHash, record));
    return { contentHash, alreadyImported: false };
  }

  getDataset(contentHash: string): Promise<StoredDataset | undefined> {
    return this.backend.get('datasets', contentHash);
  }

  /** The most recently imported dataset with this file name (configs name user files by name). */
  async findDatasetByName(fileName: string): Promise<StoredDataset | undefined> {
    const matches = (await this.listDatasets()).filter((d) => d.fileName === fileName).sort((a, b) => b.importedAt - a.importedAt);
    return matches.length ? this.getDataset(matches[0].contentHash) : undefined;
  }

  async listDatasets(): Promise<Omit<StoredDataset, 'bytes'>[]> {
    const all = await this.backend.values<StoredDataset>('datasets');
    return all.map(({ bytes: _bytes, ...meta }) => meta);
  }

  deleteDataset(contentHash: string): Promise<void> {
    return this.backend.del('datasets', contentHash);
  }

  // ------------------------------------------------------------------------------------------ model folders

  /**
   * Keeps a picked model folder under the SHA-256 of its files (names and bytes, in name order); the same files
   * again store nothing new but become the latest for their folder name.
   */
  async importLocalModel(folderName: string, files: Record<string, Uint8Array>): Promise<{ contentHash: string }> {
    const names = Object.keys(files).sort();
    const perFile = await Promise.all(names.map(async (name) => `${name}\u0000${await sha256Hex(files[name])}`));
    const contentHash = await sha256Hex(perFile.join('\n'));
    const record: StoredLocalModel = { contentHash, folderName, files, importedAt: Date.now() };
    await this.write(`the model folder ${folderName}`, () => this.backend.set('localModels', contentHash, record));
    return { contentHash };
  }

  /** The most recently imported model folder with this name. */
  async findLocalModel(folderName: string): Promise<StoredLocalModel | undefined> {
    const all = await this.backend.values<StoredLocalModel>('localModels');
    return all.filter((m) => m.folderName === folderName).sort((a, b) => b.importedAt - a.importedAt)[0];
  }

  async saveModel(model: Omit<SavedModel, 'savedAt'>): Promise<void> {
    await this.write(`the trained model of ${model.runId}`, () => this.backend.set('savedModels', model.runId, { ...model, savedAt: Date.now() }));
  }

  getSavedModel(runId: string): Promise<SavedModel | undefined> {
    return this.backend.get('savedModels', runId);
  }

  // ------------------------------------------------------------------------------------------ checkpoints

  /** Atomic: payload under a fresh key, then the pointer flip, then the old payload goes (see the header). */
  async writeCheckpoint(checkpoint: Checkpoint): Promise<void> {
    const { runId, step, configHash } = checkpoint;
    const previous = await this.backend.get<CheckpointPointer>('checkpointPointers', runId);
    const payloadKey = freshPayloadKey(runId, step);
    const what = `the checkpoint of ${runId} at step ${step}`;
    await this.write(what, () => this.backend.set('checkpointPayloads', payloadKey, checkpoint));
    const pointer: CheckpointPointer = { runId, payloadKey, step, configHash, writtenAt: Date.now() };
    try {
      await this.write(what, () => this.backend.set('checkpointPointers', runId, pointer));
    } catch (error) {
      // The pointer still names the previous payload; the new one is garbage, and space is what we lack.
      await this.backend.del('checkpointPayloads', payloadKey).catch(() => undefined);
      throw error;
    }
    if (previous && previous.payloadKey !== payloadKey) {
      // A failure here leaves an orphan, not an inconsistency: deleteOrphanedCheckpointPayloads removes it.
      await this.backend.del('checkpointPayloads', previous.payloadKey).catch(() => undefined);
    }
  }

  getCheckpointPointer(runId: string): Promise<CheckpointPointer | undefined> {
    return this.backend.get('checkpointPointers', runId);
  }

  /**
   * The run's latest complete checkpoint, or undefined when it has none. With `configHash`, refuses a
   * checkpoint written under another config.
   */
  async loadCheckpoint(runId: string, options: { configHash?: string } = {}): Promise<Checkpoint | undefined> {
    const pointer = await this.backend.get<CheckpointPointer>('checkpointPointers', runId);
    if (!pointer) return undefined;
    if (options.configHash !== undefined && pointer.configHash !== options.configHash) {
      throw new CheckpointConfigMismatchError(runId, pointer.configHash, options.configHash);
    }
    const payload = await this.backend.get<Checkpoint>('checkpointPayloads', pointer.payloadKey);
    if (!payload) {
      throw new Error(`The checkpoint of run ${runId} at step ${pointer.step} is missing from storage (was site data cleared?). Start the run over.`);
    }
    return payload;
  }

  /** Deletes payloads no pointer names (left by a crash between a payload write and its pointer flip). */
  async deleteOrphanedCheckpointPayloads(): Promise<number> {
    const pointers = await this.backend.values<CheckpointPointer>('checkpointPointers');
    const live = new Set(pointers.map((p) => p.payloadKey));
    const orphans = (await this.backend.keys('checkpointPayloads')).filter((key) => !live.has(key as string));
    if (orphans.length) await this.backend.delMany('checkpointPayloads', orphans);
    return orphans.length;
  }
}
