/**
 * A tuning study's numbers, recomputed from its trials' runs (the per-query dev values and curves stored in the
 * snapshot; nothing is cached):
 * - per trial, its dev NDCG@10: per seed, the mean over queries (trec_eval's `all`) at the run's last step; over
 *   seeds, their mean, with min and max as the band the sensitivity plot draws. A trial with a seed that did not
 *   complete (diverged, stopped) has no score and cannot be selected;
 * - per search space, the selected trial: the highest mean (ties: the earlier trial);
 * - time to target: the target is the study's `target`, else the lower of the spaces' best scores (so every
 *   selected trial reaches it); per selected trial, the first dev evaluation whose mean over seeds reaches it,
 *   in steps and in training wall time (the sum of the steps' times up to there, mean over seeds; evaluations
 *   not counted), and each space's ratio to the baseline space (the first AdamW space, else the first).
 */
import { finalExperiment, SELECTION_MEASURE, type TrialPoint, type TuningStudy } from '../experiment/tuning';
import { runIdOf } from '../experiment/runMatrix';
import { REFERENCE_OPTIMIZER, type OptimizerName } from '../optim/registry';
import { summarize } from '../trec/evaluate';
import type { EvaluationRecord, RunRecord } from './schema';

export interface TrialSeedOutcome {
  seed: number;
  /** Dev NDCG@10 after the last step; null when the run did not complete (or has not run). */
  dev: number | null;
  status: string;
}

export interface TrialOutcome {
  trial: string;
  space: string;
  optimizer: OptimizerName;
  index: number;
  point: TrialPoint;
  seeds: TrialSeedOutcome[];
  /** Mean over seeds; null unless every seed completed. */
  mean: number | null;
  min: number | null;
  max: number | null;
}

export interface TimeToTarget {
  space: string;
  optimizer: OptimizerName;
  trial: string;
  /** First evaluated step whose dev NDCG@10 (mean over seeds) is ≥ the target; null: never reached. */
  steps: number | null;
  /** Training wall time to that step in seconds (mean over seeds). */
  seconds: number | null;
  /** steps / baseline's steps, seconds / baseline's seconds (1 for the baseline itself). */
  stepsRatio: number | null;
  secondsRatio: number | null;
}

export interface TuningAnalysis {
  measure: typeof SELECTION_MEASURE;
  devSet: string;
  trials: TrialOutcome[];
  /** Every trial of every seed has finished (completed or not): the selection is final. */
  complete: boolean;
  /** Per space (study order): the selected trial and its dev score; null while no trial of the space has a score. */
  selected: { space: string; optimizer: OptimizerName; trial: string | null; dev: number | null }[];
  baselineSpace: string;
  target: { value: number; source: 'study' | 'lower of the best' } | null;
  timeToTarget: TimeToTarget[];
}

function meanOf(values: readonly number[]): number {
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/** Mean over queries of NDCG@10 (trec_eval's aggregation); null when the evaluation holds no such value. */
export function devScore(evaluation: EvaluationRecord): number | null {
  const perQuery: Record<string, Record<string, number>> = {};
  for (const [qid, values] of Object.entries(evaluation.perQuery))
    if (SELECTION_MEASURE in values) perQuery[qid] = { [SELECTION_MEASURE]: values[SELECTION_MEASURE] };
  if (Object.keys(perQuery).length === 0) return null;
  return summarize(perQuery)[SELECTION_MEASURE];
}

/** The run's dev curve: (step, NDCG@10) for every dev evaluation, in step order. */
export function devCurve(run: RunRecord, devSet: string): { step: number; value: number }[] {
  return run.evaluations
    .filter((e) => e.evalSet === devSet)
    .map((e) => ({ step: e.step, value: devScore(e) }))
    .filter((p): p is { step: number; value: number } => p.value !== null)
    .sort((a, b) => a.step - b.step);
}

export function analyzeTuning(expanded: TuningStudy, runs: readonly RunRecord[]): TuningAnalysis {
  const { tuning, study } = expanded;
  const devSet = tuning.evalSets[0].name;
  const byId = new Map(runs.map((r) => [r.runId, r]));
  const optimizerOf = new Map(expanded.spaces.map((s) => [s.name, s.optimizer]));
  let complete = true;
  const trials: TrialOutcome[] = expanded.trials.map((trial) => {
    const seeds = tuning.seeds.map((seed): TrialSeedOutcome => {
      const run = byId.get(runIdOf(tuning.name, trial.name, seed));
      if (!run) {
        complete = false;
        return { seed, dev: null, status: 'not run' };
      }
      if (run.stop.reason !== 'completed')
        return {
          seed,
          dev: null,
          status: run.stop.reason === 'non-finite' ? `non-finite ${run.stop.quantity} at step ${run.stop.step}` : `stopped at step ${run.stop.step}`,
        };
      const last = run.evaluations.filter((e) => e.evalSet === devSet && e.step === run.stop.step).pop();
      const dev = last ? devScore(last) : null;
      return { seed, dev, status: dev === null ? `no ${devSet} evaluation at step ${run.stop.step}` : 'completed' };
    });
    const scores = seeds.map((s) => s.dev);
    const all = scores.every((v): v is number => v !== null);
    return {
      trial: trial.name,
      space: trial.space,
      optimizer: optimizerOf.get(trial.space)!,
      index: trial.index,
      point: trial.point,
      seeds,
      mean: all ? meanOf(scores) : null,
      min: all ? Math.min(...scores) : null,
      max: all ? Math.max(...scores) : null,
    };
  });

  const selected = expanded.spaces.map((space) => {
    let best: TrialOutcome | null = null;
    for (const t of trials) if (t.space === space.name && t.mean !== null && (best === null || t.mean > best.mean!)) best = t;
    return { space: space.name, optimizer: space.optimizer, trial: best?.trial ?? null, dev: best?.mean ?? null };
  });
  const baselineSpace = (expanded.spaces.find((s) => s.optimizer === REFERENCE_OPTIMIZER) ?? expanded.spaces[0]).name;

  const bests = selected.map((s) => s.dev);
  const target =
    study.target !== undefined
      ? { value: study.target, source: 'study' as const }
      : bests.every((b): b is number => b !== null)
        ? { value: Math.min(...bests), source: 'lower of the best' as const }
        : null;

  const reach = selected.map((sel) => {
    if (!target || !sel.trial) return { steps: null, seconds: null };
    const seedRuns = tuning.seeds.map((seed) => byId.get(runIdOf(tuning.name, sel.trial!, seed))!);
    const curves = seedRuns.map((r) => new Map(devCurve(r, devSet).map((p) => [p.step, p.value])));
    const steps = [...curves[0].keys()].filter((step) => curves.every((c) => c.has(step))).sort((a, b) => a - b);
    const first = steps.find((step) => meanOf(curves.map((c) => c.get(step)!)) >= target.value);
    if (first === undefined) return { steps: null, seconds: null };
    const seconds = meanOf(seedRuns.map((r) => r.curve.slice(0, first).reduce((sum, p) => sum + p.ms, 0) / 1000));
    return { steps: first, seconds };
  });
  const base = reach[selected.findIndex((s) => s.space === baselineSpace)];
  const ratio = (a: number | null, b: number | null) => (a === null || b === null || b === 0 ? null : a / b);
  const timeToTarget: TimeToTarget[] = selected.flatMap((sel, i) =>
    sel.trial === null
      ? []
      : [
          {
            space: sel.space,
            optimizer: sel.optimizer,
            trial: sel.trial,
            steps: reach[i].steps,
            seconds: reach[i].seconds,
            stepsRatio: ratio(reach[i].steps, base.steps),
            secondsRatio: ratio(reach[i].seconds, base.seconds),
          },
        ],
  );
  return { measure: SELECTION_MEASURE, devSet, trials, complete, selected, baselineSpace, target, timeToTarget };
}

/** The final experiment the trials select (throws while the tuning is incomplete or a space has no scored trial). */
export function selectedFinalExperiment(expanded: TuningStudy, analysis: TuningAnalysis) {
  if (!analysis.complete) throw new Error('the tuning trials have not all finished: nothing is selected yet');
  const missing = analysis.selected.filter((s) => s.trial === null);
  if (missing.length)
    throw new Error(`no trial of ${missing.map((s) => s.space).join(', ')} completed with a dev score: widen or move the search space (every trial diverged?)`);
  return finalExperiment(
    expanded,
    analysis.selected.map((s) => s.trial!),
  );
}
