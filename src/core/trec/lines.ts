/**
 * Line sources for the parsers: a whole text, an array of lines, or (streaming) an async iterable of
 * text or byte chunks such as a Node read stream or `ReadableStream<Uint8Array>` from a browser File.
 * Line numbers are 1-based and count every line, blank ones included, so errors point at the file.
 */
import { INPUT_LIMITS, InputTooLargeError } from '../limits';

export type LineInput = string | readonly string[];
export type ChunkSource = AsyncIterable<string | Uint8Array>;

/** Calls `onLine(line, lineNumber)` for each line of a text or line array (a trailing '\r' is kept; parsers split on whitespace). */
export function forEachLine(input: LineInput, onLine: (line: string, lineNumber: number) => void): void {
  if (typeof input !== 'string') {
    for (let i = 0; i < input.length; i++) onLine(input[i], i + 1);
    return;
  }
  let start = 0;
  let lineNumber = 1;
  while (start < input.length) {
    let end = input.indexOf('\n', start);
    if (end < 0) end = input.length;
    onLine(input.slice(start, end), lineNumber++);
    start = end + 1;
  }
}

/**
 * Streams lines out of chunks without holding the whole file; bytes are decoded as UTF-8 across chunk boundaries.
 * A line longer than INPUT_LIMITS.lineBytes characters (a file without newlines) is an InputTooLargeError.
 */
export async function forEachLineOfChunks(chunks: ChunkSource, onLine: (line: string, lineNumber: number) => void, fileName = 'input'): Promise<void> {
  const decoder = new TextDecoder('utf-8');
  let carry = '';
  let lineNumber = 1;
  const feed = (text: string) => {
    carry += text;
    let start = 0;
    let end: number;
    while ((end = carry.indexOf('\n', start)) >= 0) {
      onLine(carry.slice(start, end), lineNumber++);
      start = end + 1;
    }
    carry = carry.slice(start);
    if (carry.length > INPUT_LIMITS.lineBytes) {
      throw new InputTooLargeError(
        `${fileName}:${lineNumber}`,
        'lineBytes',
        `line longer than ${INPUT_LIMITS.lineBytes} characters (is this a text file with one record per line?)`,
      );
    }
  };
  for await (const chunk of chunks) {
    feed(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
  }
  feed(decoder.decode());
  if (carry.length > 0) onLine(carry, lineNumber);
}
