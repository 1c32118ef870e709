/**
 * A figure for a paper, as data: which plot, its numbers (already computed by the pure core), its file name stem, its
 * axis titles and caption. The page's views and `npm run figures` build them with the same functions below, so a
 * figure downloaded from the page and one written by the CLI have the same name, labels and numbers.
 */
import type { ArmSeries, XAxisMode } from '../../../core/chart/series';
import type { QueryPoint, SweepGapPoint } from '../../../core/snapshot/results';
import { measureLabel } from '../../../core/trec/measures';
import type { ChartArm } from '../charts/armColours';
import { gapPlotData, type GapDatum } from '../charts/GapPlot';
import type { SensitivitySeries } from '../charts/SensitivityPlot';
import { seriesPlotModel, type SeedMode, type SeriesPlotModel } from '../charts/seriesData';
import { fileSafe } from '../results/snapshotFiles';

interface FigureBase {
  /** The file name without extension: `<experiment>-<figure>-<measure>-<eval set>…`. */
  stem: string;
  /** The SVG's <title>. */
  title: string;
  /** The SVG's <desc>: what is drawn, in words (what the band is, what a dot is). */
  caption: string;
  xLabel: string;
  yLabel: string;
}

export type FigureSpec = FigureBase &
  (
    | { kind: 'curves'; model: SeriesPlotModel; dots: boolean }
    | { kind: 'scatter'; points: QueryPoint[]; baseline: string; treatment: string; measure: string; colour: string }
    | { kind: 'gap'; data: GapDatum[] }
    | { kind: 'sensitivity'; series: SensitivitySeries[]; decades: number[]; severalSeeds: boolean }
  );

export type FigureKind = FigureSpec['kind'];

const stemOf = (...parts: string[]) => parts.map(fileSafe).join('-');

export function xAxisTitle(xAxis: XAxisMode): string {
  return xAxis === 'step' ? 'training step' : 'training wall time (s)';
}

function seedsSentence(arms: readonly ArmSeries[], seedMode: SeedMode): string {
  const seeds = [...new Set(arms.map((a) => a.runs.length))];
  if (seeds.every((n) => n === 1)) return 'One seed per arm.';
  if (seedMode === 'seeds') return 'One line per seed (the dash pattern tells the seeds apart).';
  return `Lines: the mean over ${seeds.join(' or ')} seeds at each step; shaded band: the min–max over those seeds.`;
}

export interface CurvesFigureInput {
  experiment: string;
  /** The training loss, or a measure on an evaluation set. */
  quantity: { kind: 'loss'; loss: string } | { kind: 'evaluation'; evalSet: string; measure: string };
  arms: readonly ArmSeries[];
  chartArms: readonly ChartArm[];
  seedMode: SeedMode;
  xAxis: XAxisMode;
  /** The EMA weight the loss was smoothed with (0: as recorded); the raw curves are then drawn faint. */
  smoothing?: number;
  raw?: readonly ArmSeries[] | null;
  span?: readonly [number, number] | null;
}

/** A training or evaluation curve figure; non-default views (by time, each seed, smoothed) say so in the name. */
export function curvesFigure(input: CurvesFigureInput): FigureSpec {
  const { experiment, quantity, arms, chartArms, seedMode, xAxis, smoothing = 0, raw = null, span = null } = input;
  const multiSeed = arms.some((a) => a.runs.length > 1);
  const variant = [xAxis === 'time' ? 'by-time' : '', multiSeed && seedMode === 'seeds' ? 'each-seed' : '', smoothing > 0 ? `ema${smoothing.toFixed(2)}` : ''];
  const model = seriesPlotModel(arms, chartArms, multiSeed ? seedMode : 'seeds', xAxis, raw, span);
  const seeds = seedsSentence(arms, seedMode);
  if (quantity.kind === 'loss') {
    return {
      kind: 'curves',
      stem: stemOf(experiment, 'curves', 'loss', ...variant.filter(Boolean)),
      title: `${experiment}: training loss by ${xAxisTitle(xAxis)}`,
      caption:
        `Training loss (${quantity.loss}) of ${experiment} at every step, per arm. ${seeds}` +
        (smoothing > 0 ? ` Smoothed by an exponential moving average (weight ${smoothing.toFixed(2)}); faint: before smoothing.` : ''),
      xLabel: xAxisTitle(xAxis),
      yLabel: `training loss (${quantity.loss})`,
      model,
      dots: false,
    };
  }
  const label = measureLabel(quantity.measure);
  return {
    kind: 'curves',
    stem: stemOf(experiment, 'curves', quantity.measure, quantity.evalSet, ...variant.filter(Boolean)),
    title: `${experiment}: ${label} on ${quantity.evalSet} by ${xAxisTitle(xAxis)}`,
    caption: `${label} on ${quantity.evalSet} (mean over queries, as trec_eval aggregates) at each evaluation of ${experiment}, per arm. ${seeds}`,
    xLabel: xAxisTitle(xAxis),
    yLabel: `${label} on ${quantity.evalSet}`,
    model,
    dots: true,
  };
}

export interface ScatterFigureInput {
  experiment: string;
  evalSet: string;
  baseline: string;
  treatment: string;
  measure: string;
  points: QueryPoint[];
  colour: string;
}

export function scatterFigure({ experiment, evalSet, baseline, treatment, measure, points, colour }: ScatterFigureInput): FigureSpec {
  const label = measureLabel(measure);
  const above = points.filter((p) => p.treatment > p.baseline).length;
  const below = points.filter((p) => p.treatment < p.baseline).length;
  return {
    kind: 'scatter',
    stem: stemOf(experiment, 'scatter', measure, evalSet, `${treatment}-vs-${baseline}`),
    title: `${experiment}: ${treatment} vs ${baseline}, ${label} per query on ${evalSet}`,
    caption:
      `${label} per query on ${evalSet} after the last step: ${baseline} (x) against ${treatment} (y), each averaged over the seeds both arms ` +
      `completed; dashed: y = x. ${above} queries above the diagonal, ${below} below, ${points.length - above - below} on it.`,
    xLabel: `${baseline} ${label}`,
    yLabel: `${treatment} ${label}`,
    points,
    baseline,
    treatment,
    measure: label,
    colour,
  };
}

/** The gap by parameter count of one eval set: `points` of that set with a known parameter count. */
export function gapFigure(sweep: string, evalSet: string, points: readonly SweepGapPoint[], labels: ReadonlyMap<string, string>): FigureSpec {
  const measure = points[0]?.measure ?? 'ndcg_cut_10';
  const label = measureLabel(measure);
  const comparisons = [...new Set(points.map((p) => `${p.treatment} − ${p.baseline}`))].join(', ');
  return {
    kind: 'gap',
    stem: stemOf(sweep, 'gap', measure, evalSet),
    title: `${sweep}: ${comparisons} ${label} on ${evalSet} by parameter count`,
    caption:
      `The paired per-query difference in ${label} on ${evalSet} (${comparisons}, per-query values averaged over the seeds both arms completed, ` +
      `then the mean over queries) for each model of ${sweep}, with its 95 % bootstrap CI (10 000 resamples), by parameter count (log scale).`,
    xLabel: 'parameters (log scale)',
    yLabel: `Δ ${label} (${comparisons})`,
    data: gapPlotData(points, labels),
  };
}

export interface SensitivityFigureInput {
  study: string;
  devSet: string;
  series: SensitivitySeries[];
  decades: number[];
  severalSeeds: boolean;
}

export function sensitivityFigure({ study, devSet, series, decades, severalSeeds }: SensitivityFigureInput): FigureSpec {
  return {
    kind: 'sensitivity',
    stem: stemOf(study, 'lr-sensitivity', 'ndcg_cut_10', devSet),
    title: `${study}: dev ${devSet} NDCG@10 by learning rate`,
    caption:
      `LR sensitivity of ${study}: each tuning trial's dev ${devSet} NDCG@10 after its last step (mean over queries), against its learning rate ` +
      `(log scale), per optimizer; trials with a seed that did not complete are left out.` +
      (severalSeeds ? ' Points: the mean over the trial’s seeds; bars: their min–max.' : ''),
    xLabel: 'learning rate (log scale)',
    yLabel: `dev ${devSet} NDCG@10`,
    series,
    decades,
    severalSeeds,
  };
}
