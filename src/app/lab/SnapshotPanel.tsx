import { useMemo } from 'react';
import { summarizeSnapshot, type Snapshot } from '../../core/snapshot';
import { ShareControls } from '../snapshots/ShareControls';
import { SummaryTable } from './SummaryTable';

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
      <ShareControls snapshot={snapshot} />
      <p className="muted">
        The snapshot holds the config, the adapter, every curve, batch hash, per-query value and reranked run; whoever opens it recomputes every number above
        from the per-query values.
      </p>
    </section>
  );
}
