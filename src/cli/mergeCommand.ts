/**
 * `npm run merge -- A.json.gz B.json.gz ... --out MERGED.json.gz`: snapshots of one experiment (or one sweep) made in
 * pieces — seeds or arms on different machines, the page, `npm run experiment`, PyTorch imports — as one study
 * (core/snapshot/merge.ts: what is checked, refused and warned about). Each input is read as the viewer reads a
 * snapshot (size, inflated size, counts, schema, config hash); nothing is written when a check refuses.
 */
import { existsSync, realpathSync, writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { checkFileSize, INPUT_LIMITS } from '../core/limits';
import { exportSnapshot, importAnySnapshot, mergedDescription, mergeSnapshots } from '../core/snapshot';
import { parseCommandLine } from './args';
import { appVersion } from './appVersion';
import { readStoredFile } from './readInput';

export const MERGE_USAGE = 'usage: npm run merge -- A.json.gz B.json.gz [...] --out MERGED.json.gz';

export interface MergeCommandOptions {
  inputs: string[];
  out: string;
}

export function parseMergeArgs(argv: string[]): MergeCommandOptions {
  const command = parseCommandLine(argv, { usage: MERGE_USAGE, options: { out: { type: 'string' } }, positionals: [2, INPUT_LIMITS.snapshotRuns] });
  const out = command.required('out');
  const same = (path: string) => resolve(path) === resolve(out) || (existsSync(path) && existsSync(out) && realpathSync(path) === realpathSync(out));
  const input = command.positionals.find(same);
  if (input !== undefined) command.fail(`--out ${out} is one of the inputs: write the merged snapshot to a new file`);
  return { inputs: command.positionals, out };
}

/** Reads, merges and writes; returns the warnings and a description of what was written. */
export async function runMerge(options: MergeCommandOptions, createdAt = new Date()): Promise<{ warnings: string[]; description: string }> {
  const inputs = [];
  for (const path of options.inputs) {
    // Each run records the file it came from by name, as the page (which has only names) records it.
    inputs.push({ file: basename(path), snapshot: await importAnySnapshot(readStoredFile(path, 'snapshotFileBytes', 'a snapshot'), path) });
  }
  const { snapshot, warnings } = await mergeSnapshots(inputs, { app: appVersion(), createdAt });
  const bytes = exportSnapshot(snapshot);
  checkFileSize(bytes.length, 'snapshotFileBytes', `${options.out} (the merged snapshot)`);
  writeFileSync(options.out, bytes);
  return { warnings, description: mergedDescription(snapshot) };
}
