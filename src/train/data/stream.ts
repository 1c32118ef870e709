/**
 * The training data stream: source → lines → (seeded shuffle buffer) → examples → batches, with a cursor.
 *
 * Resume design (the simplest that is exactly right): the cursor records how many examples were handed out.
 * Resuming re-opens the source, re-runs the same shuffle from a fresh rng with the same seed, and discards
 * that many items. Because the shuffle's slot choices depend only on the rng and the buffer size, and
 * because the buffer holds raw lines (parsed only when handed out), the skipped part costs one pass of
 * decompress + line split and one rng draw per line — no parsing, no tokenization — and the cursor stays a
 * few numbers instead of a buffer of passages. Sources cannot seek (gzip), so any resume re-reads anyway.
 * The caller must hand in an rng in the same state as at the original start (e.g. `createRng(seed)` again).
 */
import { detectLayout, parseExampleLine } from './examples';
import type { DataFormat, LineLayout, TrainingExample, TsvKind } from './examples';
import { readLines } from './lines';
import type { DataSource, RawLine } from './lines';
import { shuffleBuffer } from './shuffle';
import type { ShuffleRng } from './shuffle';

export interface DataCursor {
  version: 1;
  /** examples handed out since the start, across epochs */
  emitted: number;
  /** the epoch the next example belongs to (0-based) */
  epoch: number;
  /** 0 when unshuffled; a resume must use the same */
  bufferSize: number;
}

export interface TrainingStreamOptions {
  format?: DataFormat | 'auto';
  kind?: TsvKind | 'auto';
  shuffle?: { bufferSize: number; rng: ShuffleRng } | null;
  /** passes over the source (default 1; Infinity cycles until the consumer stops) */
  epochs?: number;
  resumeFrom?: DataCursor;
}

const NON_SPACE = /\S/;

export class TrainingStream implements AsyncIterable<TrainingExample> {
  private emitted = 0;
  private epoch = 0;
  private layout: LineLayout | null = null;
  private started = false;

  constructor(
    readonly source: DataSource,
    private readonly options: TrainingStreamOptions = {},
  ) {
    const resume = options.resumeFrom;
    const bufferSize = options.shuffle?.bufferSize ?? 0;
    if (resume) {
      if (resume.version !== 1) throw new Error(`${source.name}: data cursor version ${String(resume.version)} is not supported`);
      if (resume.bufferSize !== bufferSize) {
        throw new Error(`${source.name}: the data cursor was made with shuffle buffer ${resume.bufferSize}, this stream uses ${bufferSize}`);
      }
    }
  }

  /** Where the stream stands now: pass it back as `resumeFrom` to continue with the next example. */
  cursor(): DataCursor {
    return { version: 1, emitted: this.emitted, epoch: this.epoch, bufferSize: this.options.shuffle?.bufferSize ?? 0 };
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<TrainingExample> {
    if (this.started) throw new Error(`${this.source.name}: a TrainingStream can be iterated once; make a new one (with resumeFrom) to continue`);
    this.started = true;
    const epochs = this.options.epochs ?? 1;
    let skip = this.options.resumeFrom?.emitted ?? 0;
    const name = this.source.name;
    for (let epoch = 0; epoch < epochs; epoch++) {
      this.epoch = epoch;
      let lines: AsyncIterable<RawLine> = this.nonBlankLines();
      if (this.options.shuffle) lines = shuffleBuffer(lines, this.options.shuffle.bufferSize, this.options.shuffle.rng);
      let any = false;
      for await (const raw of lines) {
        any = true;
        if (skip > 0) {
          skip--;
          this.emitted++;
          continue;
        }
        const example = parseExampleLine(raw.text, raw.lineNumber, this.layout!, name)!;
        this.emitted++;
        yield example;
      }
      if (!any) {
        if (epoch === 0) throw new Error(`${name}: no examples (the file is empty or only blank lines)`);
        break;
      }
    }
    this.epoch = epochs === Infinity ? this.epoch : epochs;
  }

  private async *nonBlankLines(): AsyncGenerator<RawLine> {
    const stream = await this.source.open();
    for await (const raw of readLines(stream, this.source.name)) {
      if (!NON_SPACE.test(raw.text)) continue;
      this.layout ??= detectLayout(raw.text, this.options.format, this.options.kind);
      yield raw;
    }
  }
}

/** Consecutive batches of `batchSize`; the last, shorter one is dropped unless keepLast. */
export async function* batches<T>(items: AsyncIterable<T>, batchSize: number, keepLast = false): AsyncGenerator<T[]> {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`batch size ${batchSize} must be a positive integer`);
  let batch: T[] = [];
  for await (const item of items) {
    batch.push(item);
    if (batch.length === batchSize) {
      yield batch;
      batch = [];
    }
  }
  if (keepLast && batch.length > 0) yield batch;
}
