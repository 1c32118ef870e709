/**
 * The experiment's state as one synchronous store (React reads it through useSyncExternalStore): every change
 * is a new state object and notifies the listeners at once, so the scheduler's next decision always sees the
 * latest state. The controller and the run scheduler both write through it.
 */
import { EMPTY_EXPERIMENT, type ExperimentState, type LiveRun } from './experimentState';

/** The log keeps the last this many messages. */
const LOG_LINES = 200;

export class ExperimentStore {
  private state: ExperimentState = EMPTY_EXPERIMENT;
  private readonly listeners = new Set<() => void>();

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getState = () => this.state;

  set(patch: Partial<ExperimentState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }

  /** Changes one run (ignored when the run is not in the experiment). */
  patchRun(runId: string, patch: Partial<LiveRun> | ((run: LiveRun) => Partial<LiveRun>)): void {
    const run = this.state.runs[runId];
    if (!run) return;
    const next = { ...run, ...(typeof patch === 'function' ? patch(run) : patch) };
    this.set({ runs: { ...this.state.runs, [runId]: next } });
  }

  log(message: string): void {
    this.set({ log: [...this.state.log.slice(-(LOG_LINES - 1)), message] });
  }

  dispose(): void {
    this.listeners.clear();
  }
}
