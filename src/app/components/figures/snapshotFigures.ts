/**
 * Every figure a snapshot yields, from what it holds and nothing else: an experiment's training loss and evaluation
 * curves (each eval set × measure it evaluated) and its per-query scatters; a sweep's gap by parameter count, then each
 * member's own figures; a tuning study's LR sensitivity, then its final experiment's figures. A figure whose data the
 * snapshot lacks (no curve points, no query both arms scored, no parameter count) is not made.
 */
import { expandTuningStudy } from '../../../core/experiment/tuning';
import { isSweepSnapshot, type AnySnapshot, type Snapshot } from '../../../core/snapshot/schema';
import { analyzeTuning } from '../../../core/snapshot/tuningAnalysis';
import { armColour } from '../charts/armColours';
import { chartArmsOf, chartRunsOfSnapshot } from '../charts/chartInputs';
import { curveArmSeries, evaluationArmSeries, type SeedMode } from '../charts/seriesData';
import { lrDecades, sensitivitySeries, snapshotScatters, sweepGapByEvalSet } from './figureData';
import { curvesFigure, gapFigure, scatterFigure, sensitivityFigure, type FigureSpec } from './figureSpecs';

export interface SnapshotFigureOptions {
  /** Curves of these measures only (trec_eval names, e.g. ndcg_cut_10); default: every measure evaluated. */
  measures?: readonly string[];
  /** The measure of the per-query scatters and the sweep's gap. Default ndcg_cut_10. */
  comparisonMeasure?: string;
  /** Seeds as a mean with a min–max band (default) or one line each. */
  seedMode?: SeedMode;
  /** EMA weight for the training loss, in [0, 1); default 0 (as recorded). */
  smoothing?: number;
}

function experimentFigures(snapshot: Snapshot, options: SnapshotFigureOptions): FigureSpec[] {
  const { config } = snapshot;
  const runs = chartRunsOfSnapshot(snapshot);
  const chartArms = chartArmsOf(config);
  const armNames = chartArms.map((a) => a.name);
  const seedMode = options.seedMode ?? 'mean';
  const smoothing = options.smoothing ?? 0;
  const common = { experiment: config.name, chartArms, seedMode, xAxis: 'step' as const };
  const figures: FigureSpec[] = [
    curvesFigure({
      ...common,
      quantity: { kind: 'loss', loss: config.loss.kind },
      arms: curveArmSeries(runs, armNames, (p) => p.loss, 'step', smoothing),
      raw: smoothing > 0 ? curveArmSeries(runs, armNames, (p) => p.loss, 'step') : null,
      smoothing,
    }),
  ];
  for (const set of config.evalSets) {
    for (const measure of set.measures) {
      if (options.measures && !options.measures.includes(measure)) continue;
      figures.push(
        curvesFigure({
          ...common,
          quantity: { kind: 'evaluation', evalSet: set.name, measure },
          arms: evaluationArmSeries(runs, armNames, set.name, measure, 'step'),
          span: config.steps ? [0, config.steps] : null,
        }),
      );
    }
  }
  const measure = options.comparisonMeasure ?? 'ndcg_cut_10';
  for (const s of snapshotScatters(snapshot, measure))
    figures.push(scatterFigure({ experiment: config.name, ...s, measure, colour: armColour(chartArms, s.treatment) }));
  return figures.filter((f) => f.kind !== 'curves' || f.model.rows.length > 0);
}

export function figuresOfSnapshot(snapshot: AnySnapshot, options: SnapshotFigureOptions = {}): FigureSpec[] {
  if (isSweepSnapshot(snapshot)) {
    const finished = snapshot.members.map((member) => ({ id: member.config.name, snapshot: member }));
    const { plotted, labels } = sweepGapByEvalSet(finished, options.comparisonMeasure ?? 'ndcg_cut_10');
    return [
      ...plotted.filter((g) => g.points.length > 0).map((g) => gapFigure(snapshot.sweep.name, g.evalSet, g.points, labels)),
      ...snapshot.members.flatMap((member) => experimentFigures(member, options)),
    ];
  }
  const figures: FigureSpec[] = [];
  if (snapshot.tuning) {
    const expanded = expandTuningStudy(snapshot.tuning.study, 'tuning.study');
    const analysis = analyzeTuning(expanded, snapshot.tuning.runs);
    const series = sensitivitySeries(expanded, analysis);
    if (series.some((s) => s.points.length > 0))
      figures.push(
        sensitivityFigure({
          study: expanded.study.name,
          devSet: analysis.devSet,
          series,
          decades: lrDecades(expanded.trials.map((t) => t.point.lr)),
          severalSeeds: expanded.study.tuningSeeds.length > 1,
        }),
      );
  }
  return [...figures, ...experimentFigures(snapshot, options)];
}
