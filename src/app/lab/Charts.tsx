import { memo, useId, useMemo, useState } from 'react';
import { Area, CartesianGrid, ComposedChart, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { armSeries, curveSeries, evaluationSeries, yExtent, type ArmSeries, type XAxisMode } from '../../core/chart/series';
import { axisWidth, formatValue, linearAxis, type Axis } from '../../core/chart/ticks';
import { optimizerDescriptor, type OptimizerName } from '../../core/optim/registry';
import { armColour, seedDash, type ChartArm } from './armColours';
import { measureLabel } from '../../core/snapshot/markdown';
import type { CurvePoint, EvaluationRecord } from '../../core/snapshot/schema';

export { armColour, seedDash, type ChartArm };

export interface ChartRun {
  runId: string;
  arm: string;
  optimizer: OptimizerName;
  seed: number;
  curve: CurvePoint[];
  evaluations: EvaluationRecord[];
}

interface Drawn {
  key: string;
  label: string;
  colour: string;
  dash?: string;
  opacity: number;
  width: number;
  band: boolean;
  /** x → y (or [min, max] for a band) */
  values: Map<number, number | [number, number]>;
}

type SeedMode = 'mean' | 'seeds';

function drawnSeries(arms: readonly ArmSeries[], chartArms: readonly ChartArm[], mode: SeedMode, raw: readonly ArmSeries[] | null): Drawn[] {
  const out: Drawn[] = [];
  for (const arm of arms) {
    const colour = armColour(chartArms, arm.arm);
    const seeds = arm.runs.map((r) => r.seed);
    const rawArm = raw?.find((r) => r.arm === arm.arm);
    if (mode === 'mean' && arm.runs.length > 1) {
      out.push({
        key: `${arm.arm}|band`,
        label: `${arm.arm} min–max over ${arm.runs.length} seeds`,
        colour,
        opacity: 0.18,
        width: 0,
        band: true,
        values: new Map(arm.band.map((b) => [b.x, [b.min, b.max]])),
      });
      if (rawArm)
        out.push({
          key: `${arm.arm}|raw`,
          label: `${arm.arm} mean (raw)`,
          colour,
          opacity: 0.25,
          width: 1,
          band: false,
          values: new Map(rawArm.band.map((b) => [b.x, b.mean])),
        });
      out.push({
        key: `${arm.arm}|mean`,
        label: `${arm.arm} mean of ${arm.runs.length} seeds`,
        colour,
        opacity: 1,
        width: 2,
        band: false,
        values: new Map(arm.band.map((b) => [b.x, b.mean])),
      });
      continue;
    }
    for (const run of arm.runs) {
      const rawRun = rawArm?.runs.find((r) => r.runId === run.runId);
      if (rawRun)
        out.push({
          key: `${run.runId}|raw`,
          label: `${arm.arm} · seed ${run.seed} (raw)`,
          colour,
          dash: seedDash(seeds, run.seed),
          opacity: 0.25,
          width: 1,
          band: false,
          values: new Map(rawRun.points.map((p) => [p.x, p.y])),
        });
      out.push({
        key: run.runId,
        label: `${arm.arm} · seed ${run.seed}`,
        colour,
        dash: seedDash(seeds, run.seed),
        opacity: 1,
        width: 1.8,
        band: false,
        values: new Map(run.points.map((p) => [p.x, p.y])),
      });
    }
  }
  return out;
}

/** `span`: steps the axis covers at least (an evaluation chart spans the training, so one point sits where it was taken). */
function xAxisOf(drawn: readonly Drawn[], mode: XAxisMode, span: readonly [number, number] | null): Axis {
  const xs = drawn.flatMap((d) => [...d.values.keys()]);
  const stepSpan = mode === 'step' && span ? span : null;
  const low = Math.min(...xs, ...(stepSpan ? [stepSpan[0]] : []), ...(xs.length || stepSpan ? [] : [0]));
  const high = Math.max(...xs, ...(stepSpan ? [stepSpan[1]] : []), ...(xs.length || stepSpan ? [] : [1]));
  if (mode === 'step' && high - low < 4) {
    const ticks: number[] = [];
    for (let s = Math.floor(low); s <= Math.max(Math.ceil(high), Math.floor(low) + 1); s++) ticks.push(s);
    return { domain: [ticks[0], ticks[ticks.length - 1]], ticks, labels: ticks.map(String) };
  }
  return linearAxis(low, high, 6);
}

export interface SeriesChartProps {
  /** Also the table's caption and the figure's accessible name. */
  title: string;
  /** Stable id for tests: the table is `chart-table-<id>`. */
  id: string;
  arms: readonly ArmSeries[];
  chartArms: readonly ChartArm[];
  seedMode: SeedMode;
  xAxis: XAxisMode;
  /** The unsmoothed series, drawn faint behind (loss). */
  raw?: readonly ArmSeries[] | null;
  dots?: boolean;
  height?: number;
  /** By step, the x axis covers at least these steps (evaluation charts: from 0 to the run's last step). */
  span?: readonly [number, number] | null;
}

/** One chart of the dashboard: arms in their colours, seeds as a mean with a min–max band or as dashed lines, and a table of the same numbers. */
export const SeriesChart = memo(function SeriesChart({
  title,
  id,
  arms,
  chartArms,
  seedMode,
  xAxis,
  raw = null,
  dots = false,
  height = 210,
  span = null,
}: SeriesChartProps) {
  const [asTable, setAsTable] = useState(false);
  const tableId = useId();
  const drawn = useMemo(() => drawnSeries(arms, chartArms, seedMode, raw), [arms, chartArms, seedMode, raw]);
  const rows = useMemo(() => {
    const xs = [...new Set(drawn.flatMap((d) => [...d.values.keys()]))].sort((a, b) => a - b);
    return xs.map((x) => {
      const row: Record<string, number | [number, number]> = { x };
      for (const d of drawn) {
        const v = d.values.get(x);
        if (v !== undefined) row[d.key] = v;
      }
      return row;
    });
  }, [drawn]);
  const yAxis = useMemo(() => {
    const bands = seedMode === 'mean' && arms.some((a) => a.runs.length > 1);
    const [low, high] = yExtent(arms, bands);
    const [rawLow, rawHigh] = raw ? yExtent(raw, false) : [low, high];
    return linearAxis(Math.min(low, rawLow), Math.max(high, rawHigh));
  }, [arms, raw, seedMode]);
  const xAxisTicks = useMemo(() => xAxisOf(drawn, xAxis, span), [drawn, xAxis, span]);
  // One evaluation gives one point per line: say so, rather than leave a reader to wonder where the curve went.
  const evaluatedAt = [...new Set(drawn.flatMap((d) => [...d.values.keys()]))];
  const yLabels = useMemo(() => new Map(yAxis.ticks.map((t, i) => [t, yAxis.labels[i]])), [yAxis]);
  const xLabels = useMemo(() => new Map(xAxisTicks.ticks.map((t, i) => [t, xAxisTicks.labels[i]])), [xAxisTicks]);
  const lines = drawn.filter((d) => !d.band);
  if (rows.length === 0) return null;
  return (
    <figure className="chart" aria-label={title} data-testid={`chart-${id}`}>
      <figcaption>
        <span>{title}</span>
        <button type="button" className="link" aria-expanded={asTable} aria-controls={tableId} onClick={() => setAsTable((v) => !v)}>
          {asTable ? 'Show as chart' : 'Show as table'}
        </button>
      </figcaption>
      {asTable ? (
        <div className="table-scroll" id={tableId}>
          <table data-testid={`chart-table-${id}`}>
            <caption className="sr-only">{title}</caption>
            <thead>
              <tr>
                <th scope="col">{xAxis === 'step' ? 'step' : 'seconds'}</th>
                {drawn.map((d) =>
                  d.band ? (
                    <th scope="col" key={d.key} colSpan={2}>
                      {d.label}
                    </th>
                  ) : (
                    <th scope="col" key={d.key} data-series={d.key}>
                      {d.label}
                    </th>
                  ),
                )}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.x as number}>
                  <th scope="row">{formatValue(row.x as number)}</th>
                  {drawn.map((d) => {
                    const v = row[d.key];
                    if (d.band) {
                      const [low, high] = (v as [number, number] | undefined) ?? [Number.NaN, Number.NaN];
                      return [
                        <td key={`${d.key}-min`}>{v === undefined ? '' : String(low)}</td>,
                        <td key={`${d.key}-max`}>{v === undefined ? '' : String(high)}</td>,
                      ];
                    }
                    // full precision: the table is the chart's numbers, not a rounding of them
                    return <td key={d.key}>{v === undefined ? '' : String(v)}</td>;
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <ResponsiveContainer width="100%" height={height}>
          <ComposedChart data={rows} margin={{ top: 6, right: 14, bottom: 2, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e3e8ee" />
            <XAxis
              dataKey="x"
              type="number"
              domain={xAxisTicks.domain}
              ticks={xAxisTicks.ticks}
              tickFormatter={(v: number) => xLabels.get(v) ?? formatValue(v)}
              allowDataOverflow
              fontSize={11}
            />
            <YAxis
              type="number"
              domain={yAxis.domain}
              ticks={yAxis.ticks}
              tickFormatter={(v: number) => yLabels.get(v) ?? formatValue(v)}
              width={axisWidth(yAxis.labels)}
              allowDataOverflow
              fontSize={11}
            />
            <Tooltip
              formatter={(v, name) => [Array.isArray(v) ? `${formatValue(Number(v[0]))} – ${formatValue(Number(v[1]))}` : formatValue(Number(v)), name]}
              labelFormatter={(x) => (xAxis === 'step' ? `step ${x}` : `${formatValue(Number(x))} s`)}
            />
            {drawn.map((d) =>
              d.band ? (
                <Area
                  key={d.key}
                  dataKey={d.key}
                  name={d.label}
                  stroke="none"
                  fill={d.colour}
                  fillOpacity={d.opacity}
                  isAnimationActive={false}
                  connectNulls
                  legendType="none"
                />
              ) : (
                <Line
                  key={d.key}
                  dataKey={d.key}
                  name={d.label}
                  stroke={d.colour}
                  strokeOpacity={d.opacity}
                  strokeDasharray={d.dash}
                  strokeWidth={d.width}
                  dot={dots ? { r: 3, fill: d.colour } : false}
                  isAnimationActive={false}
                  connectNulls
                />
              ),
            )}
          </ComposedChart>
        </ResponsiveContainer>
      )}
      {span && evaluatedAt.length === 1 && (
        <p className="muted chart-note" data-testid={`chart-note-${id}`}>
          One evaluation so far (step {formatValue(evaluatedAt[0])}): a curve needs more — <code>evaluateEvery</code> evaluates along the way,{' '}
          <code>evaluateAtStart</code> before the first step.
        </p>
      )}
      {!asTable && (
        <ul className="legend" aria-hidden="true">
          {lines
            .filter((d) => d.opacity === 1 && d.values.size > 0)
            .map((d) => (
              <li key={d.key}>
                <svg width="22" height="8">
                  <line x1="0" y1="4" x2="22" y2="4" stroke={d.colour} strokeWidth={2} strokeDasharray={d.dash} />
                </svg>
                {d.label}
              </li>
            ))}
        </ul>
      )}
    </figure>
  );
});

export interface DashboardProps {
  runs: readonly ChartRun[];
  arms: readonly ChartArm[];
  evalSets: readonly { name: string; measures: readonly string[] }[];
  /** The runs' step count: evaluation charts by step span 0 to it. */
  steps?: number;
}

/**
 * The live dashboard (and a snapshot's): training loss with EMA smoothing over the faint raw curve, learning
 * rate, gradient norm, examples/s and ms per step, and every evaluation measure per evaluation set from the
 * first evaluation on; x by step or wall time; seeds as a mean with a min–max band or one line each.
 */
export function Dashboard({ runs, arms, evalSets, steps }: DashboardProps) {
  const [smoothing, setSmoothing] = useState(0.6);
  const [xAxis, setXAxis] = useState<XAxisMode>('step');
  const [seedMode, setSeedMode] = useState<SeedMode>('mean');
  const armNames = useMemo(() => arms.map((a) => a.name), [arms]);
  const multiSeed = useMemo(() => arms.some((a) => runs.filter((r) => r.arm === a.name).length > 1), [arms, runs]);

  const curves = useMemo(() => {
    const of = (value: (p: CurvePoint) => number, smooth = 0) =>
      armSeries(
        runs.map((r) => curveSeries(r, value, xAxis, smooth)),
        armNames,
      );
    return {
      loss: of((p) => p.loss, smoothing),
      lossRaw: smoothing > 0 ? of((p) => p.loss) : null,
      lr: of((p) => p.lr),
      gradNorm: of((p) => p.gradNorm),
      examplesPerSecond: of((p) => p.examplesPerSecond),
      ms: of((p) => p.ms),
    };
  }, [runs, xAxis, smoothing, armNames]);

  // Evaluations change far less often than curves: recompute (and redraw) them only when one arrives.
  const evaluationKey =
    runs.map((r) => `${r.runId}:${r.evaluations.length}`).join(',') + (xAxis === 'time' ? `:${runs.map((r) => r.curve.length).join(',')}` : '');
  const evaluations = useMemo(
    () =>
      evalSets.flatMap((set) =>
        set.measures.map((measure) => ({
          evalSet: set.name,
          measure,
          arms: armSeries(
            runs.map((r) => evaluationSeries(r, set.name, measure, xAxis)),
            armNames,
          ),
        })),
      ),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [evaluationKey, evalSets, armNames],
  );

  // By step, evaluation charts span the training (0 to the last step), so a single evaluation sits where it was taken.
  const evaluationSpan = useMemo(() => (steps ? ([0, steps] as const) : null), [steps]);
  if (runs.every((r) => r.curve.length === 0 && r.evaluations.length === 0)) return null;
  const common = { chartArms: arms, seedMode: multiSeed ? seedMode : ('seeds' as const), xAxis };
  const xName = xAxis === 'step' ? 'step' : 'wall time (s)';
  return (
    <section className="panel dashboard" aria-label="Dashboard">
      <div className="panel-head">
        <h2>Dashboard</h2>
        <div className="controls" role="group" aria-label="Chart options">
          <label>
            loss smoothing (EMA){' '}
            <input
              type="range"
              min={0}
              max={0.99}
              step={0.01}
              value={smoothing}
              onChange={(e) => setSmoothing(Number(e.target.value))}
              aria-valuetext={`${smoothing.toFixed(2)}`}
            />{' '}
            <output>{smoothing.toFixed(2)}</output>
          </label>
          <label>
            x-axis{' '}
            <select value={xAxis} onChange={(e) => setXAxis(e.target.value as XAxisMode)}>
              <option value="step">step</option>
              <option value="time">wall time</option>
            </select>
          </label>
          {multiSeed && (
            <label>
              seeds{' '}
              <select value={seedMode} onChange={(e) => setSeedMode(e.target.value as SeedMode)}>
                <option value="mean">mean with min–max band</option>
                <option value="seeds">each seed</option>
              </select>
            </label>
          )}
        </div>
      </div>
      <ul className="arm-key" aria-label="Arm colours">
        {arms.map((a) => (
          <li key={a.name}>
            <span className="swatch" style={{ background: armColour(arms, a.name) }} /> {a.name} ({optimizerDescriptor(a.optimizer).label})
          </li>
        ))}
      </ul>
      <div className="charts">
        <SeriesChart
          id="loss"
          title={`training loss by ${xName}${smoothing > 0 ? ` (EMA ${smoothing.toFixed(2)}, raw faint)` : ''}`}
          arms={curves.loss}
          raw={curves.lossRaw}
          {...common}
        />
        <SeriesChart id="lr" title={`learning rate by ${xName}`} arms={curves.lr} {...common} />
        <SeriesChart id="grad-norm" title={`gradient norm (before clipping) by ${xName}`} arms={curves.gradNorm} {...common} />
        <SeriesChart id="examples-per-second" title={`examples/s by ${xName}`} arms={curves.examplesPerSecond} {...common} />
        <SeriesChart id="ms-per-step" title={`ms per step by ${xName}`} arms={curves.ms} {...common} />
        {evaluations.map((e) => (
          <SeriesChart
            key={`${e.evalSet}-${e.measure}`}
            id={`${e.evalSet}-${e.measure}`}
            title={`${measureLabel(e.measure)} on ${e.evalSet} (mean over queries) by ${xName}`}
            arms={e.arms}
            dots
            span={evaluationSpan}
            {...common}
          />
        ))}
      </div>
    </section>
  );
}
