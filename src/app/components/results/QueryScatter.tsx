import { useMemo } from 'react';
import { CartesianGrid, ReferenceLine, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from 'recharts';
import { formatValue, linearAxis } from '../../../core/chart/ticks';
import type { QueryPoint } from '../../../core/snapshot/results';
import type { Topics } from '../../../core/trec';
import { ChartOrTable } from '../charts/ChartOrTable';

/** One dot per query: baseline arm's NDCG@10 (x) against another arm's (y), with the diagonal; above it, the other arm won that query. */
export function QueryScatter({
  points,
  evalSet,
  baseline,
  treatment,
  colour,
  texts,
}: {
  points: QueryPoint[];
  evalSet: string;
  baseline: string;
  treatment: string;
  colour: string;
  texts?: Topics;
}) {
  const data = useMemo(() => points.map((p) => ({ ...p, text: texts?.[p.qid] ?? '' })), [points, texts]);
  const axis = useMemo(() => linearAxis(0, Math.max(1e-9, ...points.flatMap((p) => [p.baseline, p.treatment]))), [points]);
  const labels = new Map(axis.ticks.map((t, i) => [t, axis.labels[i]]));
  const above = points.filter((p) => p.treatment > p.baseline).length;
  const below = points.filter((p) => p.treatment < p.baseline).length;
  const title = `${treatment} vs ${baseline}: NDCG@10 per query on ${evalSet}`;
  return (
    <ChartOrTable
      label={title}
      caption={`${title} — ${above} above the diagonal, ${below} below, ${points.length - above - below} on it`}
      className="chart scatter"
      testId={`scatter-${evalSet}-${treatment}`}
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
        <ScatterChart margin={{ top: 8, right: 16, bottom: 18, left: 4 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e3e8ee" />
          <XAxis
            dataKey="baseline"
            type="number"
            name={baseline}
            domain={axis.domain}
            ticks={axis.ticks}
            tickFormatter={(v: number) => labels.get(v) ?? formatValue(v)}
            label={{ value: `${baseline} NDCG@10`, position: 'insideBottom', offset: -10, fontSize: 11 }}
            fontSize={11}
          />
          <YAxis
            dataKey="treatment"
            type="number"
            name={treatment}
            domain={axis.domain}
            ticks={axis.ticks}
            tickFormatter={(v: number) => labels.get(v) ?? formatValue(v)}
            label={{ value: `${treatment} NDCG@10`, angle: -90, position: 'insideLeft', fontSize: 11 }}
            width={56}
            fontSize={11}
          />
          <ReferenceLine
            segment={[
              { x: axis.domain[0], y: axis.domain[0] },
              { x: axis.domain[1], y: axis.domain[1] },
            ]}
            stroke="#8895a3"
            strokeDasharray="4 4"
            ifOverflow="extendDomain"
          />
          <Tooltip cursor={{ strokeDasharray: '3 3' }} content={<QueryTooltip baseline={baseline} treatment={treatment} />} />
          <Scatter data={data} fill={colour} fillOpacity={0.75} isAnimationActive={false} />
        </ScatterChart>
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
