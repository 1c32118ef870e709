/** A figure drawn for print: the plot its spec names, at a column's width, with the spec's axis titles and caption. */
import { GapPlot } from '../charts/GapPlot';
import { plotHeightOf, PRINT, type FigureColumn } from '../charts/printLayout';
import { QueryScatterPlot } from '../charts/QueryScatterPlot';
import { SensitivityPlot } from '../charts/SensitivityPlot';
import { SeriesPlot, type PrintSpec } from '../charts/SeriesPlot';
import type { FigureSpec } from './figureSpecs';

export function PrintFigure({ spec, column }: { spec: FigureSpec; column: FigureColumn }) {
  const print: PrintSpec = {
    frame: { width: PRINT.width[column], plotHeight: plotHeightOf(spec.kind, column) },
    xLabel: spec.xLabel,
    yLabel: spec.yLabel,
    title: spec.title,
    desc: spec.caption,
  };
  switch (spec.kind) {
    case 'curves':
      return <SeriesPlot model={spec.model} dots={spec.dots} print={print} />;
    case 'scatter':
      return (
        <QueryScatterPlot points={spec.points} baseline={spec.baseline} treatment={spec.treatment} measure={spec.measure} colour={spec.colour} print={print} />
      );
    case 'gap':
      return <GapPlot data={spec.data} print={print} />;
    case 'sensitivity':
      return <SensitivityPlot series={spec.series} decades={spec.decades} severalSeeds={spec.severalSeeds} print={print} />;
  }
}
