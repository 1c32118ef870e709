/**
 * Snapshot files: `exportSnapshot` writes gzipped JSON (fflate), `importSnapshot` reads gzipped or plain
 * JSON, validates it against the schema and checks the stored config hash against the config.
 * A snapshot is untrusted input: the stored size is checked first, gzip is inflated in slices with an output
 * cap, and the counts (arms, runs, evaluations, queries, documents, curve points) are checked before the schema
 * builds anything (INPUT_LIMITS in ../limits).
 */
import { gzipSync, strFromU8, strToU8 } from 'fflate';
import { configHash } from '../experiment/hash';
import { checkCount, contentOf, InputTooLargeError } from '../limits';
import { parseOrThrow, SchemaValidationError } from '../experiment/issues';
import { parseJsonText } from '../experiment/validate';
import { SNAPSHOT_KIND, SNAPSHOT_SCHEMA_VERSION, snapshotSchema, SWEEP_SNAPSHOT_KIND, SWEEP_SNAPSHOT_SCHEMA_VERSION, sweepSnapshotSchema } from './schema';
import type { AnySnapshot, Snapshot, SweepSnapshot } from './schema';

/** JSON text of a snapshot (or a sweep's); non-finite curve values become "NaN" / "Infinity" / "-Infinity". */
export function snapshotToJson(snapshot: AnySnapshot): string {
  return JSON.stringify(snapshot, (_key, value) => (typeof value === 'number' && !Number.isFinite(value) ? String(value) : value));
}

export function exportSnapshot(snapshot: AnySnapshot): Uint8Array {
  // mtime 0 keeps the bytes a function of the snapshot alone.
  return gzipSync(strToU8(snapshotToJson(snapshot)), { level: 6, mtime: 0 });
}

/**
 * Reads a snapshot (gzip or plain JSON). Errors name the file and the field: `s.json.gz: runs[0].seed: ...`;
 * a file over INPUT_LIMITS is an InputTooLargeError that says which limit.
 */
export async function importSnapshot(bytes: Uint8Array, fileName = 'snapshot.json.gz'): Promise<Snapshot> {
  return snapshotFromValue(parseJsonText(snapshotFileText(bytes, fileName), fileName), fileName);
}

/** Reads an experiment's or a sweep's snapshot file, capped and checked as importSnapshot does. */
export async function importAnySnapshot(bytes: Uint8Array, fileName = 'snapshot.json.gz'): Promise<AnySnapshot> {
  return anySnapshotFromValue(parseJsonText(snapshotFileText(bytes, fileName), fileName), fileName);
}

function snapshotFileText(bytes: Uint8Array, fileName: string): string {
  try {
    return strFromU8(contentOf(bytes, fileName, 'snapshotJsonBytes', 'snapshotFileBytes'));
  } catch (cause) {
    if (cause instanceof InputTooLargeError) throw cause;
    throw new SchemaValidationError(fileName, [`${fileName}: not a readable gzip file (${(cause as Error).message})`]);
  }
}

const kindOf = (value: unknown): unknown => (value !== null && typeof value === 'object' ? (value as { kind?: unknown }).kind : undefined);

/** An experiment's or a sweep's snapshot from parsed JSON of unknown origin, by its `kind`; checked like snapshotFromValue. */
export async function anySnapshotFromValue(value: unknown, fileName: string): Promise<AnySnapshot> {
  return kindOf(value) === SWEEP_SNAPSHOT_KIND ? sweepSnapshotFromValue(value, fileName) : snapshotFromValue(value, fileName);
}

/**
 * A sweep's snapshot from parsed JSON of unknown origin: version, the member count, each member's counts (before
 * the schema copies anything), the schema, then each member's config hash. Errors name `fileName` and the field
 * (`members[2].runs[0].seed`).
 */
export async function sweepSnapshotFromValue(value: unknown, fileName: string): Promise<SweepSnapshot> {
  if (kindOf(value) !== SWEEP_SNAPSHOT_KIND) {
    throw new SchemaValidationError(fileName, [`${fileName}: not a Rerank Lab sweep snapshot (expected "kind": "${SWEEP_SNAPSHOT_KIND}")`]);
  }
  const version = (value as { schemaVersion?: unknown }).schemaVersion;
  if (version !== SWEEP_SNAPSHOT_SCHEMA_VERSION) {
    throw new SchemaValidationError(fileName, [
      `${fileName}: schemaVersion: this lab reads sweep snapshot schema version ${SWEEP_SNAPSHOT_SCHEMA_VERSION}, the file says ${JSON.stringify(version)}`,
    ]);
  }
  const members = (value as { members?: unknown }).members;
  checkCount(lengthOf(members), 'snapshotSweepMembers', fileName, 'members');
  if (Array.isArray(members)) members.forEach((member: unknown, i) => checkSnapshotCounts(member ?? {}, fileName, `members[${i}].`));
  const sweep = parseOrThrow(sweepSnapshotSchema, value, fileName);
  const problems: string[] = [];
  for (const [i, member] of sweep.members.entries()) {
    const actual = await configHash(member.config);
    if (actual !== member.configHash) problems.push(configHashProblem(fileName, `members[${i}].configHash`, member.configHash, actual));
  }
  if (problems.length) throw new SchemaValidationError(fileName, problems);
  return sweep;
}

const configHashProblem = (fileName: string, at: string, stored: string, actual: string) =>
  `${fileName}: ${at}: the stored hash ${stored.slice(0, 12)}… does not match the config (${actual.slice(0, 12)}…): the config was edited after the run`;

/**
 * A snapshot from parsed JSON of unknown origin: kind and version, then the counts (before the schema copies
 * anything), then the schema, then the config hash. Errors name `fileName` and the field.
 */
export async function snapshotFromValue(value: unknown, fileName: string): Promise<Snapshot> {
  if (kindOf(value) === SWEEP_SNAPSHOT_KIND) {
    throw new SchemaValidationError(fileName, [
      `${fileName}: a sweep's snapshot, where one experiment's snapshot is expected (open it in the page to see the sweep)`,
    ]);
  }
  if (value === null || typeof value !== 'object' || kindOf(value) !== SNAPSHOT_KIND) {
    throw new SchemaValidationError(fileName, [`${fileName}: not a Rerank Lab snapshot (expected "kind": "${SNAPSHOT_KIND}")`]);
  }
  const version = (value as { schemaVersion?: unknown }).schemaVersion;
  if (version !== SNAPSHOT_SCHEMA_VERSION) {
    throw new SchemaValidationError(fileName, [
      `${fileName}: schemaVersion: this lab reads snapshot schema version ${SNAPSHOT_SCHEMA_VERSION}, the file says ${JSON.stringify(version)}`,
    ]);
  }
  checkSnapshotCounts(value, fileName);
  const snapshot = parseOrThrow(snapshotSchema, value, fileName);
  const actual = await configHash(snapshot.config);
  if (actual !== snapshot.configHash) throw new SchemaValidationError(fileName, [configHashProblem(fileName, 'configHash', snapshot.configHash, actual)]);
  return snapshot;
}

const lengthOf = (value: unknown): number => (Array.isArray(value) ? value.length : 0);
const sizeOf = (value: unknown): number => (value !== null && typeof value === 'object' && !Array.isArray(value) ? Object.keys(value).length : 0);

/** The schema's records are plain objects, where "__proto__" would vanish: refuse it rather than drop a query. */
function refuseProtoKey(key: string, fileName: string, at: string): void {
  if (key === '__proto__')
    throw new SchemaValidationError(fileName, [`${fileName}: ${at}: the query id "__proto__" cannot be read back (it would be dropped)`]);
}

/**
 * Counts checked on the parsed JSON before the schema copies it (the schema reports wrong shapes; this only
 * refuses sizes no real experiment has). `at` prefixes the fields named (a sweep's `members[2].`).
 */
export function checkSnapshotCounts(value: object, fileName: string, at = ''): void {
  const v = value as { config?: { arms?: unknown; seeds?: unknown }; runs?: unknown; tuning?: { runs?: unknown }; merge?: { sources?: unknown } };
  checkCount(lengthOf(v.config?.arms), 'snapshotArms', fileName, `${at}config.arms`);
  // A merged snapshot's sources count under the runs' cap (npm run merge takes no more inputs than that).
  if (v.merge !== null && typeof v.merge === 'object') checkCount(lengthOf(v.merge.sources), 'snapshotRuns', fileName, `${at}merge.sources`);
  checkCount(lengthOf(v.config?.seeds), 'snapshotSeeds', fileName, `${at}config.seeds`);
  checkRunCounts(v.runs, fileName, `${at}runs`);
  // A tuning study's trials are runs too, under the same caps.
  if (v.tuning !== null && typeof v.tuning === 'object') checkRunCounts(v.tuning.runs, fileName, `${at}tuning.runs`);
}

function checkRunCounts(runs: unknown, fileName: string, where: string): void {
  checkCount(lengthOf(runs), 'snapshotRuns', fileName, where);
  if (!Array.isArray(runs)) return;
  runs.forEach((run: unknown, r) => {
    const { curve, batchHashes, evaluations } = (run ?? {}) as { curve?: unknown; batchHashes?: unknown; evaluations?: unknown };
    checkCount(lengthOf(curve), 'snapshotCurvePointsPerRun', fileName, `${where}[${r}].curve`);
    checkCount(lengthOf(batchHashes), 'snapshotCurvePointsPerRun', fileName, `${where}[${r}].batchHashes`);
    checkCount(lengthOf(evaluations), 'snapshotEvaluationsPerRun', fileName, `${where}[${r}].evaluations`);
    if (!Array.isArray(evaluations)) return;
    evaluations.forEach((evaluation: unknown, e) => {
      const at = `${where}[${r}].evaluations[${e}]`;
      const { perQuery, run: ranked } = (evaluation ?? {}) as { perQuery?: unknown; run?: unknown };
      checkCount(sizeOf(perQuery), 'snapshotQueriesPerEvaluation', fileName, `${at}.perQuery`);
      checkCount(sizeOf(ranked), 'snapshotQueriesPerEvaluation', fileName, `${at}.run`);
      for (const [qid, measures] of Object.entries(sizeOf(perQuery) ? (perQuery as object) : {})) {
        refuseProtoKey(qid, fileName, `${at}.perQuery`);
        checkCount(sizeOf(measures), 'snapshotMeasuresPerQuery', fileName, `${at}.perQuery.${qid}`);
      }
      for (const [qid, docs] of Object.entries(sizeOf(ranked) ? (ranked as object) : {})) {
        refuseProtoKey(qid, fileName, `${at}.run`);
        checkCount(lengthOf(docs), 'snapshotDocsPerQuery', fileName, `${at}.run.${qid}`);
      }
    });
  });
}
