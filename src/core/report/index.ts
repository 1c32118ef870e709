/** The comparison report (npm run report, the results view's Report panel): build once, write in any format. */
import type { ExperimentReport } from './build';
import { reportCsv } from './formats/csv';
import { reportHtml } from './formats/html';
import { reportLatex } from './formats/latex';
import { reportMarkdown } from './formats/markdown';

export * from './build';
export * from './measures';
export { sectionCaption, effectCaption, testDescription } from './caption';
export { REPORT_CSV_COLUMNS, reportCsv } from './formats/csv';
export { escapeLatex, reportLatex } from './formats/latex';
export { escapeHtml, reportHtml } from './formats/html';
export { reportMarkdown } from './formats/markdown';

export const REPORT_FORMATS = ['md', 'latex', 'csv', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const REPORT_FILE_TYPES: Record<ReportFormat, { extension: string; mime: string }> = {
  md: { extension: 'md', mime: 'text/markdown' },
  latex: { extension: 'tex', mime: 'application/x-tex' },
  csv: { extension: 'csv', mime: 'text/csv' },
  html: { extension: 'html', mime: 'text/html' },
};

export function formatReport(reports: readonly ExperimentReport[], format: ReportFormat): string {
  if (format === 'md') return reportMarkdown(reports);
  if (format === 'latex') return reportLatex(reports);
  if (format === 'csv') return reportCsv(reports);
  return reportHtml(reports);
}
