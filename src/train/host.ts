/**
 * What the engine needs from the place it runs in. The browser worker and the headless Node runner each
 * provide one; the engine itself never touches fetch paths, the file system or IndexedDB directly.
 */
import type { FileRef, TrainingDataSpec } from '../core/experiment/schema';
import type { HubOptions } from '../model/hub';
import type { DataSource } from './data/lines';
import type { Checkpoint } from '../storage/stores';

export interface CheckpointSink {
  writeCheckpoint(checkpoint: Checkpoint): Promise<void>;
  loadCheckpoint(runId: string, options?: { configHash?: string }): Promise<Checkpoint | undefined>;
}

/** A Hugging Face model folder as read: config.json, model.safetensors, and tokenizer.json (else vocab.txt). */
export interface LocalModelFiles {
  configText: string;
  weights: Uint8Array;
  tokenizer: { file: 'tokenizer.json' | 'vocab.txt'; text: string };
  /** Where the folder is (a path, or the picked folder's name), for messages. */
  folder?: string;
}

/** What a file read by the engine holds (user-picked evaluation files are kept in IndexedDB by kind). */
export type LabFileKind = 'qrels' | 'topics' | 'candidates' | 'vocab';

export interface LabHost {
  /** Bytes of a bundled file (path relative to public/), a user-chosen URL, or a user-picked file. */
  readFile(ref: FileRef, kind?: LabFileKind): Promise<Uint8Array>;
  /** A re-openable, streamed source for the training data (never read whole). */
  trainingSource(spec: TrainingDataSpec): DataSource;
  /** The files of a `local` model: a folder path in Node, a picked or dropped folder in the page. */
  localModel?(path: string): Promise<LocalModelFiles>;
  /** Hub options (cache, progress, base URL for tests). */
  hub?: HubOptions;
  checkpoints?: CheckpointSink;
}
