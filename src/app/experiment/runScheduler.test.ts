import { describe, expect, it } from 'vitest';
import type { RunSpec } from '../../core/experiment/runMatrix';
import { EMPTY_EXPERIMENT, type ExperimentState, type LiveRun, type RunStatus, type TuningState } from './experimentState';
import { nextRunsToStart } from './runScheduler';

/** An experiment whose runs (`arm/seed` → status) are in the order given. */
function experiment(statuses: Record<string, RunStatus>, patch: Partial<ExperimentState> = {}): ExperimentState {
  const runs: Record<string, LiveRun> = {};
  for (const [id, status] of Object.entries(statuses)) {
    const [arm, seed] = id.split('/');
    const spec = { runId: id, arm: { name: arm }, seed: Number(seed) } as unknown as RunSpec;
    runs[id] = { spec, status, curve: [], batchHashes: [], evaluations: [] };
  }
  return { ...EMPTY_EXPERIMENT, runs, order: Object.keys(statuses), held: false, ...patch };
}
const started = (next: ReturnType<typeof nextRunsToStart>) => (typeof next === 'string' ? next : next.start.map((r) => r.spec.runId));

describe('the next runs to start', () => {
  it('are every waiting arm of the first seed with one, once nothing is active', () => {
    const fresh = { 'adamw/1': 'pending', 'lion/1': 'pending', 'adamw/2': 'pending', 'lion/2': 'pending' } as const;
    expect(started(nextRunsToStart(experiment(fresh)))).toEqual(['adamw/1', 'lion/1']);
    expect(started(nextRunsToStart(experiment({ ...fresh, 'adamw/1': 'finished', 'lion/1': 'paused' })))).toEqual(['lion/1']);
    expect(started(nextRunsToStart(experiment({ ...fresh, 'adamw/1': 'finished', 'lion/1': 'failed' })))).toEqual(['adamw/2', 'lion/2']);
  });

  it('are none while the user holds the experiment or a run is still active', () => {
    expect(nextRunsToStart(experiment({ 'adamw/1': 'pending' }, { held: true }))).toBe('wait');
    expect(nextRunsToStart(experiment({ 'adamw/1': 'running', 'lion/1': 'pending' }))).toBe('wait');
    expect(nextRunsToStart(experiment({ 'adamw/1': 'pausing', 'lion/1': 'pending' }))).toBe('wait');
  });

  it('leave out held arms, which keep the experiment open until they are resumed or stopped', () => {
    const state = experiment({ 'adamw/1': 'finished', 'lion/1': 'paused', 'adamw/2': 'pending', 'lion/2': 'pending' }, { heldArms: ['lion'] });
    expect(started(nextRunsToStart(state))).toEqual(['adamw/2']);
    expect(nextRunsToStart(experiment({ 'adamw/1': 'finished', 'lion/1': 'paused' }, { heldArms: ['lion'] }))).toBe('wait');
    expect(nextRunsToStart(experiment({ 'adamw/1': 'finished', 'lion/1': 'failed' }))).toBe('experiment-ended');
  });

  it('are two at a time during a tuning study’s trials, in the interleaved order', () => {
    const trials = { 'adamw-a/1': 'pending', 'lion-a/1': 'pending', 'adamw-b/1': 'pending', 'lion-b/1': 'pending' } as const;
    const tuning = { phase: 'tuning' } as TuningState;
    expect(started(nextRunsToStart(experiment(trials, { tuning })))).toEqual(['adamw-a/1', 'lion-a/1']);
    expect(started(nextRunsToStart(experiment(trials, { tuning: { ...tuning, phase: 'final' } })))).toHaveLength(4);
  });
});
