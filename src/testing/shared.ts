/**
 * Test-only: where the project's reference data lives (../shared beside the repository, or SHARED_DIR).
 * Goldens from PyTorch, trec_eval outputs and tokenizer cases are read from there, never copied into tests.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const SHARED_DIR = process.env.SHARED_DIR ?? resolve(REPO_ROOT, '../shared');

export function sharedPath(...parts: string[]): string {
  const path = resolve(SHARED_DIR, ...parts);
  if (!existsSync(path)) {
    throw new Error(`reference file missing: ${path} (the tests read ../shared beside the repository; set SHARED_DIR to move it)`);
  }
  return path;
}

export function readShared(...parts: string[]): string {
  return readFileSync(sharedPath(...parts), 'utf8');
}

export function readSharedJson<T = unknown>(...parts: string[]): T {
  return JSON.parse(readShared(...parts)) as T;
}
