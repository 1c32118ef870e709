/**
 * The results of one experiment, from its snapshot alone: so the live page (once every run has ended) and the
 * read-only snapshot viewer show the same thing. Every number is recomputed by the pure core from the
 * snapshot's per-query values (core/snapshot/summary.ts and results.ts).
 *
 * Exports for other views:
 * - `SnapshotResults` — results, scatter, config diff, downloads.
 * - `SnapshotView` — the dashboard of the snapshot's curves, then its results (what a viewer shows).
 * - `chartRunsOfSnapshot` — a snapshot's runs as the dashboard's input.
 */
import { useEffect, useMemo, useState } from 'react';
import { CartesianGrid, ReferenceLine, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from 'recharts';
import { strToU8, zipSync } from 'fflate';
import { formatValue, linearAxis } from '../../core/chart/ticks';
import { baselineArmOf } from '../../core/experiment/schema';
import type { FileRef } from '../../core/experiment/schema';
import { measureLabel, summaryMarkdown } from '../../core/snapshot/markdown';
import { armConfigDiff, armMeasureResults, perQueryCsv, queryScatter, type QueryPoint } from '../../core/snapshot/results';
import type { Snapshot } from '../../core/snapshot/schema';
import { ShareControls } from '../snapshots/ShareControls';
import { summarizeSnapshot, type SnapshotSummary } from '../../core/snapshot/summary';
import { parseTopics, type Topics } from '../../core/trec';
import { formatTrecRun } from '../../train/trecRun';
import { armColour, type ChartArm } from '../lab/armColours';
import { Dashboard, type ChartRun } from '../lab/Charts';
import { SummaryTable } from '../lab/SummaryTable';
import { ChartOrTable } from './ChartOrTable';

export function downloadBytes(bytes: Uint8Array | string, name: string, type: string) {
  const body = typeof bytes === 'string' ? bytes : (bytes as Uint8Array<ArrayBuffer>);
  const url = URL.createObjectURL(new Blob([body], { type }));
  const link = Object.assign(document.createElement('a'), { href: url, download: name });
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

const fileSafe = (name: string) => name.replace(/[^A-Za-z0-9._-]+/g, '_');

/** The final reranked run of every run × eval set, named as `npm run experiment` names them, zipped. */
export function trecRunsZip(snapshot: Snapshot): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  for (const record of snapshot.runs) {
    for (const evaluation of record.evaluations.filter((e) => e.step === record.stop.step)) {
      const tag = `${record.arm}.seed-${record.seed}`;
      files[`runs/${fileSafe(tag)}.${fileSafe(evaluation.evalSet)}.trec`] = strToU8(formatTrecRun(evaluation.run, tag));
    }
  }
  return zipSync(files, { level: 6 });
}

export function chartRunsOfSnapshot(snapshot: Snapshot): ChartRun[] {
  return snapshot.runs.map((run) => ({
    runId: run.runId,
    arm: run.arm,
    optimizer: snapshot.config.arms.find((a) => a.name === run.arm)?.optimizer ?? 'adamw',
    seed: run.seed,
    curve: run.curve,
    evaluations: run.evaluations,
  }));
}

export function chartArmsOf(config: Snapshot['config']): ChartArm[] {
  return config.arms.map((a) => ({ name: a.name, optimizer: a.optimizer }));
}

/**
 * Query texts for the scatter's hover, from the eval sets' topic files when the lab bundles them (the page's
 * own files; nothing else is fetched). Others show the qid only.
 */
const BUNDLED_DATA_PATH = /^data\/[A-Za-z0-9][A-Za-z0-9._-]*$/;

export function useQueryTexts(evalSets: readonly { name: string; topics: FileRef }[]): Record<string, Topics> {
  const [texts, setTexts] = useState<Record<string, Topics>>({});
  const key = evalSets.map((e) => `${e.name}=${e.topics.source}:${'path' in e.topics ? e.topics.path : ''}`).join('|');
  useEffect(() => {
    let cancelled = false;
    const base = import.meta.env.BASE_URL;
    for (const set of evalSets) {
      if (set.topics.source !== 'bundled') continue;
      const path = set.topics.path;
      // a snapshot is untrusted: only a plain file name under the lab's own data/ folder is fetched
      if (!BUNDLED_DATA_PATH.test(path)) continue;
      fetch(`${base}${path}`)
        .then((response) => (response.ok ? response.text() : Promise.reject(new Error(`${path}: HTTP ${response.status}`))))
        .then((text) => !cancelled && setTexts((t) => ({ ...t, [set.name]: parseTopics(text, path) })))
        .catch(() => undefined); // the qid is shown instead
    }
    return () => {
      cancelled = true;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return texts;
}

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

/** One dot per query: baseline arm's NDCG@10 (x) against another arm's (y), with the diagonal; above it, the other arm won that query. */
export function QueryScatter({
  points,
  evalSet,
  baseline,
  treatment,
  colour,
  texts,
}: {
  points: QueryPoint[];
  evalSet: string;
  baseline: string;
  treatment: string;
  colour: string;
  texts?: Topics;
}) {
  const data = useMemo(() => points.map((p) => ({ ...p, text: texts?.[p.qid] ?? '' })), [points, texts]);
  const axis = useMemo(() => linearAxis(0, Math.max(1e-9, ...points.flatMap((p) => [p.baseline, p.treatment]))), [points]);
  const labels = new Map(axis.ticks.map((t, i) => [t, axis.labels[i]]));
  const above = points.filter((p) => p.treatment > p.baseline).length;
  const below = points.filter((p) => p.treatment < p.baseline).length;
  const title = `${treatment} vs ${baseline}: NDCG@10 per query on ${evalSet}`;
  return (
    <ChartOrTable
      label={title}
      caption={`${title} — ${above} above the diagonal, ${below} below, ${points.length - above - below} on it`}
      className="chart scatter"
      testId={`scatter-${evalSet}-${treatment}`}
      table={() => (
        <table data-testid={`scatter-table-${evalSet}-${treatment}`}>
          <caption className="sr-only">{title}</caption>
          <thead>
            <tr>
              <th scope="col">qid</th>
              <th scope="col">query</th>
              <th scope="col">{baseline}</th>
              <th scope="col">{treatment}</th>
            </tr>
          </thead>
          <tbody>
            {data.map((p) => (
              <tr key={p.qid}>
                <th scope="row">{p.qid}</th>
                <td>{p.text}</td>
                <td>{String(p.baseline)}</td>
                <td>{String(p.treatment)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    >
      <ResponsiveContainer width="100%" height={300}>
        <ScatterChart margin={{ top: 8, right: 16, bottom: 18, left: 4 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e3e8ee" />
          <XAxis
            dataKey="baseline"
            type="number"
            name={baseline}
            domain={axis.domain}
            ticks={axis.ticks}
            tickFormatter={(v: number) => labels.get(v) ?? formatValue(v)}
            label={{ value: `${baseline} NDCG@10`, position: 'insideBottom', offset: -10, fontSize: 11 }}
            fontSize={11}
          />
          <YAxis
            dataKey="treatment"
            type="number"
            name={treatment}
            domain={axis.domain}
            ticks={axis.ticks}
            tickFormatter={(v: number) => labels.get(v) ?? formatValue(v)}
            label={{ value: `${treatment} NDCG@10`, angle: -90, position: 'insideLeft', fontSize: 11 }}
            width={56}
            fontSize={11}
          />
          <ReferenceLine
            segment={[
              { x: axis.domain[0], y: axis.domain[0] },
              { x: axis.domain[1], y: axis.domain[1] },
            ]}
            stroke="#8895a3"
            strokeDasharray="4 4"
            ifOverflow="extendDomain"
          />
          <Tooltip cursor={{ strokeDasharray: '3 3' }} content={<QueryTooltip baseline={baseline} treatment={treatment} />} />
          <Scatter data={data} fill={colour} fillOpacity={0.75} isAnimationActive={false} />
        </ScatterChart>
      </ResponsiveContainer>
    </ChartOrTable>
  );
}

function QueryTooltip({
  active,
  payload,
  baseline,
  treatment,
}: {
  active?: boolean;
  payload?: readonly { payload?: QueryPoint & { text: string } }[];
  baseline: string;
  treatment: string;
}) {
  const p = active ? payload?.[0]?.payload : undefined;
  if (!p) return null;
  return (
    <div className="tooltip" data-testid="scatter-tooltip">
      <strong>query {p.qid}</strong>
      {p.text && <div className="query-text">{p.text}</div>}
      <div>
        {baseline}: {p.baseline.toFixed(4)} · {treatment}: {p.treatment.toFixed(4)} · Δ{' '}
        {(p.treatment - p.baseline >= 0 ? '+' : '') + (p.treatment - p.baseline).toFixed(4)}
      </div>
    </div>
  );
}

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
  const scatters = useMemo(
    () =>
      snapshot.config.evalSets.flatMap((set) =>
        snapshot.config.arms
          .filter((a) => a.name !== baseline)
          .map((arm) => ({ evalSet: set.name, treatment: arm.name, points: queryScatter(snapshot, set.name, arm.name, 'ndcg_cut_10', baseline) }))
          .filter((s) => s.points.length > 0),
      ),
    [snapshot, baseline],
  );
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
      <Dashboard runs={runs} arms={arms} evalSets={snapshot.config.evalSets} steps={snapshot.config.steps} />
      <SnapshotResults snapshot={snapshot} hideSnapshotExport={hideSnapshotExport} />
    </>
  );
}
