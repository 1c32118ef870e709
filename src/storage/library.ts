/**
 * The experiment library: every stored experiment with its model, arms, status, date and best NDCG@10 per
 * arm, sweeps grouped into one entry with their experiments inside. Read from IndexedDB; every number is
 * recomputed from the stored per-query values.
 */
import type { ExperimentConfig } from '../core/experiment/schema';
import { expandRunMatrix } from '../core/experiment/runMatrix';
import type { EvaluationRecord } from '../core/snapshot/schema';
import type { LabStorage, RunStatus, StoredExperiment } from './stores';

export type LibraryStatus = 'not started' | 'running' | 'paused' | 'finished' | 'partly run';

export interface LibraryArm {
  name: string;
  optimizer: string;
  /** Per evaluation set: the best (over evaluation steps) mean NDCG@10 over the arm's seeds evaluated at that step. */
  best: { evalSet: string; ndcg10: number; step: number; seeds: number }[];
}

export interface LibraryExperiment {
  configHash: string;
  name: string;
  /** The user's name for it, when renamed. */
  label?: string;
  model: string;
  arms: LibraryArm[];
  status: LibraryStatus;
  runs: { total: number; finished: number };
  savedAt: number;
  config: ExperimentConfig;
}

export type LibraryEntry =
  | { kind: 'experiment'; experiment: LibraryExperiment }
  | { kind: 'sweep'; name: string; savedAt: number; experiments: (LibraryExperiment | { name: string; configHash: string; missing: true })[] };

export function modelLabel(model: ExperimentConfig['model']): string {
  if (model.kind === 'random') return `${model.architecture} L${model.layers}×H${model.hidden} (random init)`;
  if (model.kind === 'hub') return `${model.id}${model.revision && model.revision !== 'main' ? `@${model.revision}` : ''}`;
  return `local ${model.path}`;
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

/** Best mean NDCG@10 per arm and evaluation set, over evaluation steps; seeds averaged at each step. */
export function bestNdcg10ByArm(config: ExperimentConfig, runs: { arm: string; seed: number; evaluations: EvaluationRecord[] }[]): LibraryArm[] {
  return config.arms.map((arm) => {
    const byKey = new Map<string, { evalSet: string; step: number; values: number[] }>();
    for (const run of runs.filter((r) => r.arm === arm.name)) {
      for (const evaluation of run.evaluations) {
        const values = Object.values(evaluation.perQuery)
          .map((m) => m.ndcg_cut_10)
          .filter((v): v is number => typeof v === 'number');
        if (values.length === 0) continue;
        const key = `${evaluation.evalSet}\u0000${evaluation.step}`;
        const entry = byKey.get(key) ?? { evalSet: evaluation.evalSet, step: evaluation.step, values: [] };
        entry.values.push(mean(values));
        byKey.set(key, entry);
      }
    }
    const best = new Map<string, LibraryArm['best'][number]>();
    for (const { evalSet, step, values } of byKey.values()) {
      const ndcg10 = mean(values);
      const current = best.get(evalSet);
      if (!current || ndcg10 > current.ndcg10) best.set(evalSet, { evalSet, ndcg10, step, seeds: values.length });
    }
    const order = config.evalSets.map((e) => e.name);
    return { name: arm.name, optimizer: arm.optimizer, best: [...best.values()].sort((a, b) => order.indexOf(a.evalSet) - order.indexOf(b.evalSet)) };
  });
}

function statusOf(total: number, statuses: RunStatus[], steps: number[]): LibraryStatus {
  if (statuses.some((s) => s === 'running')) return 'running';
  const finished = statuses.filter((s) => s === 'finished').length;
  if (finished === total && total > 0) return 'finished';
  if (statuses.some((s) => s === 'paused') || steps.some((n) => n > 0)) return 'paused';
  return finished > 0 ? 'partly run' : 'not started';
}

/**
 * One experiment's library record. `live` overrides the stored statuses of the experiment this page is
 * running (a stored 'running' may be stale after a reload; the page's controller knows).
 */
export async function libraryExperiment(storage: LabStorage, stored: StoredExperiment, live?: Record<string, RunStatus>): Promise<LibraryExperiment> {
  const specs = expandRunMatrix(stored.config);
  const storedRuns = new Map((await storage.listRuns(stored.configHash)).map((r) => [r.runId, r]));
  const runs = await Promise.all(
    specs.map(async (spec) => ({
      arm: spec.arm.name,
      seed: spec.seed,
      status: live?.[spec.runId] ?? storedRuns.get(spec.runId)?.status ?? 'pending',
      steps: (await storage.loadSteps(spec.runId)).length,
      evaluations: await storage.loadEvaluations(spec.runId),
    })),
  );
  // Without a live page behind it, a stored 'running' run was interrupted: it resumes from its checkpoint.
  const statuses = runs.map((r) => (!live && r.status === 'running' ? 'paused' : r.status));
  return {
    configHash: stored.configHash,
    name: stored.config.name,
    ...(stored.label ? { label: stored.label } : {}),
    model: modelLabel(stored.config.model),
    arms: bestNdcg10ByArm(stored.config, runs),
    status: statusOf(
      specs.length,
      statuses,
      runs.map((r) => r.steps),
    ),
    runs: { total: specs.length, finished: statuses.filter((s) => s === 'finished').length },
    savedAt: stored.savedAt,
    config: stored.config,
  };
}

/** Every entry, newest first; a sweep's experiments sit inside its entry, in the sweep's order. */
export async function loadLibrary(storage: LabStorage, live?: { configHash: string; statuses: Record<string, RunStatus> }): Promise<LibraryEntry[]> {
  const experiments = await storage.listExperiments();
  const byHash = new Map<string, LibraryExperiment>();
  for (const stored of experiments) {
    byHash.set(stored.configHash, await libraryExperiment(storage, stored, live?.configHash === stored.configHash ? live.statuses : undefined));
  }
  const inSweep = new Set<string>();
  const entries: LibraryEntry[] = [];
  for (const sweep of await storage.listSweeps()) {
    const members = sweep.experiments.map((e) => {
      inSweep.add(e.configHash);
      return byHash.get(e.configHash) ?? { name: e.name, configHash: e.configHash, missing: true as const };
    });
    entries.push({ kind: 'sweep', name: sweep.name, savedAt: sweep.savedAt, experiments: members });
  }
  for (const experiment of byHash.values()) if (!inSweep.has(experiment.configHash)) entries.push({ kind: 'experiment', experiment });
  const dateOf = (e: LibraryEntry) => (e.kind === 'sweep' ? e.savedAt : e.experiment.savedAt);
  return entries.sort((a, b) => dateOf(b) - dateOf(a));
}
