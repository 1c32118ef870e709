import { useMemo } from 'react';
import { ResponsiveContainer, Tooltip } from 'recharts';
import type { SweepGapPoint } from '../../../core/snapshot/results';
import { assembleSweepSnapshot } from '../../../core/snapshot/assemble';
import type { Snapshot, SweepSnapshot } from '../../../core/snapshot/schema';
import { ShareControls } from '../share/ShareControls';
import { ChartOrTable } from '../charts/ChartOrTable';
import { GapPlot, gapPlotData } from '../charts/GapPlot';
import { sweepGapByEvalSet } from '../figures/figureData';
import { gapFigure } from '../figures/figureSpecs';

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
  const { points, labels, plotted } = useMemo(() => sweepGapByEvalSet(finished), [finished]);
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
  const unplotted = points.filter((p) => p.parameters === null);
  return (
    <section className="panel" aria-label="Sweep">
      <h2>
        Sweep {name}: {finished.length}/{total} models done
      </h2>
      <div className="charts">
        {plotted.map(({ evalSet, points }) => (
          <GapChart key={evalSet} sweep={name} evalSet={evalSet} points={points} labels={labels} />
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

function GapChart({ sweep, evalSet, points, labels }: { sweep: string; evalSet: string; points: SweepGapPoint[]; labels: Map<string, string> }) {
  const data = useMemo(() => gapPlotData(points, labels), [points, labels]);
  if (points.length === 0) return null;
  const comparison = `${points[0].treatment} − ${points[0].baseline}`;
  const title = `${comparison} NDCG@10 on ${evalSet} (95 % CI) by parameter count`;
  return (
    <ChartOrTable
      label={title}
      testId={`sweep-chart-${evalSet}`}
      figure={() => gapFigure(sweep, evalSet, points, labels)}
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
        <GapPlot
          data={data}
          tooltip={
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
          }
        />
      </ResponsiveContainer>
    </ChartOrTable>
  );
}
