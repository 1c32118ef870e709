import { useId, useState } from 'react';
import type { LibraryEntry, LibraryExperiment } from '../../../../storage/library';
import { ExperimentRow, type RowActions } from './ExperimentRow';

export function SweepRows({
  entry,
  onOpenSweep,
  ...actions
}: { entry: Extract<LibraryEntry, { kind: 'sweep' }>; onOpenSweep?: (name: string) => void } & RowActions) {
  const [open, setOpen] = useState(false);
  const toggleId = useId();
  const [confirm, setConfirm] = useState(false);
  const stored = entry.experiments.filter((e): e is LibraryExperiment => !('missing' in e));
  const finished = stored.filter((e) => e.status === 'finished').length;
  const active = stored.some((e) => e.configHash === actions.activeHash);
  return (
    <tbody className="library-sweep" data-testid={`library-sweep-${entry.name}`}>
      <tr>
        <th scope="row">
          <button type="button" id={toggleId} className="library-toggle" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
            {open ? '▾' : '▸'} sweep {entry.name}
          </button>
        </th>
        <td>{entry.experiments.length} experiments</td>
        <td />
        <td>
          {finished} of {entry.experiments.length} finished
        </td>
        <td>{new Date(entry.savedAt).toLocaleString()}</td>
        <td>
          {confirm ? (
            <span>
              Delete the sweep and its {stored.length} stored experiments?{' '}
              <button
                type="button"
                onClick={() =>
                  void actions.storage
                    .deleteSweep(entry.name)
                    .then(actions.changed)
                    .catch((e: Error) => actions.setError(e.message))
                }
              >
                Delete sweep
              </button>{' '}
              <button type="button" onClick={() => setConfirm(false)}>
                Cancel
              </button>
            </span>
          ) : (
            <>
              {onOpenSweep && (
                <>
                  <button
                    type="button"
                    aria-describedby={toggleId}
                    disabled={finished === 0}
                    title={finished === 0 ? 'No experiment of it has finished yet' : 'The Lion − AdamW gap by model size, from its finished experiments'}
                    onClick={() => onOpenSweep(entry.name)}
                  >
                    Open comparison
                  </button>{' '}
                </>
              )}
              <button type="button" disabled={active} title={active ? 'One of its experiments is running' : undefined} onClick={() => setConfirm(true)}>
                Delete…
              </button>
            </>
          )}
        </td>
      </tr>
      {open &&
        entry.experiments.map((e) =>
          'missing' in e ? (
            <tr key={e.configHash} className="library-member">
              <th scope="row">{e.name}</th>
              <td colSpan={5} className="muted">
                not started yet
              </td>
            </tr>
          ) : (
            <ExperimentRow key={e.configHash} experiment={e} member {...actions} />
          ),
        )}
    </tbody>
  );
}
