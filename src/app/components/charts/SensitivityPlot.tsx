/**
 * The drawing of a tuning study's LR sensitivity, shared by the page and the figures: per search space, a point per
 * scored trial (its dev score, the mean over seeds) against its learning rate on a log axis, joined in lr order, with
 * the min–max over the trial's seeds as a bar where trials have several.
 */
import { CartesianGrid, ErrorBar, Legend, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from 'recharts';
import { formatValue, linearAxis } from '../../../core/chart/ticks';
import { logXAxisProps } from './logAxis';
import { PrintChrome } from './PrintChrome';
import { PRINT, printLayout, type LegendEntry } from './printLayout';
import { printDot } from './QueryScatterPlot';
import type { PrintSpec } from './SeriesPlot';

export interface SensitivityDatum {
  trial: string;
  lr: number;
  dev: number;
  min: number;
  max: number;
  /** The error bar's offsets below and above the mean. */
  band: [number, number];
}

export interface SensitivitySeries {
  key: string;
  /** The search space as the legend names it (its optimizer's label). */
  name: string;
  colour: string;
  points: SensitivityDatum[];
}

export interface SensitivityPlotProps {
  series: readonly SensitivitySeries[];
  /** The log axis' ticks: powers of ten around the trials' learning rates. */
  decades: readonly number[];
  /** Trials have several seeds: the bars show their min–max. */
  severalSeeds: boolean;
  print?: PrintSpec;
}

export function sensitivityLegend(series: readonly SensitivitySeries[], severalSeeds: boolean): LegendEntry[] {
  const entries: LegendEntry[] = series.map((s) => ({ label: s.name, mark: { kind: 'dot-line', colour: s.colour } }));
  if (severalSeeds) entries.push({ label: 'mean over seeds; bar: min–max', mark: { kind: 'dot-bar', colour: PRINT.ink } });
  return entries;
}

export function SensitivityPlot({ series, decades, severalSeeds, print }: SensitivityPlotProps) {
  const all = series.flatMap((s) => s.points);
  // A figure needs its y ticks known before drawing (the axis width and legend are laid out from them).
  const yAxis = print ? linearAxis(Math.min(...all.map((p) => p.min)), Math.max(...all.map((p) => p.max))) : null;
  const yLabels = new Map(yAxis?.ticks.map((t, i) => [t, yAxis.labels[i]]));
  const layout = print && yAxis ? printLayout(print.frame, sensitivityLegend(series, severalSeeds), yAxis.labels) : null;
  return (
    <ScatterChart
      margin={layout?.margin ?? { top: 8, right: 16, bottom: 4, left: 0 }}
      {...(layout && print ? { width: layout.width, height: layout.height, title: print.title, desc: print.desc, accessibilityLayer: false } : {})}
    >
      <CartesianGrid strokeDasharray="3 3" stroke={layout ? PRINT.grid : '#e3e8ee'} />
      <XAxis
        dataKey="lr"
        {...logXAxisProps({ domain: [decades[0], decades[decades.length - 1]], ticks: [...decades] }, (v) => v.toExponential(0))}
        name="lr"
        {...(layout ? { height: layout.xAxisHeight, interval: 0, stroke: PRINT.ink, fontSize: PRINT.tickFont } : {})}
      />
      {layout && yAxis ? (
        <YAxis
          dataKey="dev"
          type="number"
          name="NDCG@10"
          width={layout.yAxisWidth}
          domain={yAxis.domain}
          ticks={yAxis.ticks}
          tickFormatter={(v: number) => yLabels.get(v) ?? formatValue(v)}
          allowDataOverflow
          interval={0}
          stroke={PRINT.ink}
          fontSize={PRINT.tickFont}
        />
      ) : (
        <YAxis dataKey="dev" type="number" width={64} domain={['auto', 'auto']} tickFormatter={(v: number) => v.toFixed(3)} name="NDCG@10" />
      )}
      {!layout && <Tooltip formatter={(v) => (typeof v === 'number' ? v.toPrecision(4) : String(v))} />}
      {!layout && <Legend />}
      {series.map((s) => (
        <Scatter
          key={s.key}
          name={s.name}
          data={s.points}
          fill={s.colour}
          line={layout ? { stroke: s.colour, strokeWidth: 0.8 } : true}
          isAnimationActive={false}
          {...(layout ? { shape: printDot(s.colour) } : {})}
        >
          {severalSeeds && (
            <ErrorBar dataKey="band" direction="y" stroke={s.colour} {...(layout ? { strokeWidth: 0.8, width: 4, isAnimationActive: false } : {})} />
          )}
        </Scatter>
      ))}
      {layout && print && <PrintChrome layout={layout} xLabel={print.xLabel} yLabel={print.yLabel} />}
    </ScatterChart>
  );
}
