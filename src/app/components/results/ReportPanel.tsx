/**
 * The comparison report of a snapshot (the same core and text as `npm run report`): pick the test, α, correction and
 * format, read the preview, download the file. Built only while the panel is open (Tukey's HSD integrates numerically),
 * from the snapshot's per-query values alone.
 */
import { useMemo, useState } from 'react';
import {
  REPORT_CORRECTIONS,
  REPORT_DEFAULTS,
  REPORT_FILE_TYPES,
  REPORT_FORMATS,
  REPORT_TESTS,
  buildReport,
  formatReport,
  type ReportCorrection,
  type ReportFormat,
  type ReportTest,
} from '../../../core/report';
import type { Snapshot } from '../../../core/snapshot/schema';
import { downloadBytes, fileSafe } from './snapshotFiles';

const TEST_LABELS: Record<ReportTest, string> = { ttest: 'paired t-test', randomization: "Fisher's randomization test", tukey: "Tukey's HSD" };
const CORRECTION_LABELS: Record<ReportCorrection, string> = { holm: 'Holm', bonferroni: 'Bonferroni', none: 'none' };
const FORMAT_LABELS: Record<ReportFormat, string> = { md: 'Markdown', latex: 'LaTeX', csv: 'CSV (long)', html: 'HTML' };

export function ReportPanel({ snapshot }: { snapshot: Snapshot }) {
  const [open, setOpen] = useState(false);
  const [test, setTest] = useState<ReportTest>(REPORT_DEFAULTS.test);
  const [alphaText, setAlphaText] = useState(String(REPORT_DEFAULTS.alpha));
  const [correction, setCorrection] = useState<ReportCorrection>(REPORT_DEFAULTS.correction);
  const [format, setFormat] = useState<ReportFormat>('md');
  const alpha = Number(alphaText);
  const alphaOk = alphaText.trim() !== '' && alpha > 0 && alpha < 1;
  const result = useMemo((): { text: string } | { error: string } | null => {
    if (!open || !alphaOk) return null;
    try {
      return { text: formatReport([buildReport(snapshot, { test, alpha, correction }, `${snapshot.config.name}`)], format) };
    } catch (error) {
      return { error: (error as Error).message };
    }
  }, [open, snapshot, test, alpha, alphaOk, correction, format]);
  const file = `${fileSafe(snapshot.config.name)}.report.${REPORT_FILE_TYPES[format].extension}`;
  return (
    <details className="report-panel" data-testid="report-panel" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>Report</summary>
      <div className="row" role="group" aria-label="Report settings">
        <label>
          test{' '}
          <select value={test} onChange={(e) => setTest(e.target.value as ReportTest)}>
            {REPORT_TESTS.map((t) => (
              <option key={t} value={t}>
                {TEST_LABELS[t]}
              </option>
            ))}
          </select>
        </label>
        <label>
          α <input type="text" inputMode="decimal" size={5} value={alphaText} aria-invalid={!alphaOk} onChange={(e) => setAlphaText(e.target.value)} />
        </label>
        <label>
          correction{' '}
          <select value={correction} disabled={test === 'tukey'} onChange={(e) => setCorrection(e.target.value as ReportCorrection)}>
            {REPORT_CORRECTIONS.map((c) => (
              <option key={c} value={c}>
                {CORRECTION_LABELS[c]}
              </option>
            ))}
          </select>
        </label>
        <label>
          format{' '}
          <select value={format} onChange={(e) => setFormat(e.target.value as ReportFormat)}>
            {REPORT_FORMATS.map((f) => (
              <option key={f} value={f}>
                {FORMAT_LABELS[f]}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="secondary"
          disabled={!result || 'error' in result}
          onClick={() => {
            if (result && 'text' in result) downloadBytes(result.text, file, REPORT_FILE_TYPES[format].mime);
          }}
        >
          Download {file}
        </button>
      </div>
      {test === 'tukey' && <p className="muted">Tukey&apos;s HSD controls the family-wise error over all pairs itself: no correction applies.</p>}
      {!alphaOk && (
        <p className="warning" role="alert">
          α needs a number between 0 and 1.
        </p>
      )}
      {result && 'error' in result && (
        <p className="warning" role="alert" data-testid="report-error">
          {result.error}
        </p>
      )}
      {result && 'text' in result && (
        <pre className="report-preview" data-testid="report-preview">
          {result.text}
        </pre>
      )}
    </details>
  );
}
