/**
 * Limits on input the lab does not control (snapshots, data files, model files, configs): every reader checks
 * sizes and counts against these before it builds anything, so a hostile or broken file is a clear error
 * naming the file, never a tab or process that runs out of memory. The README lists them.
 */
import CRC32 from 'crc-32';
import { Gunzip } from 'fflate';
import { isGzip } from './formats/gzip';

const MiB = 2 ** 20;

export const INPUT_LIMITS = {
  /** A snapshot file as stored (gzip or plain JSON). */
  snapshotFileBytes: 64 * MiB,
  /** A snapshot's JSON after inflating; V8 strings stop at ~512 MiB, and the page must hold it twice. */
  snapshotJsonBytes: 256 * MiB,
  snapshotArms: 64,
  snapshotSeeds: 1_000,
  snapshotRuns: 4_096,
  snapshotEvaluationsPerRun: 10_000,
  snapshotQueriesPerEvaluation: 100_000,
  snapshotMeasuresPerQuery: 1_000,
  snapshotDocsPerQuery: 10_000,
  snapshotCurvePointsPerRun: 1_000_000,
  /** Experiments in a sweep's snapshot (each one under the per-snapshot caps above; the byte caps hold for the whole file). */
  snapshotSweepMembers: 256,
  /** A share link's fragment (Chromium keeps URLs up to 2 MB; the lab's own links are at most 64 KB). */
  shareLinkChars: 2 * MiB,
  /** A share link's snapshot JSON after inflating. */
  shareLinkJsonBytes: 32 * MiB,
  /** A file parsed whole (rank_llm candidates JSON, optimizer traces, score inputs) after inflating. */
  wholeFileBytes: 256 * MiB,
  /** One line of a streamed TSV/JSONL/TREC file: a file without newlines must not grow a line without end. */
  lineBytes: 16 * MiB,
  /** config.json of a model. */
  configJsonBytes: 1 * MiB,
  /** tokenizer.json or vocab.txt (bert-base-uncased's tokenizer.json is 0.5 MB, XLM-R's 17 MB). */
  tokenizerFileBytes: 64 * MiB,
  /** The safetensors JSON header; the reference implementation refuses more than 100 MB. */
  safetensorsHeaderBytes: 100_000_000,
  safetensorsTensors: 100_000,
  /** Elements of one tensor (a Float32Array of them must fit in memory). */
  safetensorsTensorElements: 2 ** 30,
  /**
   * Inflated : compressed ratio a gzip stream may reach once it has inflated 16 MiB: JSON and TSV compress
   * 3–20×, a gzip bomb ~1000×, so a bomb is refused after 16 MiB instead of at the size cap.
   */
  gzipRatio: 200,
} as const;

const RATIO_CHECKED_AFTER_BYTES = 16 * MiB;

export type InputLimit = keyof typeof INPUT_LIMITS;

/** An input over one of INPUT_LIMITS; the message names the file, what is too large, and the limit. */
export class InputTooLargeError extends Error {
  constructor(
    readonly source: string,
    readonly limit: InputLimit,
    detail: string,
  ) {
    super(`${source}: ${detail} (limit ${INPUT_LIMITS[limit].toLocaleString('en-US')}, INPUT_LIMITS.${limit})`);
    this.name = 'InputTooLargeError';
  }
}

export function formatBytes(bytes: number): string {
  if (bytes >= MiB) return `${(bytes / MiB).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} bytes`;
}

/** Throws when a file of `bytes` bytes is over `limit` (check before reading it where the size is known). */
export function checkFileSize(bytes: number, limit: InputLimit, source: string): void {
  if (bytes > INPUT_LIMITS[limit]) {
    throw new InputTooLargeError(source, limit, `the file is ${formatBytes(bytes)}, more than ${formatBytes(INPUT_LIMITS[limit])}`);
  }
}

export function checkCount(count: number, limit: InputLimit, source: string, what: string): void {
  if (count > INPUT_LIMITS[limit]) throw new InputTooLargeError(source, limit, `${what}: ${count.toLocaleString('en-US')} is more than the lab reads`);
}

/**
 * Input is fed to the inflater in slices this small: deflate expands at most ~1032:1, so one slice yields at
 * most ~16 MiB and the output cap is checked before a bomb can grow far past it.
 */
export const INFLATE_SLICE_BYTES = 16 * 1024;

/** Input bytes kept to find a gzip member's trailer (the 8 bytes before the next member's header). */
const TRAILER_HISTORY_BYTES = 256 * 1024;

/**
 * Incremental gunzip: `push` input as it arrives and get the inflated chunks, never more than ~16 MiB per
 * slice of input. With a `limit` it throws InputTooLargeError as soon as the output passes it, and always when
 * the output outgrows the input by INPUT_LIMITS.gzipRatio; corrupt data is a plain Error naming the file.
 * Concatenated gzip members are read as one stream, like gunzip does.
 *
 * Each member's CRC-32 and length (its 8-byte trailer) are checked as gunzip checks them: fflate inflates
 * without checking them, and a changed byte in deflate data often still inflates — to different text.
 */
export class StreamingGunzip {
  private readonly gunzip: Gunzip;
  private out: Uint8Array[] = [];
  private total = 0;
  private consumed = 0;
  /** CRC-32 and byte count of the current member's output. */
  private memberCrc = 0;
  private memberBytes = 0;
  /** The latest input bytes and the stream offset of their first byte. */
  private history: Uint8Array[] = [];
  private historyBytes = 0;
  private historyStart = 0;

  constructor(
    private readonly source: string,
    limit?: InputLimit,
  ) {
    this.gunzip = new Gunzip((chunk) => {
      this.total += chunk.length;
      if (limit !== undefined && this.total > INPUT_LIMITS[limit]) {
        throw new InputTooLargeError(source, limit, `inflates to more than ${formatBytes(INPUT_LIMITS[limit])}`);
      }
      if (this.total > RATIO_CHECKED_AFTER_BYTES && this.total > INPUT_LIMITS.gzipRatio * this.consumed) {
        throw new InputTooLargeError(
          source,
          'gzipRatio',
          `${formatBytes(this.consumed)} of gzip inflate to more than ${formatBytes(this.total)}, over ${INPUT_LIMITS.gzipRatio} times their size: a gzip bomb?`,
        );
      }
      this.memberCrc = CRC32.buf(chunk, this.memberCrc);
      this.memberBytes += chunk.length;
      this.out.push(chunk);
    });
    // Called once the previous member's output is all out, with the offset of the next member's header.
    this.gunzip.onmember = (offset) => this.checkMemberTrailer(offset);
  }

  /** Inflated bytes so far (across pushes). */
  get inflatedBytes(): number {
    return this.total;
  }

  /** Inflates `input` lazily, one slice at a time, so a consumer that stops early stops the inflating too. */
  *push(input: Uint8Array, final: boolean): Generator<Uint8Array> {
    const slices = Math.max(1, Math.ceil(input.length / INFLATE_SLICE_BYTES));
    for (let i = 0; i < slices; i++) {
      const last = final && i === slices - 1;
      const slice = input.subarray(i * INFLATE_SLICE_BYTES, (i + 1) * INFLATE_SLICE_BYTES);
      this.remember(slice);
      this.consumed += slice.length;
      try {
        this.gunzip.push(slice, last);
        if (last) this.checkMemberTrailer(this.consumed);
      } catch (error) {
        if (error instanceof InputTooLargeError) throw error;
        throw new Error(`${this.source}: gzip data is corrupt (${(error as Error).message})`);
      }
      const produced = this.out;
      this.out = [];
      yield* produced;
    }
  }

  /** Keeps copies of the latest input slices (at least TRAILER_HISTORY_BYTES of them) to read trailers from. */
  private remember(slice: Uint8Array): void {
    this.history.push(slice.slice());
    this.historyBytes += slice.length;
    while (this.history.length > 1 && this.historyBytes - this.history[0]!.length >= TRAILER_HISTORY_BYTES) {
      const dropped = this.history.shift()!;
      this.historyBytes -= dropped.length;
      this.historyStart += dropped.length;
    }
  }

  /** The input byte at stream offset `offset` (kept in the history). */
  private inputByte(offset: number): number {
    let at = offset - this.historyStart;
    if (at < 0) throw new Error('a gzip member header is too long to check the member before it');
    for (const slice of this.history) {
      if (at < slice.length) return slice[at]!;
      at -= slice.length;
    }
    throw new Error('a gzip member ends past its input');
  }

  /** The member that ended just before stream offset `end` must match its trailer: CRC-32, then length mod 2³². */
  private checkMemberTrailer(end: number): void {
    const word = (at: number) => (this.inputByte(at) | (this.inputByte(at + 1) << 8) | (this.inputByte(at + 2) << 16) | (this.inputByte(at + 3) << 24)) >>> 0;
    if (end < 8) throw new Error('it ends before its trailer');
    const crc = word(end - 8);
    const size = word(end - 4);
    if (crc !== this.memberCrc >>> 0) throw new Error('its CRC-32 does not match: the data was changed or cut');
    if (size !== this.memberBytes % 2 ** 32) throw new Error('its length does not match its trailer: the data was cut');
    this.memberCrc = 0;
    this.memberBytes = 0;
  }
}

/**
 * A whole file's content: the bytes themselves, or inflated when they start with the gzip magic. The stored
 * bytes are capped by `storedLimit`, the content by `contentLimit`.
 */
export function contentOf(bytes: Uint8Array, source: string, contentLimit: InputLimit, storedLimit: InputLimit = contentLimit): Uint8Array {
  checkFileSize(bytes.length, storedLimit, source);
  if (!isGzip(bytes)) {
    checkFileSize(bytes.length, contentLimit, source);
    return bytes;
  }
  return concatChunks([...new StreamingGunzip(source, contentLimit).push(bytes, true)]);
}

export function concatChunks(chunks: Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  let total = 0;
  for (const c of chunks) total += c.length;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}
