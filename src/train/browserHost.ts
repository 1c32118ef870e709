/**
 * The engine's host in the browser (page or worker): bundled files are fetched from the app's own origin
 * (public/), URLs only as the user chose them, `file` references from the File objects the user picked.
 */
import type { FileRef, TrainingDataSpec } from '../core/experiment/schema';
import { blobSource, urlSource, type DataSource } from './data/lines';
import type { CheckpointSink, LabHost } from './host';

export function bundledUrl(path: string, base: string): string {
  return new URL(path.replace(/^\/+/, ''), base).href;
}

export function browserHost(options: { base: string; files?: Record<string, File>; checkpoints?: CheckpointSink }): LabHost {
  const fileNamed = (name: string): File => {
    const file = options.files?.[name];
    if (!file) throw new Error(`the experiment needs the file "${name}": pick it in the lab before starting`);
    return file;
  };
  const urlOf = (ref: FileRef) => (ref.source === 'bundled' ? bundledUrl(ref.path, options.base) : ref.source === 'url' ? ref.url : null);
  return {
    async readFile(ref: FileRef) {
      const url = urlOf(ref);
      if (url === null) return new Uint8Array(await fileNamed((ref as { name: string }).name).arrayBuffer());
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
    ...(options.checkpoints ? { checkpoints: options.checkpoints } : {}),
  };
}
