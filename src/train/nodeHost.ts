/**
 * The engine's host in Node (Node-only: never import it from the page or a worker): bundled files come from public/, `file` references are paths relative to the
 * experiment config's folder, URLs are fetched (only those the config names).
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { FileRef, TrainingDataSpec } from '../core/experiment/schema';
import { urlSource, type DataSource } from './data/lines';
import type { CheckpointSink, LabHost, LocalModelFiles } from './host';
import { FOLDER_NEEDS, readModelFiles } from './localModel';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const PUBLIC_DIR = resolve(REPO_ROOT, 'public');

export interface NodeHostOptions {
  /** Folder that `file` references are relative to (the config's folder). */
  baseDir: string;
  checkpoints?: CheckpointSink;
}

function pathOf(ref: { source: 'bundled'; path: string } | { source: 'file'; name: string }, baseDir: string): string {
  return ref.source === 'bundled' ? resolve(PUBLIC_DIR, ref.path) : resolve(baseDir, ref.name);
}

/** Reads a Hugging Face model folder; a missing file is an error naming it. */
export async function readModelFolder(dir: string): Promise<LocalModelFiles> {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(`${dir}: model folder not found (${FOLDER_NEEDS})`);
  return readModelFiles({
    folder: dir,
    has: (file) => existsSync(resolve(dir, file)),
    read: async (file) => new Uint8Array(await readFile(resolve(dir, file))),
    pathOf: (file) => resolve(dir, file),
  });
}

export function nodeHost(options: NodeHostOptions): LabHost {
  return {
    async readFile(ref: FileRef) {
      if (ref.source === 'url') {
        const response = await fetch(ref.url).catch((e: Error) => {
          throw new Error(`${ref.url}: could not fetch (${e.message})`);
        });
        if (!response.ok) throw new Error(`${ref.url}: HTTP ${response.status} ${response.statusText}`);
        return new Uint8Array(await response.arrayBuffer());
      }
      const path = pathOf(ref, options.baseDir);
      try {
        return new Uint8Array(await readFile(path));
      } catch (error) {
        throw new Error(`${path}: cannot read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
      }
    },
    trainingSource(spec: TrainingDataSpec): DataSource {
      if (spec.source === 'url') return urlSource(spec.url);
      const path = spec.source === 'bundled' ? resolve(PUBLIC_DIR, spec.path) : resolve(options.baseDir, spec.name);
      return { name: path, open: () => Readable.toWeb(createReadStream(path)) as unknown as ReadableStream<Uint8Array> };
    },
    localModel: (path: string) => readModelFolder(resolve(options.baseDir, path)),
    ...(options.checkpoints ? { checkpoints: options.checkpoints } : {}),
  };
}

/** Checkpoints kept in memory (structured copies), for tests and for runs that need no persistence. */
export function memoryCheckpoints(): CheckpointSink & { writes: number } {
  const latest = new Map<string, import('../storage/stores').Checkpoint>();
  return {
    writes: 0,
    async writeCheckpoint(checkpoint) {
      latest.set(checkpoint.runId, structuredClone(checkpoint));
      this.writes++;
    },
    async loadCheckpoint(runId, opts) {
      const c = latest.get(runId);
      if (c && opts?.configHash && c.configHash !== opts.configHash) throw new Error(`checkpoint of ${runId} was written under another config`);
      return c ? structuredClone(c) : undefined;
    },
  };
}
