import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { optimizerDescriptor, type OptimizerName } from '../../core/optim/registry';
import type { CurvePoint, EvaluationRecord } from '../../core/snapshot/schema';
import { summarize } from '../../core/trec/evaluate';

export interface ChartRun {
  runId: string;
  arm: string;
  optimizer: OptimizerName;
  seed: number;
  curve: CurvePoint[];
  evaluations: EvaluationRecord[];
}

const DASHES = ['', '6 3', '2 2', '8 3 2 3'];

function styleOf(runs: ChartRun[], run: ChartRun) {
  const armNames = [...new Set(runs.filter((r) => r.optimizer === run.optimizer).map((r) => r.arm))];
  const seeds = [...new Set(runs.map((r) => r.seed))].sort((a, b) => a - b);
  // Each optimizer's arms in its registry colours (core/optim/registry.ts).
  const colours = optimizerDescriptor(run.optimizer).colours;
  return { stroke: colours[armNames.indexOf(run.arm) % colours.length], strokeDasharray: DASHES[seeds.indexOf(run.seed) % DASHES.length] };
}

/** Rows keyed by step with one column per run: Recharts' shape for several lines on one axis. */
function byStep(runs: ChartRun[], value: (p: CurvePoint) => number, smoothing: number) {
  const rows = new Map<number, Record<string, number>>();
  for (const run of runs) {
    let ema: number | null = null;
    for (const point of run.curve) {
      const v = value(point);
      if (!Number.isFinite(v)) continue;
      ema = ema === null ? v : smoothing * ema + (1 - smoothing) * v;
      const row = rows.get(point.step) ?? { step: point.step };
      row[run.runId] = ema;
      rows.set(point.step, row);
    }
  }
  return [...rows.values()].sort((a, b) => a.step - b.step);
}

export function CurveChart({
  runs,
  title,
  value,
  smoothing = 0,
  logScale = false,
}: {
  runs: ChartRun[];
  title: string;
  value: (p: CurvePoint) => number;
  smoothing?: number;
  logScale?: boolean;
}) {
  const data = byStep(runs, value, smoothing);
  return (
    <figure className="chart" aria-label={title}>
      <figcaption>{title}</figcaption>
      <ResponsiveContainer width="100%" height={220}>
        <LineChart data={data} margin={{ top: 4, right: 16, bottom: 4, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e3e8ee" />
          <XAxis dataKey="step" type="number" domain={['dataMin', 'dataMax']} allowDecimals={false} />
          <YAxis scale={logScale ? 'log' : 'auto'} domain={['auto', 'auto']} width={64} tickFormatter={(v: number) => v.toPrecision(3)} />
          <Tooltip formatter={(v) => (typeof v === 'number' ? v.toPrecision(4) : String(v))} labelFormatter={(s) => `step ${s}`} />
          <Legend />
          {runs.map((run) => (
            <Line
              key={run.runId}
              dataKey={run.runId}
              name={`${run.arm} · seed ${run.seed}`}
              dot={false}
              isAnimationActive={false}
              strokeWidth={1.6}
              {...styleOf(runs, run)}
              connectNulls
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}

/** A measure's mean over queries at each evaluation step (recomputed from the per-query values). */
export function MetricChart({ runs, evalSet, measure, label }: { runs: ChartRun[]; evalSet: string; measure: string; label: string }) {
  const rows = new Map<number, Record<string, number>>();
  for (const run of runs) {
    for (const e of run.evaluations) {
      if (e.evalSet !== evalSet) continue;
      const all = summarize(e.perQuery);
      if (!(measure in all)) continue;
      const row = rows.get(e.step) ?? { step: e.step };
      row[run.runId] = all[measure];
      rows.set(e.step, row);
    }
  }
  const data = [...rows.values()].sort((a, b) => a.step - b.step);
  // One evaluation makes no curve; its numbers are in the results table.
  if (data.length < 2) return null;
  return (
    <figure className="chart" aria-label={`${label} on ${evalSet}`}>
      <figcaption>
        {label} on {evalSet} (mean over queries)
      </figcaption>
      <ResponsiveContainer width="100%" height={200}>
        <LineChart data={data} margin={{ top: 4, right: 16, bottom: 4, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e3e8ee" />
          <XAxis dataKey="step" type="number" domain={['dataMin', 'dataMax']} allowDecimals={false} />
          <YAxis domain={[0, 'auto']} width={56} tickFormatter={(v: number) => v.toFixed(2)} />
          <Tooltip formatter={(v) => (typeof v === 'number' ? v.toFixed(4) : String(v))} labelFormatter={(s) => `step ${s}`} />
          <Legend />
          {runs.map((run) => (
            <Line
              key={run.runId}
              dataKey={run.runId}
              name={`${run.arm} · seed ${run.seed}`}
              isAnimationActive={false}
              strokeWidth={1.6}
              {...styleOf(runs, run)}
              connectNulls
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
