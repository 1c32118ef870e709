/**
 * The drawing of a sweep's gap chart, shared by the page and the figures: per model, the paired per-query difference
 * (a non-baseline arm − the baseline arm) with its 95 % bootstrap CI as a bar, against the parameter count on a log axis.
 */
import type { ReactNode } from 'react';
import { CartesianGrid, ErrorBar, ReferenceLine, Scatter, ScatterChart, XAxis, YAxis } from 'recharts';
import { formatCompact, formatValue, linearAxis, logAxis } from '../../../core/chart/ticks';
import type { SweepGapPoint } from '../../../core/snapshot/results';
import { logXAxisProps } from './logAxis';
import { PrintChrome } from './PrintChrome';
import { PRINT, printLayout, type LegendEntry } from './printLayout';
import { printDot } from './QueryScatterPlot';
import type { PrintSpec } from './SeriesPlot';

const GAP_COLOUR = '#d1495b';

export type GapDatum = SweepGapPoint & { label: string; ci: [number, number] };

/** The plotted points (each with a known parameter count): the model's label and the CI as error-bar offsets. */
export function gapPlotData(points: readonly SweepGapPoint[], labels: ReadonlyMap<string, string>): GapDatum[] {
  return points.map((p) => ({ ...p, label: labels.get(p.id) ?? p.id, ci: [p.meanDifference - p.ciLow, p.ciHigh - p.meanDifference] }));
}

export function gapAxes(points: readonly SweepGapPoint[]) {
  const counts = points.map((p) => p.parameters!);
  return {
    x: logAxis(Math.min(...counts) / 1.5, Math.max(...counts) * 1.5),
    y: linearAxis(Math.min(0, ...points.map((p) => p.ciLow)), Math.max(0, ...points.map((p) => p.ciHigh))),
  };
}

export function gapLegend(points: readonly SweepGapPoint[]): LegendEntry[] {
  const comparisons = [...new Set(points.map((p) => `${p.treatment} − ${p.baseline}`))];
  return comparisons.map((c) => ({ label: `${c}: mean over queries; bar: 95 % bootstrap CI`, mark: { kind: 'dot-bar', colour: GAP_COLOUR } }));
}

export function GapPlot({ data, tooltip, print }: { data: readonly GapDatum[]; tooltip?: ReactNode; print?: PrintSpec }) {
  const axes = gapAxes(data);
  const xLabels = new Map(axes.x.ticks.map((t, i) => [t, axes.x.labels[i]]));
  const yLabels = new Map(axes.y.ticks.map((t, i) => [t, axes.y.labels[i]]));
  const layout = print ? printLayout(print.frame, gapLegend(data), axes.y.labels) : null;
  const fontSize = layout ? PRINT.tickFont : 11;
  return (
    <ScatterChart
      margin={layout?.margin ?? { top: 8, right: 16, bottom: 16, left: 4 }}
      {...(layout && print ? { width: layout.width, height: layout.height, title: print.title, desc: print.desc, accessibilityLayer: false } : {})}
    >
      <CartesianGrid strokeDasharray="3 3" stroke={layout ? PRINT.grid : '#e3e8ee'} />
      <XAxis
        dataKey="parameters"
        {...logXAxisProps(axes.x, (v) => xLabels.get(v) ?? formatCompact(v))}
        fontSize={fontSize}
        {...(layout
          ? { height: layout.xAxisHeight, interval: 0, stroke: PRINT.ink }
          : { label: { value: 'parameters (log scale)', position: 'insideBottom', offset: -8, fontSize: 11 } })}
      />
      <YAxis
        dataKey="meanDifference"
        type="number"
        domain={axes.y.domain}
        ticks={axes.y.ticks}
        tickFormatter={(v: number) => yLabels.get(v) ?? formatValue(v)}
        width={layout ? layout.yAxisWidth : 14 + 7 * Math.max(...axes.y.labels.map((l) => l.length))}
        allowDataOverflow
        fontSize={fontSize}
        {...(layout ? { interval: 0, stroke: PRINT.ink } : {})}
      />
      <ReferenceLine y={0} stroke="#8895a3" strokeWidth={layout ? 0.8 : 1} />
      {!layout && tooltip}
      <Scatter data={[...data]} fill={GAP_COLOUR} isAnimationActive={false} {...(layout ? { shape: printDot(GAP_COLOUR) } : {})}>
        <ErrorBar dataKey="ci" direction="y" stroke={GAP_COLOUR} {...(layout ? { strokeWidth: 0.8, width: 4, isAnimationActive: false } : {})} />
      </Scatter>
      {layout && print && <PrintChrome layout={layout} xLabel={print.xLabel} yLabel={print.yLabel} />}
    </ScatterChart>
  );
}
