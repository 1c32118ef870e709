import { useMemo } from 'react';
import { SUMMARY_MEASURES } from '../../core/experiment/defaults';
import type { Snapshot } from '../../core/snapshot/schema';
import { CurveChart, MetricChart, type ChartRun } from '../lab/Charts';
import { SnapshotResults } from '../lab/SnapshotPanel';
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

function chartRunsOf(snapshot: Snapshot): ChartRun[] {
  return snapshot.runs.map((run) => ({
    runId: run.runId,
    arm: run.arm,
    optimizer: snapshot.config.arms.find((a) => a.name === run.arm)?.optimizer ?? 'adamw',
    seed: run.seed,
    curve: run.curve,
    evaluations: run.evaluations,
  }));
}

/**
 * The read-only viewer: an opened snapshot's curves and results, every number recomputed from its per-query
 * values, under a banner that says so and a way back to the lab. Nothing in it is stored or run, and
 * everything from the snapshot is rendered as text (React escapes it).
 */
export function SnapshotViewer() {
  const { opened, store } = useOpenedSnapshot();
  const runs = useMemo(() => (opened ? chartRunsOf(opened.snapshot) : []), [opened]);
  if (!opened) return null;
  const { snapshot, source } = opened;
  const adapter = snapshot.environment.adapter;
  const adapterName = [adapter.vendor, adapter.architecture, adapter.description].filter(Boolean).join(' · ') || 'unnamed adapter';
  const evalSets = snapshot.config.evalSets.map((e) => e.name);
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
      {runs.some((r) => r.curve.length > 0) && (
        <section className="panel" aria-label="Snapshot curves">
          <h2>Curves</h2>
          <div className="charts">
            <CurveChart runs={runs} title="training loss (EMA 0.8)" value={(p) => p.loss} smoothing={0.8} />
            <CurveChart runs={runs} title="gradient norm (before clipping)" value={(p) => p.gradNorm} />
            <CurveChart runs={runs} title="learning rate" value={(p) => p.lr} />
            {evalSets.flatMap((evalSet) =>
              SUMMARY_MEASURES.map((m) => <MetricChart key={`${evalSet}-${m.key}`} runs={runs} evalSet={evalSet} measure={m.key} label={m.label} />),
            )}
          </div>
        </section>
      )}
      <SnapshotResults snapshot={snapshot} />
    </div>
  );
}
