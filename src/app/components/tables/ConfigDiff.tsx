import { useMemo } from 'react';
import { armConfigDiff } from '../../../core/snapshot/results';
import type { Snapshot } from '../../../core/snapshot/schema';

/** Only the arm settings that differ (every other field of the config is shared by all arms by construction). */
export function ConfigDiff({ snapshot }: { snapshot: Snapshot }) {
  const diff = useMemo(() => armConfigDiff(snapshot.config.arms), [snapshot]);
  return (
    <div className="table-scroll">
      <table data-testid="config-diff">
        <caption>What differs between the arms (everything else — model, data, batches, steps, seeds — is the same)</caption>
        <thead>
          <tr>
            <th scope="col">setting</th>
            {snapshot.config.arms.map((a) => (
              <th scope="col" key={a.name}>
                {a.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {diff.map((d) => (
            <tr key={d.field}>
              <th scope="row">{d.field}</th>
              {snapshot.config.arms.map((a) => (
                <td key={a.name}>{d.values[a.name]}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
