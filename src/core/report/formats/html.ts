/** The report as a stand-alone HTML document: one table per eval set with its caption, then the effects. */
import type { ExperimentReport } from '../build';
import { cellParts, effectCaption, effectRows, pValue4, sectionCaption, signed4 } from '../caption';
import { reportMeasureLabel } from '../measures';

export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

const STYLE =
  'body{font-family:system-ui,sans-serif;margin:2rem;max-width:70rem}table{border-collapse:collapse;margin:1rem 0}' +
  'caption{caption-side:bottom;text-align:left;font-size:.9em;padding-top:.4rem}th,td{padding:.2rem .6rem;text-align:right}' +
  'th:nth-child(-n+2),td:nth-child(-n+2){text-align:left}thead th{border-bottom:1px solid}tbody tr:last-child td{border-bottom:1px solid}';

export function reportHtml(reports: readonly ExperimentReport[]): string {
  const title = reports.map((r) => r.experiment).join(', ');
  const out = [
    `<!doctype html>`,
    `<html lang="en">`,
    `<head><meta charset="utf-8"><title>${escapeHtml(`${title}: comparison report`)}</title><style>${STYLE}</style></head>`,
    '<body>',
  ];
  for (const report of reports) {
    out.push(`<h1>${escapeHtml(`${report.experiment}: comparison report`)}</h1>`);
    out.push(`<p>From <code>${escapeHtml(report.source)}</code>, config hash <code>${report.configHash}</code>. Baseline: ${escapeHtml(report.baseline)}.</p>`);
    for (const section of report.sections) {
      out.push(`<h2>${escapeHtml(section.evalSet)}</h2>`, '<table>', `<caption>${escapeHtml(sectionCaption(report, section))}</caption>`);
      out.push(
        `<thead><tr><th></th><th>system</th>${section.measures.map((m) => `<th>${escapeHtml(reportMeasureLabel(m))}</th>`).join('')}</tr></thead>`,
        '<tbody>',
      );
      for (const system of section.systems) {
        const cells = section.measures.map((m) => {
          const { value, letters, dagger } = cellParts(section, system.name, m);
          return `<td>${value}${letters ? `<sup>${letters}</sup>` : ''}${dagger ? '†' : ''}</td>`;
        });
        out.push(`<tr><td>${system.letter}</td><td>${escapeHtml(system.name)}</td>${cells.join('')}</tr>`);
      }
      out.push('</tbody>', '</table>');
      const effects = effectRows(section);
      if (effects.length) {
        out.push('<table>', `<caption>${escapeHtml(effectCaption(report))}</caption>`);
        out.push(
          `<thead><tr><th>system − ${escapeHtml(report.baseline)}</th><th>measure</th><th>Δ</th><th>95 % CI</th><th>p</th><th>adjusted p</th><th>queries</th><th>seeds</th></tr></thead>`,
          '<tbody>',
        );
        for (const e of effects)
          out.push(
            `<tr><td>${escapeHtml(e.system)}</td><td>${escapeHtml(reportMeasureLabel(e.measure))}</td><td>${signed4(e.meanDifference)}</td><td>[${signed4(e.ciLow)}, ${signed4(e.ciHigh)}]</td><td>${escapeHtml(pValue4(e.p))}</td><td>${escapeHtml(pValue4(e.pAdjusted))}</td><td>${e.queries}</td><td>${e.seeds}</td></tr>`,
          );
        out.push('</tbody>', '</table>');
      }
      if (section.notes.length) out.push(`<ul>${section.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>`);
    }
    const notes = [...report.excludedRuns.map((r) => `Left out: ${r.runId} (${r.reason})`), ...report.notes];
    if (notes.length) out.push('<h2>Notes</h2>', `<ul>${notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>`);
  }
  out.push('</body>', '</html>', '');
  return out.join('\n');
}
