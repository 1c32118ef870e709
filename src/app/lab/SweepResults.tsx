import { useMemo } from 'react';
import { CartesianGrid, ErrorBar, ReferenceLine, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from 'recharts';
import { modelSizeLabel } from '../../core/snapshot/sweepMarkdown';
import { summarizeSnapshot } from '../../core/snapshot/summary';
import type { ExperimentState } from './experimentController';

/**
 * The sweep's question — how does the Lion − AdamW gap move with model size? — one point per finished model:
 * the paired per-query difference in NDCG@10 with its 95 % bootstrap CI, recomputed from each snapshot.
 */
export function SweepResults({ sweep }: { sweep: NonNullable<ExperimentState['sweep']> }) {
  const rows = useMemo(
    () =>
      sweep.finished.flatMap(({ id, snapshot }, index) => {
        const summary = summarizeSnapshot(snapshot);
        return summary.comparisons
          .filter((c) => c.measure === 'ndcg_cut_10')
          .map((c) => ({
            index,
            id,
            model: modelSizeLabel(snapshot.config.model),
            evalSet: c.evalSet,
            delta: c.meanDifference,
            ci: [c.meanDifference - c.ci95.low, c.ci95.high - c.meanDifference],
            p: c.tTest.p,
          }));
      }),
    [sweep.finished],
  );
  const evalSets = [...new Set(rows.map((r) => r.evalSet))];
  return (
    <section className="panel" aria-label="Sweep">
      <h2>
        Sweep {sweep.name}: {sweep.finished.length}/{sweep.experiments.length} models done
      </h2>
      <div className="charts">
        {evalSets.map((evalSet) => (
          <figure className="chart" key={evalSet} aria-label={`gap on ${evalSet}`}>
            <figcaption>Lion − AdamW NDCG@10 on {evalSet} (95 % CI), by model</figcaption>
            <ResponsiveContainer width="100%" height={220}>
              <ScatterChart margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
                <CartesianGrid strokeDasharray="3 3" stroke="#e3e8ee" />
                <XAxis
                  dataKey="index"
                  type="number"
                  domain={[-0.5, sweep.experiments.length - 0.5]}
                  tickFormatter={(i: number) => sweep.experiments[i]?.id.split('/').pop() ?? ''}
                  allowDecimals={false}
                />
                <YAxis dataKey="delta" type="number" width={64} tickFormatter={(v: number) => v.toFixed(3)} />
                <ReferenceLine y={0} stroke="#8895a3" />
                <Tooltip formatter={(v) => (typeof v === 'number' ? v.toFixed(4) : String(v))} />
                <Scatter data={rows.filter((r) => r.evalSet === evalSet)} fill="#d1495b" isAnimationActive={false}>
                  <ErrorBar dataKey="ci" direction="y" stroke="#d1495b" />
                </Scatter>
              </ScatterChart>
            </ResponsiveContainer>
          </figure>
        ))}
      </div>
      <table data-testid="sweep-table">
        <thead>
          <tr>
            <th>model</th>
            <th>eval set</th>
            <th>Lion − AdamW NDCG@10</th>
            <th>95 % CI</th>
            <th>t-test p</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={`${r.id}-${r.evalSet}`}>
              <td>{r.model}</td>
              <td>{r.evalSet}</td>
              <td>{(r.delta >= 0 ? '+' : '') + r.delta.toFixed(4)}</td>
              <td>
                [{(r.delta - r.ci[0]).toFixed(4)}, {(r.delta + r.ci[1]).toFixed(4)}]
              </td>
              <td>{r.p.toFixed(3)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">Each finished model is also saved in this browser as its own experiment, with its own snapshot.</p>
    </section>
  );
}
