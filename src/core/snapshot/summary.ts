/**
 * Every summary number of a snapshot, recomputed from its per-query values (nothing is read from a cache,
 * so an edited per-query value changes the summary and a round trip through export/import changes nothing).
 *
 * Which evaluation counts: a run's final one — the evaluation at the step where a completed run ended.
 * Runs that stopped early (non-finite loss or gradient, stopped by the user) or lack a final evaluation
 * are left out of the numbers and listed in `excludedRuns` with the reason.
 *
 * How seeds are combined (stated in `seedCombination` too):
 * - Arm × eval set: per seed, the mean over queries of the per-query values (what trec_eval prints as
 *   `all`); then the mean of those per-seed means over seeds, with their sample standard deviation.
 * - Arm − baseline (every arm against the config's baseline arm, by default the AdamW arm: Lion − AdamW in
 *   the default study): over the seeds both arms finished, each query's value is averaged over seeds per arm;
 *   the paired tests then run on those per-query averages (queries are the unit of the test, seeds reduce
 *   the training noise in each query's value): paired t-test, randomization test (seeded, 10 000
 *   permutations; exact when 2^queries ≤ 10 000), 95 % bootstrap CI of the mean difference (seeded, 10 000
 *   resamples), wins/ties/losses, and Holm's correction across every comparison in the snapshot.
 * The tests are those of ../stats; fixed seeds make the summary a pure function of the snapshot.
 */
import { runIdOf } from '../experiment/runMatrix';
import { baselineArmOf } from '../experiment/schema';
import type { OptimizerName } from '../optim/registry';
import { bootstrapCI, holm, pairedTTest, randomizationTest, winsTiesLosses } from '../stats';
import { summarize } from '../trec/evaluate';
import type { Snapshot, RunRecord, EvaluationRecord } from './schema';

export const SIGNIFICANCE_SETTINGS = { permutations: 10_000, resamples: 10_000, level: 0.95, seed: 20_230_213 } as const;

export const SEED_COMBINATION =
  'Arm means: mean over queries per seed, then mean over seeds (± sample s.d. over seeds). ' +
  'Arm − baseline arm (Lion − AdamW by default): per-query values averaged over the seeds both arms finished, then paired over queries ' +
  '(t-test, randomization test with 10 000 permutations, 95 % bootstrap CI with 10 000 resamples); Holm across all comparisons.';

export interface ArmEvalSummary {
  arm: string;
  optimizer: OptimizerName;
  evalSet: string;
  measure: string;
  relevanceLevel: number;
  seeds: number[];
  /** Mean over queries, one per seed (in `seeds` order). */
  seedMeans: number[];
  mean: number;
  /** Sample standard deviation of `seedMeans`; null with one seed. */
  seedStd: number | null;
  queries: number;
}

export interface Comparison {
  evalSet: string;
  measure: string;
  /** The arm compared (Lion in the default study). */
  treatment: string;
  treatmentOptimizer: OptimizerName;
  /** The experiment's baseline arm (AdamW in the default study). */
  baseline: string;
  baselineOptimizer: OptimizerName;
  seeds: number[];
  queries: number;
  /** Mean over queries of (treatment − baseline), each side averaged over seeds first. */
  meanDifference: number;
  tTest: { t: number; df: number; p: number };
  randomizationP: number;
  ci95: { low: number; high: number };
  wins: number;
  ties: number;
  losses: number;
  holmTTestP: number;
  holmRandomizationP: number;
}

export interface ExcludedRun {
  runId: string;
  reason: string;
}

export interface SnapshotSummary {
  experiment: string;
  configHash: string;
  seedCombination: string;
  cells: ArmEvalSummary[];
  comparisons: Comparison[];
  excludedRuns: ExcludedRun[];
  /** Things a reader should know (queries missing in some run, seeds only one arm finished). */
  notes: string[];
}

function mean(values: readonly number[]): number {
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

function sampleStd(values: readonly number[]): number | null {
  if (values.length < 2) return null;
  const m = mean(values);
  let sum = 0;
  for (const v of values) sum += (v - m) ** 2;
  return Math.sqrt(sum / (values.length - 1));
}

function stopText(run: RunRecord): string {
  const stop = run.stop;
  if (stop.reason === 'non-finite') return `stopped at step ${stop.step}: non-finite ${stop.quantity}`;
  if (stop.reason === 'stopped-by-user') return `stopped by the user at step ${stop.step}`;
  return 'completed';
}

/** The evaluation of `evalSet` at the run's last step, or why there is none. */
function finalEvaluation(run: RunRecord, evalSet: string): EvaluationRecord | string {
  if (run.stop.reason !== 'completed') return stopText(run);
  const found = run.evaluations.filter((e) => e.evalSet === evalSet && e.step === run.stop.step);
  if (found.length === 0) return `no evaluation of ${evalSet} at its last step (${run.stop.step})`;
  return found[found.length - 1];
}

/** qid → value for one measure. */
function valuesOf(evaluation: EvaluationRecord, measure: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const [qid, values] of Object.entries(evaluation.perQuery)) {
    if (measure in values) out.set(qid, values[measure]);
  }
  return out;
}

function sameQueries(maps: readonly Map<string, number>[]): string[] {
  if (maps.length === 0) return [];
  return [...maps[0].keys()].filter((qid) => maps.every((m) => m.has(qid))).sort();
}

export function summarizeSnapshot(snapshot: Snapshot): SnapshotSummary {
  const { config } = snapshot;
  const notes: string[] = [];
  const excluded = new Map<string, string>();
  const cells: ArmEvalSummary[] = [];

  // arm → evalSet → seed → final evaluation
  const finals = new Map<string, Map<string, Map<number, EvaluationRecord>>>();
  for (const arm of config.arms) finals.set(arm.name, new Map(config.evalSets.map((e) => [e.name, new Map()])));
  for (const run of snapshot.runs) {
    for (const set of config.evalSets) {
      const found = finalEvaluation(run, set.name);
      if (typeof found === 'string') {
        if (!excluded.has(run.runId)) excluded.set(run.runId, found);
        else if (run.stop.reason === 'completed') excluded.set(run.runId, `${excluded.get(run.runId)}; ${found}`);
      } else {
        finals.get(run.arm)!.get(set.name)!.set(run.seed, found);
      }
    }
  }
  for (const arm of config.arms) {
    for (const seed of config.seeds) {
      const runId = runIdOf(config.name, arm.name, seed);
      if (!snapshot.runs.some((r) => r.runId === runId) && !excluded.has(runId)) excluded.set(runId, 'not run');
    }
  }

  for (const set of config.evalSets) {
    for (const measure of set.measures) {
      for (const arm of config.arms) {
        const bySeed = finals.get(arm.name)!.get(set.name)!;
        const evaluatedSeeds = config.seeds.filter((s) => bySeed.has(s));
        // A seed whose evaluation holds no value of this measure has no mean to show (not a mean of nothing).
        const seeds = evaluatedSeeds.filter((s) => valuesOf(bySeed.get(s)!, measure).size > 0);
        if (seeds.length < evaluatedSeeds.length) {
          const missing = evaluatedSeeds.filter((s) => !seeds.includes(s));
          notes.push(`${arm.name} on ${set.name} (${measure}): no per-query values for seed${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
        }
        if (seeds.length === 0) continue;
        const perSeed = seeds.map((s) => {
          const evaluation = bySeed.get(s)!;
          // trec_eval's own aggregation of per-query values (sums in qid order), restricted to this measure.
          const perQuery: Record<string, Record<string, number>> = {};
          for (const [qid, value] of valuesOf(evaluation, measure)) perQuery[qid] = { [measure]: value };
          return { all: summarize(perQuery)[measure], queries: Object.keys(perQuery).length };
        });
        const queryCounts = new Set(perSeed.map((p) => p.queries));
        if (queryCounts.size > 1)
          notes.push(`${arm.name} on ${set.name} (${measure}): seeds evaluated different numbers of queries (${[...queryCounts].join(', ')})`);
        const seedMeans = perSeed.map((p) => p.all);
        cells.push({
          arm: arm.name,
          optimizer: arm.optimizer,
          evalSet: set.name,
          measure,
          relevanceLevel: set.relevanceLevel,
          seeds,
          seedMeans,
          mean: mean(seedMeans),
          seedStd: sampleStd(seedMeans),
          queries: Math.min(...perSeed.map((p) => p.queries)),
        });
      }
    }
  }

  type Pending = Omit<Comparison, 'holmTTestP' | 'holmRandomizationP'>;
  const pending: Pending[] = [];
  const base = config.arms.find((a) => a.name === baselineArmOf(config))!;
  for (const set of config.evalSets) {
    for (const measure of set.measures) {
      for (const arm of config.arms) {
        if (arm === base) continue;
        const armFinals = finals.get(arm.name)!.get(set.name)!;
        const baseFinals = finals.get(base.name)!.get(set.name)!;
        const pair = `${arm.name} − ${base.name} on ${set.name}`;
        const seeds = config.seeds.filter((s) => armFinals.has(s) && baseFinals.has(s));
        const unpaired = config.seeds.filter((s) => !seeds.includes(s) && (armFinals.has(s) || baseFinals.has(s)));
        if (unpaired.length) {
          const note = `${pair}: seed${unpaired.length > 1 ? 's' : ''} ${unpaired.join(', ')} left out (finished by one arm only)`;
          if (!notes.includes(note)) notes.push(note);
        }
        if (seeds.length === 0) continue;
        const armMaps = seeds.map((s) => valuesOf(armFinals.get(s)!, measure));
        const baseMaps = seeds.map((s) => valuesOf(baseFinals.get(s)!, measure));
        const qids = sameQueries([...armMaps, ...baseMaps]);
        const dropped = new Set([...armMaps, ...baseMaps].flatMap((m) => [...m.keys()])).size - qids.length;
        if (dropped > 0) {
          const note = `${pair} (${measure}): ${dropped} quer${dropped > 1 ? 'ies' : 'y'} missing from some run left out`;
          if (!notes.includes(note)) notes.push(note);
        }
        if (qids.length < 2) {
          notes.push(`${pair} (${measure}): fewer than 2 queries in common, no paired tests`);
          continue;
        }
        const treatment = qids.map((q) => mean(armMaps.map((m) => m.get(q)!)));
        const baseline = qids.map((q) => mean(baseMaps.map((m) => m.get(q)!)));
        const seed = SIGNIFICANCE_SETTINGS.seed;
        const wtl = winsTiesLosses(treatment, baseline);
        const t = pairedTTest(treatment, baseline);
        const ci = bootstrapCI(treatment, baseline, { samples: SIGNIFICANCE_SETTINGS.resamples, level: SIGNIFICANCE_SETTINGS.level, seed });
        pending.push({
          evalSet: set.name,
          measure,
          treatment: arm.name,
          treatmentOptimizer: arm.optimizer,
          baseline: base.name,
          baselineOptimizer: base.optimizer,
          seeds,
          queries: qids.length,
          meanDifference: mean(treatment.map((t, i) => t - baseline[i])),
          tTest: { t: t.t, df: t.df, p: t.p },
          randomizationP: randomizationTest(treatment, baseline, { permutations: SIGNIFICANCE_SETTINGS.permutations, seed }).p,
          ci95: { low: ci.lower, high: ci.upper },
          wins: wtl.wins,
          ties: wtl.ties,
          losses: wtl.losses,
        });
      }
    }
  }
  const holmT = holm(pending.map((c) => c.tTest.p));
  const holmR = holm(pending.map((c) => c.randomizationP));
  const comparisons = pending.map((c, i) => ({ ...c, holmTTestP: holmT[i], holmRandomizationP: holmR[i] }));

  return {
    experiment: config.name,
    configHash: snapshot.configHash,
    seedCombination: SEED_COMBINATION,
    cells,
    comparisons,
    excludedRuns: [...excluded].map(([runId, reason]) => ({ runId, reason })).sort((a, b) => (a.runId < b.runId ? -1 : a.runId > b.runId ? 1 : 0)),
    notes,
  };
}
