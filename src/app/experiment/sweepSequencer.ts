/**
 * A sweep runs its experiments one after another, each like a single experiment (restorable on its own): this
 * saves which experiments form the sweep, keeps each finished one's snapshot and starts the next when one ends,
 * and reads a stored sweep back for its gap-by-size view. The runs of each experiment are the run scheduler's.
 */
import { configHash as hashConfig } from '../../core/experiment/hash';
import type { ExperimentConfig } from '../../core/experiment/schema';
import type { SweepExperiment } from '../../core/experiment/sweep';
import type { Snapshot } from '../../core/snapshot/schema';
import type { LabStorage } from '../../storage/stores';
import type { ExperimentStore } from './experimentStore';
import type { EnvironmentOf, SweepProgress } from './experimentState';
import { storedSnapshot } from './storedExperiments';

/** A sweep read back from storage: its name, its experiments' count, and the finished ones' snapshots. */
export interface StoredSweepView {
  name: string;
  total: number;
  finished: { id: string; snapshot: Snapshot }[];
}

/** Starts an experiment of a sweep (the controller's start, with the files the user picked). */
export type StartSweepExperiment = (config: ExperimentConfig, configHash: string, sweep: SweepProgress) => Promise<void>;

/** Saves a sweep (the library shows it as one entry with its experiments inside) and starts its first experiment. */
export async function beginSweep(storage: LabStorage, name: string, experiments: SweepExperiment[], start: StartSweepExperiment): Promise<void> {
  if (experiments.length === 0) return;
  const hashes = await Promise.all(experiments.map((e) => hashConfig(e.config)));
  await storage.saveSweep(
    name,
    experiments.map((e, i) => ({ name: e.config.name, configHash: hashes[i]! })),
  );
  await start(experiments[0].config, hashes[0]!, { name, experiments, index: 0, finished: [] });
}

/**
 * When a sweep's current experiment has ended (its `snapshot`), keeps the snapshot and starts the next experiment.
 * Nothing when the experiment is no sweep's, has not ended, or was already counted.
 */
export function advanceSweep(store: ExperimentStore, snapshot: Snapshot | null, start: StartSweepExperiment): void {
  const { sweep } = store.getState();
  if (!sweep || !snapshot || sweep.finished.some((f) => f.id === snapshot.config.name)) return;
  const finished = [...sweep.finished, { id: snapshot.config.name, snapshot }];
  const index = sweep.index + 1;
  store.set({ sweep: { ...sweep, finished, index } });
  if (index >= sweep.experiments.length) return;
  const next = sweep.experiments[index].config;
  void hashConfig(next)
    .then((hash) => start(next, hash, { ...sweep, finished, index }))
    .catch((error: Error) => store.log(`sweep: could not start ${next.name}: ${error.message}`));
}

/** A stored sweep, for its gap-by-size view (after a reload too): how many experiments it has and the snapshot of each finished one, in order. */
export async function storedSweep(storage: LabStorage, environmentOf: EnvironmentOf, name: string): Promise<StoredSweepView> {
  const sweep = (await storage.listSweeps()).find((s) => s.name === name);
  if (!sweep) throw new Error(`The sweep ${name} is no longer in this browser’s storage.`);
  const finished: StoredSweepView['finished'] = [];
  for (const experiment of sweep.experiments) {
    const snapshot = await storedSnapshot(storage, environmentOf, experiment.configHash);
    if (snapshot) finished.push({ id: snapshot.config.name, snapshot });
  }
  return { name, total: sweep.experiments.length, finished };
}
