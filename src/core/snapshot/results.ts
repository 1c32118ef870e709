/**
 * The results views' numbers beyond the summary (./summary.ts), all recomputed from a snapshot's stored
 * per-query values: each arm's final and best mean per measure across its evaluations, the per-query
 * scatter of two arms, the config fields that differ between arms, the per-query CSV, and the points of a
 * sweep's gap-by-parameter-count chart.
 *
 * The same runs count as in the summary: completed runs (a run stopped early is listed there as excluded).
 */
import { baselineArmOf, type ArmSpec, type ExperimentConfig } from '../experiment/schema';
import { summarize } from '../trec/evaluate';
import type { RunRecord, Snapshot } from './schema';
import { summarizeSnapshot, type SnapshotSummary } from './summary';
import { modelParameterCount } from './sweepMarkdown';

export interface ArmMeasureResult {
  arm: string;
  evalSet: string;
  measure: string;
  /** Mean over seeds of the mean over queries at the runs' last step (the summary's number). */
  final: number;
  finalStep: number;
  /** The largest such mean over the evaluation steps every counted seed was evaluated at, and its step. */
  best: number;
  bestStep: number;
  /** Evaluation steps considered. */
  steps: number[];
  seeds: number[];
}

function completedRuns(snapshot: Snapshot, arm: string): RunRecord[] {
  return snapshot.runs.filter((r) => r.arm === arm && r.stop.reason === 'completed').sort((a, b) => a.seed - b.seed);
}

/** Mean over queries (trec_eval's aggregation) of `measure` in the run's evaluation of `evalSet` at `step`. */
function meanAt(run: RunRecord, evalSet: string, step: number, measure: string): number | null {
  const found = run.evaluations.filter((e) => e.evalSet === evalSet && e.step === step);
  if (found.length === 0) return null;
  const perQuery: Record<string, Record<string, number>> = {};
  for (const [qid, values] of Object.entries(found[found.length - 1].perQuery)) if (measure in values) perQuery[qid] = { [measure]: values[measure] };
  if (Object.keys(perQuery).length === 0) return null;
  return summarize(perQuery)[measure];
}

/** Per arm × eval set × measure: final and best (over evaluation steps) mean, seeds averaged. */
export function armMeasureResults(snapshot: Snapshot): ArmMeasureResult[] {
  const out: ArmMeasureResult[] = [];
  for (const set of snapshot.config.evalSets) {
    for (const arm of snapshot.config.arms) {
      const runs = completedRuns(snapshot, arm.name).filter((r) => r.evaluations.some((e) => e.evalSet === set.name && e.step === r.stop.step));
      if (runs.length === 0) continue;
      for (const measure of set.measures) {
        const stepSets = runs.map((r) => new Set(r.evaluations.filter((e) => e.evalSet === set.name).map((e) => e.step)));
        const steps = [...stepSets[0]].filter((s) => stepSets.every((set) => set.has(s))).sort((a, b) => a - b);
        const means = steps.map((step) => {
          const values = runs.map((r) => meanAt(r, set.name, step, measure));
          return values.some((v) => v === null) ? null : (values as number[]).reduce((s, v) => s + v, 0) / values.length;
        });
        const finalStep = runs[0].stop.step;
        const finalValues = runs.map((r) => meanAt(r, set.name, r.stop.step, measure));
        if (finalValues.some((v) => v === null)) continue;
        const final = (finalValues as number[]).reduce((s, v) => s + v, 0) / finalValues.length;
        let best = final;
        let bestStep = finalStep;
        means.forEach((m, i) => {
          if (m !== null && m > best) {
            best = m;
            bestStep = steps[i];
          }
        });
        out.push({ arm: arm.name, evalSet: set.name, measure, final, finalStep, best, bestStep, steps, seeds: runs.map((r) => r.seed) });
      }
    }
  }
  return out;
}

export interface QueryPoint {
  qid: string;
  baseline: number;
  treatment: number;
}

/**
 * One point per query: the baseline arm's and another arm's final value of `measure`, each averaged over
 * the seeds both arms completed — the per-query values the paired tests of the summary use.
 */
export function queryScatter(
  snapshot: Snapshot,
  evalSet: string,
  treatment: string,
  measure = 'ndcg_cut_10',
  baseline = baselineArmOf(snapshot.config),
): QueryPoint[] {
  const finalValues = (arm: string) =>
    new Map(
      completedRuns(snapshot, arm).flatMap((r) => {
        const found = r.evaluations.filter((e) => e.evalSet === evalSet && e.step === r.stop.step);
        return found.length ? [[r.seed, found[found.length - 1].perQuery] as const] : [];
      }),
    );
  const base = finalValues(baseline);
  const treated = finalValues(treatment);
  const seeds = [...base.keys()].filter((s) => treated.has(s));
  if (seeds.length === 0) return [];
  const qids = Object.keys(base.get(seeds[0])!).filter((qid) =>
    seeds.every((s) => measure in (base.get(s)![qid] ?? {}) && measure in (treated.get(s)![qid] ?? {})),
  );
  const average = (maps: Map<number, Record<string, Record<string, number>>>, qid: string) =>
    seeds.reduce((sum, s) => sum + maps.get(s)![qid][measure], 0) / seeds.length;
  return qids.sort().map((qid) => ({ qid, baseline: average(base, qid), treatment: average(treated, qid) }));
}

export interface ConfigDifference {
  /** Dotted path inside an arm, e.g. `lr`, `betas.1`, `schedule.warmup`. */
  field: string;
  /** arm name → the value (JSON text; "—" when the arm lacks the field). */
  values: Record<string, string>;
}

function flatten(value: unknown, prefix: string, out: Map<string, string>) {
  if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) flatten(inner, prefix ? `${prefix}.${key}` : key, out);
  } else {
    out.set(prefix, JSON.stringify(value));
  }
}

/** Only what differs between the arms (everything else in the config is shared by construction). */
export function armConfigDiff(arms: readonly ArmSpec[]): ConfigDifference[] {
  const flat = arms.map((arm) => {
    const out = new Map<string, string>();
    const { name: _name, ...rest } = arm;
    flatten(rest, '', out);
    return out;
  });
  const fields = [...new Set(flat.flatMap((f) => [...f.keys()]))];
  return fields
    .filter((field) => new Set(flat.map((f) => f.get(field) ?? '—')).size > 1)
    .map((field) => ({ field, values: Object.fromEntries(arms.map((arm, i) => [arm.name, flat[i].get(field) ?? '—'])) }));
}

function csvField(value: string | number): string {
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Every stored per-query value: one row per run × evaluation × query, one column per measure. */
export function perQueryCsv(snapshot: Snapshot): string {
  const measures = [...new Set(snapshot.config.evalSets.flatMap((e) => e.measures))];
  const lines = [['arm', 'seed', 'eval_set', 'step', 'qid', ...measures].map(csvField).join(',')];
  for (const run of [...snapshot.runs].sort((a, b) => (a.arm < b.arm ? -1 : a.arm > b.arm ? 1 : a.seed - b.seed))) {
    for (const e of [...run.evaluations].sort((a, b) => (a.evalSet < b.evalSet ? -1 : a.evalSet > b.evalSet ? 1 : a.step - b.step))) {
      for (const qid of Object.keys(e.perQuery).sort()) {
        const values = e.perQuery[qid];
        lines.push([run.arm, run.seed, e.evalSet, e.step, qid, ...measures.map((m) => (m in values ? String(values[m]) : ''))].map(csvField).join(','));
      }
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Parameters of the experiment's model when its shape is known from the config (random init, a known Hub id). */
export function parameterCountOfConfig(config: ExperimentConfig): number | null {
  return modelParameterCount(config.model);
}

export interface SweepGapPoint {
  /** The experiment's id within the sweep. */
  id: string;
  parameters: number | null;
  evalSet: string;
  measure: string;
  treatment: string;
  baseline: string;
  meanDifference: number;
  ciLow: number;
  ciHigh: number;
  tTestP: number;
  randomizationP: number;
}

/** The gap (each non-baseline arm − the baseline arm) per finished experiment and eval set, with its parameter count. */
export function sweepGapPoints(
  experiments: readonly { id: string; snapshot: Snapshot; summary?: SnapshotSummary }[],
  measure = 'ndcg_cut_10',
): SweepGapPoint[] {
  return experiments.flatMap(({ id, snapshot, summary }) => {
    const parameters = parameterCountOfConfig(snapshot.config);
    return (summary ?? summarizeSnapshot(snapshot)).comparisons
      .filter((c) => c.measure === measure)
      .map((c) => ({
        id,
        parameters,
        evalSet: c.evalSet,
        measure,
        treatment: c.treatment,
        baseline: c.baseline,
        meanDifference: c.meanDifference,
        ciLow: c.ci95.low,
        ciHigh: c.ci95.high,
        tTestP: c.tTest.p,
        randomizationP: c.randomizationP,
      }));
  });
}
