/** A snapshot as the dashboard's input: its runs as chart runs, its arms as chart arms. */
import { REFERENCE_OPTIMIZER } from '../../../core/optim/registry';
import type { Snapshot } from '../../../core/snapshot/schema';
import type { ChartArm } from './armColours';
import type { ChartRun } from './Dashboard';

export function chartRunsOfSnapshot(snapshot: Snapshot): ChartRun[] {
  return snapshot.runs.map((run) => ({
    runId: run.runId,
    arm: run.arm,
    optimizer: snapshot.config.arms.find((a) => a.name === run.arm)?.optimizer ?? REFERENCE_OPTIMIZER,
    seed: run.seed,
    curve: run.curve,
    evaluations: run.evaluations,
  }));
}

export function chartArmsOf(config: Snapshot['config']): ChartArm[] {
  return config.arms.map((a) => ({ name: a.name, optimizer: a.optimizer }));
}
