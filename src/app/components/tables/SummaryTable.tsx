import { measureLabel as labelOf } from '../../../core/snapshot/markdown';
import type { SnapshotSummary } from '../../../core/snapshot/summary';

const p = (value: number) => (value < 0.001 ? value.toExponential(1) : value.toFixed(3));

/** Every number here was recomputed from the snapshot's per-query values by summarizeSnapshot. */
export function SummaryTable({ summary }: { summary: SnapshotSummary }) {
  const evalSets = [...new Set(summary.cells.map((c) => c.evalSet))];
  return (
    <div className="summary" data-testid="summary">
      {evalSets.map((evalSet) => {
        const cells = summary.cells.filter((c) => c.evalSet === evalSet);
        const measures = [...new Set(cells.map((c) => c.measure))];
        const arms = [...new Set(cells.map((c) => c.arm))];
        const comparisons = summary.comparisons.filter((c) => c.evalSet === evalSet);
        return (
          <section key={evalSet}>
            <h3>
              {evalSet} <span className="muted">(binary measures at relevance ≥ {cells[0]?.relevanceLevel})</span>
            </h3>
            <table>
              <thead>
                <tr>
                  <th>arm</th>
                  {measures.map((m) => (
                    <th key={m}>{labelOf(m)}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {arms.map((arm) => (
                  <tr key={arm}>
                    <td>{arm}</td>
                    {measures.map((m) => {
                      const cell = cells.find((c) => c.arm === arm && c.measure === m);
                      return (
                        <td
                          key={m}
                          title={cell ? `seeds ${cell.seeds.join(', ')}: ${cell.seedMeans.map((v) => v.toFixed(4)).join(', ')}; ${cell.queries} queries` : ''}
                        >
                          {cell ? `${cell.mean.toFixed(4)}${cell.seedStd !== null ? ` ± ${cell.seedStd.toFixed(4)}` : ''}` : '—'}
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
            {comparisons.length > 0 && (
              <table className="comparisons">
                <thead>
                  <tr>
                    <th>comparison</th>
                    <th>measure</th>
                    <th>Δ mean</th>
                    <th>95 % CI</th>
                    <th>t-test p (Holm)</th>
                    <th>randomization p (Holm)</th>
                    <th>wins / ties / losses</th>
                  </tr>
                </thead>
                <tbody>
                  {comparisons.map((c) => (
                    <tr key={`${c.treatment}-${c.baseline}-${c.measure}`}>
                      <td>
                        {c.treatment} − {c.baseline}
                      </td>
                      <td>{labelOf(c.measure)}</td>
                      <td>
                        {c.meanDifference >= 0 ? '+' : ''}
                        {c.meanDifference.toFixed(4)}
                      </td>
                      <td>
                        [{c.ci95.low.toFixed(4)}, {c.ci95.high.toFixed(4)}]
                      </td>
                      <td>
                        {p(c.tTest.p)} ({p(c.holmTTestP)})
                      </td>
                      <td>
                        {p(c.randomizationP)} ({p(c.holmRandomizationP)})
                      </td>
                      <td>
                        {c.wins} / {c.ties} / {c.losses}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        );
      })}
      {summary.excludedRuns.length > 0 && (
        <p className="warning">Left out of the numbers: {summary.excludedRuns.map((r) => `${r.runId} (${r.reason})`).join('; ')}.</p>
      )}
      {summary.notes.map((note) => (
        <p className="muted" key={note}>
          {note}
        </p>
      ))}
      <p className="muted">{summary.seedCombination}</p>
    </div>
  );
}
