/** Line splitting across chunk boundaries, UTF-8 split inside characters, gzip by magic bytes. */
import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { gzipBomb } from '../../testing/gzipBomb';
import { bytesSource, decompressedChunks, isGzip, readLines } from './lines';
import { chunkedStream } from '../../testing/streams';

const text = 'héllo\tworld\r\n\nsecond 😀 line\n3\tmañana\tüber\nlast without newline';
const expected = [
  { text: 'héllo\tworld', lineNumber: 1 },
  { text: '', lineNumber: 2 },
  { text: 'second 😀 line', lineNumber: 3 },
  { text: '3\tmañana\tüber', lineNumber: 4 },
  { text: 'last without newline', lineNumber: 5 },
];
const bytes = new TextEncoder().encode(text);

async function collect(stream: ReadableStream<Uint8Array>, name = 't.tsv', max?: number) {
  const out = [];
  for await (const line of readLines(stream, name, max)) out.push(line);
  return out;
}

describe('readLines', () => {
  it.each([1, 2, 3, 5, 7, 64])('splits the same way with %i-byte chunks (characters cut mid-sequence)', async (size) => {
    expect(await collect(chunkedStream(bytes, size))).toEqual(expected);
  });

  it('inflates gzip, detected by magic bytes, in any chunking', async () => {
    const gz = gzipSync(bytes);
    expect(isGzip(gz)).toBe(true);
    expect(isGzip(bytes)).toBe(false);
    for (const size of [1, 3, 100]) expect(await collect(chunkedStream(gz, size))).toEqual(expected);
  });

  it('reads concatenated gzip members (cat a.gz b.gz)', async () => {
    const a = gzipSync(new TextEncoder().encode('a\nb\n'));
    const b = gzipSync(new TextEncoder().encode('c\nd\n'));
    const both = new Uint8Array(a.length + b.length);
    both.set(a);
    both.set(b, a.length);
    expect((await collect(chunkedStream(both, 5))).map((l) => l.text)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('strips a UTF-8 byte-order mark from the first line only', async () => {
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('x\n\ufeffy\n')]);
    expect((await collect(chunkedStream(withBom, 2))).map((l) => l.text)).toEqual(['x', '\ufeffy']);
  });

  it('names the source when a gzip file is cut short', async () => {
    // (fflate does not check the gzip CRC, so flipped bits inside the data go unnoticed; a cut file does not)
    const gz = gzipSync(new TextEncoder().encode('some text\n'.repeat(1000)));
    await expect(collect(chunkedStream(gz.slice(0, 30), 16), 'triples.tsv.gz')).rejects.toThrow(/triples\.tsv\.gz: gzip data is corrupt \(unexpected EOF\)/);
  });

  it('refuses a line longer than the cap, naming the line', async () => {
    const long = new TextEncoder().encode('ok\n' + 'x'.repeat(5000));
    await expect(collect(chunkedStream(long, 1000), 'big.tsv', 4096)).rejects.toThrow(/big\.tsv:2: line longer than 4096 bytes/);
  });
});

describe('hostile gzip', () => {
  it('a gzip bomb read whole stops at the limit; read as lines it stops at the line limit', async () => {
    const bomb = gzipBomb(2 ** 30);
    const whole = async () => {
      for await (const chunk of decompressedChunks(bytesSource(bomb, 'bomb.json.gz').open() as ReadableStream<Uint8Array>, 'bomb.json.gz', 'configJsonBytes'))
        void chunk;
    };
    await expect(whole()).rejects.toThrow(/^bomb\.json\.gz: inflates to more than 1\.0 MiB/);
    const lines = async () => {
      for await (const line of readLines(bytesSource(bomb, 'bomb.tsv.gz').open() as ReadableStream<Uint8Array>, 'bomb.tsv.gz', 2 ** 20)) void line;
    };
    await expect(lines()).rejects.toThrow(/^bomb\.tsv\.gz:1: line longer than 1048576 bytes/);
  });
});
