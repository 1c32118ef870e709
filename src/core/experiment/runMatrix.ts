/**
 * An experiment expands into runs, one per arm × seed. Run ids are built from names only
 * (`experiment/arm/seed-N`), so they are the same on every expansion and a stored run can be found again
 * after a reload; the config hash kept with each checkpoint guards against resuming under a changed config.
 */
import type { ArmSpec, ExperimentConfig } from './schema';

export interface RunSpec {
  runId: string;
  experimentName: string;
  armIndex: number;
  arm: ArmSpec;
  seedIndex: number;
  seed: number;
}

export function runIdOf(experimentName: string, armName: string, seed: number): string {
  return `${experimentName}/${armName}/seed-${seed}`;
}

/**
 * Seed-major order: every arm of the first seed, then of the next. Runs that share a seed see the same
 * batches, so running them side by side (two arms at a time) compares like with like as early as possible.
 */
export function expandRunMatrix(config: ExperimentConfig): RunSpec[] {
  const runs: RunSpec[] = [];
  config.seeds.forEach((seed, seedIndex) => {
    config.arms.forEach((arm, armIndex) => {
      runs.push({ runId: runIdOf(config.name, arm.name, seed), experimentName: config.name, armIndex, arm, seedIndex, seed });
    });
  });
  return runs;
}
