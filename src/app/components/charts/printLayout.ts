/**
 * How a chart is laid out as a figure for print, rather than on the screen: a fixed size in points (one SVG user unit
 * is 1 pt, so a single-column figure is 3.5 in = 252 units wide), fonts sized for print, axis titles, and a legend
 * drawn inside the SVG above the plot. The plot components (SeriesPlot, QueryScatterPlot, GapPlot, SensitivityPlot)
 * take a PrintFrame and lay themselves out with printLayout; on the screen they get none and keep their page look.
 *
 * Text widths are estimated, not measured (the figure is drawn the same in Node, which measures nothing, and in the
 * browser): DejaVu Sans' mean advance is about 0.55 em, and 0.6 em leaves room.
 */

export type FigureColumn = 'single' | 'double';

/** Points per inch: the SVG's user unit is the point. */
export const POINTS_PER_INCH = 72;

export const PRINT = {
  /** A figure's width: one column of a two-column paper (3.5 in) or the full text width (7 in). */
  width: { single: 3.5 * POINTS_PER_INCH, double: 7 * POINTS_PER_INCH } as Record<FigureColumn, number>,
  tickFont: 8,
  labelFont: 9,
  legendFont: 8,
  /** DejaVu Sans is on every Debian (fonts-dejavu-core) and is what the PNGs are drawn with; the rest are fallbacks. */
  fontFamily: "'DejaVu Sans', Helvetica, Arial, sans-serif",
  ink: '#222222',
  grid: '#dde3ea',
} as const;

const EM_PER_CHARACTER = 0.6;

/** Estimated width in points of `text` at `fontSize`. */
export function textWidth(text: string, fontSize: number): number {
  return [...text].length * fontSize * EM_PER_CHARACTER;
}

/** What a legend entry draws before its label. */
export type LegendMark =
  | { kind: 'line'; colour: string; dash?: string; width?: number }
  | { kind: 'band'; colour: string; opacity: number }
  | { kind: 'line-band'; colour: string; opacity: number; width?: number }
  | { kind: 'dot'; colour: string; opacity?: number }
  | { kind: 'dot-bar'; colour: string }
  | { kind: 'dot-line'; colour: string };

export interface LegendEntry {
  label: string;
  mark: LegendMark;
}

export const LEGEND_SWATCH = 18;
const LEGEND_GAP = 10;

export interface LegendLayout {
  height: number;
  /** Each entry's place; `lines` is its label, wrapped where it is wider than the legend (then it has a row of its own). */
  items: { entry: LegendEntry; x: number; y: number; lines: string[] }[];
  lineHeight: number;
}

/** `text` in lines no wider than `width` (a word longer than that stays whole). */
function wrap(text: string, width: number, fontSize: number): string[] {
  const lines: string[] = [];
  for (const word of text.split(' ')) {
    const last = lines[lines.length - 1];
    if (last !== undefined && textWidth(`${last} ${word}`, fontSize) <= width) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

/** Entries left to right, wrapping onto new rows within `width`; y is the baseline of each entry's first line. */
export function layoutLegend(entries: readonly LegendEntry[], width: number, fontSize = PRINT.legendFont): LegendLayout {
  const lineHeight = fontSize * 1.45;
  const labelWidth = width - LEGEND_SWATCH - 4;
  const items: LegendLayout['items'] = [];
  let x = 0;
  let top = 0;
  let rowLines = 0;
  for (const entry of entries) {
    const lines = textWidth(entry.label, fontSize) > labelWidth ? wrap(entry.label, labelWidth, fontSize) : [entry.label];
    const size = LEGEND_SWATCH + 4 + Math.max(...lines.map((l) => textWidth(l, fontSize)));
    if (x > 0 && (x + size > width || lines.length > 1)) {
      top += rowLines * lineHeight;
      x = 0;
      rowLines = 0;
    }
    items.push({ entry, x, y: top + fontSize, lines });
    rowLines = Math.max(rowLines, lines.length);
    x += size + LEGEND_GAP;
    if (lines.length > 1) x = width;
  }
  return { height: top + rowLines * lineHeight, items, lineHeight };
}

/** A chart drawn as a figure: its size in points (the plot's own height; the legend is added above it). */
export interface PrintFrame {
  width: number;
  plotHeight: number;
}

export interface PrintLayout {
  width: number;
  /** The whole figure: legend, plot, axes and their titles. */
  height: number;
  margin: { top: number; right: number; bottom: number; left: number };
  yAxisWidth: number;
  xAxisHeight: number;
  legend: LegendLayout;
  /** The plot area (inside the axes). */
  plot: { left: number; top: number; right: number; bottom: number };
}

const PAD = 4;

/** Where everything goes: legend on top, the y title left of the tick labels, the x title under them. */
export function printLayout(frame: PrintFrame, legend: readonly LegendEntry[], yTickLabels: readonly string[]): PrintLayout {
  const laidOut = layoutLegend(legend, frame.width - 2 * PAD);
  const top = PAD + laidOut.height + (laidOut.height ? PAD : 0) + PRINT.tickFont / 2;
  const margin = { top, right: PAD + 8, bottom: PRINT.labelFont + PAD, left: PRINT.labelFont + PAD + 2 };
  const yAxisWidth = Math.ceil(Math.max(...yTickLabels.map((l) => textWidth(l, PRINT.tickFont)), textWidth('0', PRINT.tickFont)) + 8);
  const xAxisHeight = PRINT.tickFont + 8;
  const height = Math.round(top + frame.plotHeight + xAxisHeight + margin.bottom);
  return {
    width: frame.width,
    height,
    margin,
    yAxisWidth,
    xAxisHeight,
    legend: laidOut,
    plot: { left: margin.left + yAxisWidth, top, right: frame.width - margin.right, bottom: height - margin.bottom - xAxisHeight },
  };
}

/** A figure's plot height for its kind and column: wide, flat curves; a square-ish scatter (its diagonal reads at 45°). */
export function plotHeightOf(kind: 'curves' | 'scatter' | 'gap' | 'sensitivity', column: FigureColumn): number {
  const width = PRINT.width[column];
  if (kind === 'scatter') return Math.round(column === 'single' ? width * 0.78 : width * 0.5);
  return Math.round(column === 'single' ? width * 0.58 : width * 0.36);
}
