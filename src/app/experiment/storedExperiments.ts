/**
 * Experiments read back from IndexedDB (after a reload, or from the library): their runs as they were stored
 * (curves, evaluations, which runs finished and which can resume) and, once every run has ended, the snapshot
 * the page would have made of them. Reading only; the workers write the runs as they train.
 */
import { expandRunMatrix, type RunSpec } from '../../core/experiment/runMatrix';
import type { ExperimentConfig } from '../../core/experiment/schema';
import type { Snapshot } from '../../core/snapshot/schema';
import type { AdapterFacts } from '../../gpu/device';
import type { LabStorage } from '../../storage/stores';
import { experimentSnapshot, type EnvironmentOf, type LiveRun } from './experimentState';

export interface StoredRuns {
  runs: Record<string, LiveRun>;
  specs: RunSpec[];
  /** The adapter the runs recorded (null before any run reached the GPU). */
  adapter: AdapterFacts | null;
}

/** An experiment's runs as stored in IndexedDB: curves, evaluations, and which are finished. */
export async function loadStoredRuns(storage: LabStorage, config: ExperimentConfig, configHash: string): Promise<StoredRuns> {
  const storedRuns = new Map((await storage.listRuns(configHash)).map((r) => [r.runId, r]));
  const runs: Record<string, LiveRun> = {};
  const specs = expandRunMatrix(config);
  for (const spec of specs) {
    const steps = await storage.loadSteps(spec.runId);
    const s = storedRuns.get(spec.runId);
    const finished = s?.status === 'finished';
    runs[spec.runId] = {
      spec,
      status: finished ? 'finished' : steps.length > 0 ? 'paused' : 'pending',
      curve: steps.map(({ batchHash: _hash, ...point }) => point),
      batchHashes: steps.map((x) => x.batchHash),
      evaluations: await storage.loadEvaluations(spec.runId),
      ...(finished && s?.stop ? { stop: s.stop } : {}),
      ...(finished && s?.initialWeightsHash ? { initialWeightsHash: s.initialWeightsHash } : {}),
      ...(finished && s?.precision ? { precision: s.precision } : {}),
    };
  }
  const adapter = [...storedRuns.values()].find((r) => r.adapter)?.adapter ?? null;
  return { runs, specs, adapter: adapter as AdapterFacts | null };
}

/**
 * The snapshot of a stored experiment, built from IndexedDB the way the page's own is after a restore (its runs as
 * stored, the adapter they recorded); null when a run has not ended or the experiment is gone.
 */
export async function storedSnapshot(storage: LabStorage, environmentOf: EnvironmentOf, configHash: string): Promise<Snapshot | null> {
  const stored = await storage.getExperiment(configHash);
  if (!stored) return null;
  const { runs, specs, adapter } = await loadStoredRuns(storage, stored.config, configHash);
  const order = specs.map((s) => s.runId);
  return experimentSnapshot({ config: stored.config, configHash, runs, order, facts: adapter, tuning: null }, environmentOf);
}
