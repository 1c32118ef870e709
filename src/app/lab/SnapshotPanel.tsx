import { useMemo, useState } from 'react';
import { checkFileSize } from '../../core/limits';
import { exportSnapshot, importSnapshot, summarizeSnapshot, type Snapshot } from '../../core/snapshot';
import { SummaryTable } from './SummaryTable';

function download(bytes: Uint8Array, name: string) {
  const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/gzip' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Results of a finished experiment: the summary recomputed from the snapshot's per-query values, and its export. */
export function SnapshotResults({ snapshot }: { snapshot: Snapshot }) {
  const summary = useMemo(() => summarizeSnapshot(snapshot), [snapshot]);
  const tiny = snapshot.config.model.kind === 'random' && snapshot.config.model.hidden < 256;
  return (
    <section className="panel" aria-label="Results">
      <h2>Results</h2>
      {tiny && (
        <p className="warning" data-testid="tiny-model-note">
          These numbers come from a tiny randomly initialised model trained for {snapshot.config.steps} steps: it barely moves from its random start, so expect
          poor metrics and arms that hardly differ. They are real measurements of this run, not a finding about Lion or AdamW — for that, fine-tune a pretrained
          model (the seed-study preset) on a real GPU.
        </p>
      )}
      <SummaryTable summary={summary} />
      <button type="button" onClick={() => download(exportSnapshot(snapshot), `${snapshot.config.name}.snapshot.json.gz`)}>
        Export snapshot (.json.gz)
      </button>
      <p className="muted">
        The snapshot holds the config, the adapter, every curve, batch hash, per-query value and reranked run; whoever opens it recomputes every number above
        from the per-query values.
      </p>
    </section>
  );
}

export function SnapshotImport({ onOpen }: { onOpen: (snapshot: Snapshot) => void }) {
  const [error, setError] = useState<string | null>(null);
  return (
    <label className="row">
      Open a snapshot:{' '}
      <input
        type="file"
        accept=".gz,.json"
        aria-label="open snapshot"
        onChange={async (e) => {
          const file = e.target.files?.[0];
          if (!file) return;
          try {
            setError(null);
            // before reading it into memory: the content is capped again while it inflates
            checkFileSize(file.size, 'snapshotFileBytes', file.name);
            onOpen(await importSnapshot(new Uint8Array(await file.arrayBuffer()), file.name));
          } catch (err) {
            setError((err as Error).message);
          }
        }}
      />
      {error && (
        <span className="error" role="alert">
          {error}
        </span>
      )}
    </label>
  );
}
