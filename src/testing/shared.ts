/**
 * Test-only: the reference data the tests compare against, in fixtures/ at the repository root (provenance and
 * licences in fixtures/SOURCES.md). Paths are relative to that folder, e.g. 'golden/optim/adamw.json'.
 * Large text files are stored gzipped (X.gz); readShared, readSharedJson and readSharedBytes inflate them, so
 * callers name X either way. Files read by path (model folders, safetensors) are stored as they are.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const FIXTURES_DIR = resolve(REPO_ROOT, 'fixtures');

/** The real path of a fixture read by path; a fixture stored gzipped must be read with readShared/readSharedBytes. */
export function sharedPath(...parts: string[]): string {
  const path = resolve(FIXTURES_DIR, ...parts);
  if (existsSync(path)) return path;
  if (existsSync(`${path}.gz`)) {
    throw new Error(`fixture ${path} is stored gzipped as ${path}.gz: read it with readShared, readSharedJson or readSharedBytes`);
  }
  throw new Error(`fixture missing: ${path} (the tests read fixtures/ in the repository; see fixtures/SOURCES.md)`);
}

/** A fixture's bytes, inflated when it is stored as X.gz. */
export function readSharedBytes(...parts: string[]): Uint8Array {
  const path = resolve(FIXTURES_DIR, ...parts);
  if (!existsSync(path) && existsSync(`${path}.gz`)) return new Uint8Array(gunzipSync(readFileSync(`${path}.gz`)));
  return new Uint8Array(readFileSync(sharedPath(...parts)));
}

export function readShared(...parts: string[]): string {
  return new TextDecoder().decode(readSharedBytes(...parts));
}

export function readSharedJson<T = unknown>(...parts: string[]): T {
  return JSON.parse(readShared(...parts)) as T;
}
