import type { ExperimentConfig } from '../experiment/schema';
import {
  SNAPSHOT_KIND,
  SNAPSHOT_SCHEMA_VERSION,
  SWEEP_SNAPSHOT_KIND,
  SWEEP_SNAPSHOT_SCHEMA_VERSION,
  type Environment,
  type RunRecord,
  type Snapshot,
  type SweepSnapshot,
} from './schema';

/** The snapshot of an experiment's finished runs, as both the page and the headless runner export it. */
export function assembleSnapshot(config: ExperimentConfig, configHash: string, environment: Environment, runs: RunRecord[], createdAt = new Date()): Snapshot {
  return { schemaVersion: SNAPSHOT_SCHEMA_VERSION, kind: SNAPSHOT_KIND, createdAt: createdAt.toISOString(), config, configHash, environment, runs };
}

/** A tuning study's snapshot: the final experiment's snapshot with the study and its trials' runs. */
export function assembleStudySnapshot(final: Snapshot, study: Record<string, unknown>, tuningRuns: RunRecord[]): Snapshot {
  return { ...final, tuning: { study, runs: tuningRuns } };
}

/** A sweep's snapshot: its finished experiments' snapshots (in the sweep's order) and how many experiments it has. */
export function assembleSweepSnapshot(name: string, experiments: number, members: Snapshot[], createdAt = new Date()): SweepSnapshot {
  return {
    schemaVersion: SWEEP_SNAPSHOT_SCHEMA_VERSION,
    kind: SWEEP_SNAPSHOT_KIND,
    createdAt: createdAt.toISOString(),
    sweep: { name, experiments },
    members,
  };
}
