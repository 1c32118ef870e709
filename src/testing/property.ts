/**
 * Test-only: how the property-based suites (`*.property.test.ts`, fast-check) run. A fixed number of runs keeps
 * the whole property layer short; a failure prints fast-check's seed and path, and PROPERTY_SEED (with
 * PROPERTY_RUNS) replays it: `PROPERTY_SEED=-1234 npx vitest run src/core/trec/parse.property.test.ts`.
 */
import fc from 'fast-check';
import type { ExperimentConfig } from '../core/experiment/schema';
import type { Snapshot } from '../core/snapshot/schema';
import { fixtureConfig, fixtureEvaluation, fixtureRun, fixtureSnapshot } from './snapshots';

export const PROPERTY_RUNS = Number(process.env.PROPERTY_RUNS ?? 150);

export function checkProperty<Ts extends [unknown, ...unknown[]]>(
  property: fc.IProperty<Ts> | fc.IAsyncProperty<Ts>,
  numRuns = PROPERTY_RUNS,
): void | Promise<void> {
  const seed = process.env.PROPERTY_SEED === undefined ? undefined : Number(process.env.PROPERTY_SEED);
  return fc.assert(property as fc.IProperty<Ts>, { numRuns, seed });
}

/** Either `run()` returns, or it throws an error of `type` whose message matches `message`; anything else fails. */
export function resultOrTypedError<T>(run: () => T, type: abstract new (...args: never[]) => Error, message: RegExp): T | Error {
  try {
    return run();
  } catch (error) {
    if (!(error instanceof type)) throw new Error(`expected a ${type.name} or a result, got ${String(error)}`, { cause: error });
    if (!message.test(error.message)) throw new Error(`${type.name} message ${JSON.stringify(error.message)} does not match ${message}`);
    return error;
  }
}

export async function resultOrTypedErrorAsync<T>(run: () => Promise<T>, type: abstract new (...args: never[]) => Error, message: RegExp): Promise<T | Error> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof type)) throw new Error(`expected a ${type.name} or a result, got ${String(error)}`, { cause: error });
    if (!message.test(error.message)) throw new Error(`${type.name} message ${JSON.stringify(error.message)} does not match ${message}`);
    return error;
  }
}

/** Printable tokens without whitespace, like qids and docnos (ASCII and beyond). */
export const token = fc.string({ minLength: 1, maxLength: 12, unit: fc.constantFrom(...'abcXYZ019_-.:/éß中😀'.split(/(?:)/u)) });

/** Splits bytes into random-sized chunks (1 byte upward), to exercise boundaries inside lines and characters. */
export const chunkSizes = fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 8 });

export function splitBytes(bytes: Uint8Array, sizes: number[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  let offset = 0;
  for (let i = 0; offset < bytes.length; i++) {
    const size = sizes[i % sizes.length]!;
    out.push(bytes.slice(offset, offset + size));
    offset += size;
  }
  return out;
}

const SNAPSHOT_QIDS = ['q1', 'q2', 'q3', 'constructor'];
const perQueryValues = fc
  .tuple(...SNAPSHOT_QIDS.map(() => fc.double({ min: 0, max: 1, noNaN: true })))
  .map((v) => Object.fromEntries(SNAPSHOT_QIDS.map((q, i) => [q, v[i]!])));
const runSpec = fc.record({
  arm: fc.constantFrom('adamw', 'lion'),
  seed: fc.constantFrom(1, 2),
  ndcg: perQueryValues,
  map: perQueryValues,
  diverged: fc.boolean(),
});

/**
 * Random snapshots of `config` (fixtureConfig's arms adamw/lion, seeds 1–2, sets dl19/dl20): one to four runs with random
 * per-query NDCG@10 and MAP (a qid "constructor" among them), some diverged. A promise, as the config hash is async.
 */
export function snapshotArbitrary(config: ExperimentConfig = fixtureConfig()): fc.Arbitrary<Promise<Snapshot>> {
  return fc.uniqueArray(runSpec, { minLength: 1, maxLength: 4, selector: (r) => `${r.arm}/${r.seed}` }).map((specs) =>
    fixtureSnapshot(
      config,
      specs.map((r) =>
        fixtureRun(
          config,
          r.arm,
          r.seed,
          ['dl19', 'dl20'].map((set) => fixtureEvaluation(set, 3, { ndcg_cut_10: r.ndcg, map: r.map })),
          r.diverged ? { reason: 'non-finite', step: 3, quantity: 'loss' } : undefined,
        ),
      ),
    ),
  );
}

/** Every path into a JSON value, so a mutation can hit any field at any depth. */
export function jsonPaths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [prefix];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return [prefix, ...entries.flatMap(([k, v]) => jsonPaths(v, [...prefix, k]))];
}

/** One to three edits of a JSON document: which path (an index, taken modulo the paths) and its new value, or undefined to delete it. */
export const jsonEdits = fc.array(fc.tuple(fc.nat(), fc.option(fc.jsonValue({ maxDepth: 2 }), { nil: undefined })), { minLength: 1, maxLength: 3 });

/** A deep copy of `base` with each edit replacing or deleting the value at one of `paths` (from jsonPaths(base)). */
export function applyJsonEdits<T>(base: T, paths: (string | number)[][], edits: [number, unknown][]): T {
  const json = structuredClone(base) as Record<string | number, unknown>;
  for (const [at, value] of edits) {
    const path = paths[at % paths.length]!;
    if (path.length === 0) continue;
    let parent: unknown = json;
    for (const key of path.slice(0, -1)) parent = (parent as Record<string | number, unknown> | null)?.[key];
    if (parent === null || typeof parent !== 'object') continue;
    const record = parent as Record<string | number, unknown>;
    if (value === undefined) delete record[path.at(-1)!];
    else record[path.at(-1)!] = value;
  }
  return json as T;
}
