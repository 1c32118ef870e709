/**
 * The viewer's "Merge snapshots…": the picked files read as the opener reads one (capped while streaming and
 * inflating, counts, schema, config hash), merged by core/snapshot/merge.ts, and the merged file's bytes ready to
 * download. Errors name the file (and for a refusal the run and the field).
 */
import { checkFileSize } from '../../../core/limits';
import { exportSnapshot } from '../../../core/snapshot/io';
import { mergedDescription, mergeSnapshots, type MergeInput } from '../../../core/snapshot/merge';
import { readAnySnapshot } from '../../../core/snapshot/open';
import { isSweepSnapshot, type AnySnapshot, type Environment } from '../../../core/snapshot/schema';
import { fileSafe } from '../../components/results/snapshotFiles';
import { chunksOf } from './openedSnapshot';

export interface MergedFiles {
  snapshot: AnySnapshot;
  warnings: string[];
  description: string;
  bytes: Uint8Array;
  /** The download's name: `EXPERIMENT.merged.snapshot.json.gz`. */
  fileName: string;
}

export async function mergeFiles(files: readonly File[], app: Environment['app'], onProgress?: (what: string) => void): Promise<MergedFiles> {
  const inputs: MergeInput[] = [];
  for (const file of files) {
    onProgress?.(`Reading ${file.name}`);
    inputs.push({ file: file.name, snapshot: await readAnySnapshot(chunksOf(file.stream()), file.name, { declaredBytes: file.size }) });
  }
  onProgress?.(`Merging ${files.length} snapshots`);
  const { snapshot, warnings } = await mergeSnapshots(inputs, { app });
  const bytes = exportSnapshot(snapshot);
  checkFileSize(bytes.length, 'snapshotFileBytes', 'the merged snapshot');
  const name = isSweepSnapshot(snapshot) ? snapshot.sweep.name : snapshot.config.name;
  return { snapshot, warnings, description: mergedDescription(snapshot), bytes, fileName: `${fileSafe(name)}.merged.snapshot.json.gz` };
}
