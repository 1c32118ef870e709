/**
 * Byte streams → lines, never holding the whole file: gzip is detected by its magic bytes (1f 8b) and
 * inflated with fflate's streaming Gunzip (concatenated members too); each line's bytes are decoded as UTF-8
 * once the line is complete, so a character split across chunks survives; lines split across chunks are
 * joined. Line numbers are 1-based and count every line.
 * fflate detects a gzip file that is cut short ("unexpected EOF") but does not check the gzip CRC, so bit
 * flips inside the compressed data are not caught here.
 */
import { isGzip } from '../../core/formats/gzip';
import { checkFileSize, INPUT_LIMITS, StreamingGunzip, type InputLimit } from '../../core/limits';

/** A re-openable byte source (resume re-reads from the start, so it must open more than once). */
export interface DataSource {
  /** shown in errors: a file name or URL */
  name: string;
  open(): Promise<ReadableStream<Uint8Array>> | ReadableStream<Uint8Array>;
}

export interface RawLine {
  text: string;
  lineNumber: number;
}

/** Cap on one line: a file without newlines must not grow the carry string without bound. */
export const DEFAULT_MAX_LINE_CHARS = INPUT_LIMITS.lineBytes;

export function blobSource(blob: Blob, name = (blob as File).name ?? 'file'): DataSource {
  return { name, open: () => blob.stream() as ReadableStream<Uint8Array> };
}

export function urlSource(url: string, fetchImpl: typeof fetch = globalThis.fetch): DataSource {
  return {
    name: url,
    async open() {
      let response: Response;
      try {
        response = await fetchImpl(url);
      } catch (error) {
        throw new Error(`${url}: could not fetch (${(error as Error).message}); offline, or blocked by CORS`);
      }
      if (!response.ok || !response.body) throw new Error(`${url}: HTTP ${response.status} ${response.statusText}`);
      return response.body;
    },
  };
}

export function bytesSource(bytes: Uint8Array, name: string): DataSource {
  return {
    name,
    open: () =>
      new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(bytes);
          controller.close();
        },
      }),
  };
}

export { isGzip };

/**
 * Raw bytes, inflated when the stream starts with the gzip magic; gzip input is inflated in slices, so one
 * chunk never expands to more than ~16 MiB. With `limit`, more content than INPUT_LIMITS[limit] is an
 * InputTooLargeError (for files read whole); streamed files have no total limit.
 */
export async function* decompressedChunks(stream: ReadableStream<Uint8Array>, name: string, limit?: InputLimit): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  let total = 0;
  const counted = (chunk: Uint8Array) => {
    total += chunk.length;
    if (limit !== undefined) checkFileSize(total, limit, name);
    return chunk;
  };
  try {
    // peek until we have two bytes to decide
    let head: Uint8Array = new Uint8Array(0);
    let done = false;
    while (head.length < 2 && !done) {
      const r = await reader.read();
      if (r.done) done = true;
      else head = concat(head, r.value);
    }
    if (!isGzip(head)) {
      if (head.length > 0) yield counted(head);
      while (!done) {
        const r = await reader.read();
        if (r.done) break;
        yield counted(r.value);
      }
      return;
    }
    const gunzip = new StreamingGunzip(name, limit);
    let out = gunzip.push(head, done);
    for (;;) {
      yield* out;
      if (done) break;
      const r = await reader.read();
      if (r.done) {
        done = true;
        out = gunzip.push(new Uint8Array(0), true);
      } else out = gunzip.push(r.value, false);
    }
  } finally {
    // stopped early (the consumer broke out, or an error): stop the download or file read too
    await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/**
 * Lines of a (possibly gzipped) UTF-8 stream; a trailing '\r' and a leading BOM are removed, a final
 * unterminated line is kept. We split on the byte 0x0A (it never occurs inside a multi-byte UTF-8 sequence)
 * and decode each line on its own rather than slicing a decoded chunk: V8 keeps a slice's whole parent
 * string alive, so a shuffle buffer of sliced lines would pin one chunk per buffered line.
 */
export async function* readLines(stream: ReadableStream<Uint8Array>, name: string, maxLineBytes = DEFAULT_MAX_LINE_CHARS): AsyncGenerator<RawLine> {
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let lineNumber = 1;
  const line = (bytes: Uint8Array): RawLine => {
    let end = bytes.length;
    if (end > 0 && bytes[end - 1] === 0x0d) end--;
    let text = decoder.decode(bytes.subarray(0, end));
    if (lineNumber === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return { text, lineNumber: lineNumber++ };
  };
  for await (const chunk of decompressedChunks(stream, name)) {
    let start = 0;
    let newline: number;
    while ((newline = chunk.indexOf(0x0a, start)) >= 0) {
      const piece = chunk.subarray(start, newline);
      if (pending.length > 0) {
        pending.push(piece);
        yield line(concatAll(pending, pendingBytes + piece.length));
        pending = [];
        pendingBytes = 0;
      } else {
        yield line(piece);
      }
      start = newline + 1;
    }
    if (start < chunk.length) {
      // copy: the producer may reuse its chunk buffers
      pending.push(chunk.slice(start));
      pendingBytes += chunk.length - start;
      if (pendingBytes > maxLineBytes) {
        throw new Error(`${name}:${lineNumber}: line longer than ${maxLineBytes} bytes (is this a text file with one record per line?)`);
      }
    }
  }
  if (pendingBytes > 0) yield line(concatAll(pending, pendingBytes));
}

function concatAll(parts: Uint8Array[], total: number): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
