import { useEffect, useRef, useState } from 'react';
import { recentThroughput } from '../../../core/chart/series';
import { formatValue } from '../../../core/chart/ticks';
import { armColour } from '../../components/charts/armColours';
import type { ExperimentState } from '../../experiment/experimentController';
import { stepsDone } from '../../experiment/experimentController';
import { formatDuration, statusText } from '../../experiment/runStatusText';

export interface RunPanelProps {
  state: ExperimentState;
  /** Files the config names that this page has not been given (a restored run needs them picked again). */
  missingFiles: string[];
  onPickFile: (name: string, file: File) => void;
  onPause: () => void;
  onResume: () => void;
  onStop: () => void;
  /** Per arm: the other arms go on. */
  onPauseArm?: (arm: string) => void;
  onResumeArm?: (arm: string) => void;
  onStopArm?: (arm: string) => void;
  /** Downloads a finished run's trained model (a zipped Hugging Face folder). */
  onDownloadModel?: (runId: string) => void;
  /** Shown with ?debug=faults: lose the GPU device to check recovery. */
  onLoseDevice?: () => void;
  /** Shown with ?debug=faults: runs held before a step (&holdAt=N) go on. */
  onRelease?: () => void;
}

/** Steps the experiment will take: a run that has ended (stopped, failed) counts the steps it took. */
function stepsPlanned(state: ExperimentState): number {
  const steps = state.config?.steps ?? 0;
  return state.order.reduce((n, id) => {
    const run = state.runs[id];
    return n + (run.stop || run.status === 'failed' ? run.curve.length : steps);
  }, 0);
}

/** Says progress to screen readers every 10 % (not every step, which would drown everything else). */
function useAnnouncement(done: number, total: number, active: boolean): string {
  const [text, setText] = useState('');
  const last = useRef(-1);
  useEffect(() => {
    if (total === 0) return;
    const decile = Math.floor((10 * done) / total);
    if (decile !== last.current && (active || done === total)) {
      last.current = decile;
      setText(
        done === total ? `Training finished: ${done} of ${total} steps.` : `Training ${Math.round((100 * done) / total)} % done: ${done} of ${total} steps.`,
      );
    }
  }, [done, total, active]);
  return text;
}

/**
 * performance.now(), refreshed every `ms` while `ticking`: the rate and time left follow the clock between steps.
 * Kept here, so the tick redraws this panel alone, not the whole page (the setup form among it); and only while runs
 * train, so an idle page does not render every second.
 */
function useNow(ms: number, ticking: boolean): number {
  const [now, setNow] = useState(() => performance.now());
  useEffect(() => {
    if (!ticking) return;
    const timer = setInterval(() => setNow(performance.now()), ms);
    return () => clearInterval(timer);
  }, [ms, ticking]);
  return now;
}

export function RunPanel({
  state,
  missingFiles,
  onPickFile,
  onPause,
  onResume,
  onStop,
  onPauseArm,
  onResumeArm,
  onStopArm,
  onDownloadModel,
  onLoseDevice,
  onRelease,
}: RunPanelProps) {
  const { config, order, runs, clock } = state;
  const total = stepsPlanned(state);
  const done = stepsDone(state);
  const active = order.some((id) => ['running', 'pausing'].includes(runs[id].status));
  const announcement = useAnnouncement(done, total, active);
  const now = useNow(1000, active);
  if (!config) return null;
  const totalSteps = config.steps ?? 0;
  const rate = clock && done > clock.stepsBefore ? (done - clock.stepsBefore) / ((now - clock.since) / 1000) : 0;
  const eta = rate > 0 ? (total - done) / rate : Number.NaN;
  const waiting = order.some((id) => ['pending', 'paused'].includes(runs[id].status));
  const chartArms = config.arms.map((a) => ({ name: a.name, optimizer: a.optimizer }));
  return (
    <section className="panel" aria-label="Runs">
      <h2>Runs</h2>
      <div
        className="progress"
        role="progressbar"
        aria-label="training progress"
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={done}
        aria-valuetext={`${done} of ${total} steps`}
        data-testid="progress"
      >
        <div className="bar" style={{ width: `${total ? (100 * done) / total : 0}%` }} />
      </div>
      <p className="muted" data-testid="progress-text">
        {done}/{total} steps{active && rate > 0 ? ` · ${rate.toFixed(2)} steps/s · about ${formatDuration(eta)} left (evaluations add to this)` : ''}
      </p>
      <p className="sr-only" aria-live="polite" data-testid="progress-announcement">
        {announcement}
      </p>
      {!active && waiting && missingFiles.length > 0 && (
        <div className="warning">
          To resume, pick the files this experiment reads (browsers do not keep picked files across reloads):
          {missingFiles.map((name) => (
            <label className="row" key={name}>
              <code>{name}</code> <input type="file" onChange={(e) => e.target.files?.[0] && onPickFile(name, e.target.files[0])} />
            </label>
          ))}
        </div>
      )}
      {/* Every control stays mounted while the experiment is shown, enabled or not: one re-created on a redraw (a
          condition flipping, a new key) could take a mouse-down on one element and the mouse-up on its successor. */}
      <div className="row" role="group" aria-label="all arms">
        <button type="button" onClick={onPause} disabled={!active}>
          Pause all
        </button>
        <button type="button" onClick={onResume} disabled={active || !waiting || missingFiles.length > 0}>
          {done > 0 ? 'Resume all' : 'Start'}
        </button>
        <button type="button" onClick={onStop} disabled={!active}>
          Stop all
        </button>
        {onLoseDevice && (
          <button type="button" onClick={onLoseDevice} disabled={!active}>
            Simulate GPU device loss
          </button>
        )}
        {onRelease && (
          <button type="button" onClick={onRelease} disabled={!order.some((id) => runs[id].heldBefore !== undefined)}>
            Release held runs
          </button>
        )}
      </div>
      <table className="arms" data-testid="arm-controls">
        <caption className="sr-only">Each arm: progress, throughput and its own controls</caption>
        <thead>
          <tr>
            <th scope="col">arm</th>
            <th scope="col">steps</th>
            <th scope="col">examples/s</th>
            <th scope="col">ms/step</th>
            <th scope="col">controls</th>
          </tr>
        </thead>
        <tbody>
          {config.arms.map((arm) => {
            const armRuns = order.map((id) => runs[id]).filter((r) => r.spec.arm.name === arm.name);
            const armDone = armRuns.reduce((n, r) => n + r.curve.length, 0);
            const armTotal = armRuns.reduce((n, r) => n + (r.stop || r.status === 'failed' ? r.curve.length : totalSteps), 0);
            const armActive = armRuns.some((r) => r.status === 'running' || r.status === 'pausing');
            const armWaiting = armRuns.some((r) => r.status === 'pending' || r.status === 'paused');
            const held = state.heldArms.includes(arm.name);
            const current = armRuns.find((r) => r.status === 'running') ?? [...armRuns].reverse().find((r) => r.curve.length > 0);
            const throughput = current ? recentThroughput(current.curve) : null;
            return (
              <tr key={arm.name} data-testid={`arm-${arm.name}`} data-held={held}>
                <td>
                  <span className="swatch" style={{ background: armColour(chartArms, arm.name) }} /> {arm.name}
                </td>
                <td>
                  {armDone}/{armTotal}
                  {held ? ' · paused' : ''}
                </td>
                <td>{throughput ? formatValue(throughput.examplesPerSecond) : '—'}</td>
                <td>{throughput ? formatValue(throughput.msPerStep) : '—'}</td>
                <td className="row">
                  {/* One Pause/Resume button per arm (its label follows the state) and one Stop, mounted throughout. */}
                  {onPauseArm && onResumeArm && (
                    <button
                      type="button"
                      onClick={() => (held ? onResumeArm(arm.name) : onPauseArm(arm.name))}
                      disabled={held ? !armWaiting || armActive : !armActive}
                    >
                      {held ? 'Resume' : 'Pause'} {arm.name}
                    </button>
                  )}
                  {onStopArm && (
                    <button
                      type="button"
                      className="secondary"
                      onClick={() => onStopArm(arm.name)}
                      disabled={!(armActive || (armWaiting && !state.held) || held)}
                    >
                      Stop {arm.name}
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <table className="runs">
        <thead>
          <tr>
            <th scope="col">run</th>
            <th scope="col">status</th>
            <th scope="col">last loss</th>
            <th scope="col">batch hash</th>
            <th scope="col">model</th>
          </tr>
        </thead>
        <tbody>
          {order.map((id) => {
            const run = runs[id];
            const last = run.curve[run.curve.length - 1];
            return (
              <tr key={id} data-testid={`run-${id}`} data-status={run.status}>
                <td>
                  {run.spec.arm.name} · seed {run.spec.seed}
                </td>
                <td className={run.status === 'failed' ? 'error' : ''}>
                  {statusText(run, totalSteps)}
                  {run.deviceLosses ? ` (recovered from ${run.deviceLosses} GPU device loss${run.deviceLosses > 1 ? 'es' : ''})` : ''}
                </td>
                <td>{last ? last.loss.toFixed(4) : '—'}</td>
                <td>
                  <code>{run.batchHashes[run.batchHashes.length - 1]?.slice(0, 10) ?? '—'}</code>
                </td>
                <td>
                  {run.status === 'finished' && onDownloadModel ? (
                    <button
                      type="button"
                      aria-label={`Download model of ${run.spec.arm.name} seed ${run.spec.seed}`}
                      onClick={() => onDownloadModel(id)}
                      title="config.json, model.safetensors, tokenizer and a model card: loads with transformers' from_pretrained"
                    >
                      Download model
                    </button>
                  ) : (
                    '—'
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
