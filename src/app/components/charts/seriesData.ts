/** The dashboard's series as drawn: each arm's lines and bands in its colour and dash, and the axes they share. */
import { armSeries, curveSeries, evaluationSeries, yExtent, type ArmSeries, type RunSeriesInput, type XAxisMode } from '../../../core/chart/series';
import { linearAxis, type Axis } from '../../../core/chart/ticks';
import type { CurvePoint } from '../../../core/snapshot/schema';
import { armColour, seedDash, type ChartArm } from './armColours';

export interface Drawn {
  key: string;
  label: string;
  colour: string;
  dash?: string;
  opacity: number;
  width: number;
  band: boolean;
  /** x → y (or [min, max] for a band) */
  values: Map<number, number | [number, number]>;
}

export type SeedMode = 'mean' | 'seeds';

export function drawnSeries(arms: readonly ArmSeries[], chartArms: readonly ChartArm[], mode: SeedMode, raw: readonly ArmSeries[] | null): Drawn[] {
  const out: Drawn[] = [];
  for (const arm of arms) {
    const colour = armColour(chartArms, arm.arm);
    const seeds = arm.runs.map((r) => r.seed);
    const rawArm = raw?.find((r) => r.arm === arm.arm);
    if (mode === 'mean' && arm.runs.length > 1) {
      out.push({
        key: `${arm.arm}|band`,
        label: `${arm.arm} min–max over ${arm.runs.length} seeds`,
        colour,
        opacity: 0.18,
        width: 0,
        band: true,
        values: new Map(arm.band.map((b) => [b.x, [b.min, b.max]])),
      });
      if (rawArm)
        out.push({
          key: `${arm.arm}|raw`,
          label: `${arm.arm} mean (raw)`,
          colour,
          opacity: 0.25,
          width: 1,
          band: false,
          values: new Map(rawArm.band.map((b) => [b.x, b.mean])),
        });
      out.push({
        key: `${arm.arm}|mean`,
        label: `${arm.arm} mean of ${arm.runs.length} seeds`,
        colour,
        opacity: 1,
        width: 2,
        band: false,
        values: new Map(arm.band.map((b) => [b.x, b.mean])),
      });
      continue;
    }
    for (const run of arm.runs) {
      const rawRun = rawArm?.runs.find((r) => r.runId === run.runId);
      if (rawRun)
        out.push({
          key: `${run.runId}|raw`,
          label: `${arm.arm} · seed ${run.seed} (raw)`,
          colour,
          dash: seedDash(seeds, run.seed),
          opacity: 0.25,
          width: 1,
          band: false,
          values: new Map(rawRun.points.map((p) => [p.x, p.y])),
        });
      out.push({
        key: run.runId,
        label: `${arm.arm} · seed ${run.seed}`,
        colour,
        dash: seedDash(seeds, run.seed),
        opacity: 1,
        width: 1.8,
        band: false,
        values: new Map(run.points.map((p) => [p.x, p.y])),
      });
    }
  }
  return out;
}

/** `span`: steps the axis covers at least (an evaluation chart spans the training, so one point sits where it was taken). */
export function xAxisOf(drawn: readonly Drawn[], mode: XAxisMode, span: readonly [number, number] | null): Axis {
  const xs = drawn.flatMap((d) => [...d.values.keys()]);
  const stepSpan = mode === 'step' && span ? span : null;
  const low = Math.min(...xs, ...(stepSpan ? [stepSpan[0]] : []), ...(xs.length || stepSpan ? [] : [0]));
  const high = Math.max(...xs, ...(stepSpan ? [stepSpan[1]] : []), ...(xs.length || stepSpan ? [] : [1]));
  if (mode === 'step' && high - low < 4) {
    const ticks: number[] = [];
    for (let s = Math.floor(low); s <= Math.max(Math.ceil(high), Math.floor(low) + 1); s++) ticks.push(s);
    return { domain: [ticks[0], ticks[ticks.length - 1]], ticks, labels: ticks.map(String) };
  }
  return linearAxis(low, high, 6);
}

/** One row per x of the drawn series (Recharts' data): x, then each series' value (or [min, max] for a band) by its key. */
export type SeriesRow = Record<string, number | [number, number]>;

/** What a series chart lays out, on the page or in a figure: the drawn series, their rows, and both axes. */
export interface SeriesPlotModel {
  drawn: Drawn[];
  rows: SeriesRow[];
  xAxis: Axis;
  yAxis: Axis;
  xAxisMode: XAxisMode;
}

export function seriesPlotModel(
  arms: readonly ArmSeries[],
  chartArms: readonly ChartArm[],
  seedMode: SeedMode,
  xAxisMode: XAxisMode,
  raw: readonly ArmSeries[] | null = null,
  span: readonly [number, number] | null = null,
): SeriesPlotModel {
  const drawn = drawnSeries(arms, chartArms, seedMode, raw);
  const xs = [...new Set(drawn.flatMap((d) => [...d.values.keys()]))].sort((a, b) => a - b);
  const rows = xs.map((x) => {
    const row: SeriesRow = { x };
    for (const d of drawn) {
      const v = d.values.get(x);
      if (v !== undefined) row[d.key] = v;
    }
    return row;
  });
  const bands = seedMode === 'mean' && arms.some((a) => a.runs.length > 1);
  const [low, high] = yExtent(arms, bands);
  const [rawLow, rawHigh] = raw ? yExtent(raw, false) : [low, high];
  const yAxis = linearAxis(Math.min(low, rawLow), Math.max(high, rawHigh));
  return { drawn, rows, xAxis: xAxisOf(drawn, xAxisMode, span), yAxis, xAxisMode };
}

/** A training-curve quantity per arm (seeds combined step by step), EMA-smoothed by `smoothing` (0: as recorded). */
export function curveArmSeries(
  runs: readonly RunSeriesInput[],
  armNames: readonly string[],
  value: (p: CurvePoint) => number,
  xAxis: XAxisMode,
  smoothing = 0,
): ArmSeries[] {
  return armSeries(
    runs.map((r) => curveSeries(r, value, xAxis, smoothing)),
    armNames,
  );
}

/** A measure's mean over queries per arm at every evaluation of `evalSet` (seeds combined step by step). */
export function evaluationArmSeries(
  runs: readonly RunSeriesInput[],
  armNames: readonly string[],
  evalSet: string,
  measure: string,
  xAxis: XAxisMode,
): ArmSeries[] {
  return armSeries(
    runs.map((r) => evaluationSeries(r, evalSet, measure, xAxis)),
    armNames,
  );
}
