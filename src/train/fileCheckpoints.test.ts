/**
 * Checkpoints on disk: a round trip keeps every typed array bit for bit (and NaN losses), another config's
 * folder is refused naming both hashes, --fresh clears it, and a full disk leaves the previous checkpoint whole.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunRecord } from '../core/snapshot/schema';
import type { Checkpoint } from '../storage/stores';
import { CheckpointDirConfigError, CheckpointWriteError, FileCheckpoints, type WriteFs } from './fileCheckpoints';

const HASH = 'a'.repeat(64);

function checkpointOf(step: number, floats: number): Checkpoint {
  const weights = { 'bert.embeddings.word': Float32Array.from({ length: floats }, (_, i) => Math.fround(Math.sin(i + step) * 1e-3)) };
  return {
    runId: 'study/lion/seed-1',
    step,
    configHash: HASH,
    weights,
    optimizerState: { format: 'x', step, tensors: [{ name: 'w', m: Float32Array.of(-0, 1e-45, 3.4028234663852886e38) }] },
    rngState: { dropoutSeed: 'derived' },
    dataCursor: { stream: { version: 1, emitted: step * 4, epoch: 0, bufferSize: 16 }, batchHash: 'abc' },
  };
}

function track(store: FileCheckpoints, steps: number): void {
  const events = store.tracking('study/lion/seed-1');
  for (let step = 1; step <= steps; step++)
    events.onStep({ step, loss: step === 2 ? Number.NaN : 1 / step, lr: 1e-4, gradNorm: 0.5, examplesPerSecond: 10, ms: 3 }, `hash-${step}`);
  events.onEvaluation({ step: 1, evalSet: 'dl19', perQuery: { q1: { ndcg_cut_10: 0.1 } }, run: { q1: [{ docno: 'd', score: 0.25 }] } } as never);
}

describe('FileCheckpoints', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rerank-lab-ckpt-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads back the checkpoint bit for bit, with the progress up to its step', async () => {
    const out = join(dir, 'roundtrip');
    const store = new FileCheckpoints({ out, configHash: HASH, configFile: 'study.json' });
    track(store, 3);
    const written = checkpointOf(2, 1001);
    await store.writeCheckpoint(written);

    const again = new FileCheckpoints({ out, configHash: HASH, configFile: 'study.json' });
    const loaded = (await again.loadCheckpoint('study/lion/seed-1', { configHash: HASH }))!;
    expect(loaded).toEqual(written);
    expect(new Uint8Array(loaded.weights['bert.embeddings.word'].buffer)).toEqual(new Uint8Array(written.weights['bert.embeddings.word'].buffer));
    expect(Object.is((loaded.optimizerState as { tensors: { m: Float32Array }[] }).tensors[0].m[0], -0)).toBe(true);
    const progress = again.loadProgress('study/lion/seed-1')!;
    expect(progress.batchHashes).toEqual(['hash-1', 'hash-2']);
    expect(progress.curve[1].loss).toBeNaN();
    expect(progress.evaluations).toHaveLength(1);
    expect(await again.loadCheckpoint('study/adamw/seed-1')).toBeUndefined();
  });

  it('keeps a finished run and drops its checkpoint', async () => {
    const out = join(dir, 'finished');
    const store = new FileCheckpoints({ out, configHash: HASH, configFile: 'study.json' });
    await store.writeCheckpoint(checkpointOf(1, 8));
    const record: RunRecord = {
      runId: 'study/lion/seed-1',
      arm: 'lion',
      seed: 1,
      stop: { reason: 'non-finite', step: 2, quantity: 'loss' },
      curve: [{ step: 1, loss: Number.NaN, lr: 1e-4, gradNorm: Number.POSITIVE_INFINITY, examplesPerSecond: 1, ms: 1 }],
      batchHashes: ['h'],
      evaluations: [],
    } as RunRecord;
    store.saveFinished(record);
    expect(readdirSync(store.dir).sort()).toEqual(['config-hash', 'study%2Flion%2Fseed-1.done.json.gz']);
    expect(new FileCheckpoints({ out, configHash: HASH, configFile: 'study.json' }).loadFinished('study/lion/seed-1')).toEqual(record);
  });

  it('keeps the kernel path the runs started on; a folder written before the path was kept trained on tfjs', () => {
    const out = join(dir, 'kernels');
    expect(new FileCheckpoints({ out, configHash: HASH, configFile: 'study.json' }).kernelPath('own')).toBe('own');
    expect(new FileCheckpoints({ out, configHash: HASH, configFile: 'study.json' }).kernelPath('tfjs')).toBe('own');
    const older = join(dir, 'kernels-older');
    new FileCheckpoints({ out: older, configHash: HASH, configFile: 'study.json' });
    expect(new FileCheckpoints({ out: older, configHash: HASH, configFile: 'study.json' }).kernelPath('own')).toBe('tfjs');
    fs.writeFileSync(join(out, 'checkpoints', 'kernels'), 'fast\n');
    expect(() => new FileCheckpoints({ out, configHash: HASH, configFile: 'study.json' }).kernelPath('own')).toThrow(
      /kernels="fast": expected one of tfjs, own/,
    );
  });

  it('refuses another config, naming both hashes; --fresh starts over', async () => {
    const out = join(dir, 'mismatch');
    await new FileCheckpoints({ out, configHash: HASH, configFile: 'old.json' }).writeCheckpoint(checkpointOf(1, 8));
    const other = 'b'.repeat(64);
    expect(() => new FileCheckpoints({ out, configHash: other, configFile: 'new.json' })).toThrow(CheckpointDirConfigError);
    expect(() => new FileCheckpoints({ out, configHash: other, configFile: 'new.json' })).toThrow(
      `holds the checkpoints of config ${HASH}, not of new.json (config ${other})`,
    );
    const fresh = new FileCheckpoints({ out, configHash: other, configFile: 'new.json', fresh: true });
    expect(readdirSync(fresh.dir)).toEqual(['config-hash']);
  });

  it('refuses a folder another live runner holds, and takes over the lock of one that was killed', () => {
    const out = join(dir, 'locked');
    const store = new FileCheckpoints({ out, configHash: HASH, configFile: 'study.json' });
    fs.writeFileSync(join(store.dir, 'lock'), `${process.ppid}\n`);
    expect(() => new FileCheckpoints({ out, configHash: HASH, configFile: 'study.json' })).toThrow(
      `${store.dir} is in use by another experiment runner (pid ${process.ppid})`,
    );
    const exited = spawnSync('true').pid!;
    fs.writeFileSync(join(store.dir, 'lock'), `${exited}\n`);
    const next = new FileCheckpoints({ out, configHash: HASH, configFile: 'study.json' });
    next.lock();
    expect(fs.readFileSync(join(store.dir, 'lock'), 'utf8')).toBe(`${process.pid}\n`);
    next.release();
    expect(fs.existsSync(join(store.dir, 'lock'))).toBe(false);
  });
});

/** A real tmpfs needs root (CI runs as root); elsewhere a write fails with ENOSPC through the fs seam. */
function mountSmallTmpfs(): string | null {
  const mountPoint = mkdtempSync(join(tmpdir(), 'rerank-lab-full-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', mountPoint], { stdio: 'ignore' });
    return mountPoint;
  } catch {
    rmSync(mountPoint, { recursive: true, force: true });
    return null;
  }
}

const tmpfs = mountSmallTmpfs();
const failingFs: { failing: boolean; fs: WriteFs } = {
  failing: false,
  fs: {
    ...fs,
    writeSync: ((fd: number, buffer: Uint8Array, offset?: number, length?: number) => {
      if (failingFs.failing) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      return fs.writeSync(fd, buffer, offset, length);
    }) as WriteFs['writeSync'],
  },
};

describe(`a full disk while checkpointing (${tmpfs ? 'a real 256 KiB tmpfs' : 'injected ENOSPC: mounting a tmpfs needs root'})`, () => {
  const out = tmpfs ?? mkdtempSync(join(tmpdir(), 'rerank-lab-full-'));
  afterAll(() => {
    if (tmpfs) execFileSync('umount', [tmpfs]);
    rmSync(out, { recursive: true, force: true });
  });

  it('is a clear error and the previous checkpoint stays intact', async () => {
    // CI runs as root: there the real tmpfs must be what was tested.
    if (process.env.CI === 'true' && process.getuid?.() === 0) expect(tmpfs).not.toBeNull();
    const store = new FileCheckpoints({ out, configHash: HASH, configFile: 'study.json', ...(tmpfs ? {} : { fs: failingFs.fs }) });
    const first = checkpointOf(1, 10_000); // 40 kB: fits
    await store.writeCheckpoint(first);
    failingFs.failing = true;
    const error = await store.writeCheckpoint(checkpointOf(2, 100_000)).catch((e: unknown) => e); // 400 kB: does not
    expect(error).toBeInstanceOf(CheckpointWriteError);
    expect((error as CheckpointWriteError).code).toBe('ENOSPC');
    expect((error as Error).message).toMatch(
      /study%2Flion%2Fseed-1\.ckpt: the disk is full, so the checkpoint could not be written \(the previous checkpoint is intact\)/,
    );
    expect(readdirSync(store.dir).sort()).toEqual(['config-hash', 'study%2Flion%2Fseed-1.ckpt']);
    expect(await new FileCheckpoints({ out, configHash: HASH, configFile: 'study.json' }).loadCheckpoint('study/lion/seed-1')).toEqual(first);
  });
});
