/**
 * A chart with its accessible alternative: a figure whose caption carries a "Show as table" / "Show as chart" toggle,
 * then either the chart or its table (rendered only when shown). And the x axis of a log-scale scatter (the sweep's
 * parameter counts).
 */
import { useId, useState, type ReactNode } from 'react';

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
}

export function ChartOrTable({ label, caption, className = 'chart', testId, table, children }: ChartOrTableProps) {
  const [asTable, setAsTable] = useState(false);
  const tableId = useId();
  return (
    <figure className={className} aria-label={label} data-testid={testId}>
      <figcaption>
        <span>{caption ?? label}</span>
        <button type="button" className="link" aria-expanded={asTable} aria-controls={tableId} onClick={() => setAsTable((v) => !v)}>
          {asTable ? 'Show as chart' : 'Show as table'}
        </button>
      </figcaption>
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

/** Props for a Recharts XAxis on a log scale: the domain, the given ticks (evenly spaced on it), each labelled by `label`. */
export function logXAxisProps(axis: { domain: [number, number]; ticks: number[] }, label: (tick: number) => string) {
  return { type: 'number', scale: 'log', domain: axis.domain, ticks: axis.ticks, tickFormatter: label, allowDataOverflow: true } as const;
}
