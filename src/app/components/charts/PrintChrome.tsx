/**
 * What a figure adds to a plot for print, drawn inside the Recharts chart's own SVG (any child of a Recharts 3 chart
 * renders there): the legend above the plot and the axis titles. Positions come from printLayout.
 */
import { LEGEND_SWATCH, PRINT, type LegendMark, type PrintLayout } from './printLayout';

function Mark({ mark, y }: { mark: LegendMark; y: number }) {
  const mid = y - PRINT.legendFont * 0.32;
  const line = (colour: string, width = 1.5, dash?: string) => (
    <line x1={0} x2={LEGEND_SWATCH} y1={mid} y2={mid} stroke={colour} strokeWidth={width} strokeDasharray={dash || undefined} />
  );
  const band = (colour: string, opacity: number) => (
    <rect x={0} y={mid - 3.5} width={LEGEND_SWATCH} height={7} fill={colour} fillOpacity={opacity} stroke="none" />
  );
  const dot = (colour: string, opacity = 1) => <circle cx={LEGEND_SWATCH / 2} cy={mid} r={2.2} fill={colour} fillOpacity={opacity} />;
  switch (mark.kind) {
    case 'line':
      return line(mark.colour, mark.width, mark.dash);
    case 'band':
      return band(mark.colour, mark.opacity);
    case 'line-band':
      return (
        <>
          {band(mark.colour, mark.opacity)}
          {line(mark.colour, mark.width)}
        </>
      );
    case 'dot':
      return dot(mark.colour, mark.opacity);
    case 'dot-bar':
      return (
        <>
          <line x1={LEGEND_SWATCH / 2} x2={LEGEND_SWATCH / 2} y1={mid - 4} y2={mid + 4} stroke={mark.colour} strokeWidth={1} />
          {dot(mark.colour)}
        </>
      );
    case 'dot-line':
      return (
        <>
          {line(mark.colour, 1)}
          {dot(mark.colour)}
        </>
      );
  }
}

export function PrintChrome({ layout, xLabel, yLabel }: { layout: PrintLayout; xLabel: string; yLabel: string }) {
  const { plot } = layout;
  const yMiddle = (plot.top + plot.bottom) / 2;
  return (
    <g className="figure-chrome" fill={PRINT.ink} fontFamily={PRINT.fontFamily}>
      <g className="figure-legend" transform="translate(4, 4)" fontSize={PRINT.legendFont}>
        {layout.legend.items.map(({ entry, x, y, lines }, i) => (
          <g key={i} transform={`translate(${x}, 0)`}>
            <Mark mark={entry.mark} y={y} />
            {lines.map((line, l) => (
              <text key={l} x={LEGEND_SWATCH + 4} y={y + l * layout.legend.lineHeight}>
                {line}
              </text>
            ))}
          </g>
        ))}
      </g>
      <text className="figure-x-label" x={(plot.left + plot.right) / 2} y={layout.height - 4} textAnchor="middle" fontSize={PRINT.labelFont}>
        {xLabel}
      </text>
      <text
        className="figure-y-label"
        x={PRINT.labelFont}
        y={yMiddle}
        transform={`rotate(-90 ${PRINT.labelFont} ${yMiddle})`}
        textAnchor="middle"
        fontSize={PRINT.labelFont}
      >
        {yLabel}
      </text>
    </g>
  );
}
