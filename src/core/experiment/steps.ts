/** Step arithmetic of an experiment, shared by the engine and the checks that run before step 1. */
import type { ExperimentConfig } from './schema';

export function totalStepsOf(experiment: ExperimentConfig): number {
  if (experiment.steps !== undefined) return experiment.steps;
  throw new Error('the experiment gives epochs, not steps: the engine needs a step count (set "steps")');
}

/** Examples drawn from the stream per step: BCE on triples uses both passages of a triple as two pairs. */
export function examplesPerStep(experiment: ExperimentConfig): number {
  const { batchSize, loss, trainingData } = experiment;
  if (loss.kind === 'bce' && trainingData.format === 'triples') {
    if (batchSize % 2 !== 0) {
      throw new Error(`batchSize ${batchSize}: BCE on triples turns each triple into two pairs, so the batch size must be even`);
    }
    return batchSize / 2;
  }
  return batchSize;
}
