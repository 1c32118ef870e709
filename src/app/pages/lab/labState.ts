/** The controller's state as the lab page renders it: batched, and read as the charts' and the tuning view's input. */
import { useEffect, useState } from 'react';
import type { ChartRun } from '../../components/charts/Dashboard';
import type { TuningView } from '../../components/results/TuningResults';
import type { RunRecord } from '../../../core/snapshot/schema';
import { runRecordFromLive, type ExperimentController, type ExperimentState } from '../../experiment/experimentController';

export function chartRunsOf(state: ExperimentState): ChartRun[] {
  return state.order.map((id) => {
    const run = state.runs[id];
    return { runId: id, arm: run.spec.arm.name, optimizer: run.spec.arm.optimizer, seed: run.spec.seed, curve: run.curve, evaluations: run.evaluations };
  });
}

/** How often the page redraws during a run: workers send an event per step; React renders at most this often. */
const RENDER_INTERVAL_MS = 250;

/**
 * The controller's state, batched: a run's step, evaluation and progress events arrive many times a second
 * across workers; the page renders the latest state at most every RENDER_INTERVAL_MS (and at once after a
 * quiet spell), so the main thread stays free for input.
 */
export function useBatchedState(controller: ExperimentController): ExperimentState {
  const [state, setState] = useState(controller.getState);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    let last = 0;
    const flush = () => {
      timer = null;
      last = performance.now();
      setState(controller.getState());
    };
    const unsubscribe = controller.subscribe(() => {
      if (timer !== null) return;
      const wait = Math.max(0, RENDER_INTERVAL_MS - (performance.now() - last));
      timer = setTimeout(flush, wait);
    });
    return () => {
      unsubscribe();
      if (timer !== null) clearTimeout(timer);
    };
  }, [controller]);
  return state;
}

/** A tuning study's view: the trials that have ended so far (live), or all of them once the final runs began. */
export function tuningViewOf(state: ExperimentState): TuningView | null {
  const { tuning } = state;
  if (!tuning) return null;
  if (tuning.trials) return { expanded: tuning.expanded, trials: tuning.trials, phase: tuning.phase };
  const ended = state.order.map((id) => runRecordFromLive(state.runs[id])).filter((r): r is RunRecord => r !== null);
  return { expanded: tuning.expanded, trials: ended, phase: tuning.phase };
}
