import { useState } from 'react';
import { downloadBytes } from '../../components/results/snapshotFiles';
import { mergeFiles, type MergedFiles } from './mergeFiles';
import { useOpenedSnapshot } from './openedSnapshot';

type MergeState = { kind: 'idle' } | { kind: 'busy'; what: string } | { kind: 'refused'; message: string } | { kind: 'merged'; result: MergedFiles };

/**
 * "Merge snapshots…": snapshots of one experiment made in pieces (seeds or arms on different machines, the page, the
 * headless runner, PyTorch imports) picked together and merged into one study, after checking that runs which must
 * match do (batches and initial weights of each seed, precision). The result — or the reason it was refused, naming
 * the file, the run and the field — is shown; the merged file can be downloaded or viewed here.
 */
export function SnapshotMerger() {
  const { store } = useOpenedSnapshot();
  const [state, setState] = useState<MergeState>({ kind: 'idle' });
  const merge = async (files: File[]) => {
    if (files.length < 2) {
      setState({ kind: 'refused', message: `Pick two or more snapshot files to merge (picked ${files.length}).` });
      return;
    }
    setState({ kind: 'busy', what: 'Reading' });
    try {
      const result = await mergeFiles(files, { version: __APP_VERSION__, commit: __APP_COMMIT__ }, (what) => setState({ kind: 'busy', what }));
      setState({ kind: 'merged', result });
    } catch (error) {
      setState({ kind: 'refused', message: error instanceof Error ? error.message : String(error) });
    }
  };
  return (
    <details className="snapshot-merger">
      <summary>Merge snapshots…</summary>
      <p className="muted">
        Snapshots of one experiment made in pieces (seed 1 on one machine, seed 2 on another; the page, the headless runner, PyTorch imports) become one study.
        Only the seeds and arms may differ; the runs of a seed must have seen the same batches and started from the same weights, in one precision.
      </p>
      <label>
        Snapshot files to merge:{' '}
        <input
          type="file"
          multiple
          accept=".gz,.json"
          aria-label="merge snapshots"
          onChange={(e) => {
            const files = [...(e.target.files ?? [])];
            e.target.value = '';
            void merge(files);
          }}
        />
      </label>
      {state.kind === 'busy' && <p role="status">{state.what}…</p>}
      {state.kind === 'refused' && (
        <p className="error" role="alert" data-testid="merge-error">
          Not merged: {state.message}
        </p>
      )}
      {state.kind === 'merged' && (
        <div data-testid="merge-result">
          <p>Merged: {state.result.description}.</p>
          {state.result.warnings.length > 0 && (
            <ul className="merge-warnings" aria-label="merge warnings">
              {state.result.warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          )}
          <button type="button" onClick={() => downloadBytes(state.result.bytes, state.result.fileName, 'application/gzip')}>
            Download {state.result.fileName}
          </button>{' '}
          <button type="button" onClick={() => store.show(state.result.snapshot, { kind: 'file', name: state.result.fileName })}>
            View the merged snapshot
          </button>
        </div>
      )}
    </details>
  );
}
