import { describe, expect, it } from 'vitest';
import { layoutLegend, plotHeightOf, PRINT, printLayout, textWidth, type LegendEntry } from './printLayout';

const entry = (label: string): LegendEntry => ({ label, mark: { kind: 'line', colour: '#000' } });

describe('print layout', () => {
  it('a single-column figure is 3.5 in wide in points, a double-column one 7 in', () => {
    expect(PRINT.width).toEqual({ single: 252, double: 504 });
  });

  it('lays legend entries left to right, starting a row when the next would not fit', () => {
    const short = layoutLegend([entry('adamw'), entry('lion')], 244);
    expect(short.items.map((i) => [i.x, i.y])).toEqual([
      [0, 8],
      [18 + 4 + textWidth('adamw', 8) + 10, 8],
    ]);
    expect(short.height).toBeCloseTo(8 * 1.45, 9);
    const long = layoutLegend([entry('adamw mean of 2 seeds, min–max band'), entry('lion mean of 2 seeds, min–max band')], 244);
    expect(long.items.map((i) => [i.x, i.y])).toEqual([
      [0, 8],
      [0, 8 + 8 * 1.45],
    ]);
  });

  it('wraps a label wider than the legend onto lines of its own row, and no line is wider than the room', () => {
    const label = 'lion − adamw: mean over queries; bar: 95 % bootstrap CI';
    const laidOut = layoutLegend([entry(label), entry('next')], 244);
    const [first, second] = laidOut.items;
    expect(first.lines.join(' ')).toBe(label);
    expect(first.lines.length).toBe(2);
    for (const line of first.lines) expect(textWidth(line, 8)).toBeLessThanOrEqual(244 - 22);
    expect(second.y).toBeCloseTo(8 + 2 * 8 * 1.45, 9);
    expect(laidOut.height).toBeCloseTo(3 * 8 * 1.45, 9);
  });

  it('the plot sits below the legend and right of the y tick labels; the figure is as tall as its parts', () => {
    const layout = printLayout({ width: 252, plotHeight: plotHeightOf('curves', 'single') }, [entry('a'), entry('b')], ['0.6925', '0.69']);
    expect(layout.plot.top).toBeGreaterThan(layout.legend.height);
    expect(layout.plot.left).toBe(layout.margin.left + layout.yAxisWidth);
    expect(layout.yAxisWidth).toBeGreaterThanOrEqual(textWidth('0.6925', 8));
    expect(layout.plot.bottom - layout.plot.top).toBeCloseTo(plotHeightOf('curves', 'single'), 0);
  });
});
