/**
 * The numbers behind the results views' charts, from a snapshot or a tuning analysis: what the page draws and what
 * `npm run figures` draws, computed once here so the two cannot drift apart. All of it comes from the pure core.
 */
import type { TuningStudy } from '../../../core/experiment/tuning';
import { baselineArmOf } from '../../../core/experiment/schema';
import { optimizerDescriptor, optimizerLabel } from '../../../core/optim/registry';
import { queryScatter, sweepGapPoints, type QueryPoint, type SweepGapPoint } from '../../../core/snapshot/results';
import type { Snapshot } from '../../../core/snapshot/schema';
import { modelSizeLabel } from '../../../core/snapshot/sweepMarkdown';
import type { TuningAnalysis } from '../../../core/snapshot/tuningAnalysis';
import type { SensitivitySeries } from '../charts/SensitivityPlot';

/** Every per-query scatter of a snapshot: each eval set × each arm other than the baseline, where a query has both values. */
export function snapshotScatters(
  snapshot: Snapshot,
  measure = 'ndcg_cut_10',
): { evalSet: string; treatment: string; baseline: string; points: QueryPoint[] }[] {
  const baseline = baselineArmOf(snapshot.config);
  return snapshot.config.evalSets.flatMap((set) =>
    snapshot.config.arms
      .filter((a) => a.name !== baseline)
      .map((arm) => ({ evalSet: set.name, treatment: arm.name, baseline, points: queryScatter(snapshot, set.name, arm.name, measure, baseline) }))
      .filter((s) => s.points.length > 0),
  );
}

/** A sweep's gap points by eval set (only those with a known parameter count can be placed), and each model's label. */
export function sweepGapByEvalSet(finished: readonly { id: string; snapshot: Snapshot }[], measure = 'ndcg_cut_10') {
  const points = sweepGapPoints(finished, measure);
  const labels = new Map(finished.map((f) => [f.id, modelSizeLabel(f.snapshot.config.model)]));
  const evalSets = [...new Set(points.map((p) => p.evalSet))];
  const plotted = evalSets.map((evalSet) => ({ evalSet, points: points.filter((p) => p.evalSet === evalSet && p.parameters !== null) }));
  return { points, labels, plotted: plotted as { evalSet: string; points: SweepGapPoint[] }[] };
}

export function spaceLabel(space: { name: string; optimizer: TuningStudy['spaces'][number]['optimizer'] }): string {
  return space.name === space.optimizer ? optimizerLabel(space.optimizer) : `${optimizerLabel(space.optimizer)} (${space.name})`;
}

/** Powers of ten from below the smallest learning rate to above the largest: the log axis' ticks, evenly spaced. */
export function lrDecades(lrs: readonly number[]): number[] {
  const low = Math.floor(Math.log10(Math.min(...lrs)));
  const high = Math.max(low + 1, Math.ceil(Math.log10(Math.max(...lrs))));
  return Array.from({ length: high - low + 1 }, (_, i) => Number(`1e${low + i}`));
}

/** Per search space, one point per scored trial by learning rate; the bar is the min–max over the trial's seeds. */
export function sensitivitySeries(expanded: TuningStudy, analysis: TuningAnalysis): SensitivitySeries[] {
  const scored = analysis.trials.filter((t) => t.mean !== null);
  return expanded.spaces.map((space) => ({
    key: space.name,
    name: spaceLabel(space),
    colour: optimizerDescriptor(space.optimizer).colours[0],
    points: scored
      .filter((t) => t.space === space.name)
      .map((t) => ({ trial: t.trial, lr: t.point.lr, dev: t.mean!, min: t.min!, max: t.max!, band: [t.mean! - t.min!, t.max! - t.mean!] as [number, number] }))
      .sort((a, b) => a.lr - b.lr),
  }));
}
