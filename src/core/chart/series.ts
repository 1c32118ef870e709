/**
 * What the live dashboard draws, computed from recorded curves and evaluations (pure, no DOM): per-run
 * series against step or wall time, EMA smoothing, and several seeds of an arm combined into a mean line
 * with a min–max band. The charts only lay these out; the "show as table" views print the same numbers.
 */
import type { CurvePoint, EvaluationRecord } from '../snapshot/schema';
import { summarize } from '../trec/evaluate';

export type XAxisMode = 'step' | 'time';

export interface SeriesPoint {
  step: number;
  /** The x value: the step, or seconds of training wall time up to the end of this step. */
  x: number;
  y: number;
}

export interface RunSeriesInput {
  runId: string;
  arm: string;
  seed: number;
  curve: readonly CurvePoint[];
  evaluations: readonly EvaluationRecord[];
}

export interface RunSeries {
  runId: string;
  arm: string;
  seed: number;
  points: SeriesPoint[];
}

export interface BandPoint {
  step: number;
  x: number;
  mean: number;
  min: number;
  max: number;
  /** Seeds that have a finite value at this step. */
  seeds: number;
}

export interface ArmSeries {
  arm: string;
  runs: RunSeries[];
  /** Mean over seeds at each step, with the seeds' min and max. */
  band: BandPoint[];
}

/** Seconds of training wall time at the end of each step (the running sum of the steps' `ms`). */
export function wallSeconds(curve: readonly CurvePoint[]): number[] {
  const out: number[] = [];
  let ms = 0;
  for (const point of curve) {
    ms += point.ms;
    out.push(ms / 1000);
  }
  return out;
}

/**
 * Exponential moving average with TensorBoard's debiasing (so the first points are not pulled toward 0):
 * weight 0 returns the values unchanged. Non-finite values stay in place and do not enter the average.
 */
export function emaSmooth(values: readonly number[], weight: number): number[] {
  if (!(weight > 0)) return [...values];
  let last = 0;
  let count = 0;
  return values.map((v) => {
    if (!Number.isFinite(v)) return v;
    last = last * weight + (1 - weight) * v;
    count++;
    return last / (1 - weight ** count);
  });
}

/** A run's training curve quantity as a series (non-finite values are left out: they cannot be drawn). */
export function curveSeries(run: RunSeriesInput, value: (p: CurvePoint) => number, xAxis: XAxisMode, smoothing = 0): RunSeries {
  const times = wallSeconds(run.curve);
  const smoothed = emaSmooth(run.curve.map(value), smoothing);
  const points: SeriesPoint[] = [];
  run.curve.forEach((p, i) => {
    if (Number.isFinite(smoothed[i])) points.push({ step: p.step, x: xAxis === 'step' ? p.step : times[i], y: smoothed[i] });
  });
  return { runId: run.runId, arm: run.arm, seed: run.seed, points };
}

/**
 * A measure's mean over queries at every evaluation of `evalSet` (from the first one on, step 0 included),
 * recomputed from the stored per-query values the way trec_eval aggregates them.
 */
export function evaluationSeries(run: RunSeriesInput, evalSet: string, measure: string, xAxis: XAxisMode): RunSeries {
  const times = wallSeconds(run.curve);
  const byStep = new Map<number, number>();
  for (const e of run.evaluations) {
    if (e.evalSet !== evalSet) continue;
    const all = summarize(e.perQuery);
    if (measure in all && Number.isFinite(all[measure])) byStep.set(e.step, all[measure]);
  }
  const points = [...byStep]
    .sort((a, b) => a[0] - b[0])
    .map(([step, y]) => ({ step, x: xAxis === 'step' ? step : step === 0 ? 0 : (times[step - 1] ?? Number.NaN), y }))
    .filter((p) => Number.isFinite(p.x));
  return { runId: run.runId, arm: run.arm, seed: run.seed, points };
}

/** Groups runs by arm (in `arms` order) and combines each arm's seeds step by step. */
export function armSeries(runs: readonly RunSeries[], arms: readonly string[]): ArmSeries[] {
  return arms
    .map((arm) => {
      const mine = runs.filter((r) => r.arm === arm).sort((a, b) => a.seed - b.seed);
      const byStep = new Map<number, { xs: number[]; ys: number[] }>();
      for (const run of mine) {
        for (const p of run.points) {
          const entry = byStep.get(p.step) ?? { xs: [], ys: [] };
          entry.xs.push(p.x);
          entry.ys.push(p.y);
          byStep.set(p.step, entry);
        }
      }
      const band = [...byStep]
        .sort((a, b) => a[0] - b[0])
        .map(([step, { xs, ys }]) => ({
          step,
          x: xs.reduce((s, v) => s + v, 0) / xs.length,
          mean: ys.reduce((s, v) => s + v, 0) / ys.length,
          min: Math.min(...ys),
          max: Math.max(...ys),
          seeds: ys.length,
        }));
      return { arm, runs: mine, band };
    })
    .filter((a) => a.runs.length > 0);
}

/** Smallest and largest y over every drawn value (points, or band min/max), for the axis. */
export function yExtent(series: readonly ArmSeries[], bands: boolean): [number, number] {
  let low = Number.POSITIVE_INFINITY;
  let high = Number.NEGATIVE_INFINITY;
  for (const arm of series) {
    if (bands) {
      for (const b of arm.band) {
        low = Math.min(low, b.min);
        high = Math.max(high, b.max);
      }
    } else {
      for (const run of arm.runs) {
        for (const p of run.points) {
          low = Math.min(low, p.y);
          high = Math.max(high, p.y);
        }
      }
    }
  }
  return [low, high];
}

/** Examples per second and ms per step over the last `window` steps of a run (live throughput). */
export function recentThroughput(curve: readonly CurvePoint[], window = 20): { examplesPerSecond: number; msPerStep: number } | null {
  const recent = curve.slice(-window);
  if (recent.length === 0) return null;
  const ms = recent.reduce((s, p) => s + p.ms, 0);
  const examples = recent.reduce((s, p) => s + (p.examplesPerSecond * p.ms) / 1000, 0);
  return { examplesPerSecond: ms > 0 ? examples / (ms / 1000) : 0, msPerStep: ms / recent.length };
}
