/** A run's one-line status, as the run panel shows it (and the durations in it): pure, from the controller's live run. */
import type { LiveRun } from './experimentController';

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '—';
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

function formatPairsPerSecond(rate: number): string {
  return rate >= 10 ? Math.round(rate).toLocaleString('en') : rate.toPrecision(2);
}

/** The one-line status of a run. */
export function statusText(run: LiveRun, totalSteps: number): string {
  if (run.status === 'failed') return `failed: ${run.error ?? ''}`;
  if (run.stop?.reason === 'non-finite') return `stopped at step ${run.stop.step}: non-finite ${run.stop.quantity}`;
  if (run.stop?.reason === 'stopped-by-user') return `stopped by you at step ${run.stop.step}`;
  if (run.download) {
    const { file, loaded, total } = run.download;
    return `downloading ${file}: ${(loaded / 2 ** 20).toFixed(1)}${total ? ` of ${(total / 2 ** 20).toFixed(1)}` : ''} MiB`;
  }
  if (run.evalProgress) {
    const { evalSet, done, total, pairsPerSecond } = run.evalProgress;
    // Speed and time left only once the worker has measured them (after its first batch).
    const speed = pairsPerSecond ? `, ${formatPairsPerSecond(pairsPerSecond)} pairs/s, ${formatDuration((total - done) / pairsPerSecond)} left` : '';
    return `evaluating ${evalSet}: ${done}/${total} pairs${speed}`;
  }
  const held = run.heldBefore !== undefined && run.status === 'running' ? ` · held before step ${run.heldBefore} (fault injection)` : '';
  return `${run.status}, step ${run.curve.length}/${totalSteps}${held}`;
}
