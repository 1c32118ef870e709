import { useId, useMemo, useState } from 'react';
import { expandTuningStudy } from '../../../core/experiment/tuning';
import { adapterName } from '../../../core/snapshot/merge';
import { isSweepSnapshot, type Snapshot, type SweepSnapshot } from '../../../core/snapshot/schema';
import type { TuningView } from '../../components/results/TuningResults';
import { LazySnapshotView, LazySweepResults, LazyTuningResults } from '../../components/results/lazy';
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

function adapterNameOf(snapshot: Snapshot): string {
  const adapter = snapshot.environment.adapter;
  return `${adapterName(adapter)}${adapter.isSoftware ? ' (a software adapter)' : ''}`;
}

/**
 * The read-only viewer: an opened snapshot's dashboard and results (the live page's views), every number recomputed from its per-query
 * values, under a banner that says so and a way back to the lab. A sweep's snapshot shows the sweep's gap-by-size view and, picked
 * one at a time, each experiment's own views. Nothing in it is stored or run, and everything from the snapshot is rendered as text
 * (React escapes it).
 */
export function SnapshotViewer() {
  const { opened, store } = useOpenedSnapshot();
  if (!opened) return null;
  const { snapshot, source } = opened;
  const omittedNote =
    source.kind === 'link' && source.omitted.includes('trec-runs') && ' This link left out the reranked TREC runs to fit; the snapshot file has them.';
  return (
    <div className="snapshot-viewer" data-testid="snapshot-viewer">
      <section className="panel viewing-banner" aria-label="Viewing a snapshot">
        <h2>Viewing a snapshot (read-only)</h2>
        {isSweepSnapshot(snapshot) ? (
          <p data-testid="snapshot-source">
            <strong>sweep {snapshot.sweep.name}</strong> from {sourceText(source)}, made {new Date(snapshot.createdAt).toLocaleString()}:{' '}
            {snapshot.members.length} of its {snapshot.sweep.experiments} experiments, on {[...new Set(snapshot.members.map(adapterNameOf))].join('; ')}.
          </p>
        ) : snapshot.merge ? (
          <p data-testid="snapshot-source">
            <strong>{snapshot.config.name}</strong> from {sourceText(source)}, merged {new Date(snapshot.createdAt).toLocaleString()} by Rerank Lab{' '}
            {snapshot.merge.app.version} ({snapshot.merge.app.commit}) from {snapshot.merge.sources.length} snapshots:{' '}
            {snapshot.merge.sources.map((s) => `${s.file} (${s.environment.runtime.kind}, ${adapterName(s.environment.adapter)})`).join('; ')}; config{' '}
            <code>{snapshot.configHash.slice(0, 12)}</code>, {snapshot.runs.length} runs, each recording the snapshot it came from.
          </p>
        ) : (
          <p data-testid="snapshot-source">
            <strong>{snapshot.config.name}</strong> from {sourceText(source)}, made {new Date(snapshot.createdAt).toLocaleString()} on {adapterNameOf(snapshot)}
            , {snapshot.environment.runtime.kind === 'node' ? 'headless runner' : 'browser'}, Rerank Lab {snapshot.environment.app.version} (
            {snapshot.environment.app.commit}); config <code>{snapshot.configHash.slice(0, 12)}</code>, {snapshot.runs.length} runs.
          </p>
        )}
        <p className="muted">
          Nothing here is stored or trained: every number below is recomputed in this page from the per-query values inside the snapshot.
          {omittedNote}
        </p>
        <button type="button" onClick={() => store.close()}>
          Close snapshot, back to the lab
        </button>
      </section>
      {isSweepSnapshot(snapshot) ? (
        <SweepSnapshotView key={snapshot.createdAt + snapshot.sweep.name} sweep={snapshot} />
      ) : (
        <ExperimentView snapshot={snapshot} />
      )}
    </div>
  );
}

function ExperimentView({ snapshot }: { snapshot: Snapshot }) {
  const tuning = useMemo(() => tuningViewOf(snapshot), [snapshot]);
  return (
    <>
      {tuning && <LazyTuningResults view={tuning} />}
      <LazySnapshotView snapshot={snapshot} />
    </>
  );
}

/** A sweep's snapshot: the gap by model size over its experiments, then one experiment's own dashboard and results, as picked. */
function SweepSnapshotView({ sweep }: { sweep: SweepSnapshot }) {
  const finished = useMemo(() => sweep.members.map((snapshot) => ({ id: snapshot.config.name, snapshot })), [sweep]);
  const [picked, setPicked] = useState<number | null>(null);
  const pickerId = useId();
  const member = picked === null ? null : sweep.members[picked];
  return (
    <>
      <LazySweepResults name={sweep.sweep.name} total={sweep.sweep.experiments} finished={finished} snapshot={sweep} />
      <section className="panel" aria-label="Sweep experiment">
        <h2>One experiment of the sweep</h2>
        <label htmlFor={pickerId}>Experiment: </label>
        <select id={pickerId} value={picked ?? ''} onChange={(e) => setPicked(e.target.value === '' ? null : Number(e.target.value))}>
          <option value="">choose one to see its dashboard and results…</option>
          {sweep.members.map((m, i) => (
            <option key={m.config.name} value={i}>
              {m.config.name}
            </option>
          ))}
        </select>
      </section>
      {member && <ExperimentView key={picked} snapshot={member} />}
    </>
  );
}
