/** Property-based tests of the line reader: any text, gzip or not, in any chunking, gives its lines back. */
import fc from 'fast-check';
import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { concatChunks } from '../../core/limits';
import { checkProperty, chunkSizes, splitBytes } from '../../testing/property';
import { readLines } from './lines';
import { chunkedStream } from '../../testing/streams';

async function linesOf(bytes: Uint8Array, sizes: number[]) {
  const chunks = splitBytes(bytes, sizes);
  let i = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (i < chunks.length) controller.enqueue(chunks[i++]!);
      else controller.close();
    },
  });
  const out: string[] = [];
  for await (const line of readLines(stream, 'f')) out.push(line.text);
  return out;
}

describe('readLines', () => {
  it('splits any UTF-8 text into its lines (CR before LF dropped, BOM dropped, last line kept), gzip or not', async () => {
    const text = fc.string({ unit: 'grapheme', maxLength: 80 }).map((s) => s.replace(/\uFEFF/g, ''));
    await checkProperty(
      fc.asyncProperty(fc.array(text, { maxLength: 6 }), fc.boolean(), fc.boolean(), chunkSizes, async (parts, bom, gzip, sizes) => {
        const body = parts.join('\n');
        let bytes = new TextEncoder().encode((bom ? '\uFEFF' : '') + body);
        if (gzip) bytes = gzipSync(bytes);
        const expected =
          body.length === 0 && !bom
            ? []
            : body
                .replace(/\n$/, '')
                .split('\n')
                .map((l) => l.replace(/\r$/, ''));
        expect(await linesOf(bytes, sizes)).toEqual(expected);
      }),
    );
  });

  it('concatenated gzip members read as one text', async () => {
    await checkProperty(
      fc.asyncProperty(
        fc.array(
          fc.string({ maxLength: 30 }).map((s) => s.replace(/[\r\n\uFEFF]/g, '')),
          { minLength: 1, maxLength: 4 },
        ),
        chunkSizes,
        async (parts, sizes) => {
          const members = concatChunks(parts.map((p) => gzipSync(new TextEncoder().encode(`${p}\n`))));
          expect(await linesOf(members, sizes)).toEqual(parts);
        },
      ),
    );
  });

  it('garbage after the gzip magic is an error naming the file, never a hang', async () => {
    await checkProperty(
      fc.asyncProperty(fc.uint8Array({ maxLength: 64 }), async (junk) => {
        const out: string[] = [];
        try {
          for await (const line of readLines(chunkedStream(new Uint8Array([0x1f, 0x8b, ...junk]), 7), 'junk.gz')) out.push(line.text);
        } catch (error) {
          expect((error as Error).message).toMatch(/^junk\.gz: gzip data is corrupt/);
        }
      }),
    );
  });
});
