/**
 * The report as a stand-alone LaTeX document (article + booktabs): one `tabular` per eval set with its caption, then
 * the effects. Names are escaped, and the few non-ASCII signs of the captions become LaTeX, so the file is ASCII and
 * compiles with a plain pdflatex (scripts/check-latex.sh).
 */
import type { ExperimentReport } from '../build';
import { cellParts, effectCaption, effectRows, pValue4, sectionCaption, signed4 } from '../caption';
import { reportMeasureLabel } from '../measures';

const SPECIAL: Record<string, string> = {
  '\\': '\\textbackslash{}',
  '{': '\\{',
  '}': '\\}',
  $: '\\$',
  '&': '\\&',
  '%': '\\%',
  '#': '\\#',
  _: '\\_',
  '~': '\\textasciitilde{}',
  '^': '\\textasciicircum{}',
  '<': '\\textless{}',
  '>': '\\textgreater{}',
  '|': '\\textbar{}',
  α: '$\\alpha$',
  '−': '$-$',
  '†': '\\dag{}',
  '×': '$\\times$',
  '≥': '$\\geq$',
  '≤': '$\\leq$',
  '—': '---',
  '’': "'",
  Δ: '$\\Delta$',
  '·': '$\\cdot$',
};

/** Text for LaTeX: its specials escaped; a character without a mapping outside ASCII becomes `?` (never a compile error). */
export function escapeLatex(text: string): string {
  return [...text].map((ch) => SPECIAL[ch] ?? (ch.charCodeAt(0) < 128 ? ch : '?')).join('');
}

export function reportLatex(reports: readonly ExperimentReport[]): string {
  const out: string[] = ['\\documentclass{article}', '\\usepackage{booktabs}', '\\begin{document}', ''];
  for (const report of reports) {
    out.push(`\\section*{${escapeLatex(`${report.experiment}: comparison report`)}}`, '');
    // the hash and a long path get their own lines, where they fit; a path may break after its slashes
    const source = escapeLatex(report.source).replace(/\//g, '/\\allowbreak{}');
    out.push(
      `From \\texttt{${source}}.\\\\`,
      `{\\footnotesize Config hash \\texttt{${report.configHash}}.}\\\\`,
      `Baseline: ${escapeLatex(report.baseline)}.`,
      '',
    );
    for (const section of report.sections) {
      out.push('\\begin{table}[ht]', '\\centering', `\\caption{${escapeLatex(sectionCaption(report, section))}}`);
      out.push(`\\begin{tabular}{ll${'r'.repeat(section.measures.length)}}`, '\\toprule');
      out.push(`& System & ${section.measures.map((m) => escapeLatex(reportMeasureLabel(m))).join(' & ')} \\\\`, '\\midrule');
      for (const system of section.systems) {
        const cells = section.measures.map((m) => {
          const { value, letters, dagger } = cellParts(section, system.name, m);
          return `${escapeLatex(value)}${letters ? `\\textsuperscript{${letters}}` : ''}${dagger ? '\\dag{}' : ''}`;
        });
        out.push(`${system.letter} & ${escapeLatex(system.name)} & ${cells.join(' & ')} \\\\`);
      }
      out.push('\\bottomrule', '\\end{tabular}', '\\end{table}', '');
      const effects = effectRows(section);
      if (effects.length) {
        out.push(
          '\\begin{table}[ht]',
          '\\centering',
          '\\footnotesize',
          '\\setlength{\\tabcolsep}{4pt}',
          `\\caption{${escapeLatex(`${section.evalSet}. ${effectCaption(report)}`)}}`,
        );
        out.push('\\begin{tabular}{llrrrrrr}', '\\toprule');
        out.push(`system & measure & $\\Delta$ & 95\\,\\% CI & $p$ & adj.\\ $p$ & queries & seeds \\\\`, '\\midrule');
        for (const e of effects)
          out.push(
            `${escapeLatex(e.system)} & ${escapeLatex(reportMeasureLabel(e.measure))} & ${escapeLatex(signed4(e.meanDifference))} & [${escapeLatex(signed4(e.ciLow))}, ${escapeLatex(signed4(e.ciHigh))}] & ${escapeLatex(pValue4(e.p))} & ${escapeLatex(pValue4(e.pAdjusted))} & ${e.queries} & ${e.seeds} \\\\`,
          );
        out.push('\\bottomrule', '\\end{tabular}', '\\end{table}', '');
      }
      for (const note of section.notes) out.push(`${escapeLatex(note)}\\par`);
    }
    for (const run of report.excludedRuns) out.push(`${escapeLatex(`Left out: ${run.runId} (${run.reason})`)}\\par`);
    for (const note of report.notes) out.push(`${escapeLatex(note)}\\par`);
    out.push('\\clearpage', '');
  }
  out.push('\\end{document}', '');
  return out.join('\n');
}
