import { memo, useId, useMemo, useState } from 'react';
import { ResponsiveContainer } from 'recharts';
import type { ArmSeries, XAxisMode } from '../../../core/chart/series';
import { formatValue } from '../../../core/chart/ticks';
import type { FigureSpec } from '../figures/figureSpecs';
import type { ChartArm } from './armColours';
import { ChartCaption } from './ChartOrTable';
import { seriesPlotModel, type SeedMode } from './seriesData';
import { SeriesPlot } from './SeriesPlot';
import { SeriesTable } from './SeriesTable';

export interface SeriesChartProps {
  /** Also the table's caption and the figure's accessible name. */
  title: string;
  /** Stable id for tests: the table is `chart-table-<id>`. */
  id: string;
  arms: readonly ArmSeries[];
  chartArms: readonly ChartArm[];
  seedMode: SeedMode;
  xAxis: XAxisMode;
  /** The unsmoothed series, drawn faint behind (loss). */
  raw?: readonly ArmSeries[] | null;
  dots?: boolean;
  height?: number;
  /** By step, the x axis covers at least these steps (evaluation charts: from 0 to the run's last step). */
  span?: readonly [number, number] | null;
  /** The chart as a figure for a paper, built when downloaded; without it the chart offers no download. */
  figure?: () => FigureSpec;
}

/** One chart of the dashboard: arms in their colours, seeds as a mean with a min–max band or as dashed lines, and a table of the same numbers. */
export const SeriesChart = memo(function SeriesChart({
  title,
  id,
  arms,
  chartArms,
  seedMode,
  xAxis,
  raw = null,
  dots = false,
  height = 210,
  span = null,
  figure,
}: SeriesChartProps) {
  const [asTable, setAsTable] = useState(false);
  const tableId = useId();
  const model = useMemo(() => seriesPlotModel(arms, chartArms, seedMode, xAxis, raw, span), [arms, chartArms, seedMode, xAxis, raw, span]);
  const { drawn, rows } = model;
  // One evaluation gives one point per line: say so, rather than leave a reader to wonder where the curve went.
  const evaluatedAt = [...new Set(drawn.flatMap((d) => [...d.values.keys()]))];
  const lines = drawn.filter((d) => !d.band);
  if (rows.length === 0) return null;
  return (
    <figure className="chart" aria-label={title} data-testid={`chart-${id}`}>
      <ChartCaption title={title} figure={figure} asTable={asTable} tableId={tableId} onToggle={() => setAsTable((v) => !v)} />
      {asTable ? (
        <div className="table-scroll" id={tableId}>
          <SeriesTable id={id} title={title} xAxis={xAxis} drawn={drawn} rows={rows} />
        </div>
      ) : (
        <ResponsiveContainer width="100%" height={height}>
          <SeriesPlot model={model} dots={dots} />
        </ResponsiveContainer>
      )}
      {span && evaluatedAt.length === 1 && (
        <p className="muted chart-note" data-testid={`chart-note-${id}`}>
          One evaluation so far (step {formatValue(evaluatedAt[0])}): a curve needs more — <code>evaluateEvery</code> evaluates along the way,{' '}
          <code>evaluateAtStart</code> before the first step.
        </p>
      )}
      {!asTable && (
        <ul className="legend" aria-hidden="true">
          {lines
            .filter((d) => d.opacity === 1 && d.values.size > 0)
            .map((d) => (
              <li key={d.key}>
                <svg width="22" height="8">
                  <line x1="0" y1="4" x2="22" y2="4" stroke={d.colour} strokeWidth={2} strokeDasharray={d.dash} />
                </svg>
                {d.label}
              </li>
            ))}
        </ul>
      )}
    </figure>
  );
});
