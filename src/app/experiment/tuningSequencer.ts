/**
 * A tuning study runs in two experiments: its trials (the scheduler runs them two at a time), then, once every
 * trial has ended, the setting of each optimizer selected on the dev set, on the test sets. This starts the
 * study, selects and starts the final runs, and after a reload finds which study an experiment belongs to
 * (the context in storage/tuningContext.ts) with its trials read back from IndexedDB.
 */
import { configHash as hashConfig } from '../../core/experiment/hash';
import type { ExperimentConfig } from '../../core/experiment/schema';
import { expandTuningStudy } from '../../core/experiment/tuning';
import type { RunRecord, Snapshot } from '../../core/snapshot/schema';
import { analyzeTuning, selectedFinalExperiment } from '../../core/snapshot/tuningAnalysis';
import type { LabStorage } from '../../storage/stores';
import { recalledTuning, rememberTuning } from '../../storage/tuningContext';
import type { ExperimentStore } from './experimentStore';
import { runRecordFromLive, type TuningState } from './experimentState';
import { loadStoredRuns } from './storedExperiments';

/** Starts an experiment of a study (the controller's start, with the files the user picked). */
export type StartTuningExperiment = (config: ExperimentConfig, configHash: string, tuning: TuningState) => Promise<void>;

/** Starts a study's trials, remembering the study so a reload carries on with it. */
export async function beginTuning(study: unknown, start: StartTuningExperiment): Promise<void> {
  const expanded = expandTuningStudy(study, 'tuning.json');
  const hash = await hashConfig(expanded.tuning);
  rememberTuning(hash, expanded.study, 'tuning');
  await start(expanded.tuning, hash, { expanded, phase: 'tuning', trials: null });
}

/**
 * When a study's trials have all ended (the trials' experiment's `snapshot`), selects on the dev set and starts
 * the final runs. Nothing when the experiment is no study's trials or has not ended; a failed selection is logged.
 */
export function advanceTuning(store: ExperimentStore, snapshot: Snapshot | null, start: StartTuningExperiment): void {
  const { tuning } = store.getState();
  if (!tuning || tuning.phase !== 'tuning') return;
  const trials = snapshot?.runs;
  if (!trials) return;
  let final: ExperimentConfig;
  try {
    final = selectedFinalExperiment(tuning.expanded, analyzeTuning(tuning.expanded, trials));
  } catch (error) {
    store.log(`tuning study: ${(error as Error).message}`);
    return;
  }
  const next: TuningState = { ...tuning, phase: 'final', trials };
  void hashConfig(final)
    .then(async (hash) => {
      rememberTuning(hash, tuning.expanded.study, 'final');
      await start(final, hash, next);
    })
    .catch((error: Error) => store.log(`tuning study: could not start the final runs: ${error.message}`));
}

/** The study an experiment belongs to (after a reload): its trials' runs are read back for the final phase. */
export async function recallTuning(storage: LabStorage, configHash: string): Promise<TuningState | null> {
  const recalled = recalledTuning(configHash);
  if (!recalled) return null;
  const expanded = expandTuningStudy(recalled.study, 'tuning.json');
  if (recalled.phase === 'tuning') return { expanded, phase: 'tuning', trials: null };
  const { runs, specs } = await loadStoredRuns(storage, expanded.tuning, await hashConfig(expanded.tuning));
  const trials = specs.map((s) => runRecordFromLive(runs[s.runId]));
  if (trials.some((t) => t === null)) return null;
  return { expanded, phase: 'final', trials: trials as RunRecord[] };
}
