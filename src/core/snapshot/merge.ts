/**
 * Merging snapshots of one experiment made in pieces (seed 1 on one machine, seed 2 on another; an arm in the page, the
 * others headless or on PyTorch) into one study, and sweeps likewise (experiment by experiment). Pure: the inputs are
 * snapshots already read and checked (io.ts); `npm run merge` and the viewer's "Merge snapshots…" call this.
 *
 * Refused, with the file, the run and the field named (a MergeRefusal):
 * - configs that differ in anything but their seeds and arms (an arm of one name must be the same arm everywhere);
 * - runs of one seed whose batch hashes differ at a step, or whose initial-weights hashes differ (the same seed gives
 *   the same batches and the same initial weights on every arm and machine);
 * - runs in different precisions;
 * - one arm × seed in two inputs unless the two records are identical;
 * - tuning studies (their arms were selected from their own trials), sweeps of another name or size, a mix of sweeps
 *   and single experiments, two inputs of one file name, and a result over the snapshot size limits.
 * Warned about: different kernels, adapters or runtimes (the numbers compare, the curves are not bit for bit alike),
 * runs whose initial weights cannot be checked (made before the hash was recorded), a changed baseline arm.
 *
 * The merged config's seeds and arms are the union, each input's order kept; its hash is recomputed as the lab
 * computes it. Each run records where it came from (`origin`: file, runtime, adapter, kernels), the snapshot who merged
 * it and every source (`merge`); its `environment` is the first source's by file name. The inputs are taken in
 * file-name order, so any order of the same inputs gives the same snapshot. The result is read back through the
 * importer (schema, counts, config hashes) before it is returned, so what is written can be opened again.
 */
import { INPUT_LIMITS } from '../limits';
import { anySnapshotFromValue, snapshotToJson } from './io';
import { mergeExperimentSources, type MergeOptions, type MergeSource } from './mergeExperiment';
import { MergeRefusal, orderedUnion } from './mergeParts';
import { isSweepSnapshot, SWEEP_SNAPSHOT_KIND, SWEEP_SNAPSHOT_SCHEMA_VERSION, type AnySnapshot, type Snapshot, type SweepSnapshot } from './schema';

export { MergeRefusal } from './mergeParts';
export { adapterName, originOf, type MergeOptions } from './mergeExperiment';

export interface MergeInput {
  /** The file name (messages and each run's origin name it); names must differ. */
  file: string;
  snapshot: AnySnapshot;
}

export interface MergeResult {
  snapshot: AnySnapshot;
  /** What differs but does not stop the merge (kernels, adapters, unchecked initial weights), one line each. */
  warnings: string[];
}

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** One line on what a merged snapshot holds (the CLI prints it, the page shows it). */
export function mergedDescription(snapshot: AnySnapshot): string {
  if (isSweepSnapshot(snapshot)) return `sweep ${snapshot.sweep.name}: ${snapshot.members.length} of its ${snapshot.sweep.experiments} experiments`;
  const { config, runs } = snapshot;
  return `${config.name}: ${runs.length} runs, arms ${config.arms.map((a) => a.name).join(', ')}, seeds ${config.seeds.join(', ')}, config ${snapshot.configHash.slice(0, 12)}`;
}

/** Merges two or more snapshot files of one experiment, or of one sweep (see the module comment). */
export async function mergeSnapshots(inputs: readonly MergeInput[], options: MergeOptions): Promise<MergeResult> {
  if (inputs.length < 2) throw new MergeRefusal(inputs[0]?.file ?? '', 'inputs', `merging needs two or more snapshots (given ${inputs.length})`);
  const sorted = [...inputs].sort((a, b) => byName(a.file, b.file));
  sorted.forEach((input, i) => {
    if (i > 0 && input.file === sorted[i - 1].file)
      throw new MergeRefusal(input.file, 'file', `${input.file}: two inputs have this name: rename one (each run records the file it came from)`);
  });
  const sweeps = sorted.filter((i) => isSweepSnapshot(i.snapshot));
  if (sweeps.length > 0 && sweeps.length < sorted.length) {
    const single = sorted.find((i) => !isSweepSnapshot(i.snapshot))!;
    throw new MergeRefusal(single.file, 'kind', `${single.file}: one experiment's snapshot, but ${sweeps[0].file} is a sweep's: merge sweeps with sweeps`);
  }
  const warnings: string[] = [];
  const merged = sweeps.length
    ? await mergeSweeps(sorted as { file: string; snapshot: SweepSnapshot }[], options, warnings)
    : await mergeExperimentSources(
        sorted.map((i) => ({ file: i.file, label: i.file, snapshot: i.snapshot as Snapshot })),
        options,
        warnings,
      );
  return { snapshot: await readBack(merged), warnings };
}

async function mergeSweeps(inputs: readonly { file: string; snapshot: SweepSnapshot }[], options: MergeOptions, warnings: string[]): Promise<SweepSnapshot> {
  const [first] = inputs;
  for (const { file, snapshot } of inputs.slice(1)) {
    for (const field of ['name', 'experiments'] as const) {
      if (snapshot.sweep[field] !== first.snapshot.sweep[field])
        throw new MergeRefusal(
          file,
          `sweep.${field}`,
          `${file}: sweep.${field}: ${JSON.stringify(snapshot.sweep[field])} here, ${JSON.stringify(first.snapshot.sweep[field])} in ${first.file}: only one sweep's snapshots are merged`,
        );
    }
  }
  const groups = new Map<string, MergeSource[]>();
  for (const { file, snapshot } of inputs) {
    snapshot.members.forEach((member, i) => {
      const name = member.config.name;
      groups.set(name, [...(groups.get(name) ?? []), { file, label: `${file}: members[${i}] (${name})`, snapshot: member }]);
    });
  }
  const order = orderedUnion(
    inputs.map(({ file, snapshot }) => ({ label: file, items: snapshot.members.map((m) => m.config.name) })),
    byName,
    'members',
  );
  const members: Snapshot[] = [];
  for (const name of order) {
    const own: string[] = [];
    members.push(await mergeExperimentSources(groups.get(name)!, options, own));
    warnings.push(...own.map((w) => `${name}: ${w}`));
  }
  return {
    schemaVersion: SWEEP_SNAPSHOT_SCHEMA_VERSION,
    kind: SWEEP_SNAPSHOT_KIND,
    createdAt: (options.createdAt ?? new Date()).toISOString(),
    sweep: { ...first.snapshot.sweep },
    members,
  };
}

const MERGED = 'the merged snapshot';

/** The merged snapshot as the importer reads it: within the size limits, and valid by the schema and config hashes. */
async function readBack(snapshot: AnySnapshot): Promise<AnySnapshot> {
  const json = snapshotToJson(snapshot);
  // Characters, not bytes: every character is at least one byte, so this refuses nothing the importer would take.
  if (json.length > INPUT_LIMITS.snapshotJsonBytes)
    throw new MergeRefusal(
      MERGED,
      'size',
      `${MERGED} would be ${json.length} characters of JSON, over the ${INPUT_LIMITS.snapshotJsonBytes} a snapshot may hold (INPUT_LIMITS.snapshotJsonBytes)`,
    );
  return anySnapshotFromValue(JSON.parse(json), MERGED);
}
