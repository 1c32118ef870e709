/**
 * The batches of a run, drawn once for every consumer: every arm of a seed sees the same training examples in the
 * same order (the data stream shuffled by the seed), one batch of `examplesPerStep` per step, each hashed onto the
 * running batch hash that snapshots record per step. Training (ArmRun) and the PyTorch export both draw through
 * this plan, so "the export trains on the lab's batches" is one piece of code, not two that must agree.
 */
import { examplesPerStep } from '../core/experiment/steps';
import type { ExperimentConfig } from '../core/experiment/schema';
import { createRng } from '../core/rng';
import { batchHash } from './data/hash';
import type { TrainingExample } from './data/examples';
import type { DataSource } from './data/lines';
import { TrainingStream, type DataCursor } from './data/stream';

/** Query–passage rows and labels of one batch, in a fixed order (the same for every arm). */
export interface BatchRows {
  queries: string[];
  passages: string[];
  labels: number[];
}

export interface PlannedBatch {
  /** The step this batch trains (1-based). */
  step: number;
  examples: TrainingExample[];
  rows: BatchRows;
  /** The running hash of every batch up to and including this one. */
  hash: string;
}

/** Where a plan stands: what a checkpoint keeps so a resumed run draws the next batch it would have drawn. */
export interface BatchPlanCursor {
  stream: DataCursor;
  batchHash: string | null;
}

/** Query–passage rows and labels of one batch, in a fixed order (the same for every arm). */
export function batchRows(examples: readonly TrainingExample[], loss: ExperimentConfig['loss']): BatchRows {
  const queries: string[] = [];
  const passages: string[] = [];
  const labels: number[] = [];
  const push = (q: string, p: string, label: number) => {
    queries.push(q);
    passages.push(p);
    labels.push(label);
  };
  for (const example of examples) {
    if (example.kind === 'pair') {
      if (loss.kind !== 'bce') throw new Error(`the ${loss.kind} loss needs query groups (triples), not labelled pairs`);
      push(example.query, example.passage, example.label);
    } else if (example.kind === 'triple') {
      if (loss.kind !== 'bce' && loss.negativesPerQuery !== 1) {
        throw new Error(`negativesPerQuery is ${loss.negativesPerQuery} but triples carry one negative each`);
      }
      push(example.query, example.positive, 1);
      push(example.query, example.negative, 0);
    } else {
      const k = loss.kind === 'bce' ? example.negatives.length : loss.negativesPerQuery;
      if (example.positives.length === 0 || example.negatives.length < k) {
        throw new Error(
          `a training group for "${example.query.slice(0, 40)}" has ${example.positives.length} positives and ${example.negatives.length} negatives; ${k} negatives are needed`,
        );
      }
      push(example.query, example.positives[0], 1);
      for (const negative of example.negatives.slice(0, k)) push(example.query, negative, 0);
    }
  }
  return { queries, passages, labels };
}

export class BatchPlan {
  private readonly stream: TrainingStream;
  private readonly examples: AsyncIterator<TrainingExample>;
  private readonly perStep: number;
  private hash: string | null;
  private step: number;

  /**
   * `resume`: continue after `step` batches from a cursor a checkpoint kept (`cursor()` at that step); without it,
   * the plan starts at the seed's first batch.
   */
  constructor(
    private readonly config: ExperimentConfig,
    source: DataSource,
    seed: number,
    resume?: { cursor: BatchPlanCursor; step: number },
  ) {
    this.perStep = examplesPerStep(config);
    this.stream = new TrainingStream(source, {
      format: config.trainingData.encoding,
      kind: config.trainingData.format,
      shuffle: { bufferSize: config.trainingData.shuffleBuffer, rng: createRng(`${seed}/training-data`) },
      epochs: Number.POSITIVE_INFINITY,
      ...(resume ? { resumeFrom: resume.cursor.stream } : {}),
    });
    this.examples = this.stream[Symbol.asyncIterator]();
    this.hash = resume?.cursor.batchHash ?? null;
    this.step = resume?.step ?? 0;
  }

  /** The next step's batch. The data repeats in epochs; a source that yields nothing at all is an error naming it. */
  async next(): Promise<PlannedBatch> {
    const examples: TrainingExample[] = [];
    while (examples.length < this.perStep) {
      const next = await this.examples.next();
      if (next.done) throw new Error(`${this.stream.source.name}: the training data ended unexpectedly`);
      examples.push(next.value);
    }
    this.hash = batchHash(this.hash, examples);
    this.step += 1;
    return { step: this.step, examples, rows: batchRows(examples, this.config.loss), hash: this.hash };
  }

  /** Where the plan stands after the batches drawn so far (a checkpoint keeps it). */
  cursor(): BatchPlanCursor {
    return { stream: this.stream.cursor(), batchHash: this.hash };
  }

  /** Closes the data stream (call when done drawing, also after an error). */
  async close(): Promise<void> {
    await this.examples.return?.(undefined);
  }
}
