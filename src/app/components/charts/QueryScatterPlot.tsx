/**
 * The drawing of the per-query scatter, shared by the page and the figures: one dot per query, the baseline arm's
 * value (x) against another arm's (y), both axes alike, and the diagonal y = x (above it, the other arm won the query).
 */
import type { ReactNode } from 'react';
import { CartesianGrid, ReferenceLine, Scatter, ScatterChart, XAxis, YAxis } from 'recharts';
import { formatValue, linearAxis } from '../../../core/chart/ticks';
import type { QueryPoint } from '../../../core/snapshot/results';
import { PrintChrome } from './PrintChrome';
import { PRINT, printLayout, type LegendEntry } from './printLayout';
import type { PrintSpec } from './SeriesPlot';

export interface QueryScatterPlotProps {
  /** Each point may carry more for a tooltip (the query's text). */
  points: readonly QueryPoint[];
  baseline: string;
  treatment: string;
  /** The measure's label (NDCG@10). */
  measure: string;
  colour: string;
  /** The page's tooltip. */
  tooltip?: ReactNode;
  print?: PrintSpec;
}

const DIAGONAL = '#8895a3';

/** A figure's dots: smaller than the page's (a point is 1/72 in, a pixel on the page far less). */
export function printDot(colour: string, opacity = 1) {
  return function PrintDot({ cx, cy }: { cx?: number; cy?: number }) {
    return <circle className="figure-dot" cx={cx} cy={cy} r={1.8} fill={colour} fillOpacity={opacity} />;
  };
}

export function queryScatterAxis(points: readonly QueryPoint[]) {
  return linearAxis(0, Math.max(1e-9, ...points.flatMap((p) => [p.baseline, p.treatment])));
}

export function queryScatterLegend(points: readonly QueryPoint[], treatment: string, baseline: string, colour: string): LegendEntry[] {
  return [
    { label: `${treatment} vs ${baseline}: one dot per query (${points.length})`, mark: { kind: 'dot', colour, opacity: 0.75 } },
    { label: 'y = x', mark: { kind: 'line', colour: DIAGONAL, dash: '3 3', width: 0.8 } },
  ];
}

export function QueryScatterPlot({ points, baseline, treatment, measure, colour, tooltip, print }: QueryScatterPlotProps) {
  const axis = queryScatterAxis(points);
  const labels = new Map(axis.ticks.map((t, i) => [t, axis.labels[i]]));
  const layout = print ? printLayout(print.frame, queryScatterLegend(points, treatment, baseline, colour), axis.labels) : null;
  const fontSize = layout ? PRINT.tickFont : 11;
  const tickFormatter = (v: number) => labels.get(v) ?? formatValue(v);
  return (
    <ScatterChart
      margin={layout?.margin ?? { top: 8, right: 16, bottom: 18, left: 4 }}
      {...(layout && print ? { width: layout.width, height: layout.height, title: print.title, desc: print.desc, accessibilityLayer: false } : {})}
    >
      <CartesianGrid strokeDasharray="3 3" stroke={layout ? PRINT.grid : '#e3e8ee'} />
      <XAxis
        dataKey="baseline"
        type="number"
        name={baseline}
        domain={axis.domain}
        ticks={axis.ticks}
        tickFormatter={tickFormatter}
        fontSize={fontSize}
        {...(layout
          ? { height: layout.xAxisHeight, interval: 0, stroke: PRINT.ink }
          : { label: { value: `${baseline} ${measure}`, position: 'insideBottom', offset: -10, fontSize: 11 } })}
      />
      <YAxis
        dataKey="treatment"
        type="number"
        name={treatment}
        domain={axis.domain}
        ticks={axis.ticks}
        tickFormatter={tickFormatter}
        fontSize={fontSize}
        {...(layout
          ? { width: layout.yAxisWidth, interval: 0, stroke: PRINT.ink }
          : { width: 56, label: { value: `${treatment} ${measure}`, angle: -90, position: 'insideLeft', fontSize: 11 } })}
      />
      <ReferenceLine
        segment={[
          { x: axis.domain[0], y: axis.domain[0] },
          { x: axis.domain[1], y: axis.domain[1] },
        ]}
        stroke={DIAGONAL}
        strokeDasharray={layout ? '3 3' : '4 4'}
        strokeWidth={layout ? 0.8 : 1}
        ifOverflow="extendDomain"
      />
      {!layout && tooltip}
      <Scatter data={[...points]} fill={colour} fillOpacity={0.75} isAnimationActive={false} {...(layout ? { shape: printDot(colour, 0.75) } : {})} />
      {layout && print && <PrintChrome layout={layout} xLabel={print.xLabel} yLabel={print.yLabel} />}
    </ScatterChart>
  );
}
