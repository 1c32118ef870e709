/**
 * Test-only: cutting a snapshot into the pieces separate machines would have made (merge.test.ts, merge.property.test.ts):
 * a piece keeps some runs, and its config only the seeds and arms those runs have (in the original order), with the
 * config hash the lab would compute for it.
 */
import { configHash } from '../core/experiment/hash';
import { validateExperiment } from '../core/experiment/validate';
import type { RunRecord, Snapshot } from '../core/snapshot/schema';

export async function pieceOf(snapshot: Snapshot, keep: (run: RunRecord) => boolean, options: { fullConfig?: boolean } = {}): Promise<Snapshot> {
  const runs = snapshot.runs.filter(keep);
  if (options.fullConfig) return { ...snapshot, runs };
  const seeds = snapshot.config.seeds.filter((s) => runs.some((r) => r.seed === s));
  const arms = snapshot.config.arms.filter((a) => runs.some((r) => r.arm === a.name));
  const { baselineArm, ...rest } = snapshot.config;
  const config = validateExperiment(
    { ...rest, seeds, arms, ...(baselineArm !== undefined && arms.some((a) => a.name === baselineArm) ? { baselineArm } : {}) },
    'a piece',
  );
  return { ...snapshot, config, configHash: await configHash(config), runs };
}

/** The snapshot without what a merge adds (each run's origin, the merge record): what split ∘ merge gives back. */
export function withoutProvenance(snapshot: Snapshot): Omit<Snapshot, 'createdAt' | 'merge' | 'environment'> {
  const { createdAt: _c, merge: _m, environment: _e, ...rest } = snapshot;
  return { ...rest, runs: snapshot.runs.map(({ origin: _o, ...run }) => run) };
}
