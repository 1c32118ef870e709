/**
 * What merged runs must agree on (merge.ts): one precision; per seed, the same batches (batch hashes on the steps both
 * ran) and the same initial weights (initialWeightsHash; with a fixed init seed in the model spec, every run's). A
 * disagreement is a MergeRefusal naming the file, the run and the field; what cannot be checked, and kernels, adapters
 * or runtimes that differ, are warnings.
 */
import type { ExperimentConfig } from '../experiment/schema';
import { MergeRefusal } from './mergeParts';
import type { RunOrigin, RunRecord } from './schema';

/** A run as the merge holds it: the record (without origin), where it came from, and how messages name its input. */
export interface Entry {
  label: string;
  run: RunRecord;
  origin: RunOrigin;
}

/** Runs that must match do: one precision; per seed, the same batches and the same initial weights. Warns about the rest. */
export function checkMergedRuns(config: ExperimentConfig, entries: readonly Entry[], warnings: string[]): void {
  const [first] = entries;
  const precisionOf = (e: Entry) => e.run.precision ?? 'float32';
  const odd = entries.find((e) => precisionOf(e) !== precisionOf(first));
  if (odd)
    throw new MergeRefusal(
      odd.label,
      'precision',
      `${odd.label}: run ${odd.run.runId}: precision ${precisionOf(odd)}, but ${first.label}'s run ${first.run.runId} trained in ${precisionOf(first)}: precisions are not mixed in one study`,
      odd.run.runId,
    );
  const batchReference = new Map<number, Entry>();
  const initReference = new Map<string, Entry>();
  const unchecked = new Map<string, Entry[]>();
  const fixedInit = config.model.kind === 'random' && config.model.seed !== undefined;
  for (const e of entries) {
    const reference = batchReference.get(e.run.seed);
    if (!reference) batchReference.set(e.run.seed, e);
    else {
      const steps = Math.min(reference.run.batchHashes.length, e.run.batchHashes.length);
      const i = e.run.batchHashes.slice(0, steps).findIndex((h, k) => h !== reference.run.batchHashes[k]);
      if (i >= 0)
        throw new MergeRefusal(
          e.label,
          `batchHashes[${i}]`,
          `${e.label}: run ${e.run.runId}: batchHashes[${i}] is ${e.run.batchHashes[i]}, but ${reference.label}'s run ${reference.run.runId} has ${reference.run.batchHashes[i]} at step ${i + 1}: the same seed sees the same batches on every arm and machine`,
          e.run.runId,
        );
    }
    const group = fixedInit ? 'every seed' : `seed ${e.run.seed}`;
    if (e.run.initialWeightsHash === undefined) {
      unchecked.set(group, [...(unchecked.get(group) ?? []), e]);
      continue;
    }
    const init = initReference.get(group);
    if (!init) initReference.set(group, e);
    else if (init.run.initialWeightsHash !== e.run.initialWeightsHash)
      throw new MergeRefusal(
        e.label,
        'initialWeightsHash',
        `${e.label}: run ${e.run.runId}: initialWeightsHash ${e.run.initialWeightsHash.slice(0, 12)}…, but ${init.label}'s run ${init.run.runId} started from ${init.run.initialWeightsHash!.slice(0, 12)}…: ${fixedInit ? 'the model spec fixes one init seed, so every run' : `every run of seed ${e.run.seed}`} starts from the same weights`,
        e.run.runId,
      );
  }
  for (const [group, missing] of unchecked) {
    const files = new Set(entries.filter((e) => fixedInit || `seed ${e.run.seed}` === group).map((e) => e.origin.file));
    if (files.size > 1)
      warnings.push(
        `${group}: the initial weights of ${missing.map((e) => e.run.runId).join(', ')} cannot be checked against the other inputs' (made before runs recorded initialWeightsHash)`,
      );
  }
  const distinct = (pick: (o: RunOrigin) => string | undefined) => {
    const by = new Map<string, Set<string>>();
    for (const { origin } of entries) {
      const value = pick(origin);
      if (value !== undefined) by.set(value, (by.get(value) ?? new Set()).add(origin.file));
    }
    return by.size > 1 ? [...by].map(([value, files]) => `${value} (${[...files].join(', ')})`).join('; ') : null;
  };
  const kernels = distinct((o) => o.kernels);
  if (kernels) warnings.push(`the runs were computed by different kernels: ${kernels}; their numbers compare, their curves are not bit for bit alike`);
  const adapters = distinct((o) => `${o.runtime}: ${o.adapter}`);
  if (adapters) warnings.push(`the runs trained on different adapters or runtimes: ${adapters}`);
}
