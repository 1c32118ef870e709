import type { ExperimentState, LiveRun } from './experimentController';
import { stepsDone } from './experimentController';

function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '—';
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

function statusText(run: LiveRun, totalSteps: number): string {
  if (run.status === 'failed') return `failed: ${run.error ?? ''}`;
  if (run.stop?.reason === 'non-finite') return `stopped at step ${run.stop.step}: non-finite ${run.stop.quantity}`;
  if (run.stop?.reason === 'stopped-by-user') return `stopped by you at step ${run.stop.step}`;
  if (run.download) {
    const { file, loaded, total } = run.download;
    return `downloading ${file}: ${(loaded / 2 ** 20).toFixed(1)}${total ? ` of ${(total / 2 ** 20).toFixed(1)}` : ''} MiB`;
  }
  if (run.evalProgress) return `evaluating ${run.evalProgress.evalSet}: ${run.evalProgress.done}/${run.evalProgress.total} pairs`;
  return `${run.status}, step ${run.curve.length}/${totalSteps}`;
}

export interface RunPanelProps {
  state: ExperimentState;
  now: number;
  /** Files the config names that this page has not been given (a restored run needs them picked again). */
  missingFiles: string[];
  onPickFile: (name: string, file: File) => void;
  onPause: () => void;
  onResume: () => void;
  onStop: () => void;
  /** Downloads a finished run's trained model (a zipped Hugging Face folder). */
  onDownloadModel?: (runId: string) => void;
  /** Shown with ?debug=faults: lose the GPU device to check recovery. */
  onLoseDevice?: () => void;
}

export function RunPanel({ state, now, missingFiles, onPickFile, onPause, onResume, onStop, onDownloadModel, onLoseDevice }: RunPanelProps) {
  const { config, order, runs, clock } = state;
  if (!config) return null;
  const totalSteps = config.steps ?? 0;
  const total = totalSteps * order.length;
  const done = stepsDone(state);
  const rate = clock && done > clock.stepsBefore ? (done - clock.stepsBefore) / ((now - clock.since) / 1000) : 0;
  const eta = rate > 0 ? (total - done) / rate : Number.NaN;
  const active = order.some((id) => ['running', 'pausing'].includes(runs[id].status));
  const waiting = order.some((id) => ['pending', 'paused'].includes(runs[id].status));
  return (
    <section className="panel" aria-label="Runs">
      <h2>Runs</h2>
      <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={total} aria-valuenow={done} data-testid="progress">
        <div className="bar" style={{ width: `${total ? (100 * done) / total : 0}%` }} />
      </div>
      <p className="muted" data-testid="progress-text">
        {done}/{total} steps{active && rate > 0 ? ` · ${rate.toFixed(2)} steps/s · about ${formatDuration(eta)} left (evaluations add to this)` : ''}
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
      <div className="row">
        {active && (
          <button type="button" onClick={onPause}>
            Pause
          </button>
        )}
        {!active && waiting && (
          <button type="button" onClick={onResume} disabled={missingFiles.length > 0}>
            {done > 0 ? 'Resume' : 'Start'}
          </button>
        )}
        {active && (
          <button type="button" onClick={onStop}>
            Stop
          </button>
        )}
        {active && onLoseDevice && (
          <button type="button" onClick={onLoseDevice}>
            Simulate GPU device loss
          </button>
        )}
      </div>
      <table className="runs">
        <thead>
          <tr>
            <th>run</th>
            <th>status</th>
            <th>last loss</th>
            <th>batch hash</th>
            <th>model</th>
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
