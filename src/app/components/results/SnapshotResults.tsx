/**
 * The results of one experiment, from its snapshot alone: so the live page (once every run has ended) and the
 * read-only snapshot viewer show the same thing. Every number is recomputed by the pure core from the
 * snapshot's per-query values (core/snapshot/summary.ts and results.ts).
 *
 * Exports for other views:
 * - `SnapshotResults` — results, the comparison report (ReportPanel), scatter, config diff, downloads.
 * - `SnapshotView` — the dashboard of the snapshot's curves, then its results (what a viewer shows).
 * Their parts: the tables (../tables/ArmResultsTable, ConfigDiff, SummaryTable), the per-query scatter
 * (QueryScatter), the downloads (snapshotFiles), a snapshot as the dashboard's input (../charts/chartInputs).
 */
import { useMemo } from 'react';
import { baselineArmOf } from '../../../core/experiment/schema';
import { summaryMarkdown } from '../../../core/snapshot/markdown';
import { perQueryCsv } from '../../../core/snapshot/results';
import type { Snapshot } from '../../../core/snapshot/schema';
import { summarizeSnapshot, type SnapshotSummary } from '../../../core/snapshot/summary';
import { armColour } from '../charts/armColours';
import { chartArmsOf, chartRunsOfSnapshot } from '../charts/chartInputs';
import { Dashboard } from '../charts/Dashboard';
import { ShareControls } from '../share/ShareControls';
import { ArmResultsTable } from '../tables/ArmResultsTable';
import { ConfigDiff } from '../tables/ConfigDiff';
import { SummaryTable } from '../tables/SummaryTable';
import { snapshotScatters } from '../figures/figureData';
import { QueryScatter } from './QueryScatter';
import { ReportPanel } from './ReportPanel';
import { downloadBytes, fileSafe, trecRunsZip } from './snapshotFiles';
import { useQueryTexts } from './useQueryTexts';

export interface SnapshotResultsProps {
  snapshot: Snapshot;
  /** The summary, when the caller has it already (it is recomputed otherwise). */
  summary?: SnapshotSummary;
  /** Hides the export of the snapshot itself (a viewer may offer its own). */
  hideSnapshotExport?: boolean;
}

/** Results of a finished experiment, recomputed from its snapshot's per-query values: tables, per-query scatter, config diff, downloads. */
export function SnapshotResults({ snapshot, summary: given, hideSnapshotExport = false }: SnapshotResultsProps) {
  const summary = useMemo(() => given ?? summarizeSnapshot(snapshot), [given, snapshot]);
  const texts = useQueryTexts(snapshot.config.evalSets);
  const baseline = baselineArmOf(snapshot.config);
  const others = snapshot.config.arms.filter((a) => a.name !== baseline);
  const scatters = useMemo(() => snapshotScatters(snapshot), [snapshot]);
  const tiny = snapshot.config.model.kind === 'random' && snapshot.config.model.hidden < 256;
  const name = fileSafe(snapshot.config.name);
  return (
    <section className="panel results" aria-label="Results">
      <h2>Results</h2>
      {tiny && (
        <p className="warning" data-testid="tiny-model-note">
          These numbers come from a tiny randomly initialised model trained for {snapshot.config.steps} steps: it barely moves from its random start, so expect
          poor metrics and arms that hardly differ. They are real measurements of this run, not a finding about Lion or AdamW — for that, fine-tune a pretrained
          model (the seed-study preset) on a real GPU.
        </p>
      )}
      <SummaryTable summary={summary} />
      <ArmResultsTable snapshot={snapshot} />
      <ReportPanel snapshot={snapshot} />
      {others.length > 0 && (
        <>
          <h3>Per query</h3>
          {scatters.length === 0 && <p className="muted">No per-query scatter: no query has a final NDCG@10 from both arms in a seed both completed.</p>}
          <div className="charts">
            {scatters.map((s) => (
              <QueryScatter
                key={`${s.evalSet}-${s.treatment}`}
                points={s.points}
                evalSet={s.evalSet}
                baseline={baseline}
                treatment={s.treatment}
                colour={armColour(chartArmsOf(snapshot.config), s.treatment)}
                texts={texts[s.evalSet]}
                experiment={snapshot.config.name}
              />
            ))}
          </div>
          <h3>Config diff</h3>
          <ConfigDiff snapshot={snapshot} />
        </>
      )}
      <h3>Share and download</h3>
      {!hideSnapshotExport && <ShareControls snapshot={snapshot} />}
      <div className="row" role="group" aria-label="Downloads">
        <button type="button" className="secondary" onClick={() => downloadBytes(trecRunsZip(snapshot), `${name}.trec-runs.zip`, 'application/zip')}>
          TREC runs (.zip)
        </button>
        <button type="button" className="secondary" onClick={() => downloadBytes(perQueryCsv(snapshot), `${name}.per-query.csv`, 'text/csv')}>
          Per-query values (.csv)
        </button>
        <button type="button" className="secondary" onClick={() => downloadBytes(summaryMarkdown(summary), `${name}.summary.md`, 'text/markdown')}>
          summary.md
        </button>
      </div>
      <p className="muted">
        The snapshot holds the config, the adapter, every curve, batch hash, per-query value and reranked run; whoever opens it recomputes every number above
        from the per-query values. Each finished run&apos;s trained model downloads from the Runs table.
      </p>
    </section>
  );
}

/** A snapshot as the live page shows an experiment: its dashboard, then its results. For the read-only viewer. */
export function SnapshotView({ snapshot, hideSnapshotExport = false }: { snapshot: Snapshot; hideSnapshotExport?: boolean }) {
  const runs = useMemo(() => chartRunsOfSnapshot(snapshot), [snapshot]);
  const arms = useMemo(() => chartArmsOf(snapshot.config), [snapshot]);
  return (
    <>
      <Dashboard
        runs={runs}
        arms={arms}
        evalSets={snapshot.config.evalSets}
        steps={snapshot.config.steps}
        figures={{ experiment: snapshot.config.name, loss: snapshot.config.loss.kind }}
      />
      <SnapshotResults snapshot={snapshot} hideSnapshotExport={hideSnapshotExport} />
    </>
  );
}
