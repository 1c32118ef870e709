/**
 * The drawing of a series chart (the dashboard's curves), shared by the page and the figures: arms in their colours,
 * a mean line over a min–max band per arm or a dashed line per seed, on the axes of a SeriesPlotModel. On the page it
 * sits in a ResponsiveContainer with a tooltip; as a figure (`print`) it has a fixed size in points, print fonts, axis
 * titles and its legend inside the SVG.
 */
import { Area, CartesianGrid, ComposedChart, ErrorBar, Line, Tooltip, XAxis, YAxis } from 'recharts';
import { axisWidth, formatValue } from '../../../core/chart/ticks';
import { PrintChrome } from './PrintChrome';
import { PRINT, printLayout, type LegendEntry, type PrintFrame } from './printLayout';
import type { Drawn, SeriesPlotModel, SeriesRow } from './seriesData';

/** A chart drawn as a figure: its frame, axis titles (with units), and the SVG's title and description. */
export interface PrintSpec {
  frame: PrintFrame;
  xLabel: string;
  yLabel: string;
  title: string;
  desc: string;
}

/** Line widths on the page are pixels; in a figure, points: thinner. */
const PRINT_LINE_SCALE = 0.6;

/** The band drawn with a mean line (same arm), if any. */
function bandOf(drawn: readonly Drawn[], line: Drawn): Drawn | undefined {
  return line.key.endsWith('|mean') ? drawn.find((b) => b.band && b.key === line.key.replace(/\|mean$/, '|band')) : undefined;
}

/**
 * A band over a single x (one evaluation) has no width to shade, and Recharts marks a one-point area with a dot at its
 * top, which reads as a data point: such a band is drawn as an error bar on its mean's dot instead.
 */
const isSinglePoint = (band: Drawn | undefined) => band !== undefined && band.values.size === 1;

/** Error-bar offsets (below, above the mean) of a row, from the band's [min, max] and the mean. */
function bandOffsets(band: Drawn, line: Drawn) {
  return (row: SeriesRow): [number, number] => {
    const range = row[band.key];
    const mean = row[line.key];
    return Array.isArray(range) && typeof mean === 'number' ? [mean - range[0], range[1] - mean] : [0, 0];
  };
}

/** The figure's legend: each solid line (a mean with its band, or a seed), and the faint unsmoothed curves if drawn. */
export function seriesLegend(drawn: readonly Drawn[]): LegendEntry[] {
  const entries: LegendEntry[] = [];
  for (const d of drawn) {
    if (d.band || d.opacity !== 1 || d.values.size === 0) continue;
    const band = bandOf(drawn, d);
    const width = d.width * PRINT_LINE_SCALE;
    if (isSinglePoint(band)) entries.push({ label: `${d.label}; bar: min–max`, mark: { kind: 'dot-bar', colour: d.colour } });
    else if (band) entries.push({ label: `${d.label}, min–max band`, mark: { kind: 'line-band', colour: d.colour, opacity: band.opacity, width } });
    else entries.push({ label: d.label, mark: { kind: 'line', colour: d.colour, dash: d.dash, width } });
  }
  if (drawn.some((d) => d.key.endsWith('|raw'))) entries.push({ label: 'faint: before smoothing', mark: { kind: 'line', colour: '#9aa5b1', width: 0.6 } });
  return entries;
}

export function SeriesPlot({ model, dots = false, print }: { model: SeriesPlotModel; dots?: boolean; print?: PrintSpec }) {
  const { drawn, rows, xAxis, yAxis, xAxisMode } = model;
  const yLabels = new Map(yAxis.ticks.map((t, i) => [t, yAxis.labels[i]]));
  const xLabels = new Map(xAxis.ticks.map((t, i) => [t, xAxis.labels[i]]));
  const layout = print ? printLayout(print.frame, seriesLegend(drawn), yAxis.labels) : null;
  const fontSize = layout ? PRINT.tickFont : 11;
  const lineScale = layout ? PRINT_LINE_SCALE : 1;
  // The axes' domains enclose every value drawn. On the page they also clip to the plot (allowDataOverflow); a figure
  // does not, so the dots and bars at the domain's edge (the last step) are drawn whole.
  return (
    <ComposedChart
      data={rows}
      margin={layout?.margin ?? { top: 6, right: 14, bottom: 2, left: 0 }}
      {...(layout && print ? { width: layout.width, height: layout.height, title: print.title, desc: print.desc, accessibilityLayer: false } : {})}
    >
      <CartesianGrid strokeDasharray="3 3" stroke={layout ? PRINT.grid : '#e3e8ee'} />
      <XAxis
        dataKey="x"
        type="number"
        domain={xAxis.domain}
        ticks={xAxis.ticks}
        tickFormatter={(v: number) => xLabels.get(v) ?? formatValue(v)}
        fontSize={fontSize}
        {...(layout ? { height: layout.xAxisHeight, interval: 0, stroke: PRINT.ink } : { allowDataOverflow: true })}
      />
      <YAxis
        type="number"
        domain={yAxis.domain}
        ticks={yAxis.ticks}
        tickFormatter={(v: number) => yLabels.get(v) ?? formatValue(v)}
        width={layout ? layout.yAxisWidth : axisWidth(yAxis.labels)}
        fontSize={fontSize}
        {...(layout ? { interval: 0, stroke: PRINT.ink } : { allowDataOverflow: true })}
      />
      {!layout && (
        <Tooltip
          formatter={(v, name) => [Array.isArray(v) ? `${formatValue(Number(v[0]))} – ${formatValue(Number(v[1]))}` : formatValue(Number(v)), name]}
          labelFormatter={(x) => (xAxisMode === 'step' ? `step ${x}` : `${formatValue(Number(x))} s`)}
        />
      )}
      {drawn.map((d) => {
        if (d.band)
          return isSinglePoint(d) ? null : (
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
          );
        const band = bandOf(drawn, d);
        return (
          <Line
            key={d.key}
            dataKey={d.key}
            name={d.label}
            stroke={d.colour}
            strokeOpacity={d.opacity}
            strokeDasharray={d.dash}
            strokeWidth={d.width * lineScale}
            dot={dots ? (layout ? { r: 2.2, fill: d.colour, strokeWidth: lineScale } : { r: 3, fill: d.colour }) : false}
            isAnimationActive={false}
            connectNulls
          >
            {band && isSinglePoint(band) && (
              <ErrorBar
                dataKey={bandOffsets(band, d)}
                isAnimationActive={false}
                direction="y"
                stroke={d.colour}
                strokeWidth={lineScale}
                width={layout ? 4 : 6}
              />
            )}
          </Line>
        );
      })}
      {layout && print && <PrintChrome layout={layout} xLabel={print.xLabel} yLabel={print.yLabel} />}
    </ComposedChart>
  );
}
