import { memo, useId, useMemo, useState } from 'react';
import { Area, CartesianGrid, ComposedChart, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { yExtent, type ArmSeries, type XAxisMode } from '../../../core/chart/series';
import { axisWidth, formatValue, linearAxis } from '../../../core/chart/ticks';
import type { ChartArm } from './armColours';
import { drawnSeries, xAxisOf, type SeedMode } from './seriesData';
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
}: SeriesChartProps) {
  const [asTable, setAsTable] = useState(false);
  const tableId = useId();
  const drawn = useMemo(() => drawnSeries(arms, chartArms, seedMode, raw), [arms, chartArms, seedMode, raw]);
  const rows = useMemo(() => {
    const xs = [...new Set(drawn.flatMap((d) => [...d.values.keys()]))].sort((a, b) => a - b);
    return xs.map((x) => {
      const row: Record<string, number | [number, number]> = { x };
      for (const d of drawn) {
        const v = d.values.get(x);
        if (v !== undefined) row[d.key] = v;
      }
      return row;
    });
  }, [drawn]);
  const yAxis = useMemo(() => {
    const bands = seedMode === 'mean' && arms.some((a) => a.runs.length > 1);
    const [low, high] = yExtent(arms, bands);
    const [rawLow, rawHigh] = raw ? yExtent(raw, false) : [low, high];
    return linearAxis(Math.min(low, rawLow), Math.max(high, rawHigh));
  }, [arms, raw, seedMode]);
  const xAxisTicks = useMemo(() => xAxisOf(drawn, xAxis, span), [drawn, xAxis, span]);
  // One evaluation gives one point per line: say so, rather than leave a reader to wonder where the curve went.
  const evaluatedAt = [...new Set(drawn.flatMap((d) => [...d.values.keys()]))];
  const yLabels = useMemo(() => new Map(yAxis.ticks.map((t, i) => [t, yAxis.labels[i]])), [yAxis]);
  const xLabels = useMemo(() => new Map(xAxisTicks.ticks.map((t, i) => [t, xAxisTicks.labels[i]])), [xAxisTicks]);
  const lines = drawn.filter((d) => !d.band);
  if (rows.length === 0) return null;
  return (
    <figure className="chart" aria-label={title} data-testid={`chart-${id}`}>
      <figcaption>
        <span>{title}</span>
        <button type="button" className="link" aria-expanded={asTable} aria-controls={tableId} onClick={() => setAsTable((v) => !v)}>
          {asTable ? 'Show as chart' : 'Show as table'}
        </button>
      </figcaption>
      {asTable ? (
        <div className="table-scroll" id={tableId}>
          <SeriesTable id={id} title={title} xAxis={xAxis} drawn={drawn} rows={rows} />
        </div>
      ) : (
        <ResponsiveContainer width="100%" height={height}>
          <ComposedChart data={rows} margin={{ top: 6, right: 14, bottom: 2, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e3e8ee" />
            <XAxis
              dataKey="x"
              type="number"
              domain={xAxisTicks.domain}
              ticks={xAxisTicks.ticks}
              tickFormatter={(v: number) => xLabels.get(v) ?? formatValue(v)}
              allowDataOverflow
              fontSize={11}
            />
            <YAxis
              type="number"
              domain={yAxis.domain}
              ticks={yAxis.ticks}
              tickFormatter={(v: number) => yLabels.get(v) ?? formatValue(v)}
              width={axisWidth(yAxis.labels)}
              allowDataOverflow
              fontSize={11}
            />
            <Tooltip
              formatter={(v, name) => [Array.isArray(v) ? `${formatValue(Number(v[0]))} – ${formatValue(Number(v[1]))}` : formatValue(Number(v)), name]}
              labelFormatter={(x) => (xAxis === 'step' ? `step ${x}` : `${formatValue(Number(x))} s`)}
            />
            {drawn.map((d) =>
              d.band ? (
                <Area
                  key={d.key}
                  dataKey={d.key}
                  name={d.label}
                  stroke="none"
                  fill={d.colour}
                  fillOpacity={d.opacity}
                  isAnimationActive={false}
                  connectNulls
                  legendType="none"
                />
              ) : (
                <Line
                  key={d.key}
                  dataKey={d.key}
                  name={d.label}
                  stroke={d.colour}
                  strokeOpacity={d.opacity}
                  strokeDasharray={d.dash}
                  strokeWidth={d.width}
                  dot={dots ? { r: 3, fill: d.colour } : false}
                  isAnimationActive={false}
                  connectNulls
                />
              ),
            )}
          </ComposedChart>
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
