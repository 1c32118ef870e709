/**
 * Merges the snapshots of one experiment (merge.ts has the whole story): the config (only seeds and arms may differ;
 * their union keeps each input's order), the runs (each once, with its origin), the checks of mergeChecks.ts, and the
 * provenance (`merge`: who merged, every source). Sources come in file-name order, so the result does not depend on
 * the order the inputs were given in.
 */
import { canonicalJson, configHash } from '../experiment/hash';
import { expandRunMatrix } from '../experiment/runMatrix';
import { baselineArmOf, type ArmSpec, type ExperimentConfig } from '../experiment/schema';
import { validateExperiment } from '../experiment/validate';
import { checkMergedRuns, type Entry } from './mergeChecks';
import { firstDifference, MergeRefusal, orderedUnion, shown, type OrderedList } from './mergeParts';
import { SNAPSHOT_KIND, SNAPSHOT_SCHEMA_VERSION, type Environment, type MergeRecord, type RunOrigin, type RunRecord, type Snapshot } from './schema';

export interface MergeOptions {
  /** The lab doing the merge (recorded in `merge.app`). */
  app: Environment['app'];
  createdAt?: Date;
}

/** One input: a snapshot and its file name (messages and origins name it; names must differ). */
export interface MergeSource {
  file: string;
  /** How messages name it: the file, or `file: members[2]` for a sweep's experiment. */
  label: string;
  snapshot: Snapshot;
}

/** Names an adapter as the viewer does: vendor · architecture · description. */
export function adapterName(adapter: Environment['adapter']): string {
  return [adapter.vendor, adapter.architecture, adapter.description].filter(Boolean).join(' · ') || 'unnamed adapter';
}

/** Where a run came from: its own origin when an earlier merge recorded one, else its source file's. */
export function originOf(source: Pick<MergeSource, 'file' | 'snapshot'>, run: RunRecord): RunOrigin {
  if (run.origin) return run.origin;
  const env = source.snapshot.environment;
  if (run.runtime === 'pytorch') return { file: source.file, runtime: 'pytorch', adapter: run.hardware?.devices.join(', ') || adapterName(env.adapter) };
  return { file: source.file, runtime: env.runtime.kind, adapter: adapterName(env.adapter), kernels: env.kernels ?? 'tfjs' };
}

const withoutOrigin = ({ origin: _origin, ...run }: RunRecord): RunRecord => run;
const withoutLists = (c: ExperimentConfig) => ({ ...c, seeds: undefined, arms: undefined, baselineArm: undefined });

/** The merged config: the first source's, with every source's arms and seeds (each name's arm the same everywhere). */
function mergedConfig(sources: readonly MergeSource[], warnings: string[]): ExperimentConfig {
  const [first] = sources;
  for (const source of sources.slice(1)) {
    const d = firstDifference(withoutLists(first.snapshot.config), withoutLists(source.snapshot.config));
    if (d)
      throw new MergeRefusal(
        source.label,
        `config${d.path}`,
        `${source.label}: config${d.path}: ${shown(d.b)} here, ${shown(d.a)} in ${first.label}: only the seeds and the arms may differ between snapshots of one experiment`,
      );
  }
  const arms = new Map<string, { arm: ArmSpec; label: string }>();
  for (const source of sources) {
    source.snapshot.config.arms.forEach((arm, i) => {
      const seen = arms.get(arm.name);
      const d = seen && firstDifference(seen.arm, arm);
      if (d)
        throw new MergeRefusal(
          source.label,
          `config.arms[${i}]${d.path}`,
          `${source.label}: config.arms[${i}]${d.path} (arm ${arm.name}): ${shown(d.b)} here, ${shown(d.a)} in ${seen.label}: an arm's name must mean the same settings in every snapshot`,
        );
      if (!seen) arms.set(arm.name, { arm, label: source.label });
    });
  }
  const listsOf = <T extends string | number>(pick: (c: ExperimentConfig) => T[]): OrderedList<T>[] =>
    sources.map((s) => ({ label: s.label, items: pick(s.snapshot.config) }));
  const armNames = orderedUnion(
    listsOf((c) => c.arms.map((a) => a.name)),
    (a, b) => (a < b ? -1 : a > b ? 1 : 0),
    'config.arms',
  );
  const seeds = orderedUnion(
    listsOf((c) => c.seeds),
    (a, b) => a - b,
    'config.seeds',
  );
  const explicit = sources.filter((s) => s.snapshot.config.baselineArm !== undefined);
  const conflicting = explicit.find((s) => s.snapshot.config.baselineArm !== explicit[0].snapshot.config.baselineArm);
  if (conflicting)
    throw new MergeRefusal(
      conflicting.label,
      'config.baselineArm',
      `${conflicting.label}: config.baselineArm: ${shown(conflicting.snapshot.config.baselineArm)} here, ${shown(explicit[0].snapshot.config.baselineArm)} in ${explicit[0].label}`,
    );
  const config = validateExperiment(
    { ...first.snapshot.config, arms: armNames.map((n) => arms.get(n)!.arm), seeds, baselineArm: explicit[0]?.snapshot.config.baselineArm },
    'the merged config',
  );
  const baseline = baselineArmOf(config);
  for (const s of sources) {
    if (baselineArmOf(s.snapshot.config) !== baseline)
      warnings.push(`${s.label}: compared every arm with ${baselineArmOf(s.snapshot.config)}; the merged study compares with ${baseline}`);
  }
  return config;
}

/** Every run once: a run in two inputs is taken once when the two records are identical, else refused. */
function collectRuns(sources: readonly MergeSource[]): Map<string, Entry> {
  const runs = new Map<string, Entry>();
  for (const source of sources) {
    for (const run of source.snapshot.runs) {
      const seen = runs.get(run.runId);
      if (!seen) {
        runs.set(run.runId, { label: source.label, run: withoutOrigin(run), origin: originOf(source, run) });
        continue;
      }
      const d = firstDifference(seen.run, withoutOrigin(run));
      if (d)
        throw new MergeRefusal(
          source.label,
          `runs.${run.runId}${d.path}`,
          `${source.label}: run ${run.runId} is also in ${seen.label}, with other results (${d.path.slice(1)}: ${shown(d.b)} here, ${shown(d.a)} there): a run may come from one snapshot only`,
          run.runId,
        );
    }
  }
  return runs;
}

/** Every source the inputs were made from (an input merged before contributes its own sources), by file name. */
function mergeSources(sources: readonly MergeSource[]): MergeRecord['sources'] {
  const byFile = new Map<string, MergeRecord['sources'][number]>();
  for (const { file, label, snapshot } of sources) {
    const own = snapshot.merge?.sources ?? [{ file, createdAt: snapshot.createdAt, configHash: snapshot.configHash, environment: snapshot.environment }];
    for (const entry of own) {
      const seen = byFile.get(entry.file);
      if (seen && canonicalJson(seen) !== canonicalJson(entry))
        throw new MergeRefusal(label, 'merge.sources', `${label}: two different sources are both named ${entry.file}: rename one before merging`);
      byFile.set(entry.file, entry);
    }
  }
  return [...byFile.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

/** Merges the snapshots of one experiment (sources in file-name order; see the module comment). */
export async function mergeExperimentSources(sources: readonly MergeSource[], options: MergeOptions, warnings: string[]): Promise<Snapshot> {
  const tuning = sources.find((s) => s.snapshot.tuning);
  if (tuning)
    throw new MergeRefusal(
      tuning.label,
      'tuning',
      `${tuning.label}: a tuning study's snapshot: its final arms were selected from its own trials, so it is not merged with other runs`,
    );
  const config = mergedConfig(sources, warnings);
  const runs = collectRuns(sources);
  const ordered = expandRunMatrix(config)
    .map((spec) => runs.get(spec.runId))
    .filter((e): e is Entry => e !== undefined);
  if (ordered.length) checkMergedRuns(config, ordered, warnings);
  const merge: MergeRecord = { app: options.app, sources: mergeSources(sources) };
  return {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    kind: SNAPSHOT_KIND,
    createdAt: (options.createdAt ?? new Date()).toISOString(),
    config,
    configHash: await configHash(config),
    environment: merge.sources[0].environment,
    runs: ordered.map((e) => ({ ...e.run, origin: e.origin })),
    merge,
  };
}
