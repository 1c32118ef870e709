/**
 * A chart with its accessible alternative: a figure whose caption carries a "Show as table" / "Show as chart" toggle
 * (and, given a figure, "Download figure"), then either the chart or its table (rendered only when shown).
 */
import { useId, useState, type ReactNode } from 'react';
import { DownloadFigure } from '../figures/DownloadFigure';
import type { FigureSpec } from '../figures/figureSpecs';

export interface ChartOrTableProps {
  /** The figure's accessible name. */
  label: string;
  /** What the caption shows (the label when absent). */
  caption?: ReactNode;
  className?: string;
  testId?: string;
  /** The table (with its own caption and test id), built only when the user asks for it. */
  table: () => ReactNode;
  /** The chart. */
  children: ReactNode;
  /** The chart as a figure for a paper, built when downloaded. */
  figure?: () => FigureSpec;
}

/** A chart's caption: its title, "Download figure" while the chart is shown, and the chart/table toggle. */
export function ChartCaption({
  title,
  figure,
  asTable,
  tableId,
  onToggle,
}: {
  title: ReactNode;
  figure?: () => FigureSpec;
  asTable: boolean;
  tableId: string;
  onToggle: () => void;
}) {
  return (
    <figcaption>
      <span>{title}</span>
      <span className="chart-actions">
        {figure && !asTable && <DownloadFigure figure={figure} />}
        <button type="button" className="link" aria-expanded={asTable} aria-controls={tableId} onClick={onToggle}>
          {asTable ? 'Show as chart' : 'Show as table'}
        </button>
      </span>
    </figcaption>
  );
}

export function ChartOrTable({ label, caption, className = 'chart', testId, table, children, figure }: ChartOrTableProps) {
  const [asTable, setAsTable] = useState(false);
  const tableId = useId();
  return (
    <figure className={className} aria-label={label} data-testid={testId}>
      <ChartCaption title={caption ?? label} figure={figure} asTable={asTable} tableId={tableId} onToggle={() => setAsTable((v) => !v)} />
      {asTable ? (
        <div className="table-scroll" id={tableId}>
          {table()}
        </div>
      ) : (
        children
      )}
    </figure>
  );
}
