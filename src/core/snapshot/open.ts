/**
 * Reading a snapshot as it arrives (a picked or dropped file's stream, a fetched body): the stored bytes are
 * counted against INPUT_LIMITS.snapshotFileBytes as they come — and refused at once when the declared size is
 * already over it —, gzip is inflated chunk by chunk with StreamingGunzip, which stops past
 * snapshotJsonBytes or at a bomb's compression ratio, so a hostile file is refused without ever being held
 * whole, compressed or inflated.
 */
import { strFromU8 } from 'fflate';
import { SchemaValidationError } from '../experiment/issues';
import { parseJsonText } from '../experiment/validate';
import { isGzip } from '../formats/gzip';
import { checkFileSize, concatChunks, formatBytes, INPUT_LIMITS, InputTooLargeError, StreamingGunzip } from '../limits';
import { anySnapshotFromValue, snapshotFromValue } from './io';
import type { AnySnapshot, Snapshot } from './schema';

export interface SnapshotReadOptions {
  /** The size the source announced (File.size, Content-Length), checked before the first byte is read. */
  declaredBytes?: number | null;
  /** Called with the stored bytes read so far (for a progress bar). */
  onProgress?: (storedBytes: number) => void;
}

/** The JSON text of a snapshot read from `chunks`, capped before and while inflating. */
export async function readSnapshotText(
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  fileName: string,
  options: SnapshotReadOptions = {},
): Promise<string> {
  if (options.declaredBytes != null) checkFileSize(options.declaredBytes, 'snapshotFileBytes', fileName);
  let stored = 0;
  let head: Uint8Array[] = [];
  let gunzip: StreamingGunzip | null = null;
  let plain = false;
  const content: Uint8Array[] = [];
  let contentBytes = 0;
  const take = (bytes: Uint8Array, final: boolean) => {
    if (gunzip) {
      try {
        for (const chunk of gunzip.push(bytes, final)) content.push(chunk);
      } catch (cause) {
        if (cause instanceof InputTooLargeError) throw cause;
        throw new SchemaValidationError(fileName, [`${fileName}: not a readable gzip file (${(cause as Error).message})`]);
      }
    } else {
      contentBytes += bytes.length;
      checkFileSize(contentBytes, 'snapshotJsonBytes', fileName);
      content.push(bytes);
    }
  };
  for await (const chunk of chunks) {
    stored += chunk.length;
    if (stored > INPUT_LIMITS.snapshotFileBytes) {
      throw new InputTooLargeError(fileName, 'snapshotFileBytes', `more than ${formatBytes(INPUT_LIMITS.snapshotFileBytes)} arrived (stopped reading there)`);
    }
    options.onProgress?.(stored);
    if (!gunzip && !plain) {
      // sniff the first two bytes (they may arrive in separate chunks)
      head.push(chunk);
      const joined = concatChunks(head);
      if (joined.length < 2) continue;
      head = [];
      if (isGzip(joined)) gunzip = new StreamingGunzip(fileName, 'snapshotJsonBytes');
      else plain = true;
      take(joined, false);
      continue;
    }
    take(chunk, false);
  }
  if (head.length) {
    plain = true;
    take(concatChunks(head), false);
  }
  if (gunzip) take(new Uint8Array(0), true);
  return strFromU8(concatChunks(content));
}

/** A snapshot read from `chunks` (see readSnapshotText), then validated like importSnapshot. */
export async function readSnapshot(
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  fileName: string,
  options: SnapshotReadOptions = {},
): Promise<Snapshot> {
  const text = await readSnapshotText(chunks, fileName, options);
  return snapshotFromValue(parseJsonText(text, fileName), fileName);
}

/** An experiment's or a sweep's snapshot read from `chunks` (see readSnapshotText), validated like importAnySnapshot. */
export async function readAnySnapshot(
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  fileName: string,
  options: SnapshotReadOptions = {},
): Promise<AnySnapshot> {
  const text = await readSnapshotText(chunks, fileName, options);
  return anySnapshotFromValue(parseJsonText(text, fileName), fileName);
}
