import { useMemo } from 'react';
import { ResponsiveContainer, Tooltip } from 'recharts';
import type { QueryPoint } from '../../../core/snapshot/results';
import type { Topics } from '../../../core/trec';
import { ChartOrTable } from '../charts/ChartOrTable';
import { QueryScatterPlot } from '../charts/QueryScatterPlot';
import { scatterFigure } from '../figures/figureSpecs';

/** One dot per query: baseline arm's NDCG@10 (x) against another arm's (y), with the diagonal; above it, the other arm won that query. */
export function QueryScatter({
  points,
  evalSet,
  baseline,
  treatment,
  colour,
  texts,
  experiment,
}: {
  points: QueryPoint[];
  evalSet: string;
  baseline: string;
  treatment: string;
  colour: string;
  texts?: Topics;
  /** The experiment's name: the chart is then offered as a figure named after it. */
  experiment?: string;
}) {
  const data = useMemo(() => points.map((p) => ({ ...p, text: texts?.[p.qid] ?? '' })), [points, texts]);
  const above = points.filter((p) => p.treatment > p.baseline).length;
  const below = points.filter((p) => p.treatment < p.baseline).length;
  const title = `${treatment} vs ${baseline}: NDCG@10 per query on ${evalSet}`;
  return (
    <ChartOrTable
      label={title}
      caption={`${title} — ${above} above the diagonal, ${below} below, ${points.length - above - below} on it`}
      className="chart scatter"
      testId={`scatter-${evalSet}-${treatment}`}
      figure={experiment === undefined ? undefined : () => scatterFigure({ experiment, evalSet, baseline, treatment, measure: 'ndcg_cut_10', points, colour })}
      table={() => (
        <table data-testid={`scatter-table-${evalSet}-${treatment}`}>
          <caption className="sr-only">{title}</caption>
          <thead>
            <tr>
              <th scope="col">qid</th>
              <th scope="col">query</th>
              <th scope="col">{baseline}</th>
              <th scope="col">{treatment}</th>
            </tr>
          </thead>
          <tbody>
            {data.map((p) => (
              <tr key={p.qid}>
                <th scope="row">{p.qid}</th>
                <td>{p.text}</td>
                <td>{String(p.baseline)}</td>
                <td>{String(p.treatment)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    >
      <ResponsiveContainer width="100%" height={300}>
        <QueryScatterPlot
          points={data}
          baseline={baseline}
          treatment={treatment}
          measure="NDCG@10"
          colour={colour}
          tooltip={<Tooltip cursor={{ strokeDasharray: '3 3' }} content={<QueryTooltip baseline={baseline} treatment={treatment} />} />}
        />
      </ResponsiveContainer>
    </ChartOrTable>
  );
}

function QueryTooltip({
  active,
  payload,
  baseline,
  treatment,
}: {
  active?: boolean;
  payload?: readonly { payload?: QueryPoint & { text: string } }[];
  baseline: string;
  treatment: string;
}) {
  const p = active ? payload?.[0]?.payload : undefined;
  if (!p) return null;
  return (
    <div className="tooltip" data-testid="scatter-tooltip">
      <strong>query {p.qid}</strong>
      {p.text && <div className="query-text">{p.text}</div>}
      <div>
        {baseline}: {p.baseline.toFixed(4)} · {treatment}: {p.treatment.toFixed(4)} · Δ{' '}
        {(p.treatment - p.baseline >= 0 ? '+' : '') + (p.treatment - p.baseline).toFixed(4)}
      </div>
    </div>
  );
}
