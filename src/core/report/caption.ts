/**
 * The words every format prints: a table's caption (test, α, correction, seeds, queries, what a letter and a † mean)
 * and the cells' numbers. Plain text with a few non-ASCII signs (α, −, †, ×, ≥, ≤, ·, ²); the LaTeX writer maps them.
 */
import { SIGNIFICANCE_SETTINGS } from '../snapshot/summary';
import type { ExperimentReport, ReportSection } from './build';
import { reportMeasureLabel } from './measures';

export const fixed4 = (x: number) => (Number.isFinite(x) ? x.toFixed(4) : String(x));
export const signed4 = (x: number) => (Number.isFinite(x) && x >= 0 ? `+${x.toFixed(4)}` : fixed4(x));
export const pValue4 = (p: number) => (Number.isFinite(p) && p < 0.0001 ? '<0.0001' : fixed4(p));
const thousands = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');

function list(values: readonly (string | number)[]): string {
  return [...new Set(values.map(String))].join(', ');
}

export function testDescription(report: ExperimentReport): string {
  const { test, correction } = report.options;
  const paired = 'paired over queries, each query’s value averaged over the seeds both systems finished';
  const family = (pairs: string) =>
    correction === 'none' ? 'no correction for multiple comparisons' : `${correction === 'holm' ? 'Holm' : 'Bonferroni'} correction over the ${pairs}`;
  if (test === 'tukey')
    return (
      "Tukey's HSD on the two-way (system × query) ANOVA's residual variance, each system's per-query values averaged over the seeds every system finished; " +
      'it controls the family-wise error over all pairs of systems itself, so no further correction applies'
    );
  const name =
    test === 'ttest'
      ? 'paired t-test'
      : `Fisher's randomization test (${thousands(SIGNIFICANCE_SETTINGS.permutations)} random sign flips, seed ${SIGNIFICANCE_SETTINGS.seed}; exact when 2^queries ≤ ${thousands(SIGNIFICANCE_SETTINGS.permutations)})`;
  return `two-sided ${name}, ${paired}; ${family('pairs of systems of each column')}`;
}

/** The caption under one eval set's table. */
export function sectionCaption(report: ExperimentReport, section: ReportSection): string {
  const seeds = list(section.cells.flatMap((c) => c.seeds));
  const seedCounts = list(section.systems.map((s) => section.cells.find((c) => c.system === s.name && c.mean !== null)?.seeds.length ?? 0));
  const queries = list(section.cells.filter((c) => c.mean !== null).map((c) => c.queries));
  const parts = [
    `${report.experiment} on ${section.evalSet}: mean over seeds of the per-query mean at each run's final evaluation ` +
      `(${seedCounts} seed${seedCounts === '1' ? '' : 's'} per system: ${seeds || 'none'}; ${queries || 'no'} queries; binary measures at relevance ≥ ${section.relevanceLevel}).`,
    `Superscript letters: significantly better than the system with that letter (${testDescription(report)}; α = ${report.options.alpha}).`,
    `†: significantly worse than the baseline, ${report.baseline}.`,
  ];
  const tukeyFacts = [...new Set(section.tukey.map((t) => `${t.queries} queries, seeds ${list(t.seeds)}, ${t.df} residual degrees of freedom`))];
  if (tukeyFacts.length === 1) parts.push(`Tukey's HSD: ${tukeyFacts[0]}.`);
  else
    for (const t of section.tukey)
      parts.push(`Tukey's HSD on ${reportMeasureLabel(t.measure)}: ${t.queries} queries, seeds ${list(t.seeds)}, ${t.df} residual degrees of freedom.`);
  parts.push('No first-stage row: the snapshot holds neither the candidates’ ranking nor the qrels.');
  return parts.join(' ');
}

/** The caption of the effect table: what Δ and the interval are. */
export function effectCaption(report: ExperimentReport): string {
  return (
    `Effect sizes: each system − the baseline (${report.baseline}), mean over queries of the per-query difference (values averaged over the seeds both finished), ` +
    `with the 95 % percentile bootstrap CI (${thousands(SIGNIFICANCE_SETTINGS.resamples)} resamples of queries, seed ${SIGNIFICANCE_SETTINGS.seed}); ` +
    `p from ${report.options.test === 'tukey' ? "Tukey's HSD" : report.options.test === 'ttest' ? 'the paired t-test' : 'the randomization test'}` +
    `${report.options.test === 'tukey' || report.options.correction === 'none' ? '' : `, adjusted by ${report.options.correction === 'holm' ? 'Holm' : 'Bonferroni'}`}.`
  );
}

export interface EffectRow {
  evalSet: string;
  measure: string;
  system: string;
  meanDifference: number;
  ciLow: number;
  ciHigh: number;
  p: number;
  pAdjusted: number;
  significant: boolean;
  queries: number;
  seeds: number;
}

/** Every system − baseline row of a section, in row then column order. */
export function effectRows(section: ReportSection): EffectRow[] {
  const rows: EffectRow[] = [];
  for (const system of section.systems) {
    for (const measure of section.measures) {
      const pair = section.pairs.find((p) => p.measure === measure && p.effect?.system === system.name);
      if (!pair?.effect) continue;
      rows.push({
        evalSet: section.evalSet,
        measure,
        system: system.name,
        meanDifference: pair.effect.meanDifference,
        ciLow: pair.effect.ciLow,
        ciHigh: pair.effect.ciHigh,
        p: pair.p,
        pAdjusted: pair.pAdjusted,
        significant: pair.significant,
        queries: pair.queries,
        seeds: pair.seeds.length,
      });
    }
  }
  return rows;
}

/** A table cell: the mean to 4 places, the letters it beats, † for a loss to the baseline; — when there is none. */
export function cellParts(section: ReportSection, system: string, measure: string): { value: string; letters: string; dagger: boolean } {
  const cell = section.cells.find((c) => c.system === system && c.measure === measure);
  if (!cell || cell.mean === null) return { value: '—', letters: '', dagger: false };
  const letters = section.systems
    .filter((s) => cell.beats.includes(s.name))
    .map((s) => s.letter)
    .join('');
  return { value: fixed4(cell.mean), letters, dagger: cell.lossToBaseline };
}
