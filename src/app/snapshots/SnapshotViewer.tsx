import { useMemo } from 'react';
import { expandTuningStudy } from '../../core/experiment/tuning';
import type { Snapshot } from '../../core/snapshot/schema';
import type { TuningView } from '../lab/TuningResults';
import { LazySnapshotView, LazyTuningResults } from '../results/lazy';
import { useOpenedSnapshot, type SnapshotSource } from './openedSnapshot';
import './snapshots.css';

function sourceText(source: SnapshotSource): string {
  switch (source.kind) {
    case 'file':
      return `the file ${source.name}`;
    case 'drop':
      return `the dropped file ${source.name}`;
    case 'url':
      return source.url;
    case 'link':
      return 'a share link';
  }
}

function tuningViewOf(snapshot: Snapshot): TuningView | null {
  if (!snapshot.tuning) return null;
  return { expanded: expandTuningStudy(snapshot.tuning.study, 'tuning.study'), trials: snapshot.tuning.runs, phase: 'final' };
}

/**
 * The read-only viewer: an opened snapshot's dashboard and results (the live page's views), every number recomputed from its per-query
 * values, under a banner that says so and a way back to the lab. Nothing in it is stored or run, and
 * everything from the snapshot is rendered as text (React escapes it).
 */
export function SnapshotViewer() {
  const { opened, store } = useOpenedSnapshot();
  const tuning = useMemo(() => (opened ? tuningViewOf(opened.snapshot) : null), [opened]);
  if (!opened) return null;
  const { snapshot, source } = opened;
  const adapter = snapshot.environment.adapter;
  const adapterName = [adapter.vendor, adapter.architecture, adapter.description].filter(Boolean).join(' · ') || 'unnamed adapter';
  return (
    <div className="snapshot-viewer" data-testid="snapshot-viewer">
      <section className="panel viewing-banner" aria-label="Viewing a snapshot">
        <h2>Viewing a snapshot (read-only)</h2>
        <p data-testid="snapshot-source">
          <strong>{snapshot.config.name}</strong> from {sourceText(source)}, made {new Date(snapshot.createdAt).toLocaleString()} on {adapterName}
          {adapter.isSoftware ? ' (a software adapter)' : ''}, {snapshot.environment.runtime.kind === 'node' ? 'headless runner' : 'browser'}, Rerank Lab{' '}
          {snapshot.environment.app.version} ({snapshot.environment.app.commit}); config <code>{snapshot.configHash.slice(0, 12)}</code>, {snapshot.runs.length}{' '}
          runs.
        </p>
        <p className="muted">
          Nothing here is stored or trained: every number below is recomputed in this page from the per-query values inside the snapshot.
          {source.kind === 'link' && source.omitted.includes('trec-runs') && ' This link left out the reranked TREC runs to fit; the snapshot file has them.'}
        </p>
        <button type="button" onClick={() => store.close()}>
          Close snapshot, back to the lab
        </button>
      </section>
      {tuning && <LazyTuningResults view={tuning} />}
      <LazySnapshotView snapshot={snapshot} />
    </div>
  );
}
