import { useMemo, useState } from 'react';
import type { XAxisMode } from '../../../core/chart/series';
import { optimizerDescriptor, type OptimizerName } from '../../../core/optim/registry';
import { measureLabel } from '../../../core/snapshot/markdown';
import type { CurvePoint, EvaluationRecord } from '../../../core/snapshot/schema';
import { curvesFigure } from '../figures/figureSpecs';
import { armColour, type ChartArm } from './armColours';
import { curveArmSeries, evaluationArmSeries, type SeedMode } from './seriesData';
import { SeriesChart } from './SeriesChart';

export interface ChartRun {
  runId: string;
  arm: string;
  optimizer: OptimizerName;
  seed: number;
  curve: CurvePoint[];
  evaluations: EvaluationRecord[];
}

export interface DashboardProps {
  runs: readonly ChartRun[];
  arms: readonly ChartArm[];
  evalSets: readonly { name: string; measures: readonly string[] }[];
  /** The runs' step count: evaluation charts by step span 0 to it. */
  steps?: number;
  /** Offer the loss and evaluation charts as figures for a paper, named after this experiment. */
  figures?: { experiment: string; loss: string };
}

/**
 * The live dashboard (and a snapshot's): training loss with EMA smoothing over the faint raw curve, learning
 * rate, gradient norm, examples/s and ms per step, and every evaluation measure per evaluation set from the
 * first evaluation on; x by step or wall time; seeds as a mean with a min–max band or one line each.
 */
export function Dashboard({ runs, arms, evalSets, steps, figures }: DashboardProps) {
  const [smoothing, setSmoothing] = useState(0.6);
  const [xAxis, setXAxis] = useState<XAxisMode>('step');
  const [seedMode, setSeedMode] = useState<SeedMode>('mean');
  const armNames = useMemo(() => arms.map((a) => a.name), [arms]);
  const multiSeed = useMemo(() => arms.some((a) => runs.filter((r) => r.arm === a.name).length > 1), [arms, runs]);

  const curves = useMemo(() => {
    const of = (value: (p: CurvePoint) => number, smooth = 0) => curveArmSeries(runs, armNames, value, xAxis, smooth);
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
          arms: evaluationArmSeries(runs, armNames, set.name, measure, xAxis),
        })),
      ),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [evaluationKey, evalSets, armNames],
  );

  // By step, evaluation charts span the training (0 to the last step), so a single evaluation sits where it was taken.
  const evaluationSpan = useMemo(() => (steps ? ([0, steps] as const) : null), [steps]);
  const shownSeedMode = multiSeed ? seedMode : 'seeds';
  // Each chart's figure, built only when downloaded; stable between renders, so the charts' memo holds.
  const experiment = figures?.experiment;
  const loss = figures?.loss;
  const lossFigure = useMemo(() => {
    if (experiment === undefined || loss === undefined) return undefined;
    return () =>
      curvesFigure({
        experiment,
        chartArms: arms,
        seedMode: shownSeedMode,
        xAxis,
        quantity: { kind: 'loss', loss },
        arms: curves.loss,
        raw: curves.lossRaw,
        smoothing,
      });
  }, [experiment, loss, arms, shownSeedMode, xAxis, curves, smoothing]);
  const evaluationFigures = useMemo(() => {
    if (experiment === undefined) return new Map<string, undefined>();
    const common = { experiment, chartArms: arms, seedMode: shownSeedMode, xAxis, span: evaluationSpan };
    return new Map(
      evaluations.map((e) => [
        `${e.evalSet}-${e.measure}`,
        () => curvesFigure({ ...common, quantity: { kind: 'evaluation', evalSet: e.evalSet, measure: e.measure }, arms: e.arms }),
      ]),
    );
  }, [experiment, arms, shownSeedMode, xAxis, evaluations, evaluationSpan]);
  if (runs.every((r) => r.curve.length === 0 && r.evaluations.length === 0)) return null;
  const common = { chartArms: arms, seedMode: shownSeedMode, xAxis };
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
          figure={lossFigure}
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
            figure={evaluationFigures.get(`${e.evalSet}-${e.measure}`)}
            {...common}
          />
        ))}
      </div>
    </section>
  );
}
