/**
 * The comparison report of one experiment, from its snapshot alone: per evaluation set, one row per arm (system),
 * one column per measure. Each cell is the results view's number — summarizeSnapshot's mean over seeds of the
 * per-query mean at each run's final evaluation (schema v1 has no checkpoint-selection rule: a tuning study selects
 * its arms' settings on the dev set, and its final runs are still measured at their last step). Every pair of
 * systems is tested over queries, per-query values averaged over the seeds both finished (SEED_COMBINATION):
 * - `ttest`: the paired t-test; `randomization`: Fisher's paired randomization test (SIGNIFICANCE_SETTINGS'
 *   permutations and seed); both corrected over the pairs of one eval set × measure (Holm, Bonferroni or none);
 * - `tukey`: Tukey's HSD on the two-way ANOVA of every system over the seeds all finished and the queries all have;
 *   it controls the family-wise error itself, so no correction applies.
 * Effect sizes: each system − the baseline, with the 95 % bootstrap CI the summary gives (same seed, same resamples).
 * The first stage is not a row: a snapshot holds neither the candidates' ranking nor the qrels, and no number is
 * shown that the lab did not compute.
 */
import { baselineArmOf } from '../experiment/schema';
import type { EvaluationRecord, Snapshot } from '../snapshot/schema';
import { SIGNIFICANCE_SETTINGS, summarizeSnapshot, type ExcludedRun } from '../snapshot/summary';
import { bootstrapCI, holm, pairedTTest, randomizationTest, tukeyHsd } from '../stats';
import { REPORT_DEFAULT_MEASURES, ReportInputError, reportMeasureLabel } from './measures';

export const REPORT_TESTS = ['ttest', 'randomization', 'tukey'] as const;
export const REPORT_CORRECTIONS = ['holm', 'bonferroni', 'none'] as const;
export type ReportTest = (typeof REPORT_TESTS)[number];
export type ReportCorrection = (typeof REPORT_CORRECTIONS)[number];

export interface ReportOptions {
  test: ReportTest;
  alpha: number;
  correction: ReportCorrection;
  /** Stored measure names (resolveReportMeasures); absent: REPORT_DEFAULT_MEASURES, those not measured left out. */
  measures?: readonly string[];
  /** An arm name; absent: the config's baseline arm. */
  baseline?: string;
}
export const REPORT_DEFAULTS: ReportOptions = { test: 'ttest', alpha: 0.05, correction: 'holm' };

export interface ReportSystem {
  /** a, b, c… in row order. */
  letter: string;
  name: string;
  optimizer: string;
}

export interface ReportCell {
  system: string;
  measure: string;
  /** The results view's mean; null when the system has no final value of this measure. */
  mean: number | null;
  seeds: number[];
  queries: number;
  /** Systems this one is significantly better than. */
  beats: string[];
  /** Significantly worse than the baseline. */
  lossToBaseline: boolean;
}

export interface PairResult {
  measure: string;
  /** `a` − `b`, a above b in the rows. */
  a: string;
  b: string;
  meanDifference: number;
  queries: number;
  seeds: number[];
  p: number;
  /** After the correction (Tukey's p for `tukey`). */
  pAdjusted: number;
  significant: boolean;
  /** system − baseline with its 95 % bootstrap CI, when one of the two is the baseline. */
  effect?: { system: string; meanDifference: number; ciLow: number; ciHigh: number };
}

export interface ReportSection {
  evalSet: string;
  relevanceLevel: number;
  systems: ReportSystem[];
  measures: string[];
  cells: ReportCell[];
  pairs: PairResult[];
  /** Tukey: per measure, the ANOVA's queries, seeds and residual degrees of freedom. */
  tukey: { measure: string; queries: number; seeds: number[]; df: number }[];
  notes: string[];
}

export interface ExperimentReport {
  experiment: string;
  configHash: string;
  /** Where it came from (a file name), for headings and messages. */
  source: string;
  baseline: string;
  options: ReportOptions;
  sections: ReportSection[];
  excludedRuns: ExcludedRun[];
  notes: string[];
}

const mean = (values: readonly number[]) => values.reduce((s, v) => s + v, 0) / values.length;

/** arm → eval set → seed → the final evaluation's per-query values (completed runs; as summarizeSnapshot counts them). */
function finalValues(snapshot: Snapshot): Map<string, Map<string, Map<number, EvaluationRecord['perQuery']>>> {
  const out = new Map(snapshot.config.arms.map((a) => [a.name, new Map(snapshot.config.evalSets.map((e) => [e.name, new Map()]))]));
  for (const run of snapshot.runs) {
    if (run.stop.reason !== 'completed') continue;
    for (const set of snapshot.config.evalSets) {
      const found = run.evaluations.filter((e) => e.evalSet === set.name && e.step === run.stop.step);
      if (found.length)
        out
          .get(run.arm)!
          .get(set.name)!
          .set(run.seed, found[found.length - 1].perQuery);
    }
  }
  return out;
}

/** Per-query values of each system averaged over `seeds`, over the queries every system × seed has. */
function alignedValues(bySystem: Map<number, EvaluationRecord['perQuery']>[], seeds: number[], measure: string): { qids: string[]; rows: number[][] } {
  const maps = bySystem.flatMap((bySeed) => seeds.map((s) => bySeed.get(s)!));
  const qids = Object.keys(maps[0] ?? {})
    .filter((q) => maps.every((m) => m[q] !== undefined && measure in m[q]))
    .sort();
  const rows = bySystem.map((bySeed) => qids.map((q) => mean(seeds.map((s) => bySeed.get(s)![q][measure]))));
  return { qids, rows };
}

function corrected(p: readonly number[], correction: ReportCorrection): number[] {
  if (correction === 'holm') return holm(p);
  if (correction === 'bonferroni') return p.map((x) => Math.min(1, x * p.length));
  return [...p];
}

export function buildReport(snapshot: Snapshot, options: ReportOptions, source = snapshot.config.name): ExperimentReport {
  const { config } = snapshot;
  if (!(options.alpha > 0 && options.alpha < 1)) throw new ReportInputError(`alpha must be between 0 and 1, got ${options.alpha}`);
  const systems = config.arms.map((a, i) => ({
    letter: String.fromCharCode(97 + (i % 26)) + (i >= 26 ? String(Math.floor(i / 26)) : ''),
    name: a.name,
    optimizer: a.optimizer,
  }));
  const baseline = options.baseline ?? baselineArmOf(config);
  if (!systems.some((s) => s.name === baseline))
    throw new ReportInputError(`baseline '${baseline}' is not a system of ${source} (systems: ${systems.map((s) => s.name).join(', ')})`);
  const measured = new Set(config.evalSets.flatMap((e) => e.measures));
  const notes: string[] = [];
  if (options.measures) {
    const missing = options.measures.filter((m) => !measured.has(m));
    if (missing.length)
      throw new ReportInputError(
        `${source}: no per-query values of ${missing.map((m) => `${m} (${reportMeasureLabel(m)})`).join(', ')} (it measured ${[...measured].join(', ')})`,
      );
  } else {
    const missing = REPORT_DEFAULT_MEASURES.filter((m) => !measured.has(m));
    if (missing.length) notes.push(`Not measured in this snapshot, so not shown: ${missing.map(reportMeasureLabel).join(', ')}.`);
  }
  const wanted = options.measures ?? REPORT_DEFAULT_MEASURES;
  const summary = summarizeSnapshot(snapshot);
  const finals = finalValues(snapshot);

  const sections = config.evalSets.map((set): ReportSection => {
    const measures = wanted.filter((m) => set.measures.includes(m));
    const sectionNotes: string[] = [];
    const pairs: PairResult[] = [];
    const tukey: ReportSection['tukey'] = [];
    const bySystem = systems.map((s) => finals.get(s.name)!.get(set.name)!);
    for (const measure of measures) {
      const family: Omit<PairResult, 'pAdjusted' | 'significant'>[] = [];
      for (let i = 0; i < systems.length; i++) {
        for (let j = i + 1; j < systems.length; j++) {
          const seeds = config.seeds.filter((s) => bySystem[i].has(s) && bySystem[j].has(s));
          const { qids, rows } = seeds.length ? alignedValues([bySystem[i], bySystem[j]], seeds, measure) : { qids: [], rows: [[], []] };
          if (qids.length < 2) {
            sectionNotes.push(
              `${systems[i].name} vs ${systems[j].name} (${reportMeasureLabel(measure)}): fewer than 2 queries in seeds both finished, not tested`,
            );
            continue;
          }
          const [a, b] = rows;
          const p =
            options.test === 'randomization'
              ? randomizationTest(a, b, { permutations: SIGNIFICANCE_SETTINGS.permutations, seed: SIGNIFICANCE_SETTINGS.seed }).p
              : pairedTTest(a, b).p;
          const pair: Omit<PairResult, 'pAdjusted' | 'significant'> = {
            measure,
            a: systems[i].name,
            b: systems[j].name,
            meanDifference: mean(a.map((x, q) => x - b[q])),
            queries: qids.length,
            seeds,
            p,
          };
          const other = systems[i].name === baseline ? 1 : systems[j].name === baseline ? 0 : -1;
          if (other >= 0) {
            const [system, base] = other === 1 ? [b, a] : [a, b];
            const ci = bootstrapCI(system, base, {
              samples: SIGNIFICANCE_SETTINGS.resamples,
              level: SIGNIFICANCE_SETTINGS.level,
              seed: SIGNIFICANCE_SETTINGS.seed,
            });
            pair.effect = { system: other === 1 ? systems[j].name : systems[i].name, meanDifference: ci.meanDiff, ciLow: ci.lower, ciHigh: ci.upper };
          }
          family.push(pair);
        }
      }
      let adjusted = corrected(
        family.map((f) => f.p),
        options.correction,
      );
      if (options.test === 'tukey') {
        const withValues = systems.map((_, i) => i).filter((i) => bySystem[i].size > 0);
        if (withValues.length < 2)
          throw new ReportInputError(`Tukey's HSD needs at least two systems; ${source} has ${withValues.length} with final values on ${set.name}`);
        const seeds = config.seeds.filter((s) => withValues.every((i) => bySystem[i].has(s)));
        const { qids, rows } = alignedValues(
          withValues.map((i) => bySystem[i]),
          seeds,
          measure,
        );
        if (seeds.length === 0 || qids.length < 2) {
          sectionNotes.push(`${reportMeasureLabel(measure)}: no seed every system finished with 2 queries or more, no Tukey's HSD`);
          adjusted = family.map(() => 1);
        } else {
          const hsd = tukeyHsd(rows);
          tukey.push({ measure, queries: qids.length, seeds, df: hsd.df });
          const named = new Map(hsd.pairs.map((p) => [`${systems[withValues[p.i]].name}\u0000${systems[withValues[p.j]].name}`, p]));
          family.forEach((f, n) => {
            const hit = named.get(`${f.a}\u0000${f.b}`);
            f.p = hit ? hit.p : 1;
            // the decision is on the ANOVA's means (every system over the same seeds and queries)
            if (hit) f.meanDifference = hit.meanDifference;
            adjusted[n] = f.p;
          });
        }
      }
      family.forEach((f, n) => pairs.push({ ...f, pAdjusted: adjusted[n], significant: adjusted[n] <= options.alpha }));
    }

    const cells: ReportCell[] = [];
    for (const system of systems) {
      for (const measure of measures) {
        const cell = summary.cells.find((c) => c.arm === system.name && c.evalSet === set.name && c.measure === measure);
        const won = pairs.filter((p) => p.measure === measure && p.significant && (p.a === system.name || p.b === system.name));
        const beats = won.filter((p) => (p.a === system.name ? p.meanDifference > 0 : p.meanDifference < 0)).map((p) => (p.a === system.name ? p.b : p.a));
        const lost = won.some((p) => (p.a === system.name ? p.meanDifference < 0 : p.meanDifference > 0) && (p.a === baseline || p.b === baseline));
        cells.push({
          system: system.name,
          measure,
          mean: cell?.mean ?? null,
          seeds: cell?.seeds ?? [],
          queries: cell?.queries ?? 0,
          beats,
          lossToBaseline: lost && system.name !== baseline,
        });
      }
    }
    return { evalSet: set.name, relevanceLevel: set.relevanceLevel, systems, measures, cells, pairs, tukey, notes: sectionNotes };
  });
  return {
    experiment: config.name,
    configHash: snapshot.configHash,
    source,
    baseline,
    options,
    sections,
    excludedRuns: summary.excludedRuns,
    notes: [...notes, ...summary.notes],
  };
}

/** One report per experiment; two snapshots of one experiment (the same config hash) are refused: merge them first. */
export function buildReports(inputs: readonly { snapshot: Snapshot; source: string }[], options: ReportOptions): ExperimentReport[] {
  inputs.forEach((input, i) => {
    const twin = inputs.findIndex((other, j) => j < i && other.snapshot.configHash === input.snapshot.configHash);
    if (twin >= 0)
      throw new ReportInputError(
        `${inputs[twin].source} and ${input.source} are snapshots of the same experiment (${input.snapshot.config.name}, config ${input.snapshot.configHash.slice(0, 12)}): merge them into one with npm run merge, then report the merged snapshot`,
      );
  });
  return inputs.map(({ snapshot, source }) => buildReport(snapshot, options, source));
}
