/** The report as GitHub Markdown: per experiment, per eval set a table (letters as <sup>), its caption, the effects. */
import type { ExperimentReport } from '../build';
import { cellParts, effectCaption, effectRows, pValue4, sectionCaption, signed4 } from '../caption';
import { reportMeasureLabel } from '../measures';

const escapeCell = (text: string) => text.replace(/\|/g, '\\|');

export function reportMarkdown(reports: readonly ExperimentReport[]): string {
  const lines: string[] = [];
  for (const report of reports) {
    lines.push(`# ${report.experiment}: comparison report`, '');
    lines.push(`From \`${escapeCell(report.source)}\`, config hash \`${report.configHash}\`. Baseline: ${report.baseline}.`, '');
    for (const section of report.sections) {
      lines.push(`## ${section.evalSet}`, '');
      lines.push(`| | system | ${section.measures.map(reportMeasureLabel).join(' | ')} |`);
      lines.push(`|---|---|${section.measures.map(() => '---|').join('')}`);
      for (const system of section.systems) {
        const cells = section.measures.map((m) => {
          const { value, letters, dagger } = cellParts(section, system.name, m);
          return `${value}${letters ? `<sup>${letters}</sup>` : ''}${dagger ? '†' : ''}`;
        });
        lines.push(`| ${system.letter} | ${system.name} | ${cells.join(' | ')} |`);
      }
      lines.push('', sectionCaption(report, section), '');
      const effects = effectRows(section);
      if (effects.length) {
        const adjusted = report.options.test === 'tukey' ? 'p (Tukey)' : report.options.correction === 'none' ? 'p' : `p (${report.options.correction})`;
        lines.push(`| system − ${report.baseline} | measure | Δ | 95 % CI | p | ${adjusted} | queries | seeds |`, '|---|---|---|---|---|---|---|---|');
        for (const e of effects)
          lines.push(
            `| ${e.system} | ${reportMeasureLabel(e.measure)} | ${signed4(e.meanDifference)} | [${signed4(e.ciLow)}, ${signed4(e.ciHigh)}] | ${pValue4(e.p)} | ${pValue4(e.pAdjusted)} | ${e.queries} | ${e.seeds} |`,
          );
        lines.push('', effectCaption(report), '');
      }
      for (const note of section.notes) lines.push(`- ${note}`);
      if (section.notes.length) lines.push('');
    }
    if (report.excludedRuns.length || report.notes.length) {
      lines.push('## Notes', '');
      for (const run of report.excludedRuns) lines.push(`- Left out: \`${run.runId}\` (${run.reason})`);
      for (const note of report.notes) lines.push(`- ${note}`);
      lines.push('');
    }
  }
  return lines.join('\n');
}
