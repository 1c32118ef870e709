/**
 * The engine's host in the browser (page or worker): bundled files are fetched from the app's own origin
 * (public/), URLs only as the user chose them, `file` references from the File objects the user picked.
 */
import type { FileRef, TrainingDataSpec } from '../core/experiment/schema';
import { blobSource, urlSource, type DataSource } from './data/lines';
import type { HubOptions } from '../model/hub';
import type { LabStorage } from '../storage/stores';
import type { CheckpointSink, LabFileKind, LabHost } from './host';
import { FOLDER_NEEDS, readModelFiles } from './localModel';

export function bundledUrl(path: string, base: string): string {
  return new URL(path.replace(/^\/+/, ''), base).href;
}

export interface BrowserHostOptions {
  /** The app's base URL, where public/ is served. */
  base: string;
  /** Files the user picked for `file` references, by name. */
  files?: Record<string, File>;
  checkpoints?: CheckpointSink;
  /** Where picked qrels/topics/candidates are kept (by content hash), so a resumed run finds them after a reload. */
  datasets?: Pick<LabStorage, 'importDataset' | 'findDatasetByName'>;
  /** Where picked model folders are kept (by content hash), found again by the folder name the config names. */
  localModels?: { findLocalModel(folderName: string): Promise<{ files: Record<string, Uint8Array> } | undefined> };
  hub?: HubOptions;
}

export function browserHost(options: BrowserHostOptions): LabHost {
  const fileNamed = (name: string): File => {
    const file = options.files?.[name];
    if (!file) throw new Error(`the experiment needs the file "${name}": pick it in the lab before starting`);
    return file;
  };
  const userFile = async (name: string, kind: LabFileKind | undefined): Promise<Uint8Array> => {
    const picked = options.files?.[name];
    const keep = options.datasets && kind && kind !== 'vocab' ? options.datasets : null;
    if (picked) {
      const bytes = new Uint8Array(await picked.arrayBuffer());
      if (keep) await keep.importDataset(kind as 'qrels' | 'topics' | 'candidates', name, bytes);
      return bytes;
    }
    const stored = keep ? await keep.findDatasetByName(name) : undefined;
    if (stored) return stored.bytes;
    return new Uint8Array(await fileNamed(name).arrayBuffer());
  };
  const urlOf = (ref: FileRef) => (ref.source === 'bundled' ? bundledUrl(ref.path, options.base) : ref.source === 'url' ? ref.url : null);
  return {
    async readFile(ref: FileRef, kind?: LabFileKind) {
      const url = urlOf(ref);
      if (url === null) return userFile((ref as { name: string }).name, kind);
      let response: Response;
      try {
        response = await fetch(url);
      } catch (error) {
        throw new Error(`${url}: could not fetch (${(error as Error).message}); offline, or blocked by CORS`);
      }
      if (!response.ok) throw new Error(`${url}: HTTP ${response.status} ${response.statusText}`);
      return new Uint8Array(await response.arrayBuffer());
    },
    trainingSource(spec: TrainingDataSpec): DataSource {
      if (spec.source === 'file') return blobSource(fileNamed(spec.name), spec.name);
      return urlSource(spec.source === 'bundled' ? bundledUrl(spec.path, options.base) : spec.url);
    },
    async localModel(path: string) {
      const stored = await options.localModels?.findLocalModel(path);
      if (!stored) throw new Error(`the experiment trains the local model "${path}": pick or drop that folder in the lab first (${FOLDER_NEEDS})`);
      return readModelFiles({ folder: path, has: (file) => file in stored.files, read: async (file) => stored.files[file] });
    },
    ...(options.checkpoints ? { checkpoints: options.checkpoints } : {}),
    ...(options.hub ? { hub: options.hub } : {}),
  };
}
