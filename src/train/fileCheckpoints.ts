/**
 * Checkpoints on disk for the headless runner (Node-only: never import it from the page or a worker).
 *
 * OUT/checkpoints/ holds
 *   config-hash               the hash of the config the checkpoints belong to (another config is refused)
 *   lock                      the pid of the runner using the folder (a second runner on it is refused)
 *   kernels                   the kernel path the runs train on (tfjs | own): a resumed run keeps it
 *   <run>.ckpt                the last checkpoint of an unfinished run: the engine's Checkpoint plus the curve,
 *                             batch hashes and evaluations so far. One JSON header, then the typed arrays
 *                             (weights, optimizer moments) as raw little-endian bytes.
 *   <run>.done.json.gz        the record of a finished run (what the snapshot needs); its .ckpt is then removed.
 * Every file is written atomically: a temporary file in the same folder, fsync, rename, fsync of the folder. A
 * crash or a full disk at any point leaves the previous file complete.
 */
import * as nodeFs from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { RunRecord } from '../core/snapshot/schema';
import { parseKernelPath, type KernelPath } from '../model/kernels/kernelPath';
import type { Checkpoint } from '../storage/stores';
import type { RunEvents, RunResult } from './armRun';
import type { CheckpointSink } from './host';

/** The curve, batch hashes and evaluations recorded so far; a resumed run continues them. */
export type RunProgress = Pick<RunResult, 'curve' | 'batchHashes' | 'evaluations'>;

/** The file operations used for writing (a seam: tests inject a failing write). */
export type WriteFs = Pick<typeof nodeFs, 'openSync' | 'writeSync' | 'fsyncSync' | 'closeSync' | 'renameSync' | 'unlinkSync'>;

const MAGIC = 'RRLCKPT1';
const TYPED = { Float32Array, Float64Array, Int32Array, Uint32Array, Uint8Array, Int8Array, Uint16Array, Int16Array } as const;
type TypedName = keyof typeof TYPED;

/** A checkpoint (or another file written atomically) that could not be written; the previous one is intact. */
export class CheckpointWriteError extends Error {
  override readonly name = 'CheckpointWriteError';
  constructor(
    readonly path: string,
    readonly code: string | undefined,
    override readonly cause: unknown,
    what = 'the checkpoint',
  ) {
    super(
      code === 'ENOSPC' || code === 'EDQUOT'
        ? `${path}: the disk is full, so ${what} could not be written (the previous ${what.replace(/^the /, '')} is intact). Free space, then re-run the same command to resume.`
        : `${path}: could not write ${what} (${code ?? (cause as Error).message}); the previous ${what.replace(/^the /, '')} is intact.`,
    );
  }
}

/** OUT/checkpoints holds another config's checkpoints. */
export class CheckpointDirConfigError extends Error {
  override readonly name = 'CheckpointDirConfigError';
  constructor(dir: string, stored: string, current: string, configFile: string) {
    super(
      `${dir} holds the checkpoints of config ${stored}, not of ${configFile} (config ${current}): ` +
        'run the config they belong to, use another --out, or add --fresh to delete them and start over.',
    );
  }
}

/** JSON with typed arrays moved to a binary payload and non-finite numbers kept (JSON has no NaN). */
function encode(value: unknown): { header: string; payload: Uint8Array[] } {
  const payload: Uint8Array[] = [];
  let offset = 0;
  const header = JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'number' && !Number.isFinite(v)) return { $num: String(v) };
    if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
      const type = v.constructor.name as TypedName;
      if (!(type in TYPED)) throw new Error(`checkpoint: cannot store a ${type}`);
      const bytes = new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
      const ref = { $typed: type, offset, length: (v as unknown as { length: number }).length };
      const padded = Math.ceil(bytes.byteLength / 8) * 8;
      payload.push(bytes);
      if (padded > bytes.byteLength) payload.push(new Uint8Array(padded - bytes.byteLength));
      offset += padded;
      return ref;
    }
    return v;
  });
  return { header, payload };
}

function decode(header: string, payload: Uint8Array, where: string): unknown {
  return JSON.parse(header, (_key, v: unknown) => {
    if (v && typeof v === 'object' && '$num' in v) return Number((v as { $num: string }).$num);
    if (v && typeof v === 'object' && '$typed' in v) {
      const { $typed, offset, length } = v as { $typed: TypedName; offset: number; length: number };
      const Type = TYPED[$typed];
      if (!Type || offset + length * Type.BYTES_PER_ELEMENT > payload.byteLength)
        throw new Error(`${where}: damaged checkpoint (a ${$typed} past the end of the file)`);
      const copy = new Uint8Array(length * Type.BYTES_PER_ELEMENT);
      copy.set(payload.subarray(offset, offset + copy.byteLength));
      return new Type(copy.buffer);
    }
    return v;
  });
}

/** MAGIC, header length (u32 LE), header (UTF-8), padding to 8 bytes, payload. */
function checkpointFile(value: unknown): Uint8Array[] {
  const { header, payload } = encode(value);
  const headerBytes = new TextEncoder().encode(header);
  const prefix = new Uint8Array(12);
  prefix.set(new TextEncoder().encode(MAGIC));
  new DataView(prefix.buffer).setUint32(8, headerBytes.byteLength, true);
  const pad = (8 - ((12 + headerBytes.byteLength) % 8)) % 8;
  return [prefix, headerBytes, new Uint8Array(pad), ...payload];
}

function readCheckpointFile(bytes: Uint8Array, where: string): unknown {
  if (bytes.byteLength < 12 || new TextDecoder().decode(bytes.subarray(0, 8)) !== MAGIC) throw new Error(`${where}: not a Rerank Lab checkpoint`);
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset).getUint32(8, true);
  if (12 + headerLength > bytes.byteLength) throw new Error(`${where}: damaged checkpoint (truncated header)`);
  const header = new TextDecoder().decode(bytes.subarray(12, 12 + headerLength));
  const start = 12 + headerLength + ((8 - ((12 + headerLength) % 8)) % 8);
  return decode(header, bytes.subarray(start), where);
}

/** Writes `chunks` to `path` so that `path` is either the old file or the complete new one. */
export function writeFileAtomic(path: string, chunks: Uint8Array[], fs: WriteFs = nodeFs, what?: string): void {
  const temporary = `${path}.tmp-${process.pid}`;
  let fd: number | undefined;
  try {
    fd = fs.openSync(temporary, 'w');
    for (const chunk of chunks) {
      let written = 0;
      while (written < chunk.byteLength) written += fs.writeSync(fd, chunk, written, chunk.byteLength - written);
    }
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    fs.renameSync(temporary, path);
  } catch (error) {
    if (fd !== undefined) {
      try {
        fs.closeSync(fd);
      } catch {
        /* already failing: the write error is the one to report */
      }
    }
    try {
      fs.unlinkSync(temporary);
    } catch {
      /* never created */
    }
    throw new CheckpointWriteError(path, (error as NodeJS.ErrnoException).code, error, what);
  }
  // The rename is durable once the folder's entry is on disk.
  const dirFd = nodeFs.openSync(join(path, '..'), 'r');
  try {
    nodeFs.fsyncSync(dirFd);
  } finally {
    nodeFs.closeSync(dirFd);
  }
}

function fileNameOf(runId: string): string {
  return encodeURIComponent(runId);
}

export interface FileCheckpointsOptions {
  /** The experiment's output folder; checkpoints go to OUT/checkpoints. */
  out: string;
  configHash: string;
  /** Named in the refusal when OUT holds another config's checkpoints. */
  configFile: string;
  /** Delete OUT/checkpoints first. */
  fresh?: boolean;
  fs?: WriteFs;
}

/** A CheckpointSink on disk, plus the finished runs' records and the progress of the unfinished ones. */
export class FileCheckpoints implements CheckpointSink {
  readonly dir: string;
  private readonly progress = new Map<string, RunProgress>();
  private readonly fs: WriteFs;
  /** Whether the folder held checkpoints of this config before this runner (a resume). */
  private readonly resumed: boolean;

  constructor(options: FileCheckpointsOptions) {
    this.dir = join(options.out, 'checkpoints');
    this.fs = options.fs ?? nodeFs;
    this.assertNotInUse();
    if (options.fresh) nodeFs.rmSync(this.dir, { recursive: true, force: true });
    const hashFile = join(this.dir, 'config-hash');
    this.resumed = nodeFs.existsSync(hashFile);
    if (this.resumed) {
      const stored = nodeFs.readFileSync(hashFile, 'utf8').trim();
      if (stored !== options.configHash) throw new CheckpointDirConfigError(this.dir, stored, options.configHash, options.configFile);
    } else {
      nodeFs.mkdirSync(this.dir, { recursive: true });
      writeFileAtomic(hashFile, [new TextEncoder().encode(`${options.configHash}\n`)], this.fs);
    }
  }

  /**
   * The kernel path this folder's runs train on: the one they started on when resuming (a folder written before
   * the path was kept trained on tfjs's kernels), else `asked`, kept for later resumes.
   */
  kernelPath(asked: KernelPath): KernelPath {
    const file = join(this.dir, 'kernels');
    if (nodeFs.existsSync(file)) return parseKernelPath(nodeFs.readFileSync(file, 'utf8').trim(), file);
    const path = this.resumed ? 'tfjs' : asked;
    writeFileAtomic(file, [new TextEncoder().encode(`${path}\n`)], this.fs);
    return path;
  }

  private get lockPath(): string {
    return join(this.dir, 'lock');
  }

  /** Two runners on one folder would overwrite each other's checkpoints; a lock left by a killed runner is stale. */
  private assertNotInUse(): void {
    if (!nodeFs.existsSync(this.lockPath)) return;
    const pid = Number(nodeFs.readFileSync(this.lockPath, 'utf8').trim());
    if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return;
    try {
      process.kill(pid, 0);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ESRCH') return;
    }
    throw new Error(`${this.dir} is in use by another experiment runner (pid ${pid}): wait for it to end or stop it (kill -TERM ${pid}), or use another --out`);
  }

  /** Marks the folder as used by this process until `release()` (or the process's exit). */
  lock(): void {
    nodeFs.writeFileSync(this.lockPath, `${process.pid}\n`);
    process.once('exit', this.release);
  }

  readonly release = (): void => {
    process.off('exit', this.release);
    try {
      if (nodeFs.readFileSync(this.lockPath, 'utf8').trim() === String(process.pid)) nodeFs.unlinkSync(this.lockPath);
    } catch {
      /* already gone */
    }
  };

  private pathOf(runId: string, ending: '.ckpt' | '.done.json.gz'): string {
    return join(this.dir, fileNameOf(runId) + ending);
  }

  /** Events that keep the run's progress for the next checkpoint (compose them with the caller's). */
  tracking(runId: string): Required<Pick<RunEvents, 'onStep' | 'onEvaluation' | 'onStartAt'>> {
    const progressOf = () => {
      let p = this.progress.get(runId);
      if (!p) this.progress.set(runId, (p = { curve: [], batchHashes: [], evaluations: [] }));
      return p;
    };
    return {
      onStep: (point, hash) => {
        const p = progressOf();
        p.curve.push(point);
        p.batchHashes.push(hash);
      },
      onEvaluation: (record) => {
        progressOf().evaluations.push(record);
      },
      onStartAt: (step) => {
        const p = progressOf();
        p.curve.length = Math.min(p.curve.length, step);
        p.batchHashes.length = Math.min(p.batchHashes.length, step);
        p.evaluations = p.evaluations.filter((e) => e.step <= step);
      },
    };
  }

  async writeCheckpoint(checkpoint: Checkpoint): Promise<void> {
    if (this.lastRead?.runId === checkpoint.runId) this.lastRead = null;
    const progress = this.progress.get(checkpoint.runId) ?? { curve: [], batchHashes: [], evaluations: [] };
    const upTo: RunProgress = {
      curve: progress.curve.slice(0, checkpoint.step),
      batchHashes: progress.batchHashes.slice(0, checkpoint.step),
      evaluations: progress.evaluations.filter((e) => e.step <= checkpoint.step),
    };
    writeFileAtomic(this.pathOf(checkpoint.runId, '.ckpt'), checkpointFile({ checkpoint, progress: upTo }), this.fs);
  }

  /** The last file read by loadProgress, handed to the loadCheckpoint that follows (a checkpoint can be GBs). */
  private lastRead: { runId: string; stored: { checkpoint: Checkpoint; progress: RunProgress } } | null = null;

  private readCheckpoint(runId: string): { checkpoint: Checkpoint; progress: RunProgress } | undefined {
    if (this.lastRead?.runId === runId) {
      const { stored } = this.lastRead;
      this.lastRead = null;
      return stored;
    }
    const path = this.pathOf(runId, '.ckpt');
    if (!nodeFs.existsSync(path)) return undefined;
    return readCheckpointFile(new Uint8Array(nodeFs.readFileSync(path)), path) as { checkpoint: Checkpoint; progress: RunProgress };
  }

  async loadCheckpoint(runId: string, options?: { configHash?: string }): Promise<Checkpoint | undefined> {
    const stored = this.readCheckpoint(runId);
    if (stored && options?.configHash && stored.checkpoint.configHash !== options.configHash) {
      throw new Error(`${this.pathOf(runId, '.ckpt')}: written under config ${stored.checkpoint.configHash}, not ${options.configHash}`);
    }
    return stored?.checkpoint;
  }

  /** The progress stored with the run's checkpoint (undefined without one); tracking continues from it. */
  loadProgress(runId: string): RunProgress | undefined {
    const stored = this.readCheckpoint(runId);
    if (!stored) return undefined;
    this.lastRead = { runId, stored };
    this.progress.set(runId, structuredClone(stored.progress));
    return stored.progress;
  }

  /** Stores the finished run's record, then drops its checkpoint (no longer needed). */
  saveFinished(record: RunRecord): void {
    writeFileAtomic(this.pathOf(record.runId, '.done.json.gz'), [gzipSync(Buffer.concat(checkpointFile(record)))], this.fs);
    this.progress.delete(record.runId);
    nodeFs.rmSync(this.pathOf(record.runId, '.ckpt'), { force: true });
  }

  /** The record of a run finished earlier, or undefined. */
  loadFinished(runId: string): RunRecord | undefined {
    const path = this.pathOf(runId, '.done.json.gz');
    if (!nodeFs.existsSync(path)) return undefined;
    return readCheckpointFile(new Uint8Array(gunzipSync(nodeFs.readFileSync(path))), path) as RunRecord;
  }
}
