/**
 * The report in long form, one row per experiment × eval set × system × measure: the mean, its queries and seeds,
 * and against the baseline the difference, its 95 % bootstrap CI and the p-values; `significant_vs` names the systems
 * this one is significantly better than (`;` between). Numbers are written in full (shortest round-trip form).
 */
import type { ExperimentReport } from '../build';
import { effectRows } from '../caption';

export const REPORT_CSV_COLUMNS = [
  'experiment',
  'eval_set',
  'system',
  'letter',
  'measure',
  'mean',
  'n_queries',
  'seeds',
  'baseline',
  'delta',
  'ci_low',
  'ci_high',
  'p_value',
  'p_adjusted',
  'test',
  'correction',
  'alpha',
  'significant_vs',
  'loses_to_baseline',
] as const;

function field(value: string | number | boolean | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function reportCsv(reports: readonly ExperimentReport[]): string {
  const lines = [REPORT_CSV_COLUMNS.join(',')];
  for (const report of reports) {
    const correction = report.options.test === 'tukey' ? 'tukey' : report.options.correction;
    for (const section of report.sections) {
      const effects = effectRows(section);
      for (const system of section.systems) {
        for (const measure of section.measures) {
          const cell = section.cells.find((c) => c.system === system.name && c.measure === measure)!;
          const effect = effects.find((e) => e.system === system.name && e.measure === measure);
          const row = [
            report.experiment,
            section.evalSet,
            system.name,
            system.letter,
            measure,
            cell.mean,
            cell.mean === null ? null : cell.queries,
            cell.seeds.length,
            report.baseline,
            effect?.meanDifference ?? null,
            effect?.ciLow ?? null,
            effect?.ciHigh ?? null,
            effect?.p ?? null,
            effect?.pAdjusted ?? null,
            report.options.test,
            correction,
            report.options.alpha,
            cell.beats.join(';'),
            cell.lossToBaseline,
          ];
          lines.push(row.map(field).join(','));
        }
      }
    }
  }
  return `${lines.join('\n')}\n`;
}
