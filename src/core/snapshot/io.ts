/**
 * Snapshot files: `exportSnapshot` writes gzipped JSON (fflate), `importSnapshot` reads gzipped or plain
 * JSON, validates it against the schema and checks the stored config hash against the config.
 */
import { gunzipSync, gzipSync, strFromU8, strToU8 } from 'fflate';
import { configHash } from '../experiment/hash';
import { isGzip } from '../formats/gzip';
import { parseOrThrow, SchemaValidationError } from '../experiment/issues';
import { parseJsonText } from '../experiment/validate';
import { SNAPSHOT_KIND, SNAPSHOT_SCHEMA_VERSION, snapshotSchema } from './schema';
import type { Snapshot } from './schema';

/** JSON text of a snapshot; non-finite curve values become "NaN" / "Infinity" / "-Infinity". */
export function snapshotToJson(snapshot: Snapshot): string {
  return JSON.stringify(snapshot, (_key, value) => (typeof value === 'number' && !Number.isFinite(value) ? String(value) : value));
}

export function exportSnapshot(snapshot: Snapshot): Uint8Array {
  // mtime 0 keeps the bytes a function of the snapshot alone.
  return gzipSync(strToU8(snapshotToJson(snapshot)), { level: 6, mtime: 0 });
}


/** Reads a snapshot (gzip or plain JSON). Errors name the file and the field: `s.json.gz: runs[0].seed: ...`. */
export async function importSnapshot(bytes: Uint8Array, fileName = 'snapshot.json.gz'): Promise<Snapshot> {
  let text: string;
  try {
    text = strFromU8(isGzip(bytes) ? gunzipSync(bytes) : bytes);
  } catch (cause) {
    throw new SchemaValidationError(fileName, [`${fileName}: not a readable gzip file (${(cause as Error).message})`]);
  }
  const value = parseJsonText(text, fileName);
  if (value === null || typeof value !== 'object' || (value as { kind?: unknown }).kind !== SNAPSHOT_KIND) {
    throw new SchemaValidationError(fileName, [`${fileName}: not a Rerank Lab snapshot (expected "kind": "${SNAPSHOT_KIND}")`]);
  }
  const version = (value as { schemaVersion?: unknown }).schemaVersion;
  if (version !== SNAPSHOT_SCHEMA_VERSION) {
    throw new SchemaValidationError(fileName, [
      `${fileName}: schemaVersion: this lab reads snapshot schema version ${SNAPSHOT_SCHEMA_VERSION}, the file says ${JSON.stringify(version)}`,
    ]);
  }
  const snapshot = parseOrThrow(snapshotSchema, value, fileName);
  const actual = await configHash(snapshot.config);
  if (actual !== snapshot.configHash) {
    throw new SchemaValidationError(fileName, [
      `${fileName}: configHash: the stored hash ${snapshot.configHash.slice(0, 12)}… does not match the config (${actual.slice(0, 12)}…): the config was edited after the run`,
    ]);
  }
  return snapshot;
}
