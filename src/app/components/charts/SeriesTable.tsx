import { formatValue } from '../../../core/chart/ticks';
import type { XAxisMode } from '../../../core/chart/series';
import type { Drawn } from './seriesData';

/** A chart's numbers as a table: x, then each series (a band as its min and max), at full precision. */
export function SeriesTable({
  id,
  title,
  xAxis,
  drawn,
  rows,
}: {
  id: string;
  title: string;
  xAxis: XAxisMode;
  drawn: readonly Drawn[];
  rows: readonly Record<string, number | [number, number]>[];
}) {
  return (
    <table data-testid={`chart-table-${id}`}>
      <caption className="sr-only">{title}</caption>
      <thead>
        <tr>
          <th scope="col">{xAxis === 'step' ? 'step' : 'seconds'}</th>
          {drawn.map((d) =>
            d.band ? (
              <th scope="col" key={d.key} colSpan={2}>
                {d.label}
              </th>
            ) : (
              <th scope="col" key={d.key} data-series={d.key}>
                {d.label}
              </th>
            ),
          )}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.x as number}>
            <th scope="row">{formatValue(row.x as number)}</th>
            {drawn.map((d) => {
              const v = row[d.key];
              if (d.band) {
                const [low, high] = (v as [number, number] | undefined) ?? [Number.NaN, Number.NaN];
                return [
                  <td key={`${d.key}-min`}>{v === undefined ? '' : String(low)}</td>,
                  <td key={`${d.key}-max`}>{v === undefined ? '' : String(high)}</td>,
                ];
              }
              // full precision: the table is the chart's numbers, not a rounding of them
              return <td key={d.key}>{v === undefined ? '' : String(v)}</td>;
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
