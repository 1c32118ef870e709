import { useMemo } from 'react';
import { CartesianGrid, ErrorBar, ReferenceLine, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from 'recharts';
import { formatCompact, formatValue, linearAxis, logAxis } from '../../../core/chart/ticks';
import { sweepGapPoints, type SweepGapPoint } from '../../../core/snapshot/results';
import { assembleSweepSnapshot } from '../../../core/snapshot/assemble';
import type { Snapshot, SweepSnapshot } from '../../../core/snapshot/schema';
import { modelSizeLabel } from '../../../core/snapshot/sweepMarkdown';
import { ShareControls } from '../share/ShareControls';
import { ChartOrTable, logXAxisProps } from '../charts/ChartOrTable';

export interface SweepViewProps {
  name: string;
  /** Experiments the sweep has (finished or not). */
  total: number;
  /** The finished experiments, each with its snapshot (from a live sweep, the library, or a snapshot). */
  finished: readonly { id: string; snapshot: Snapshot }[];
  /** The sweep's snapshot when it came from one (the viewer); otherwise it is made from `finished` for export. */
  snapshot?: SweepSnapshot;
}

/**
 * The sweep's question — how does the Lion − AdamW gap move with model size? — one point per finished model
 * and eval set: the paired per-query difference in NDCG@10 with its 95 % bootstrap CI, recomputed from each
 * snapshot, against the model's parameter count (log axis).
 */
export function SweepResults({ name, total, finished, snapshot }: SweepViewProps) {
  const points = useMemo(() => sweepGapPoints(finished), [finished]);
  const sweepSnapshot = useMemo(
    () =>
      snapshot ??
      assembleSweepSnapshot(
        name,
        Math.max(total, finished.length),
        finished.map((f) => f.snapshot),
      ),
    [snapshot, name, total, finished],
  );
  const labels = useMemo(() => new Map(finished.map((f) => [f.id, modelSizeLabel(f.snapshot.config.model)])), [finished]);
  const evalSets = [...new Set(points.map((p) => p.evalSet))];
  const unplotted = points.filter((p) => p.parameters === null);
  return (
    <section className="panel" aria-label="Sweep">
      <h2>
        Sweep {name}: {finished.length}/{total} models done
      </h2>
      <div className="charts">
        {evalSets.map((evalSet) => (
          <GapChart key={evalSet} evalSet={evalSet} points={points.filter((p) => p.evalSet === evalSet && p.parameters !== null)} labels={labels} />
        ))}
      </div>
      {unplotted.length > 0 && (
        <p className="muted">
          Not plotted (parameter count unknown before loading the model): {[...new Set(unplotted.map((p) => labels.get(p.id)))].join(', ')}.
        </p>
      )}
      <div className="table-scroll">
        <table data-testid="sweep-table">
          <thead>
            <tr>
              <th scope="col">model</th>
              <th scope="col">parameters</th>
              <th scope="col">eval set</th>
              <th scope="col">comparison</th>
              <th scope="col">Δ NDCG@10</th>
              <th scope="col">95 % CI</th>
              <th scope="col">t-test p</th>
              <th scope="col">randomization p</th>
            </tr>
          </thead>
          <tbody>
            {points.map((r) => (
              <tr key={`${r.id}-${r.evalSet}-${r.treatment}`}>
                <td>{labels.get(r.id)}</td>
                <td data-value={r.parameters ?? ''}>{r.parameters === null ? '—' : r.parameters.toLocaleString('en-US')}</td>
                <td>{r.evalSet}</td>
                <td>
                  {r.treatment} − {r.baseline}
                </td>
                <td>{(r.meanDifference >= 0 ? '+' : '') + r.meanDifference.toFixed(4)}</td>
                <td>
                  [{r.ciLow.toFixed(4)}, {r.ciHigh.toFixed(4)}]
                </td>
                <td>{r.tTestP.toFixed(3)}</td>
                <td>{r.randomizationP.toFixed(3)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted">
        Each finished model is also saved in this browser as its own experiment, with its own snapshot. The sweep&apos;s snapshot holds every finished
        model&apos;s snapshot: whoever opens it sees this view, recomputed from their per-query values, and each model&apos;s own results.
      </p>
      {finished.length > 0 && <ShareControls snapshot={sweepSnapshot} />}
    </section>
  );
}

function GapChart({ evalSet, points, labels }: { evalSet: string; points: SweepGapPoint[]; labels: Map<string, string> }) {
  const data = useMemo(
    () => points.map((p) => ({ ...p, label: labels.get(p.id) ?? p.id, ci: [p.meanDifference - p.ciLow, p.ciHigh - p.meanDifference] })),
    [points, labels],
  );
  const xAxis = useMemo(() => {
    const counts = points.map((p) => p.parameters!);
    return logAxis(Math.min(...counts) / 1.5, Math.max(...counts) * 1.5);
  }, [points]);
  const yAxis = useMemo(() => linearAxis(Math.min(0, ...points.map((p) => p.ciLow)), Math.max(0, ...points.map((p) => p.ciHigh))), [points]);
  const xLabels = new Map(xAxis.ticks.map((t, i) => [t, xAxis.labels[i]]));
  const yLabels = new Map(yAxis.ticks.map((t, i) => [t, yAxis.labels[i]]));
  if (points.length === 0) return null;
  const comparison = `${points[0].treatment} − ${points[0].baseline}`;
  const title = `${comparison} NDCG@10 on ${evalSet} (95 % CI) by parameter count`;
  return (
    <ChartOrTable
      label={title}
      testId={`sweep-chart-${evalSet}`}
      table={() => (
        <table data-testid={`sweep-chart-table-${evalSet}`}>
          <caption className="sr-only">{title}</caption>
          <thead>
            <tr>
              <th scope="col">model</th>
              <th scope="col">parameters</th>
              <th scope="col">Δ</th>
              <th scope="col">CI low</th>
              <th scope="col">CI high</th>
            </tr>
          </thead>
          <tbody>
            {data.map((p) => (
              <tr key={`${p.id}-${p.treatment}`}>
                <th scope="row">{p.label}</th>
                <td>{p.parameters}</td>
                <td>{String(p.meanDifference)}</td>
                <td>{String(p.ciLow)}</td>
                <td>{String(p.ciHigh)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    >
      <ResponsiveContainer width="100%" height={240}>
        <ScatterChart margin={{ top: 8, right: 16, bottom: 16, left: 4 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e3e8ee" />
          <XAxis
            dataKey="parameters"
            {...logXAxisProps(xAxis, (v) => xLabels.get(v) ?? formatCompact(v))}
            label={{ value: 'parameters (log scale)', position: 'insideBottom', offset: -8, fontSize: 11 }}
            fontSize={11}
          />
          <YAxis
            dataKey="meanDifference"
            type="number"
            domain={yAxis.domain}
            ticks={yAxis.ticks}
            tickFormatter={(v: number) => yLabels.get(v) ?? formatValue(v)}
            width={14 + 7 * Math.max(...yAxis.labels.map((l) => l.length))}
            allowDataOverflow
            fontSize={11}
          />
          <ReferenceLine y={0} stroke="#8895a3" />
          <Tooltip
            content={({ active, payload }) => {
              const p = active ? (payload?.[0]?.payload as (typeof data)[number] | undefined) : undefined;
              if (!p) return null;
              return (
                <div className="tooltip">
                  <strong>{p.label}</strong>
                  <div>{p.parameters?.toLocaleString('en-US')} parameters</div>
                  <div>
                    Δ {(p.meanDifference >= 0 ? '+' : '') + p.meanDifference.toFixed(4)} [{p.ciLow.toFixed(4)}, {p.ciHigh.toFixed(4)}], p ={' '}
                    {p.tTestP.toFixed(3)}
                  </div>
                </div>
              );
            }}
          />
          <Scatter data={data} fill="#d1495b" isAnimationActive={false}>
            <ErrorBar dataKey="ci" direction="y" stroke="#d1495b" />
          </Scatter>
        </ScatterChart>
      </ResponsiveContainer>
    </ChartOrTable>
  );
}
