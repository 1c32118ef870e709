import { useMemo } from 'react';
import { ResponsiveContainer } from 'recharts';
import type { TuningStudy } from '../../../core/experiment/tuning';
import { fixed4 } from '../../../core/snapshot/markdown';
import type { RunRecord } from '../../../core/snapshot/schema';
import { analyzeTuning, type TuningAnalysis } from '../../../core/snapshot/tuningAnalysis';
import { formatLr, formatRatio, formatSeconds } from '../../../core/snapshot/tuningMarkdown';
import { ChartOrTable } from '../charts/ChartOrTable';
import { SensitivityPlot } from '../charts/SensitivityPlot';
import { lrDecades, sensitivitySeries, spaceLabel } from '../figures/figureData';
import { sensitivityFigure } from '../figures/figureSpecs';

/** What the page shows of a tuning study, every number from core's analyzeTuning over the trials' runs. */
export interface TuningView {
  expanded: TuningStudy;
  /** The trials' runs that have ended (all of them once the final runs have started). */
  trials: RunRecord[];
  phase: 'tuning' | 'final';
}

/**
 * LR sensitivity (dev NDCG@10 against learning rate on a log axis, a point per trial, the spread over seeds as a
 * bar where trials have several) and time to target, for a tuning study in progress or finished.
 */
export function TuningResults({ view }: { view: TuningView }) {
  const { expanded, trials, phase } = view;
  const analysis: TuningAnalysis = useMemo(() => analyzeTuning(expanded, trials), [expanded, trials]);
  const severalSeeds = expanded.study.tuningSeeds.length > 1;
  const done = analysis.trials.filter((t) => t.seeds.every((s) => s.status !== 'not run')).length;
  const decades = lrDecades(expanded.trials.map((t) => t.point.lr));
  // one point per scored trial, by learning rate; the bar is the min–max over the trial's seeds
  const series = useMemo(() => sensitivitySeries(expanded, analysis), [expanded, analysis]);
  return (
    <section className="panel" aria-label="Tuning study">
      <h2>
        Tuning study {expanded.study.name}: {done}/{analysis.trials.length} trials done
        {phase === 'final' ? ', final runs on the test sets' : ''}
      </h2>
      <p className="muted">
        Equal budget: {expanded.study.budget} trials per optimizer ({expanded.study.sampler}), each judged on <strong>{analysis.devSet}</strong> by NDCG@10
        after its last step; the best of each is re-run with {expanded.study.finalSeeds.length} seeds on{' '}
        <strong>{expanded.study.testSets.map((t) => String(t.name)).join(', ')}</strong> (the results below).
      </p>
      <ChartOrTable
        label="LR sensitivity"
        caption={`dev ${analysis.devSet} NDCG@10 by learning rate (log scale)${severalSeeds ? '; bars: min–max over seeds' : ''}`}
        testId="sensitivity-chart"
        figure={
          series.some((s) => s.points.length > 0)
            ? () => sensitivityFigure({ study: expanded.study.name, devSet: analysis.devSet, series, decades, severalSeeds })
            : undefined
        }
        table={() => (
          <table data-testid="sensitivity-chart-table">
            <caption className="sr-only">LR sensitivity: dev {analysis.devSet} NDCG@10 by learning rate</caption>
            <thead>
              <tr>
                <th scope="col">optimizer</th>
                <th scope="col">lr</th>
                <th scope="col">dev NDCG@10</th>
                {severalSeeds && <th scope="col">min over seeds</th>}
                {severalSeeds && <th scope="col">max over seeds</th>}
              </tr>
            </thead>
            <tbody>
              {series.map(({ key, name, points }) =>
                points.map((p) => (
                  <tr key={`${key}-${p.trial}`}>
                    <th scope="row">{name}</th>
                    <td>{String(p.lr)}</td>
                    <td>{String(p.dev)}</td>
                    {severalSeeds && <td>{String(p.min)}</td>}
                    {severalSeeds && <td>{String(p.max)}</td>}
                  </tr>
                )),
              )}
            </tbody>
          </table>
        )}
      >
        <ResponsiveContainer width="100%" height={260}>
          <SensitivityPlot series={series} decades={decades} severalSeeds={severalSeeds} />
        </ResponsiveContainer>
      </ChartOrTable>
      <table data-testid="sensitivity-table">
        <thead>
          <tr>
            <th>optimizer</th>
            <th>trial</th>
            <th>lr</th>
            <th>weight decay</th>
            <th>dev NDCG@10</th>
          </tr>
        </thead>
        <tbody>
          {expanded.spaces.flatMap((space) =>
            analysis.trials
              .filter((t) => t.space === space.name)
              .sort((a, b) => a.point.lr - b.point.lr || a.index - b.index)
              .map((t) => {
                const selected = analysis.complete && analysis.selected.some((s) => s.trial === t.trial);
                return (
                  <tr key={t.trial} data-trial={t.trial} className={selected ? 'selected' : undefined}>
                    <td>{spaceLabel(space)}</td>
                    <td>
                      {t.trial}
                      {selected ? ' (selected)' : ''}
                    </td>
                    <td>{formatLr(t.point.lr)}</td>
                    <td>{expanded.trials.find((x) => x.name === t.trial)!.arm.weightDecay}</td>
                    <td>
                      {t.mean === null
                        ? (t.seeds.find((s) => s.dev === null)?.status ?? '—')
                        : severalSeeds
                          ? `${fixed4(t.mean)} [${fixed4(t.min!)}, ${fixed4(t.max!)}]`
                          : fixed4(t.mean)}
                    </td>
                  </tr>
                );
              }),
          )}
        </tbody>
      </table>
      {analysis.complete && (
        <>
          <h3>Time to target</h3>
          {analysis.target ? (
            <>
              <p className="muted" data-testid="time-to-target-target">
                Target: dev {analysis.devSet} NDCG@10 ≥ {fixed4(analysis.target.value)} (
                {analysis.target.source === 'study' ? 'the study’s target' : 'the lower of the optimizers’ best'}); steps: the first dev evaluation at or above
                it; wall time: training steps only; ratios against {analysis.baselineSpace}.
              </p>
              <table data-testid="time-to-target">
                <thead>
                  <tr>
                    <th>optimizer</th>
                    <th>trial</th>
                    <th>steps</th>
                    <th>wall time (s)</th>
                    <th>steps ratio</th>
                    <th>wall-time ratio</th>
                  </tr>
                </thead>
                <tbody>
                  {analysis.timeToTarget.map((t) => (
                    <tr key={t.space}>
                      <td>{spaceLabel({ name: t.space, optimizer: t.optimizer })}</td>
                      <td>{t.trial}</td>
                      <td>{t.steps ?? 'not reached'}</td>
                      <td>{formatSeconds(t.seconds)}</td>
                      <td>{formatRatio(t.stepsRatio)}</td>
                      <td>{formatRatio(t.secondsRatio)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          ) : (
            <p className="muted">No target: an optimizer has no trial that completed.</p>
          )}
        </>
      )}
    </section>
  );
}
