import { useMemo } from 'react';
import { measureLabel } from '../../../core/snapshot/markdown';
import { armMeasureResults } from '../../../core/snapshot/results';
import type { Snapshot } from '../../../core/snapshot/schema';
import { armColour } from '../charts/armColours';
import { chartArmsOf } from '../charts/chartInputs';

const RESULT_MEASURES = ['ndcg_cut_10', 'map', 'mrr_cut_10', 'recall_100'];

/** Per arm × eval set: the final and the best (over evaluation steps) value of each measure. */
export function ArmResultsTable({ snapshot }: { snapshot: Snapshot }) {
  const results = useMemo(() => armMeasureResults(snapshot), [snapshot]);
  const evalSets = [...new Set(results.map((r) => r.evalSet))];
  if (results.length === 0) return null;
  return (
    <div className="table-scroll">
      <table data-testid="arm-results">
        <caption>Final and best per arm (mean over queries, then over seeds; best over the evaluation steps, with its step)</caption>
        <thead>
          <tr>
            <th scope="col">eval set</th>
            <th scope="col">arm</th>
            {RESULT_MEASURES.map((m) => (
              <th scope="col" key={m} colSpan={2}>
                {measureLabel(m)}
              </th>
            ))}
          </tr>
          <tr>
            <th />
            <th />
            {RESULT_MEASURES.flatMap((m) => [
              <th scope="col" key={`${m}-f`}>
                final
              </th>,
              <th scope="col" key={`${m}-b`}>
                best (step)
              </th>,
            ])}
          </tr>
        </thead>
        <tbody>
          {evalSets.flatMap((set) =>
            snapshot.config.arms.map((arm) => {
              const mine = results.filter((r) => r.evalSet === set && r.arm === arm.name);
              if (mine.length === 0) return null;
              return (
                <tr key={`${set}-${arm.name}`} data-testid={`arm-results-${set}-${arm.name}`}>
                  <td>{set}</td>
                  <td>
                    <span className="swatch" style={{ background: armColour(chartArmsOf(snapshot.config), arm.name) }} /> {arm.name}
                  </td>
                  {RESULT_MEASURES.flatMap((m) => {
                    const r = mine.find((x) => x.measure === m);
                    return [
                      <td key={`${m}-f`} data-measure={m} data-kind="final">
                        {r ? r.final.toFixed(4) : '—'}
                      </td>,
                      <td key={`${m}-b`} data-measure={m} data-kind="best">
                        {r ? `${r.best.toFixed(4)} (${r.bestStep})` : '—'}
                      </td>,
                    ];
                  })}
                </tr>
              );
            }),
          )}
        </tbody>
      </table>
    </div>
  );
}
