/**
 * Files the CLIs read whole: the size on disk is checked before reading, and gzip (sniffed by magic bytes) is
 * inflated with an output cap (INPUT_LIMITS in src/core/limits).
 */
import { readFileSync, statSync } from 'node:fs';
import { checkFileSize, contentOf, type InputLimit } from '../core/limits';

/** The stored bytes, read only when the file is within `limit`; errors name the file. */
export function readStoredFile(path: string, limit: InputLimit, what = 'input'): Uint8Array {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    throw new Error(`${path}: not found (${what})`);
  }
  checkFileSize(size, limit, path);
  return new Uint8Array(readFileSync(path));
}

/** The file's content, inflated when gzipped; stored and inflated sizes are both capped by `limit`. */
export function readInputFile(path: string, limit: InputLimit, what = 'input'): Uint8Array {
  return contentOf(readStoredFile(path, limit, what), path, limit);
}

export function readInputText(path: string, limit: InputLimit, what = 'input'): string {
  return new TextDecoder().decode(readInputFile(path, limit, what));
}
